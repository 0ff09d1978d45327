package org.hyperflux.io.hyperspy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.Source;
import org.hyperflux.core.exec.SourceHandle;
import org.hyperflux.io.zarr.ZarrArray;
import org.hyperflux.io.zarr.ZarrStringArray;

/**
 * A zarr array of a {@code .zspy} store as a {@link TreeArray}: a numeric {@link ZarrArray}
 * (its {@link ZarrArray#source()} reads chunk files on demand) or a string {@link ZarrStringArray}.
 * Exactly one of the two is set.
 */
final class ZarrTreeArray implements TreeArray {
  private final String file;
  private final String path;
  private final ZarrArray numeric;
  private final ZarrStringArray strings;

  ZarrTreeArray(String file, String path, ZarrArray numeric, ZarrStringArray strings) {
    this.file = file;
    this.path = path;
    this.numeric = numeric;
    this.strings = strings;
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
  public Shape shape() {
    return numeric != null ? numeric.metadata().shape() : strings.shape();
  }

  @Override
  public Optional<DType> dtype() {
    return numeric != null ? Optional.of(numeric.metadata().dtype()) : Optional.empty();
  }

  @Override
  public ChunkGrid grid() {
    return numeric != null ? numeric.metadata().grid() : strings.grid();
  }

  @Override
  public Source source() {
    if (numeric == null) {
      throw new IllegalStateException("dataset " + path + " of " + file + " holds strings ("
          + strings.objectCodec() + "), not numbers: it has no numeric source");
    }
    return numeric.source();
  }

  @Override
  public List<Object> values() throws IOException {
    if (strings != null) return strings.values();
    Shape shape = shape();
    if (shape.size() > Integer.MAX_VALUE - 8) {
      throw new HyperSpyFormatException(file, path, "dataset of shape " + shape
          + " is too large to read into a list");
    }
    Block b;
    try (SourceHandle h = numeric.source().open()) {
      b = shape.size() == 0 ? Block.allocate(numeric.metadata().dtype(), 0)
          : h.readRegion(Region.whole(shape));
    }
    return elements(b);
  }

  /** The elements of {@code b} as Boolean, Long (uint64 above 2^63 - 1 as Double) or Double. */
  static List<Object> elements(Block b) {
    DType t = b.dtype();
    List<Object> out = new ArrayList<>(b.length());
    for (int i = 0; i < b.length(); i++) {
      if (t.isBool()) {
        out.add(b.getLong(i) != 0);
      } else if (t.isFloat()) {
        out.add(b.getDouble(i));
      } else {
        long v = b.getLong(i);
        if (t == DType.UINT64 && v < 0) {
          out.add(Double.parseDouble(Long.toUnsignedString(v)));
        } else {
          out.add(v);
        }
      }
    }
    return out;
  }

  @Override
  public Map<String, Object> attributes() throws IOException {
    return ZarrTreeGroup.normalise(numeric != null ? numeric.attributes() : strings.attributes());
  }

  @Override
  public String toString() {
    return "zarr array " + path + " of " + file;
  }
}
