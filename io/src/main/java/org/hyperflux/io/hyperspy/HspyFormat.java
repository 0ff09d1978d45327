package org.hyperflux.io.hyperspy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.LoadOptions;
import org.hyperflux.io.SaveOptions;
import org.hyperflux.io.hdf5.Hdf5Datasets;
import org.hyperflux.io.hdf5.Hdf5File;
import org.hyperflux.io.hdf5.Hdf5Format;
import org.hyperflux.io.hdf5.write.Hdf5Writer;
import org.hyperflux.io.spi.FormatProvider;
import org.hyperflux.io.spi.SignalWriter;
import reactor.core.publisher.Mono;

/**
 * HyperSpy's {@code .hspy} format, read and written: an HDF5 file holding HyperSpy's hierarchical layout
 * ({@link HyperSpyReader}, the same reader as {@code .zspy}'s, over {@link Hdf5TreeGroup}) with
 * {@code file_format = "HyperSpy"}. Files written by HyperSpy 1.7 (format 3.1) and current
 * HyperSpy (3.3) are read, and older ones as far as the layout reader goes (string attributes
 * stored as bytes, a float {@code file_format_version}, axes without {@code navigate}).
 *
 * <pre>{@code
 * Signal s = SignalFiles.load(Path.of("scan.hspy"));        // lazy, on the file's HDF5 chunks
 * List<StoredSignal> all = HspyFormat.readStored(Path.of("scan.hspy"));   // with learning_results
 * }</pre>
 *
 * <p><b>Detection</b>: an HDF5 file (by its signature) whose root attribute {@code file_format}
 * is {@code "HyperSpy"}, or, lacking that attribute, whose root has an {@code /Experiments} group
 * (the oldest files). HyperSpy itself goes by the extension ({@code .hspy}, {@code .hdf5}); here a
 * HyperSpy file loads whatever its name, and other HDF5 files go to the plain {@link Hdf5Format}.
 *
 * <p><b>Reading</b> opens the file with jHDF, reads the layout (groups, attributes, metadata
 * arrays and the chunk index of every data array) and closes it: the signals are lazy and their
 * sources open the file for each execution, reading the chunks they need (gzip + shuffle
 * decoded by hyperflux). A dataset can also be read by path ({@link LoadOptions#withDataset}), as
 * from any HDF5 file.
 *
 * <p><b>Writing</b> streams the signal once through hyperflux's own HDF5 writer ({@link
 * org.hyperflux.io.hdf5.write.Hdf5Writer}; jHDF cannot write files HyperSpy opens): the layout is
 * written by {@link HyperSpyWriter} as for {@code .zspy}, with {@code file_format = "HyperSpy"};
 * the data's chunks are compressed (shuffle + deflate at {@link SaveOptions#deflateLevel()},
 * default 4 as HyperSpy's gzip) on all cores and appended to the file as they come, within the
 * budget; the chunk indexes, metadata and object headers are written last. HyperSpy 1.7.3, h5py
 * and h5dump open the files. {@link org.hyperflux.io.SignalFiles#save} makes it all-or-nothing
 * (a temporary name, renamed when complete).
 *
 * <pre>{@code
 * SignalFiles.save(signal, Path.of("scan.hspy"));                   // HyperSpy's hs.load opens it
 * }</pre>
 *
 * <p><b>Not read</b>, each with an error naming the file and group: HyperSpy's {@code _bs_}
 * bytes attributes (HDF5 opaque attributes, which jHDF 0.13.0 cannot parse), besides what {@link
 * HyperSpyReader} does not read (ragged and complex data, functional axes).
 */
public final class HspyFormat implements FormatProvider {
  /** The root attribute {@code file_format} of {@code .hspy} files. */
  public static final String FILE_FORMAT = "HyperSpy";

  /** The provider ({@link java.util.ServiceLoader} creates it). */
  public HspyFormat() {}

  @Override
  public String name() {
    return "hspy";
  }

  @Override
  public String description() {
    return "HyperSpy's HDF5 format (.hspy), read and written";
  }

  @Override
  public List<String> extensions() {
    return List.of("hspy");
  }

