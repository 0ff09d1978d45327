package org.hyperflux.io.blockfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.spi.FormatProvider;
import org.hyperflux.io.spi.SignalWriter;

/**
 * Blockfiles ({@code .blo}) as a format of {@link org.hyperflux.io.SignalFiles}: a file is
 * recognised by its {@code "IMGBLO"} signature ({@link Blockfile#isBlockfile}) and read as
 * {@link Blockfile#load}: one lazy signal of the frames with HyperSpy 1.7.3's axes, metadata and
 * {@code original_metadata}, without a navigator (as HyperSpy; the stored virtual bright-field
 * image is {@link Blockfile#virtualBrightField()}). Read only: HyperSpy 1.7.3 writes {@code .blo},
 * hyperflux converts it to {@code .zspy}.
 */
public final class BlockfileFormat implements FormatProvider {
  /** The provider ({@link java.util.ServiceLoader} creates it). */
  public BlockfileFormat() {}

  @Override
  public String name() {
    return "blockfile";
  }

  @Override
  public String description() {
    return "NanoMEGAS ASTAR blockfile (.blo) of scanning diffraction frames, read";
  }

  @Override
  public List<String> extensions() {
    return List.of("blo");
  }

  @Override
  public boolean canRead(Path path) {
    return Blockfile.isBlockfile(path);
  }

  /**
   * The file's one signal, lazy; reads the header and the first frame's header.
   *
   * @throws java.nio.file.NoSuchFileException when there is no file at {@code path}
   * @throws BlockfileFormatException when it is not a readable blockfile, naming the field
   */
  @Override
  public List<Signal> read(Path path) throws IOException {
    return List.of(Blockfile.load(path));
  }

  @Override
  public boolean canWrite() {
    return false;
  }

  /** @throws UnsupportedOperationException always: blockfiles are read only here */
  @Override
  public SignalWriter writer(Signal signal, Path target, SaveOptions options) {
    throw new UnsupportedOperationException("hyperflux reads blockfiles but does not write them;"
        + " save as .zspy");
  }

  @Override
  public String toString() {
    return "BlockfileFormat[" + description() + "]";
  }
}
