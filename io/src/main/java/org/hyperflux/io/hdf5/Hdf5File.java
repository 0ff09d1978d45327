package org.hyperflux.io.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Link;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An HDF5 file opened for reading: navigate its groups, read attributes as plain Java values,
 * and describe its datasets as lazy flux-core sources. Parsing is done by jHDF 0.13.0; no jHDF
 * type appears in this package's public API.
 *
 * <p>Opening reads the superblock and the root group only; groups, attributes and datasets are
 * read when asked for. Paths are absolute ({@code /entry/data/data}) or relative to a group;
 * {@code "/"} is the root. Soft links are followed. Names list in h5py's order (by name).
 *
 * <p>The file stays open until {@link #close()}; the {@link org.hyperflux.core.exec.Source}s made
 * from its datasets do not need it (each execution opens the file itself), so a lazy array or
 * signal outlives the {@code Hdf5File} it came from. Methods are synchronised on the file, so one
 * {@code Hdf5File} may be shared between threads.
 *
 * <pre>{@code
 * try (Hdf5File f = Hdf5File.open(Path.of("scan.h5"))) {
 *   Hdf5Group entry = f.group("/entry");
 *   Map<String, Object> attrs = entry.attributes();      // {"NX_class": "NXentry", ...}
 *   Hdf5Dataset data = f.dataset("/entry/data/data");
 *   LazyArray frames = data.lazy();                       // reads nothing yet
 * }
 * }</pre>
 */
public final class Hdf5File implements AutoCloseable {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1A, '\n'};

  private final Path path;
  private final FileChannel channel;
  private final HdfFile hdf;
  private final long baseAddress;
  private boolean closed;

  private Hdf5File(Path path, FileChannel channel, HdfFile hdf, long baseAddress) {
    this.path = path;
    this.channel = channel;
    this.hdf = hdf;
    this.baseAddress = baseAddress;
  }

  /**
   * Opens {@code file} for reading (reads the superblock and the root group).
   *
   * @throws NoSuchFileException when the file does not exist
   * @throws Hdf5FormatException when it is not an HDF5 file (no HDF5 signature at byte 0, 512,
   *     1024, ...), or it is truncated or damaged so that its root group cannot be read
   */
  public static Hdf5File open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such HDF5 file");
    }
    if (Files.isDirectory(file)) {
      throw new Hdf5FormatException(file, null, "is a directory, not an HDF5 file");
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      checkSignature(file, channel);
      HdfFile hdf = new HdfFile(channel);
      hdf.getChildren().size();
      long base = hdf.getHdfBackingStorage().getSuperblock().getBaseAddressByte();
      return new Hdf5File(file, channel, hdf, base);
    } catch (IOException e) {
      channel.close();
      throw e;
    } catch (RuntimeException e) {
      channel.close();
      throw new Hdf5FormatException(file, null, "cannot read the file (" + Files.size(file)
          + " bytes): it is truncated or damaged (" + message(e) + ")", e);
    }
  }

  /**
   * Whether {@code file} is a regular file with HDF5's signature (at byte 0, or at 512, 1024, ...
   * after a user block). Reads at most a few signature-sized pieces; false for a directory, a
   * missing or unreadable file.
   */
  public static boolean isHdf5(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) return false;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return hasSignature(channel);
    } catch (IOException e) {
      return false;
    }
  }

  /** HDF5's superblock signature sits at byte 0 or at a power of two from 512 on (after a user block). */
  private static void checkSignature(Path file, FileChannel channel) throws IOException {
    if (!hasSignature(channel)) {
      throw new Hdf5FormatException(file, null, "not an HDF5 file (" + channel.size()
          + " bytes, no HDF5 signature at byte 0, 512, 1024, ...)");
    }
  }

  private static boolean hasSignature(FileChannel channel) throws IOException {
    long size = channel.size();
    byte[] head = new byte[SIGNATURE.length];
    for (long at = 0; at + SIGNATURE.length <= size; at = at == 0 ? 512 : at * 2) {
      ByteBuffer b = ByteBuffer.wrap(head);
      long p = at;
      while (b.hasRemaining() && channel.read(b, p) > 0) p = at + b.position();
      if (!b.hasRemaining() && java.util.Arrays.equals(head, SIGNATURE)) return true;
    }
    return false;
  }

  /** The file's path. */
  public Path path() {
    return path;
  }

  /** The root group {@code "/"}. */
  public Hdf5Group root() {
    synchronized (this) {
      checkOpen();
      return new Hdf5Group(this, hdf, "/");
    }
  }

  /**
   * The group at {@code path} (absolute, or relative to the root).
   *
   * @throws IllegalArgumentException when there is no group at {@code path}, naming the file, the
   *     path and what the nearest existing group holds
   * @throws Hdf5FormatException when the group cannot be read
   */
  public Hdf5Group group(String path) throws IOException {
    return root().group(path);
  }

  /**
   * The dataset at {@code path} (absolute, or relative to the root); reads its header (shape,
   * datatype, layout), not its data.
   *
   * @throws IllegalArgumentException when there is no dataset at {@code path}, naming the file, the
   *     path and what the nearest existing group holds
   * @throws Hdf5FormatException when the dataset's header cannot be read
   */
  public Hdf5Dataset dataset(String path) throws IOException {
    return root().dataset(path);
  }

  /**
   * The absolute path of every dataset in the file, groups walked depth first with their members
   * in name order along hard links only, as h5py's {@code visit}: each object once, under its own
   * path (soft and external links are not followed; a group reached twice by hard links is walked
   * once). Reads the groups' member lists, no dataset headers.
   *
   * @throws Hdf5FormatException when a group's members cannot be read
   */
  public List<String> datasetPaths() throws IOException {
    synchronized (this) {
      checkOpen();
      List<String> out = new ArrayList<>();
      walk(hdf, "/", new java.util.HashSet<>(), out);
      return out;
    }
  }

  private void walk(Group g, String path, java.util.Set<Long> seen, List<String> out)
      throws Hdf5FormatException {
    if (!seen.add(g.getAddress())) return;
    java.util.TreeMap<String, Node> members;
    try {
      members = new java.util.TreeMap<>(g.getChildren());
    } catch (RuntimeException e) {
      throw format(path, "cannot read the group's members", e);
    }
    for (var e : members.entrySet()) {
      String child = path.equals("/") ? "/" + e.getKey() : path + "/" + e.getKey();
      Node n = e.getValue();
      if (n instanceof Link) continue;
      if (n instanceof Dataset) {
        out.add(child);
      } else if (n instanceof Group sub) {
        walk(sub, child, seen, out);
      }
    }
  }

  /** True when {@code path} names a group. */
  public boolean isGroup(String path) throws IOException {
    return root().isGroup(path);
  }

  /** True when {@code path} names a dataset. */
  public boolean isDataset(String path) throws IOException {
    return root().isDataset(path);
  }

  /** True until {@link #close()}. */
  public synchronized boolean isOpen() {
    return !closed;
  }

  /** Closes the file; groups and datasets from it can no longer be read (sources made from them still can). */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    // HdfFile.close() fails on a file opened from a channel (it logs the file's path, which it
    // does not know), so its storage and our channel are closed directly.
    try {
      hdf.getHdfBackingStorage().close();
    } catch (RuntimeException e) {
      // the channel is closed below either way
    } finally {
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "Hdf5File[" + path + "]";
  }

  // ---- shared with groups and datasets (callers hold this file's lock)

  void checkOpen() {
    if (closed) throw new IllegalStateException("HDF5 file " + path + " is closed");
  }

  HdfFile hdf() {
    return hdf;
  }

  long baseAddress() {
    return baseAddress;
  }

  /** Positional reads on the file's own channel (for {@link Hdf5Dataset#values()}). */
  ByteSource bytes() throws IOException {
    return ByteSource.of(channel, channel.size());
  }

  /** The node at the normalised absolute {@code path}, links followed; null when absent. */
  Node find(String path) throws Hdf5FormatException {
    Node node = hdf;
    String walked = "";
    for (String segment : segments(path)) {
      if (!(node instanceof Group g)) return null;
      walked = walked + "/" + segment;
      try {
        Node child = g.getChildren().get(segment);
        if (child == null) return null;
        node = follow(child);
        if (node == null) return null;
      } catch (RuntimeException e) {
        throw format(walked, "cannot read the group's members", e);
      }
    }
    return node;
  }

  /** A link's target, or null for a broken link; other nodes themselves. */
  static Node follow(Node node) {
    if (node instanceof Link link) {
      try {
        return link.isBrokenLink() ? null : link.getTarget();
      } catch (RuntimeException e) {
        return null;
      }
    }
    return node;
  }

  /** The error for a missing {@code wanted} ("group" or "dataset") at {@code path}, naming what exists. */
  IllegalArgumentException missing(String path, String wanted) {
    List<String> segments = segments(path);
    Node node = hdf;
    String existing = "/";
    for (String segment : segments) {
      Node child = null;
      if (node instanceof Group g) {
        try {
          child = follow(g.getChildren().get(segment));
        } catch (RuntimeException e) {
          child = null;
        }
      }
      if (child == null) break;
      node = child;
      existing = existing.equals("/") ? "/" + segment : existing + "/" + segment;
    }
    String what;
    if (existing.equals(path) && node instanceof Dataset) {
      what = "'" + path + "' is a dataset, not a group";
    } else if (existing.equals(path)) {
      what = "'" + path + "' is a group, not a dataset";
    } else if (node instanceof Group g) {
      List<String> groups = new ArrayList<>();
      List<String> datasets = new ArrayList<>();
      try {
        for (var e : g.getChildren().entrySet()) {
          Node n = follow(e.getValue());
          if (n instanceof Group) groups.add(e.getKey());
          else if (n instanceof Dataset) datasets.add(e.getKey());
        }
      } catch (RuntimeException e) {
        // listing what exists is best effort; the missing path is the error
      }
      groups.sort(null);
      datasets.sort(null);
      what = "'" + existing + "' holds groups " + groups + " and datasets " + datasets;
    } else {
      what = "'" + existing + "' is a dataset";
    }
    return new IllegalArgumentException("no " + wanted + " '" + path + "' in HDF5 file " + this.path
        + "; " + what);
  }

  Hdf5FormatException format(String object, String what, RuntimeException e) {
    String m = message(e);
    String hint = "";
    if (m.contains("more bytes than available") || m.contains("BufferUnderflow")) {
      long size = -1;
      try {
        size = channel.size();
      } catch (IOException ignored) {
        // the size is only for the message
      }
      hint = "; the file (" + size + " bytes) is truncated";
    }
    return new Hdf5FormatException(path, object, what + " (" + m + ")" + hint, e);
  }

  static String message(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
        b.append(": ").append(c.getMessage());
      }
    }
    return b.toString();
  }

  /** {@code path} made absolute and normal ({@code /a/b}; {@code "/"} for the root). */
  static String normalise(String base, String path) {
    Objects.requireNonNull(path, "path");
    String joined = path.startsWith("/") ? path : (base.endsWith("/") ? base : base + "/") + path;
    List<String> parts = segments(joined);
    return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/")) {
      if (s.isEmpty() || s.equals(".")) continue;
      if (s.equals("..")) {
        throw new IllegalArgumentException("'..' is not allowed in HDF5 path '" + path + "'");
      }
      out.add(s);
    }
    return out;
  }
}
