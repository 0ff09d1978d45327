package org.hyperflux.io.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.LoadOptions;
import org.hyperflux.io.SaveOptions;

/**
 * A file format that {@link org.hyperflux.io.SignalFiles} can load and, optionally, save. A
 * format is added with one class implementing this interface and one line naming it in {@code
 * META-INF/services/org.hyperflux.io.spi.FormatProvider}; it is found with {@link
 * java.util.ServiceLoader}.
 *
 * <p><b>Loading</b> is lazy: {@link #read} reads what describes the signals (headers, metadata)
 * and returns signals whose data are read chunk by chunk when an execution asks for them; their
 * sources hold no open file between executions. <b>Saving</b> goes through a {@link
 * SignalWriter} that writes a new file at a path given by the facade (a temporary name beside the
 * target, renamed when complete): the provider only writes; the facade makes the save
 * all-or-nothing.
 *
 * <p>Implementations are stateless and thread-safe, with a public no-argument constructor.
 */
public interface FormatProvider {
  /** The format's short name, lower case: {@code "zspy"}, {@code "hspy"} ... */
  String name();

  /** One line saying what the format is, for messages and {@code --help}. */
  String description();

  /** The file name extensions of the format, lower case, without the dot ({@code ["zspy"]}). */
  List<String> extensions();

  /**
   * Whether {@code path} (which exists) holds this format, judged from its content where the
   * format allows (a signature, a header), reading as little as possible.
   */
  boolean canRead(Path path) throws IOException;

  /**
   * Whether this format reads any file of a general container kind (any HDF5 file) rather than
   * recognising content of its own: detection asks such formats only after every other format
   * declined the file, so a HyperSpy HDF5 file is read as HyperSpy's format, not as plain HDF5.
   * False by default.
   */
  default boolean fallback() {
    return false;
  }

  /**
   * Whether {@link #read(Path, LoadOptions)} honours {@link LoadOptions#navigationShape()} (a
   * format of frames without a stored scan shape, such as Merlin {@code .mib}); the facade refuses
   * the option for the others. False by default.
   */
  default boolean acceptsNavigationShape() {
    return false;
  }

  /**
   * Every signal in the file, lazy: nothing of the data is read.
   *
   * @throws IOException when the file cannot be read or is malformed, naming the file and the
   *     part at fault
   */
  List<Signal> read(Path path) throws IOException;

  /**
   * The signals of the file read as {@code options} ask, lazy. {@link LoadOptions#lazy()} and
   * {@link LoadOptions#exec()} are the facade's; a format that reads datasets by path ({@link
   * LoadOptions#dataset()}, with {@link LoadOptions#signalDimension()} and {@link
   * LoadOptions#chunks()}) overrides this method. By default a dataset path is refused and the
   * file is read with {@link #read(Path)}.
   *
   * @throws IllegalArgumentException for a dataset path, by default, naming the format
   */
  default List<Signal> read(Path path, LoadOptions options) throws IOException {
    if (options.dataset() != null) {
      throw new IllegalArgumentException("cannot read dataset '" + options.dataset() + "' of "
          + path + ": format '" + name() + "' has no datasets to read by path (it reads the"
          + " signals it stores; load it without LoadOptions.withDataset)");
    }
    return read(path);
  }

  /** Whether {@link #writer} is supported. */
  boolean canWrite();

  /**
   * A writer of {@code signal} to the new path {@code target} (it does not exist; its directory
   * does). Checks the options and costs the plan now; writes nothing before the writer's {@link
   * SignalWriter#write()} is subscribed to.
   *
   * @throws UnsupportedOperationException when {@link #canWrite()} is false
   * @throws IllegalArgumentException for options the format cannot honour, naming them
   */
  SignalWriter writer(Signal signal, Path target, SaveOptions options);
}
