package org.hyperflux.io.hyperspy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.spi.FormatProvider;
import org.hyperflux.io.spi.SignalWriter;
import org.hyperflux.io.zarr.ZarrCompressor;
import org.hyperflux.io.zarr.ZarrGroup;
import reactor.core.publisher.Mono;

/**
 * HyperSpy's {@code .zspy} format: a zarr v2 directory store holding HyperSpy's hierarchical
 * layout ({@link HyperSpyReader}, {@link HyperSpyWriter}) with {@code file_format = "ZSpy"}.
 * Read from any zarr v2 directory store (chunk keys with {@code .} or {@code /}; HyperSpy's
 * zip stores are not read); written as HyperSpy 1.7.3 writes it, with the compressor and chunk
 * key separator of the {@link SaveOptions} (by default Blosc(zstd, 1, byte shuffle) and {@code
 * /}, HyperSpy's {@code NestedDirectoryStore}).
 *
 * <p>A directory is recognised as this format when it is a zarr group ({@code .zgroup}); whether
 * it holds HyperSpy's layout is checked when it is read, with a message naming the file.
 */
public final class ZspyFormat implements FormatProvider {
  /** The root attribute {@code file_format} of {@code .zspy} files. */
  public static final String FILE_FORMAT = "ZSpy";

  /** The provider ({@link java.util.ServiceLoader} creates it). */
  public ZspyFormat() {}

  @Override
  public String name() {
    return "zspy";
  }

  @Override
  public String description() {
    return "HyperSpy's zarr format (.zspy directory store), read and written";
  }

  @Override
  public List<String> extensions() {
    return List.of("zspy");
  }

  @Override
  public boolean canRead(Path path) {
    return Files.isDirectory(path) && ZarrGroup.isGroup(path);
  }

  @Override
  public List<Signal> read(Path path) throws IOException {
    List<Signal> out = new ArrayList<>();
    for (StoredSignal s : readStored(path)) out.add(s.signal());
    return out;
  }

  /**
   * Every signal of the {@code .zspy} store at {@code path} with its experiment group's name and
   * its {@code learning_results}. Reads metadata only.
   *
   * @throws java.nio.file.NoSuchFileException when {@code path} is not a zarr group
   * @throws HyperSpyFormatException when it does not hold HyperSpy's layout
   */
  public static List<StoredSignal> readStored(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    return HyperSpyReader.read(ZarrTreeGroup.root(path));
  }

  /**
   * Creates an empty {@code .zspy} store (a zarr root group) in directory {@code target}, new
   * or empty, for a writer that produces the data itself, chunk by chunk: write HyperSpy's layout
   * into it with {@link HyperSpyWriter#writeLayout} and the data with {@link
   * TreeArrayWriter#writeChunk}. Arrays are created with {@code compressor} and chunk keys joined
   * by {@code separator} ({@code "/"} or {@code "."}). Unlike a save, this is not all-or-nothing:
   * what is written is at {@code target} at once (each chunk file atomically). Its groups'
   * attributes may be written again (zarr replaces {@code .zattrs}), and a chunk written again
   * is replaced. Blocking.
   *
   * @throws java.nio.file.FileAlreadyExistsException when {@code target} is a file or a
   *     directory that is not empty
   */
  public static TreeGroupWriter createStore(Path target, ZarrCompressor compressor,
      String separator) throws IOException {
    Objects.requireNonNull(target, "target");
    if (!"/".equals(separator) && !".".equals(separator)) {
      throw new IllegalArgumentException("zarr chunk key separator must be \"/\" or \".\", got \""
          + separator + "\"");
    }
    return ZarrTreeWriter.create(target, compressor, separator, new WriteGate());
  }

  @Override
  public boolean canWrite() {
    return true;
  }

  @Override
  public SignalWriter writer(Signal signal, Path target, SaveOptions options) {
    HyperSpyWriter layout = HyperSpyWriter.of(signal, FILE_FORMAT, options.chunks(), options.exec(),
        options.learningResults());
    WriteGate gate = new WriteGate();
    return new SignalWriter() {
      @Override
      public Mono<Void> write() {
        return Mono.fromCallable(() -> ZarrTreeWriter.create(target, options.compressor(),
                options.dimensionSeparator(), gate))
            .subscribeOn(options.exec().io())
            .flatMap(layout::write);
      }

      @Override
      public boolean stop(Duration timeout) throws InterruptedException {
        gate.close();
        return gate.awaitIdle(timeout);
      }
    };
  }

  @Override
  public String toString() {
    return "ZspyFormat[" + description() + "]";
  }
}