  @Override
  public boolean canRead(Path path) {
    if (!Hdf5File.isHdf5(path)) return false;
    try (Hdf5File f = Hdf5File.open(path)) {
      return isHyperSpy(f);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * HyperSpy's marks: {@code file_format = "HyperSpy"}, or no {@code file_format} and an {@code
   * /Experiments} group.
   */
  private static boolean isHyperSpy(Hdf5File f) throws IOException {
    Object format;
    try {
      Map<String, Object> attrs = f.root().attributes();
      format = attrs.get("file_format");
    } catch (IOException e) {
      format = null;
    }
    if (format != null) return FILE_FORMAT.equalsIgnoreCase(String.valueOf(format).trim());
    return f.root().groups().contains("Experiments");
  }

  @Override
  public List<Signal> read(Path path) throws IOException {
    List<Signal> out = new ArrayList<>();
    for (StoredSignal s : readStored(path)) out.add(s.signal());
    return out;
  }

  /**
   * The stored signals, or with {@link LoadOptions#dataset()} that dataset as a signal ({@link
   * Hdf5Datasets#signal(Path, LoadOptions)}).
   */
  @Override
  public List<Signal> read(Path path, LoadOptions options) throws IOException {
    if (options.dataset() != null) return List.of(Hdf5Datasets.signal(path, options));
    return read(path);
  }

  /**
   * Every signal of the {@code .hspy} file at {@code path} with its experiment group's name and
   * its {@code learning_results}. Reads the layout and the data arrays' chunk indexes, none of
   * their data.
   *
   * @throws java.nio.file.NoSuchFileException when there is no file at {@code path}
   * @throws org.hyperflux.io.hdf5.Hdf5FormatException when it is not a readable HDF5 file
   * @throws HyperSpyFormatException when it does not hold HyperSpy's layout, naming the file and
   *     the group at fault
   */
  public static List<StoredSignal> readStored(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    try (Hdf5File f = Hdf5File.open(path)) {
      try {
        return HyperSpyReader.read(Hdf5TreeGroup.root(f));
      } catch (UncheckedIOException e) {
        throw e.getCause();
      } catch (HyperSpyFormatException e) {
        if (!f.root().groups().contains("Experiments") && e.path().equals("/")) {
          throw new HyperSpyFormatException(path.toString(), "/", "not a HyperSpy file: it has no"
              + " /Experiments group; " + Hdf5Format.listing(f) + " (read one with"
              + " LoadOptions.withDataset(path); hyperflux: --dataset PATH)", e);
        }
        throw e;
      }
    }
  }

  @Override
  public boolean canWrite() {
    return true;
  }

  /**
   * Writes {@code signal} to {@code target} (see the class comment); checks the chunks and costs
   * the plan now, writes nothing before {@link SignalWriter#write()} is subscribed.
   */
  @Override
  public SignalWriter writer(Signal signal, Path target, SaveOptions options) {
    HyperSpyWriter layout = HyperSpyWriter.of(signal, FILE_FORMAT, options.chunks(), options.exec(),
        options.learningResults());
    int level = options.deflateLevel();
    WriteGate gate = new WriteGate();
    AtomicReference<Hdf5Writer> open = new AtomicReference<>();
    return new SignalWriter() {
      @Override
      public Mono<Void> write() {
        return Mono.fromCallable(this::create)
            .subscribeOn(options.exec().io())
            .flatMap(file -> layout.write(Hdf5TreeWriter.root(file, gate))
                .then(Mono.fromCallable(() -> finish(file)).subscribeOn(options.exec().io())))
            .then();
      }

      /** Creates the file through the gate: a stop waits for it, and none starts after a stop. */
      private Hdf5Writer create() throws IOException {
        if (!gate.enter()) throw new CancellationException("the save of " + target + " was stopped");
        try {
          Hdf5Writer file = Hdf5Writer.create(target, level);
          open.set(file);
          return file;
        } finally {
          gate.exit();
        }
      }

      private Path finish(Hdf5Writer file) throws IOException {
        if (!gate.enter()) throw new CancellationException("the save of " + target + " was stopped");
        try {
          file.finish();
          return target;
        } finally {
          gate.exit();
        }
      }

      @Override
      public boolean stop(Duration timeout) throws InterruptedException {
        gate.close();
        boolean idle = gate.awaitIdle(timeout);
        Hdf5Writer file = open.get();
        if (file != null) {
          try {
            file.close();
          } catch (IOException e) {
            // The file is deleted next; a failed close changes nothing.
          }
        }
        return idle;
      }
    };
  }

  @Override
  public String toString() {
    return "HspyFormat[" + description() + "]";
  }
}
