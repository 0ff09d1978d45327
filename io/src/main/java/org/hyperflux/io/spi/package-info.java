/**
 * The service-provider interface of file formats: {@link org.hyperflux.io.spi.FormatProvider}
 * (one class and one {@code META-INF/services} line per format) and the {@link
 * org.hyperflux.io.spi.SignalWriter} a writable format hands to the facade.
 */
package org.hyperflux.io.spi;
