package org.hyperflux.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.ThreadLocalRandom;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.signal.LearningResults;
import org.hyperflux.core.signal.Signal;
import org.hyperflux.io.hyperspy.HspyFormat;
import org.hyperflux.io.hyperspy.StoredSignal;
import org.hyperflux.io.hyperspy.ZspyFormat;
import org.hyperflux.io.internal.FileTrees;
import org.hyperflux.io.spi.FormatProvider;
import org.hyperflux.io.spi.SignalWriter;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Loading and saving signals: HyperSpy's {@code hs.load} and {@code s.save} for hyperflux.
 *
 * <pre>{@code
 * Signal s = SignalFiles.load(Path.of("scan.zspy"));              // lazy: nothing read yet
 * Signal nav = s.computeFullNavigator();                          // reads the data once
 * SignalFiles.save(nav, Path.of("navigator.zspy"), SaveOptions.defaults().withOverwrite(true));
 * Signal series = SignalFiles.load("runs/scan_*.zspy", true);     // lazily stacked along a new axis
 * Signal h = SignalFiles.load(Path.of("scan.hspy"));              // HyperSpy's HDF5 format, lazy
 * SignalFiles.save(h, Path.of("copy.hspy"));                      // streamed HDF5, HyperSpy opens it
 * Signal d = SignalFiles.load(Path.of("scan.h5"),                 // any HDF5 dataset by path
 *     LoadOptions.defaults().withDataset("/entry/data/data").withSignalDimension(2));
 * Signal m = SignalFiles.load(Path.of("old.mib"),                 // Merlin frames as a 128 x 128 scan
 *     LoadOptions.defaults().withNavigationShape(128, 128));
 * }</pre>
 *
 * <p><b>Formats</b> are {@link FormatProvider}s found with {@link ServiceLoader} ({@link
 * #formats()}): {@code .zspy} and {@code .hspy} (read and written), plain HDF5 (a dataset by
 * path), {@code .blo} and Merlin {@code .mib} (read; a {@code .mib} without a scan shape in its
 * {@code .hdr} takes {@link LoadOptions#withNavigationShape}). A file's format is detected from
 * its content (each provider in name
 * order is asked whether it can read it, the {@linkplain FormatProvider#fallback() fallback}
 * formats such as plain HDF5 last), or named in {@link LoadOptions#format()}; a save's format
 * comes from the target's extension or {@link SaveOptions#format()}. A file no provider reads,
 * or an extension none writes, fails naming the file and listing the formats that exist; a save
 * to a format that is only read (plain HDF5, {@code .blo}, {@code .mib}) fails saying so and listing those that
 * are written.
 *
 * <p><b>Loading is lazy</b> by default: a loaded signal knows its shape, dtype, axes and metadata
 * and reads its data chunk by chunk when an execution asks. Its sources hold no open file: every
 * execution opens what it reads and closes it when it ends (completed, failed or cancelled).
 *
 * <p><b>Closing files, HyperSpy-style.</b> HyperSpy's lazy signals keep their file open until
 * {@code s.close_file()} (or {@code s.compute(close_file=True)}), and signals loaded from the same
 * HDF5 file share one handle, so closing one breaks the others. In hyperflux no handle outlives an
 * execution, so what a HyperSpy user expects of {@link #closeFile} already holds whenever no
 * computation of the signal is running: the file is not open and may be moved, replaced or
 * deleted, and no other signal is affected. {@link #closeFile} therefore only documents this, and
 * the signal stays usable (the next execution opens the file again, seeing what is then there).
 * {@link #compute(Signal, boolean)} returns the signal computed into memory, which no longer
 * refers to the file at all.
 *
 * <p><b>Saving is streamed and all-or-nothing</b> (DESIGN §5): the file is written chunk by
 * chunk under a temporary name beside the target ({@code .<name>.<random>.partial}) and renamed
 * to the target when complete. After a failure or a cancel, the writes in flight are waited for
 * and the temporary file is deleted: nothing is left at the target, and an existing target is
 * unchanged. An existing target is replaced only with {@link SaveOptions#withOverwrite}; without
 * it the save fails at once, naming the file.
 *
 * <p>Thread-safe: every method may be called from any thread; the blocking ones ({@link #save},
 * an eager load) refuse to run on a non-blocking (Reactor parallel) thread.
 */
public final class SignalFiles {
  /** How long a failed or cancelled save waits for its writes in flight before deleting. */
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

  private static final List<FormatProvider> PROVIDERS = discover();
  /** The formats that hold learning results: HyperSpy's. */
  private static final List<String> LEARNING_RESULTS_FORMATS = List.of("hspy", "zspy");

  private SignalFiles() {}

  private static List<FormatProvider> discover() {
    List<FormatProvider> out = new ArrayList<>();
    for (FormatProvider p : ServiceLoader.load(FormatProvider.class, SignalFiles.class.getClassLoader())) {
      out.add(p);
    }
    out.sort(Comparator.comparing(FormatProvider::name));
    return List.copyOf(out);
  }

  // ----------------------------------------------------------------------------------- formats

  /** The formats found, sorted by name. */
  public static List<FormatProvider> formats() {
    return PROVIDERS;
  }

  /**
   * The format named {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the formats that exist
   */
  public static FormatProvider format(String name) {
    Objects.requireNonNull(name, "name");
    for (FormatProvider p : PROVIDERS) {
      if (p.name().equals(name.toLowerCase(Locale.ROOT))) return p;
    }
    throw new IllegalArgumentException("Unknown format '" + name + "'; available: " + names(PROVIDERS));
  }

  private static List<String> names(List<FormatProvider> providers) {
    List<String> out = new ArrayList<>();
    for (FormatProvider p : providers) {
      out.add(p.name() + " (." + String.join(", .", p.extensions()) + (p.canWrite() ? "" : ", read only") + ")");
    }
    return out;
  }

  // ----------------------------------------------------------------------------------- loading

  /**
   * The one signal in the file at {@code path}, lazy ({@link LoadOptions#defaults()}).
   *
   * @throws NoSuchFileException when nothing is at {@code path}
   * @throws IllegalArgumentException when no format reads the file (listing those that exist), or
   *     when it holds more than one signal (use {@link #loadAll(Path)})
   * @throws IOException when the file is malformed, naming the file and the part at fault
   */
  public static Signal load(Path path) throws IOException {
    return load(path, LoadOptions.defaults());
  }

  /**
   * {@link #load(Path)} with {@code options}: eager loading, a named format, or one dataset of a
   * container file read by path ({@link LoadOptions#withDataset}). An HDF5 file that is not
   * HyperSpy's is read only by dataset path; loaded without one, it fails listing its datasets.
   *
   * @throws IllegalArgumentException besides the cases of {@link #load(Path)}: for a dataset path
   *     that does not exist (naming what the nearest group holds) or a format without datasets,
   *     and for {@link LoadOptions#signalDimension()} or {@link LoadOptions#chunks()} without a
   *     dataset or that do not fit it
   */
  public static Signal load(Path path, LoadOptions options) throws IOException {
    List<Signal> all = loadAll(path, options);
    if (all.size() != 1) {
      List<String> titles = new ArrayList<>();
      for (Signal s : all) titles.add(s.toString());
      throw new IllegalArgumentException(path + " holds " + all.size() + " signals " + titles
          + "; load them with SignalFiles.loadAll");
    }
    return all.get(0);
  }

  /** Every signal in the file at {@code path}, lazy, in the file's order. */
  public static List<Signal> loadAll(Path path) throws IOException {
    return loadAll(path, LoadOptions.defaults());
  }

  /** Every signal in the file at {@code path}, read with {@code options}. */
  public static List<Signal> loadAll(Path path, LoadOptions options) throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such file or directory");
    }
    if (options.dataset() == null
        && (options.signalDimension().isPresent() || options.chunks() != null)) {
      throw new IllegalArgumentException("LoadOptions.withSignalDimension and withChunks apply to"
          + " a dataset read by path (withDataset); " + path + " is read as its format stores it"
          + " (" + options + ")");
    }
    FormatProvider p = options.format() != null ? format(options.format()) : detect(path);
    if (options.navigationShape() != null && !p.acceptsNavigationShape()) {
      throw new IllegalArgumentException("LoadOptions.withNavigationShape applies to files of"
          + " frames without a stored scan shape (Merlin .mib); " + path + " is read as format '"
          + p.name() + "', which stores its own shape (" + options + ")");
    }
    List<Signal> signals = p.read(path, options);
    if (options.lazy()) return signals;
    List<Signal> out = new ArrayList<>();
    for (Signal s : signals) out.add(s.compute(options.exec()));
    return out;
  }

  private static FormatProvider detect(Path path) throws IOException {
    for (FormatProvider p : PROVIDERS) {
      if (!p.fallback() && p.canRead(path)) return p;
    }
    for (FormatProvider p : PROVIDERS) {
      if (p.fallback() && p.canRead(path)) return p;
    }
    throw new IllegalArgumentException("Unknown file format of " + path
        + (Files.isDirectory(path) ? " (a directory)" : "") + "; available: " + names(PROVIDERS));
  }

  /**
   * HyperSpy's {@code hs.load(pattern, stack=stack)}: the files matching {@code pattern}, a path
   * whose file name may hold the glob wildcards {@code *}, {@code ?}, {@code [...]} and {@code
   * {a,b}}, in natural order ({@code scan2} before {@code scan10}, as HyperSpy's {@code
   * natsorted}). Lazy.
   *
   * <p>With {@code stack}, each file must hold one signal, all of the same shape; they are stacked
   * lazily along a new navigation axis {@code stack_element} ({@link Signal#stack(List)}). The
   * result keeps the metadata of the first file, with {@code _HyperSpy.Stacking_history}, titled by
   * the files' directory name, and the first file's {@code original_metadata}: HyperSpy's {@code
   * stack_metadata=0}, so the metadata does not grow with the number of files (HyperSpy's default
   * copies every file's metadata into {@code original_metadata.stack_elements}). No file is held
   * open: each execution opens the chunks it reads.
   *
   * <p>Without {@code stack}, the pattern must match one file holding one signal.
   *
   * @throws NoSuchFileException when no file matches
   * @throws IllegalArgumentException for wildcards outside the file name, for several files
   *     without {@code stack}, or for files whose signals differ in shape (naming both files)
   */
  public static Signal load(String pattern, boolean stack) throws IOException {
    return load(pattern, stack, LoadOptions.defaults());
  }

  /** {@link #load(String, boolean)} with {@code options}; an eager load computes the stack. */
  public static Signal load(String pattern, boolean stack, LoadOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    List<Path> files = expand(pattern);
    if (!stack) {
      if (files.size() != 1) {
        throw new IllegalArgumentException("pattern '" + pattern + "' matches " + files.size()
            + " files " + shortList(files) + "; stack them with load(pattern, true) or load each"
            + " with loadAll(pattern)");
      }
      return load(files.get(0), options);
    }
    LoadOptions lazy = options.withLazy(true);
    List<Signal> signals = new ArrayList<>();
    for (Path f : files) {
      Signal s = load(f, lazy);
      if (!signals.isEmpty()) {
        Signal first = signals.get(0);
        if (!Arrays.equals(first.axes().arrayShape(), s.axes().arrayShape())
            || first.axes().navigationDimension() != s.axes().navigationDimension()) {
          throw new IllegalArgumentException("cannot stack " + f + ": its signal " + s + " has"
              + " dimensions " + s.axes().dimensionsString() + " but that of " + files.get(0)
              + " has " + first.axes().dimensionsString() + "; stacked files must hold signals"
              + " of one shape");
        }
      }
      signals.add(s);
    }
    Signal first = signals.get(0);
    String title = stem(files.get(0).getParent());
    Signal stacked = signals.size() == 1 ? first : Signal.stack(signals)
        .withOriginalMetadata(first.originalMetadata());
    stacked = stacked.withTitle(title);
    return options.lazy() ? stacked : stacked.compute(options.exec());
  }

  /** Every signal of every file matching {@code pattern} (see {@link #load(String, boolean)}), lazy, in file order. */
  public static List<Signal> loadAll(String pattern) throws IOException {
    List<Signal> out = new ArrayList<>();
    for (Path f : expand(pattern)) out.addAll(loadAll(f));
    return out;
  }

  /** Python's {@code Path(p).stem} of a parent directory: its name without the last suffix. */
  private static String stem(Path dir) {
    if (dir == null) return "";
    Path name = dir.getFileName();
    if (name == null) return "";
    String n = name.toString();
    if (n.equals(".")) return "";
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  /** The paths a glob pattern matches (wildcards in the file name only), in natural order. */
  static List<Path> expand(String pattern) throws IOException {
    Objects.requireNonNull(pattern, "pattern");
    Path p = Path.of(pattern);
    Path name = p.getFileName();
    Path dir = p.getParent();
    if (dir != null && hasWildcard(dir.toString())) {
      throw new IllegalArgumentException("pattern '" + pattern + "' has wildcards in its"
          + " directory; wildcards are supported in the file name only");
    }
    if (name == null || !hasWildcard(name.toString())) return List.of(p);
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
    Path listed = dir == null ? Path.of("") : dir;
    List<Path> out = new ArrayList<>();
    if (Files.isDirectory(dir == null ? Path.of(".") : dir)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir == null ? Path.of(".") : dir)) {
        for (Path e : entries) {
          Path fileName = e.getFileName();
          if (!matcher.matches(fileName)) continue;
          if (Files.isRegularFile(e) || (Files.isDirectory(e) && knownExtension(fileName.toString()))) {
            out.add(listed.resolve(fileName));
          }
        }
      }
    }
    if (out.isEmpty()) {
      throw new NoSuchFileException(pattern, null, "no file matches the pattern");
    }
    out.sort(Comparator.comparing(Path::toString, SignalFiles::naturalCompare));
    return out;
  }

  private static boolean hasWildcard(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
  }

  private static boolean knownExtension(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    for (FormatProvider p : PROVIDERS) {
      for (String ext : p.extensions()) if (lower.endsWith("." + ext)) return true;
    }
    return false;
  }

  /** Natural order: digit runs compare as numbers, the rest as text. */
  static int naturalCompare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
        while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
        if (c != 0) return c;
      } else {
        if (ca != cb) return Character.compare(ca, cb);
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static String shortList(List<Path> files) {
    if (files.size() <= 4) return files.toString();
    return "[" + files.get(0) + ", " + files.get(1) + ", ..., " + files.get(files.size() - 1) + "]";
  }

  // ------------------------------------------------------------------------------ closing files

  /**
   * HyperSpy's {@code s.close_file()}. A hyperflux signal holds no open file between executions
   * (see the class comment), so there is nothing to close: when no computation of {@code signal}
   * is running its file is already closed, and other signals reading the same file are never
   * affected. The signal stays usable; reads nothing.
   */
  public static void closeFile(Signal signal) {
    Objects.requireNonNull(signal, "signal");
  }

  /**
   * HyperSpy's {@code s.compute(close_file=...)}: the signal computed into memory with {@link
   * ExecOptions#defaults()}; the result refers to no file. Every file the computation opened is
   * closed when it ends, whatever {@code closeFile} says (it is accepted for HyperSpy's sake).
   * Blocks; refuses on a non-blocking thread.
   */
  public static Signal compute(Signal signal, boolean closeFile) {
    Objects.requireNonNull(signal, "signal");
    return signal.compute(ExecOptions.defaults());
  }

  /**
   * The learning results (HyperSpy's {@code s.learning_results}: decomposition factors, loadings,
   * explained variance, the masks ...) stored with the first signal of the {@code .hspy} or {@code .zspy}
   * file at {@code path}; empty when it has none. Reads the file's metadata and the result arrays,
   * not the signal's data. Blocking.
   *
   * @throws IllegalArgumentException when the file is not a {@code .hspy} or {@code .zspy} file
   * @throws IOException when reading fails or the file is malformed
   */
  public static LearningResults loadLearningResults(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    List<StoredSignal> stored;
    if (name.endsWith(".hspy") || name.endsWith(".hdf5") || name.endsWith(".h5")) {
      stored = HspyFormat.readStored(path);
    } else if (name.endsWith(".zspy")) {
      stored = ZspyFormat.readStored(path);
    } else {
      throw new IllegalArgumentException("cannot read learning results from " + path
          + ": only HyperSpy's .hspy and .zspy files hold them");
    }
    return stored.get(0).toLearningResults();
  }

  // ------------------------------------------------------------------------------------ saving

  /** {@link #save(Signal, Path, SaveOptions)} with {@link SaveOptions#defaults()}. */
  public static void save(Signal signal, Path path) throws IOException {
    save(signal, path, SaveOptions.defaults());
  }

  /**
   * Saves {@code signal} to {@code path} and returns when the file is complete; see {@link
   * #saveMono}. Blocks; refuses on a non-blocking thread.
   *
   * @throws IOException when writing fails (nothing is then at {@code path}, an existing file there
   *     is unchanged)
   */
  public static void save(Signal signal, Path path, SaveOptions options) throws IOException {
    Mono<Void> m = saveMono(signal, path, options);
    if (Schedulers.isInNonBlockingThread()) {
      throw new IllegalStateException("save() blocks and cannot run on the non-blocking thread "
          + Thread.currentThread().getName() + "; use saveMono(...) instead");
    }
    try {
      m.block();
    } catch (RuntimeException e) {
      Throwable t = Exceptions.unwrap(e);
      if (t instanceof IOException io) throw io;
      if (t instanceof UncheckedIOException u) throw u.getCause();
      throw e;
    }
  }

  /**
   * HyperSpy's {@code s.save(path, chunks=..., overwrite=...)}, streamed and all-or-nothing (see
   * the class comment): the data are read and written chunk by chunk with {@code options}' budget
   * and progress listener. Checks the target and the options and costs the plan now; writes
   * nothing before subscription.
   *
   * @throws IllegalArgumentException when no format writes the target's extension (listing those
   *     that do), when the target exists and {@link SaveOptions#overwrite()} is false, when its
   *     directory does not exist, or for chunks that do not fit the signal
   * @throws org.hyperflux.core.exec.PlanException when the data cannot be streamed within the
   *     budget in the chunks asked for
   */
  public static Mono<Void> saveMono(Signal signal, Path path, SaveOptions options) {
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    Path target = path.toAbsolutePath().normalize();
    FormatProvider provider = writerFor(target, options.format());
    if (!options.learningResults().isEmpty() && !LEARNING_RESULTS_FORMATS.contains(provider.name())) {
      throw new IllegalArgumentException("format " + provider.name() + " cannot hold learning"
          + " results (saving " + target.getFileName() + "); save to one of "
          + LEARNING_RESULTS_FORMATS + " (.hspy, .zspy)");
    }
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("cannot save to " + target + ": directory " + dir
          + " does not exist");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !options.overwrite()) {
      throw new IllegalArgumentException(target + " already exists; save with"
          + " SaveOptions.withOverwrite(true) (hyperflux convert: --overwrite) to replace it");
    }
    String tag = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    Path temp = dir.resolve("." + target.getFileName() + "." + tag + ".partial");
    SignalWriter writer = provider.writer(signal, temp, options);
    ExecOptions exec = options.exec();
    boolean overwrite = options.overwrite();
    return Mono.defer(() -> writer.write()
            .then(Mono.fromCallable(() -> {
              commit(temp, target, overwrite, tag);
              return target;
            }).subscribeOn(exec.io())))
        .onErrorResume(e -> Mono.<Path>fromCallable(() -> {
          abandon(writer, temp, e);
          return target;
        }).subscribeOn(exec.io()).then(Mono.error(e)))
        .doOnCancel(() -> exec.io().schedule(() -> abandon(writer, temp, null)))
        .then();
  }

  private static FormatProvider writerFor(Path target, String format) {
    List<FormatProvider> writable = new ArrayList<>();
    for (FormatProvider p : PROVIDERS) if (p.canWrite()) writable.add(p);
    if (format != null) {
      FormatProvider p = format(format);
      if (!p.canWrite()) throw readOnly(p, target, writable);
      return p;
    }
    String name = target.getFileName() == null ? "" : target.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    for (FormatProvider p : writable) {
      for (String ext : p.extensions()) if (lower.endsWith("." + ext)) return p;
    }
    for (FormatProvider p : PROVIDERS) {
      for (String ext : p.extensions()) {
        if (lower.endsWith("." + ext)) throw readOnly(p, target, writable);
      }
    }
    int dot = name.lastIndexOf('.');
    throw new IllegalArgumentException("Unknown format for " + target + (dot < 0 ? " (no extension)"
        : " (extension '" + name.substring(dot) + "')") + "; formats that can be written: " + names(writable));
  }

  /** A save asked of a format that is read only: its description says why; the writable ones are listed. */
  private static IllegalArgumentException readOnly(FormatProvider p, Path target,
      List<FormatProvider> writable) {
    return new IllegalArgumentException("cannot save " + target + ": format '" + p.name()
        + "' is read only in hyperflux (" + p.description() + "); formats that can be written: "
        + names(writable));
  }

  /** Renames the complete temporary file to the target, replacing an existing one only when allowed. */
  private static void commit(Path temp, Path target, boolean overwrite, String tag) throws IOException {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    if (!overwrite) {
      throw new FileAlreadyExistsException(target.toString(), null, "it appeared while the save"
          + " was running; nothing was replaced (save with overwrite to replace it)");
    }
    Path old = target.resolveSibling("." + target.getFileName() + "." + tag + ".replaced");
    Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      try {
        Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException restore) {
        e.addSuppressed(restore);
      }
      throw e;
    }
    try {
      FileTrees.deleteTree(old);
    } catch (IOException e) {
      // The save is complete and in place; a replaced file that cannot be removed is left beside it.
    }
  }

  /** After a failure or cancel: stop the writes, wait for those in flight, delete the temporary file. */
  private static void abandon(SignalWriter writer, Path temp, Throwable error) {
    try {
      if (!writer.stop(STOP_TIMEOUT) && error != null) {
        error.addSuppressed(new IOException("writes to " + temp + " were still running after "
            + STOP_TIMEOUT.toSeconds() + " s; deleting it anyway"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      FileTrees.deleteTree(temp);
    } catch (IOException e) {
      if (error != null) error.addSuppressed(e);
    }
  }
}
