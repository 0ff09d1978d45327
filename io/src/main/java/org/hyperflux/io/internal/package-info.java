/**
 * Helpers shared by this module's file formats (positional file reads); not part of the API.
 */
package org.hyperflux.io.internal;
