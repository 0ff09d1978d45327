package org.hyperflux.io.zarr;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A zarr v2 group in a directory store: a directory with {@code .zgroup}
 * ({@code {"zarr_format": 2}}) and optional {@code .zattrs}, whose members are child groups
 * and arrays in sub-directories. Member names are single path segments.
 *
 * <pre>{@code
 * ZarrGroup root = ZarrGroup.create(Path.of("out.zspy"));
 * root.writeAttributes(Map.of("file_format", "ZSpy", "file_format_version", "3.1"));
 * ZarrArray data = root.createGroup("Experiments").createGroup("x").createArray("data", metadata);
 * }</pre>
 */
public final class ZarrGroup {
  private final Path path;

  private ZarrGroup(Path path) {
    this.path = path;
  }

  /**
   * Opens the group in directory {@code path} (reads and checks {@code .zgroup}).
   *
   * @throws NoSuchFileException when there is no {@code .zgroup}
   * @throws ZarrFormatException when {@code .zgroup} is malformed or not zarr v2
   */
  public static ZarrGroup open(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    if (!ZarrJson.isGroup(path)) {
      throw new NoSuchFileException(path.resolve(ZarrJson.ZGROUP).toString(), null,
          "no zarr group at " + path + " (.zgroup is missing)");
    }
    ZarrJson.readGroup(path);
    return new ZarrGroup(path);
  }

  /**
   * Creates a group in directory {@code path}, which must not exist or be empty (parent
   * directories are created).
   *
   * @throws FileAlreadyExistsException when {@code path} is a file or a non-empty directory
   */
  public static ZarrGroup create(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    if (Files.exists(path)) {
      boolean empty = Files.isDirectory(path);
      if (empty) {
        try (Stream<Path> s = Files.list(path)) {
          empty = s.findAny().isEmpty();
        }
      }
      if (!empty) {
        throw new FileAlreadyExistsException(path.toString(), null,
            "a zarr group is created in a new or empty directory");
      }
    }
    Files.createDirectories(path);
    ZarrJson.writeGroup(path);
    return new ZarrGroup(path);
  }

  /** True when {@code path} holds a {@code .zgroup}. */
  public static boolean isGroup(Path path) {
    return ZarrJson.isGroup(path);
  }

  /** True when {@code path} holds a {@code .zarray}. */
  public static boolean isArray(Path path) {
    return Files.isRegularFile(path.resolve(ZarrJson.ZARRAY));
  }

  /** The group's directory. */
  public Path path() {
    return path;
  }

  /** The group's attributes ({@code .zattrs}; empty when absent). Reads the file on every call. */
  public Map<String, Object> attributes() throws IOException {
    return ZarrJson.readAttributes(path);
  }

  /** Replaces {@code .zattrs} with {@code attributes} (maps, lists, strings, numbers, booleans, null). */
  public void writeAttributes(Map<String, ?> attributes) throws IOException {
    ZarrJson.writeAttributes(path, attributes);
  }

  /** Creates the child group {@code name}. */
  public ZarrGroup createGroup(String name) throws IOException {
    return create(child(name));
  }

  /** Creates the child array {@code name}. */
  public ZarrArray createArray(String name, ZarrArrayMetadata metadata) throws IOException {
    return ZarrArray.create(child(name), metadata);
  }

  /** Opens the child group {@code name}. */
  public ZarrGroup group(String name) throws IOException {
    return open(child(name));
  }

  /** Opens the child array {@code name}. */
  public ZarrArray array(String name) throws IOException {
    return ZarrArray.open(child(name));
  }

  /** Names of the child groups and arrays, sorted (lists the directory). */
  public List<String> members() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(path)) {
      s.filter(p -> isGroup(p) || isArray(p)).forEach(p -> names.add(p.getFileName().toString()));
    }
    names.sort(null);
    return names;
  }

  private Path child(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".")
        || name.equals("..") || name.startsWith(".z")) {
      throw new IllegalArgumentException("'" + name + "' is not a valid zarr member name");
    }
    return path.resolve(name);
  }

  @Override
  public String toString() {
    return "ZarrGroup[" + path + "]";
  }
}
