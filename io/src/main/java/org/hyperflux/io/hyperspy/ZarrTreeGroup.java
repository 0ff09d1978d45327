package org.hyperflux.io.hyperspy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperflux.io.zarr.ZarrArray;
import org.hyperflux.io.zarr.ZarrGroup;
import org.hyperflux.io.zarr.ZarrStringArray;

/**
 * A zarr v2 group of a {@code .zspy} directory store as a {@link TreeGroup}: attributes from
 * {@code .zattrs} (JSON numbers become {@code Long} or {@code Double}, integers beyond 64 bits
 * {@code Double}), members from the sub-directories holding {@code .zgroup} or {@code .zarray}.
 * Every call reads the directory afresh; nothing stays open.
 */
final class ZarrTreeGroup implements TreeGroup {
  private final String file;
  private final ZarrGroup group;
  private final String path;

  ZarrTreeGroup(String file, ZarrGroup group, String path) {
    this.file = file;
    this.group = group;
    this.path = path;
  }

  /** The root group of the store at {@code root}. */
  static ZarrTreeGroup root(Path root) throws IOException {
    return new ZarrTreeGroup(root.toString(), ZarrGroup.open(root), "/");
  }

  @Override
  public String file() {
    return file;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Map<String, Object> attributes() throws IOException {
    return normalise(group.attributes());
  }

  @Override
  public List<String> groupNames() throws IOException {
    List<String> out = new ArrayList<>();
    for (String m : group.members()) {
      if (ZarrGroup.isGroup(group.path().resolve(m))) out.add(m);
    }
    return out;
  }

  @Override
  public List<String> arrayNames() throws IOException {
    List<String> out = new ArrayList<>();
    for (String m : group.members()) {
      if (ZarrGroup.isArray(group.path().resolve(m))) out.add(m);
    }
    return out;
  }

  @Override
  public boolean hasGroup(String name) {
    return ZarrGroup.isGroup(group.path().resolve(name));
  }

  @Override
  public boolean hasArray(String name) {
    return ZarrGroup.isArray(group.path().resolve(name));
  }

  @Override
  public TreeGroup group(String name) throws IOException {
    if (!hasGroup(name)) {
      throw new NoSuchFileException(file, null, "no group " + childPath(name));
    }
    return new ZarrTreeGroup(file, group.group(name), childPath(name));
  }

  @Override
  public TreeArray array(String name) throws IOException {
    Path dir = group.path().resolve(name);
    if (!ZarrGroup.isArray(dir)) {
      throw new NoSuchFileException(file, null, "no array " + childPath(name));
    }
    try {
      if (ZarrStringArray.isObjectArray(dir)) {
        return new ZarrTreeArray(file, childPath(name), null, ZarrStringArray.open(dir));
      }
      return new ZarrTreeArray(file, childPath(name), ZarrArray.open(dir), null);
    } catch (IOException e) {
      throw new HyperSpyFormatException(file, childPath(name),
          "dataset cannot be read: " + e.getMessage(), e);
    }
  }

  /** JSON values as the normalised attribute values of {@link TreeGroup}. */
  static Map<String, Object> normalise(Map<String, Object> attributes) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      out.put(e.getKey(), value(e.getValue()));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object value(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof BigInteger b) return b.bitLength() <= 63 ? (Object) b.longValue() : (Object) b.doubleValue();
    if (v instanceof Float f) return f.doubleValue();
    if (v instanceof java.math.BigDecimal d) return d.doubleValue();
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) out.add(value(o));
      return out;
    }
    if (v instanceof Map<?, ?> m) return normalise((Map<String, Object>) m);
    return v;
  }

  @Override
  public String toString() {
    return "zarr group " + path + " of " + file;
  }
}
