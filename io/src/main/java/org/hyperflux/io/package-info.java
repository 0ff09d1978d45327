/**
 * Loading and saving signals: the facade {@link org.hyperflux.io.SignalFiles} ({@code load},
 * {@code save}), its {@link org.hyperflux.io.LoadOptions} and {@link org.hyperflux.io.SaveOptions}.
 * Formats plug in through {@link org.hyperflux.io.spi.FormatProvider}.
 */
package org.hyperflux.io;
