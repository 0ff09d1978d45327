package org.hyperflux.io.hdf5.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.RegionCopy;
import org.hyperflux.core.array.Shape;
import org.hyperflux.io.hdf5.Hdf5Dataset;
import org.hyperflux.io.hdf5.Hdf5File;
import org.hyperflux.io.hdf5.Hdf5Group;

/**
 * Generated files for the writer's tests: a shape of rank 1 to 4, a dtype (every {@link DType}),
 * a chunk shape (often not dividing the shape; sometimes small enough for more than 64 chunks, a
 * multi-level B-tree), values drawn from a seed (floats include NaN, infinities and -0.0;
 * integers the whole range), and a tree of groups and attributes (strings with non-ASCII
 * characters, booleans, int64, float64, 1-D lists of these, empty lists, nested groups). Each
 * file holds {@code /data} (chunked, written from several threads in a scrambled order), {@code
 * /meta/small} (contiguous int64), {@code /meta/names} (variable-length strings), {@code
 * /meta/scalar} (a scalar float64) and {@code /meta/empty} (shape (0, 3), no chunk stored).
 */
final class WriterCases {
  private WriterCases() {}

  /** One generated file. */
  record Case(long[] shape, DType dtype, int[] chunkShape, long seed, Map<String, Object> tree,
      List<String> names) {
    @Override
    public String toString() {
      return dtype.numpyName() + " " + Arrays.toString(shape) + " in " + Arrays.toString(chunkShape)
          + ", seed " + seed + ", tree " + tree.keySet() + ", names " + names.size();
    }
  }

  private static final List<String> KEYS = List.of("a", "b", "title", "Signal", "navigate",
      "énergie", "µm scale", "x y", "_None_", "k9");

  static Arbitrary<Case> cases() {
    Arbitrary<long[]> shapes = Arbitraries.integers().between(1, 4).flatMap(rank ->
        Arbitraries.longs().between(1, rank == 1 ? 700 : rank == 2 ? 40 : rank == 3 ? 12 : 7)
            .array(long[].class).ofSize(rank));
    Arbitrary<DType> dtypes = Arbitraries.of(DType.values());
    return Combinators.combine(shapes, dtypes, Arbitraries.longs(), tree(2),
        text(12).list().ofMaxSize(5))
        .flatAs((shape, dtype, seed, tree, names) -> chunks(shape).map(chunks ->
            new Case(shape, dtype, chunks, seed, tree, names)));
  }

