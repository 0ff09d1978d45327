/**
 * Live acquisition (DESIGN §6): detector streams as single-pass sources of frame batches, the
 * live signal that multicasts one acquisition to analyses, writers and views, and the analyses
 * that fill in while the scan runs.
 */
package org.hyperflux.core.live;
