package org.hyperflux.io.hyperspy;

import java.nio.file.Path;
import org.hyperflux.io.spi.FormatProvider;
import org.hyperflux.io.spi.FormatProviderContract;

/** {@link HspyFormat} meets the {@link FormatProviderContract}, with a HyperSpy 1.7.3 file as sample. */
class HspyFormatContractTest extends FormatProviderContract {
  @Override
  protected FormatProvider provider() {
    return new HspyFormat();
  }

  @Override
  protected Path sample() {
    return HspyGoldenTest.fixture("image_u2_flat_navigator.hspy");
  }
}
