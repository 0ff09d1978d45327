package org.hyperflux.io.mib;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.LoadOptions;
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.spi.FormatProvider;
import org.hyperflux.io.spi.SignalWriter;

/**
 * Merlin {@code .mib} files as a format of {@link org.hyperflux.io.SignalFiles}: a file is
 * recognised by its first frame header ({@code MQ1,} and a 5-digit data offset, {@link
 * MibFile#isMib}) and read as {@link MibFile}: one lazy signal of the frames, the navigation
 * shape from {@link LoadOptions#navigationShape()}, else from the {@code .hdr} beside it, else
 * one axis of frames. Read only.
 *
 * <pre>{@code
 * Signal s = SignalFiles.load(Path.of("scan.mib"));
 * Signal t = SignalFiles.load(Path.of("old.mib"), LoadOptions.defaults().withNavigationShape(128, 128));
 * }</pre>
 */
public final class MibFormat implements FormatProvider {
  /** The provider ({@link java.util.ServiceLoader} creates it). */
  public MibFormat() {}

  @Override
  public String name() {
    return "mib";
  }

  @Override
  public String description() {
    return "Quantum Detectors Merlin .mib frames (binary U08-U64 and raw 1/6/12-bit, single chip"
        + " and quad), read";
  }

  @Override
  public List<String> extensions() {
    return List.of("mib");
  }

  @Override
  public boolean canRead(Path path) {
    return MibFile.isMib(path);
  }

  @Override
  public boolean acceptsNavigationShape() {
    return true;
  }

  /**
   * The file's one signal, lazy; reads the first frame header and the {@code .hdr}.
   *
   * @throws java.nio.file.NoSuchFileException when there is no file at {@code path}
   * @throws MibFrameException when the first frame cannot be read
   */
  @Override
  public List<Signal> read(Path path) throws IOException {
    return List.of(MibFile.load(path));
  }

  /** {@link #read(Path)} with the navigation shape of {@code options}, chunked for its {@link LoadOptions#exec()}. */
  @Override
  public List<Signal> read(Path path, LoadOptions options) throws IOException {
    if (options.dataset() != null) return FormatProvider.super.read(path, options);
    return List.of(MibFile.open(path, options.navigationShape()).signal(options.exec()));
  }

  @Override
  public boolean canWrite() {
    return false;
  }

  /** @throws UnsupportedOperationException always: {@code .mib} files are read only here */
  @Override
  public SignalWriter writer(Signal signal, Path target, SaveOptions options) {
    throw new UnsupportedOperationException("hyperflux reads Merlin .mib files but does not write"
        + " them; save as .zspy");
  }

  @Override
  public String toString() {
    return "MibFormat[" + description() + "]";
  }
}
