package org.hyperflux.io.hyperspy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperflux.io.hdf5.Hdf5File;
import org.hyperflux.io.hdf5.Hdf5FormatException;
import org.hyperflux.io.hdf5.Hdf5Group;

/**
 * A group of an open {@code .hspy} (HDF5) file as a {@link TreeGroup}, over {@link Hdf5Group}.
 * Attribute values come from {@link Hdf5Group#attributes()}, which already gives zarr's plain
 * values (strings, fixed-length byte strings decoded as UTF-8 as HyperSpy decodes bytes; numpy
 * bools as Boolean; integers as Long; floats as Double; arrays as lists); uint64 values above
 * {@code Long.MAX_VALUE}, which it gives as {@link BigInteger}, become Double here, as the tree
 * contract says.
 *
 * <p>An attribute jHDF 0.13.0 cannot parse, such as HyperSpy's {@code _bs_<key>} bytes holding a
 * NUL (an HDF5 opaque attribute), makes the whole group's attributes unreadable: {@link
 * #attributes()} then fails with a {@link HyperSpyFormatException} naming the file and the group
 * (a truncated file fails with the {@link Hdf5FormatException} saying so).
 *
 * <p>Unlike the zarr implementation this one needs its {@link Hdf5File} open: it is valid while
 * the file is, which {@link HspyFormat} keeps open for the duration of one read. The sources of
 * its arrays outlive the file.
 */
final class Hdf5TreeGroup implements TreeGroup {
  private final String file;
  private final Hdf5Group group;

  Hdf5TreeGroup(Hdf5Group group) {
    this.file = group.file().path().toString();
    this.group = group;
  }

  /** The root group of the open file {@code f}. */
  static Hdf5TreeGroup root(Hdf5File f) {
    return new Hdf5TreeGroup(f.root());
  }

  @Override
  public String file() {
    return file;
  }

  @Override
  public String path() {
    return group.path();
  }

  @Override
  public Map<String, Object> attributes() throws IOException {
    try {
      return normalise(group.attributes());
    } catch (Hdf5FormatException e) {
      if (String.valueOf(e.getMessage()).contains("truncated")) throw e;
      throw new HyperSpyFormatException(file, group.path(), "the group's attributes cannot be"
          + " read: one is of a kind jHDF 0.13.0 (hyperflux's HDF5 parser) cannot parse, such as"
          + " the opaque attribute _bs_<key> HyperSpy writes for bytes holding a NUL, or the"
          + " group's header is damaged; load the file in HyperSpy and save it without such"
          + " metadata, or as .zspy", e);
    }
  }

  @Override
  public List<String> groupNames() throws IOException {
    return group.groups();
  }

  @Override
  public List<String> arrayNames() throws IOException {
    return group.datasets();
  }

  @Override
  public TreeGroup group(String name) throws IOException {
    if (!hasGroup(name)) {
      throw new NoSuchFileException(file, null, "no group " + childPath(name));
    }
    return new Hdf5TreeGroup(group.group(name));
  }

  @Override
  public TreeArray array(String name) throws IOException {
    if (!hasArray(name)) {
      throw new NoSuchFileException(file, null, "no array " + childPath(name));
    }
    return new Hdf5TreeArray(file, group.dataset(name));
  }

  /** Attribute values with uint64 values beyond Long as Double (recursively). */
  static Map<String, Object> normalise(Map<String, Object> attributes) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : attributes.entrySet()) out.put(e.getKey(), value(e.getValue()));
    return out;
  }

  @SuppressWarnings("unchecked")
  static Object value(Object v) {
    if (v instanceof BigInteger b) {
      return b.bitLength() <= 63 ? (Object) b.longValue() : (Object) b.doubleValue();
    }
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
    return "HDF5 group " + group.path() + " of " + file;
  }
}