  /** Chunk extents 1..dim per axis: small ones give many chunks, others do not divide the shape. */
  private static Arbitrary<int[]> chunks(long[] shape) {
    List<Arbitrary<Integer>> axes = new ArrayList<>();
    for (long d : shape) {
      axes.add(Arbitraries.frequencyOf(
          net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, (int) d)),
          net.jqwik.api.Tuple.of(1, Arbitraries.just(1)),
          net.jqwik.api.Tuple.of(1, Arbitraries.just((int) d))));
    }
    return Combinators.combine(axes).as(l -> l.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Printable text, ASCII and beyond (no NUL, which ends an HDF5 string, and no lone surrogates). */
  private static Arbitrary<String> text(int maxLength) {
    return Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\u024f')
        .withCharRange('\u4e00', '\u4e20').ofMaxLength(maxLength);
  }

  private static Arbitrary<Object> leaf() {
    Arbitrary<String> strings = Arbitraries.oneOf(text(20),
        Arbitraries.of("", "_None_", "HyperSpy", "na\u00efve \u00b5m \u2192 \u6f22\u5b57",
            "x".repeat(300)));
    Arbitrary<Double> doubles = Arbitraries.oneOf(Arbitraries.doubles(),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
            Double.MIN_VALUE, Double.MAX_VALUE));
    return Arbitraries.oneOf(strings.map(s -> (Object) s), Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.longs().map(l -> (Object) l), doubles.map(d -> (Object) d),
        strings.list().ofMinSize(1).ofMaxSize(4).map(l -> (Object) l),
        Arbitraries.of(true, false).list().ofMinSize(1).ofMaxSize(4).map(l -> (Object) l),
        Arbitraries.longs().list().ofMaxSize(4).map(l -> (Object) l),
        doubles.list().ofMinSize(1).ofMaxSize(4).map(l -> (Object) l));
  }

  private static Arbitrary<Map<String, Object>> tree(int depth) {
    Arbitrary<Object> value = depth == 0 ? leaf()
        : Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, leaf()),
            net.jqwik.api.Tuple.of(1, tree(depth - 1).map(m -> (Object) m)));
    return Arbitraries.maps(Arbitraries.of(KEYS), value).ofMaxSize(5)
        .map(m -> (Map<String, Object>) new LinkedHashMap<>(m));
  }

  /** The case's data: values drawn from its seed. */
  static Block data(Case c) {
    int n = (int) Shape.of(c.shape()).size();
    Block b = Block.allocate(c.dtype(), n);
    SplittableRandom r = new SplittableRandom(c.seed());
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0};
    for (int i = 0; i < n; i++) {
      if (c.dtype().isFloat()) {
        b.setDouble(i, r.nextInt(10) == 0 ? specials[r.nextInt(specials.length)]
            : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-30, 30)));
      } else if (c.dtype().isBool()) {
        b.setLong(i, r.nextInt(2));
      } else {
        b.setLong(i, r.nextLong());
      }
    }
    return b;
  }

  /** Writes {@code c} to {@code file} with deflate {@code level}. */
  static void write(Case c, Path file, int level) throws IOException {
    Shape shape = Shape.of(c.shape());
    Block all = data(c);
    try (Hdf5Writer w = Hdf5Writer.create(file, level)) {
      writeTree(w.root(), c.tree());
      Hdf5DatasetWriter d = w.root().createDataset("data", shape, c.dtype(), c.chunkShape());
      long count = d.grid().chunkCount();
      List<Long> order = new ArrayList<>();
      for (long i = 0; i < count; i++) order.add(i);
      java.util.Collections.shuffle(order, new java.util.Random(c.seed()));
      Region whole = Region.whole(shape);
      order.parallelStream().forEach(i -> {
        ChunkIndex ix = d.grid().index(i);
        try {
          d.writeChunk(ix, RegionCopy.extract(all, whole, d.grid().region(ix)));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      Hdf5GroupWriter meta = w.root().createGroup("meta");
      long[] small = {c.seed(), -1, 0, Long.MAX_VALUE};
      meta.createDataset("small", Shape.of(small.length), DType.INT64, new int[] {small.length})
          .writeAll(Block.wrap(DType.INT64, small));
      if (!c.names().isEmpty()) meta.writeStrings("names", c.names());
      meta.createDataset("scalar", Shape.scalar(), DType.FLOAT64, new int[0])
          .writeAll(Block.wrap(DType.FLOAT64, new double[] {c.seed() * 0.5}));
      meta.createDataset("empty", Shape.of(0, 3), c.dtype(), new int[] {1, 3});
      w.finish();
    }
  }

  @SuppressWarnings("unchecked")
  private static void writeTree(Hdf5GroupWriter g, Map<String, Object> tree) {
    Map<String, Object> attrs = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> m) {
        writeTree(g.createGroup(e.getKey()), (Map<String, Object>) m);
      } else {
        attrs.put(e.getKey(), e.getValue());
      }
    }
    g.writeAttributes(attrs);
  }

  // ------------------------------------------------------------------------- our reader (jHDF)

  /** Reads {@code file} back with hyperflux's reader and checks groups, attributes and values. */
  static void checkWithOurReader(Case c, Path file) throws IOException {
    try (Hdf5File f = Hdf5File.open(file)) {
      checkGroup(f.root(), c.tree(), true, c);
      Hdf5Dataset d = f.dataset("/data");
      assertThat(d.shape()).as(c.toString()).isEqualTo(Shape.of(c.shape()));
      assertThat(d.dtype()).as(c.toString()).contains(c.dtype());
      assertThat(d.chunkShape()).as(c.toString()).hasValueSatisfying(s -> assertThat(s).containsExactly(c.chunkShape()));
      assertThat(d.filters()).as(c.toString()).hasSize(2);
      Block read = d.lazy().compute().toBlock();
      assertSameValues(read, data(c), c.toString());
      assertThat(f.dataset("/meta/small").values()).isEqualTo(List.of(c.seed(), -1L, 0L, Long.MAX_VALUE));
      if (!c.names().isEmpty()) assertThat(f.dataset("/meta/names").values()).isEqualTo(c.names());
      assertThat(f.dataset("/meta/scalar").values()).isEqualTo(c.seed() * 0.5);
      assertThat(f.dataset("/meta/empty").shape()).isEqualTo(Shape.of(0, 3));
    }
  }

  static void assertSameValues(Block actual, Block expected, String what) {
    assertThat(actual.length()).as(what).isEqualTo(expected.length());
    for (int i = 0; i < expected.length(); i++) {
      if (expected.dtype().isFloat()) {
        if (Double.compare(actual.getDouble(i), expected.getDouble(i)) != 0) {
          throw new AssertionError(what + ": element " + i + " is " + actual.getDouble(i)
              + ", expected " + expected.getDouble(i));
        }
      } else if (actual.getLong(i) != expected.getLong(i)) {
        throw new AssertionError(what + ": element " + i + " is " + actual.getLong(i)
            + ", expected " + expected.getLong(i));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void checkGroup(Hdf5Group g, Map<String, Object> tree, boolean root, Case c)
      throws IOException {
    Map<String, Object> attrs = new LinkedHashMap<>();
    List<String> groups = new ArrayList<>();
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> m) {
        groups.add(e.getKey());
        checkGroup(g.group(e.getKey()), (Map<String, Object>) m, false, c);
      } else {
        attrs.put(e.getKey(), e.getValue());
      }
    }
    if (root) groups.add("meta");
    assertThat(g.groups()).as(c + " groups of " + g.path()).containsExactlyInAnyOrderElementsOf(groups);
    Map<String, Object> seen = g.attributes();
    assertThat(seen.keySet()).as(c + " attributes of " + g.path()).containsExactlyInAnyOrderElementsOf(attrs.keySet());
    for (Map.Entry<String, Object> e : attrs.entrySet()) {
      assertThat(describe(seen.get(e.getKey()))).as(c + " attribute " + e.getKey() + " of " + g.path())
          .isEqualTo(describe(e.getValue()));
    }
  }

  /** A value with floats as their bits, so that NaN and -0.0 compare exactly. */
  private static Object describe(Object v) {
    if (v instanceof Double d) return "f" + Double.doubleToRawLongBits(d);
    if (v instanceof List<?> l) return l.stream().map(WriterCases::describe).toList();
    return v;
  }

  // ------------------------------------------------------------------------------- h5py's view

  /** What describe_with_h5py.py must print for {@code c}'s file (as plain JSON values). */
  static Map<String, Object> expectedH5py(Case c) {
    Map<String, Object> objects = new LinkedHashMap<>();
    expectedGroup("/", c.tree(), objects);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("attrs", Map.of());
    data.put("kind", "dataset");
    data.put("shape", Arrays.stream(c.shape()).boxed().toList());
    data.put("dtype", c.dtype().numpyName());
    data.put("sha256", sha256(ChunkEncoder.littleEndian(data(c))));
    objects.put("/data", data);
    objects.put("/meta", Map.of("attrs", Map.of(), "kind", "group"));
    long[] small = {c.seed(), -1, 0, Long.MAX_VALUE};
    objects.put("/meta/small", Map.of("attrs", Map.of(), "kind", "dataset", "shape", List.of(4),
        "dtype", "int64", "sha256", sha256(ChunkEncoder.littleEndian(Block.wrap(DType.INT64, small)))));
    objects.put("/meta/scalar", Map.of("attrs", Map.of(), "kind", "dataset", "shape", List.of(),
        "dtype", "float64", "sha256", sha256(ChunkEncoder.littleEndian(
            Block.wrap(DType.FLOAT64, new double[] {c.seed() * 0.5})))));
    objects.put("/meta/empty", Map.of("attrs", Map.of(), "kind", "dataset", "shape", List.of(0, 3),
        "dtype", c.dtype().numpyName(), "sha256", sha256(new byte[0])));
    if (!c.names().isEmpty()) {
      objects.put("/meta/names", Map.of("attrs", Map.of(), "kind", "dataset",
          "shape", List.of(c.names().size()), "dtype", "str", "strings", c.names()));
    }
    return objects;
  }

  @SuppressWarnings("unchecked")
  private static void expectedGroup(String path, Map<String, Object> tree, Map<String, Object> objects) {
    Map<String, Object> attrs = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> m) {
        expectedGroup((path.equals("/") ? "/" : path + "/") + e.getKey(), (Map<String, Object>) m, objects);
      } else {
        attrs.put(e.getKey(), h5pyAttribute(e.getValue()));
      }
    }
    objects.put(path, Map.of("attrs", attrs, "kind", "group"));
  }

  private static List<Object> h5pyAttribute(Object v) {
    if (v instanceof String s) return List.of("str", s);
    if (v instanceof Boolean b) return List.of("bool", b);
    if (v instanceof Long l) return List.of("int64", l);
    if (v instanceof Double d) return List.of("float64", Double.doubleToRawLongBits(d));
    List<?> l = (List<?>) v;
    if (l.isEmpty()) return List.of("float64[]", List.of());
    Object first = l.get(0);
    if (first instanceof String) return List.of("str[]", l);
    if (first instanceof Boolean) return List.of("bool[]", l);
    if (first instanceof Long) return List.of("int64[]", l);
    return List.of("float64[]", l.stream().map(d -> Double.doubleToRawLongBits((Double) d)).toList());
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
