package org.hyperflux.io.hyperspy;

import org.hyperflux.io.spi.FormatProvider;
import org.hyperflux.io.spi.FormatProviderContract;

/** {@link ZspyFormat} meets the {@link FormatProviderContract}. */
class ZspyFormatContractTest extends FormatProviderContract {
  @Override
  protected FormatProvider provider() {
    return new ZspyFormat();
  }
}
