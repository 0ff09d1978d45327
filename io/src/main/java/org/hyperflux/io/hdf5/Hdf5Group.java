package org.hyperflux.io.hdf5;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A group of an open {@link Hdf5File}: its attributes and the names of its child groups and
 * datasets, read from the file on each call. Valid while the file is open.
 */
public final class Hdf5Group {
  private final Hdf5File file;
  private final Group group;
  private final String path;

  Hdf5Group(Hdf5File file, Group group, String path) {
    this.file = file;
    this.group = group;
    this.path = path;
  }

  /** The group's absolute path ({@code "/"} for the root). */
  public String path() {
    return path;
  }

  /** The group's name: the last path segment ({@code ""} for the root). */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The file the group belongs to. */
  public Hdf5File file() {
    return file;
  }

  /**
   * The group's attributes by name (sorted, as h5py lists them), as plain Java values (see
   * {@link Hdf5Dataset#attributes()} for the types).
   *
   * @throws Hdf5FormatException naming the group (and attribute) when one cannot be decoded
   */
  public Map<String, Object> attributes() throws IOException {
    synchronized (file) {
      file.checkOpen();
      return Attributes.read(file, group, path);
    }
  }

  /** Names of the child groups, sorted (soft links to groups included). */
  public List<String> groups() throws IOException {
    return children(true);
  }

  /** Names of the child datasets, sorted (soft links to datasets included). */
  public List<String> datasets() throws IOException {
    return children(false);
  }

  private List<String> children(boolean groups) throws IOException {
    synchronized (file) {
      file.checkOpen();
      List<String> out = new ArrayList<>();
      try {
        for (Map.Entry<String, Node> e : group.getChildren().entrySet()) {
          Node n = Hdf5File.follow(e.getValue());
          if (groups ? n instanceof Group : n instanceof Dataset) out.add(e.getKey());
        }
      } catch (RuntimeException e) {
        throw file.format(path, "cannot read the group's members", e);
      }
      out.sort(null);
      return out;
    }
  }

  /**
   * The group at {@code path}, relative to this group (or absolute).
   *
   * @throws IllegalArgumentException when there is no such group, naming the file, the path and
   *     what the nearest existing group holds
   */
  public Hdf5Group group(String path) throws IOException {
    synchronized (file) {
      file.checkOpen();
      String abs = Hdf5File.normalise(this.path, path);
      Node n = file.find(abs);
      if (!(n instanceof Group g)) throw file.missing(abs, "group");
      return new Hdf5Group(file, g, abs);
    }
  }

  /**
   * The dataset at {@code path}, relative to this group (or absolute); reads its header.
   *
   * @throws IllegalArgumentException when there is no such dataset, naming the file, the path and
   *     what the nearest existing group holds
   * @throws Hdf5FormatException when the dataset's header cannot be read
   */
  public Hdf5Dataset dataset(String path) throws IOException {
    synchronized (file) {
      file.checkOpen();
      String abs = Hdf5File.normalise(this.path, path);
      Node n = file.find(abs);
      if (!(n instanceof Dataset d)) throw file.missing(abs, "dataset");
      return Hdf5Dataset.of(file, d, abs);
    }
  }

  /** True when {@code path} (relative or absolute) names a group. */
  public boolean isGroup(String path) throws IOException {
    synchronized (file) {
      file.checkOpen();
      return file.find(Hdf5File.normalise(this.path, path)) instanceof Group;
    }
  }

  /** True when {@code path} (relative or absolute) names a dataset. */
  public boolean isDataset(String path) throws IOException {
    synchronized (file) {
      file.checkOpen();
      return file.find(Hdf5File.normalise(this.path, path)) instanceof Dataset;
    }
  }

  @Override
  public String toString() {
    return "Hdf5Group[" + file.path() + ":" + path + "]";
  }
}
