/**
 * Helpers shared by this module's file formats (positional file reads, sources that read any
 * region straight from a file, deleting a written tree); not part of the API.
 */
package org.hyperflux.io.internal;
