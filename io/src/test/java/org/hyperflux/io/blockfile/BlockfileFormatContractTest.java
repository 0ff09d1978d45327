package org.hyperflux.io.blockfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SignalFiles;
import org.hyperflux.io.spi.FormatProvider;
import org.hyperflux.io.spi.FormatProviderContract;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockfileFormat} meets the {@link FormatProviderContract}, with a blockfile written by
 * HyperSpy 1.7.3 as sample, and the facade loads every golden blockfile as {@link Blockfile#load}
 * does (detected from the content, whatever the name).
 */
class BlockfileFormatContractTest extends FormatProviderContract {
  @Override
  protected FormatProvider provider() {
    return new BlockfileFormat();
  }

  @Override
  protected Path sample() {
    return Golden.file("cal.blo");
  }

  @Test
  void theFacadeLoadsEveryGoldenBlockfileAsBlockfileLoadDoes() throws IOException {
    for (String name : Golden.byFile().keySet()) {
      if (!name.endsWith(".blo")) continue;
      Path f = Golden.file(name);
      Signal viaFacade = SignalFiles.load(f);
      Signal direct = Blockfile.load(f);
      assertThat(viaFacade.isLazy()).as(name).isTrue();
      assertThat(viaFacade.axes()).as(name).isEqualTo(direct.axes());
      assertThat(viaFacade.metadata()).as(name).isEqualTo(direct.metadata());
      assertThat(viaFacade.originalMetadata()).as(name).isEqualTo(direct.originalMetadata());
      assertThat(viaFacade.data().astype(DType.FLOAT64).subtract(direct.data().astype(DType.FLOAT64))
          .abs().max().compute().getDouble()).as(name).isZero();
    }
  }
}
