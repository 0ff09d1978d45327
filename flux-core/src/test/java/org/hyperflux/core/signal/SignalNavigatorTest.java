package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hyperflux.core.testing.CountingSource.awaitAtLeast;
import static org.hyperflux.core.testing.CountingSource.sleepQuietly;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.exec.PlanException;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.testing.CountingSource;
import org.hyperflux.core.testing.RecordingProgress;
import org.hyperflux.core.testing.RecordingProgress.Event;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The navigators of {@link Signal} against plain loops: {@code computeNavigator} on random
 * geometries (irregular chunks, zero-length navigation axes, 1 to 3 axes per space), the full
 * navigator (one read, progress, backpressure and cancellation), the shape rules of {@code
 * withNavigator}, which operations keep a navigator, and bad input failing at build time. HyperSpy
 * agreement is {@link SignalNavigatorGoldenTest}'s.
 */
class SignalNavigatorTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ExecOptions OPTIONS = ExecOptions.defaults().withParallelism(2);
  private static final Pattern SLICE = Pattern.compile("slice\\((\\d+), (\\d+), None\\)");

  // ------------------------------------------------------------------ lazy equals eager

  /** A signal over a dense C-order array, its data as doubles for the reference. */
  private record Case(Signal signal, double[] values, long[] shape, int navDim) {}

  private static final DType[] DTYPES =
      {DType.UINT16, DType.INT8, DType.FLOAT32, DType.FLOAT64, DType.BOOL};

  /** A random geometry: 1-3 navigation axes (size 0-4), 1-3 signal axes (1-6), irregular chunks. */
  private static Case randomCase(Random r, boolean materialised) {
    int navDim = 1 + r.nextInt(3);
    int sigDim = 1 + r.nextInt(3);
    int rank = navDim + sigDim;
    long[] shape = new long[rank];
    int[][] extents = new int[rank][];
    List<Axis> axes = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      boolean nav = a < navDim;
      int size = nav ? (r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(4)) : 1 + r.nextInt(6);
      shape[a] = size;
      extents[a] = randomChunks(r, size);
      double scale = 0.25 * (1 + r.nextInt(4)) * (r.nextBoolean() ? 1 : -1);
      axes.add(Axis.uniform(size, scale, r.nextInt(7) - 3).withName("a" + a).withNavigate(nav));
    }
    DType dtype = DTYPES[r.nextInt(DTYPES.length)];
    int n = Math.toIntExact(Shape.of(shape).size());
    Block data = Block.allocate(dtype, n);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      long v = (i * 7919L + 13) % 251;
      if (dtype == DType.BOOL) {
        data.setLong(i, v % 3 == 0 ? 1 : 0);
      } else if (dtype == DType.INT8) {
        data.setLong(i, v - 125);
      } else if (dtype.isFloat()) {
        data.setDouble(i, v * 0.37 - 40);
      } else {
        data.setLong(i, v * 211);
      }
      values[i] = data.getDouble(i);
    }
    MemoryArray m = MemoryArray.split(data, ChunkGrid.irregular(Shape.of(shape), extents));
    Axes ax = Axes.of(axes);
    Signal s = materialised ? Signal.of(m, ax) : Signal.lazy(LazyArray.of(m), ax);
    return new Case(s.withTitle("case"), values, shape, navDim);
  }

  private static int[] randomChunks(Random r, int size) {
    if (size == 0) return new int[] {0};
    List<Integer> out = new ArrayList<>();
    for (int left = size; left > 0; ) {
      int e = 1 + r.nextInt(left);
      out.add(e);
      left -= e;
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Property(tries = 300, seed = "20240607")
  void computeNavigatorSumsTheChunkAroundTheIndex(@ForAll long seed) {
    Random r = new Random(seed);
    Case c = randomCase(r, r.nextBoolean());
    Signal s = c.signal();
    Axes axes = s.axes();
    int sigDim = axes.signalDimension();
    Index[] index = null;
    long[] expectedIndex = new long[sigDim];
    int mode = r.nextInt(3);
    if (mode > 0) {
      index = new Index[sigDim];
      for (int k = 0; k < sigDim; k++) {
        Axis a = axes.signalAxes().get(k);
        int i = r.nextInt(a.size());
        expectedIndex[k] = i;
        index[k] = mode == 1 ? Index.of(i) : Index.at(a.value(i));
      }
    } else {
      for (int k = 0; k < sigDim; k++) {
        expectedIndex[k] = Math.round(Math.rint(axes.signalAxes().get(k).size() / 2.0));
      }
    }
    int[] chunksNumber = null;
    if (r.nextBoolean()) {
      chunksNumber = new int[sigDim];
      for (int k = 0; k < sigDim; k++) {
        chunksNumber[k] = 1 + r.nextInt(axes.signalAxes().get(k).size());
      }
    }

    Signal lazyNav = SignalNavigators.chunkNavigator(s, index, chunksNumber);
    Signal withNav = s.computeNavigator(index, chunksNumber, OPTIONS);
    Signal nav = withNav.navigator().orElseThrow();

    // Declared == computed; the navigator's axes are the navigation axes as signal axes.
    assertThat(nav.isLazy()).isFalse();
    assertThat(nav.dtype()).isEqualTo(s.dtype().sumType()).isEqualTo(lazyNav.dtype());
    assertThat(nav.axes()).isEqualTo(lazyNav.axes());
    assertThat(nav.axes().navigationDimension()).isZero();
    assertThat(nav.axes().arrayShape()).containsExactly(Arrays.copyOf(c.shape(), c.navDim()));
    for (int i = 0; i < c.navDim(); i++) {
      assertThat(nav.axes().axis(i)).isEqualTo(axes.axis(i).withNavigate(false));
    }
    assertThat(nav.title()).isEqualTo("case");

    // The slice contains the index; without a chunks number it is one chunk of the grid.
    long[][] slices = parseSumFrom(nav);
    assertThat(slices).hasNumberOfRows(sigDim);
    for (int k = 0; k < sigDim; k++) {
      assertThat(expectedIndex[k]).isBetween(slices[k][0], slices[k][1] - 1);
      if (chunksNumber == null) {
        int arrayIndex = axes.arrayIndex(c.navDim() + k);
        ChunkGrid grid = s.data().grid();
        int chunk = grid.chunkAt(arrayIndex, expectedIndex[k]);
        assertThat(slices[k][0]).isEqualTo(grid.offset(arrayIndex, chunk));
        assertThat(slices[k][1] - slices[k][0]).isEqualTo(grid.extents(arrayIndex)[chunk]);
      }
    }
    assertNavigatorValues(c, nav, slices);
  }

  @Property(tries = 150, seed = "20240608")
  void theFullNavigatorSumsEveryFrame(@ForAll long seed) {
    Random r = new Random(seed);
    Case c = randomCase(r, r.nextBoolean());
    Signal withNav = c.signal().computeFullNavigator(OPTIONS);
    Signal nav = withNav.navigator().orElseThrow();
    long[][] whole = new long[c.signal().axes().signalDimension()][];
    for (int k = 0; k < whole.length; k++) {
      whole[k] = new long[] {0, c.signal().axes().signalAxes().get(k).size()};
    }
    assertThat(parseSumFrom(nav)).isDeepEqualTo(whole);
    assertNavigatorValues(c, nav, whole);
    // The same value as compute_navigator with one chunk per signal axis.
    Signal one =
        c.signal().computeNavigator(null, new int[] {1}, OPTIONS).navigator().orElseThrow();
    assertThat(nav.axes()).isEqualTo(one.axes());
    assertThat(nav.metadata()).isEqualTo(one.metadata());
    assertThat(nav.originalMetadata()).isEqualTo(one.originalMetadata());
    assertThat(nav.toString()).isEqualTo(one.toString());
  }

  /** Plain loops: the navigator at each navigation position is the sum over the slices. */
  private static void assertNavigatorValues(Case c, Signal nav, long[][] slicesNatural) {
    long[] shape = c.shape();
    int navDim = c.navDim();
    int rank = shape.length;
    long navSize = 1;
    for (int a = 0; a < navDim; a++) navSize *= shape[a];
    long sigSize = 1;
    for (int a = navDim; a < rank; a++) sigSize *= shape[a];
    double[] want = new double[(int) navSize];
    for (int p = 0; p < navSize; p++) {
      for (int q = 0; q < sigSize; q++) {
        // q in C order over the signal axes; the slices are in natural order (reversed).
        long rest = q;
        boolean inside = true;
        for (int a = rank - 1; a >= navDim; a--) {
          long i = rest % shape[a];
          rest /= shape[a];
          long[] sl = slicesNatural[rank - 1 - a];
          inside &= i >= sl[0] && i < sl[1];
        }
        if (inside) want[p] += c.values()[(int) (p * sigSize + q)];
      }
    }
    Block got = nav.memory().orElseThrow().toBlock();
    assertThat(got.length()).isEqualTo(want.length);
    for (int p = 0; p < want.length; p++) {
      if (nav.dtype().isFloat()) {
        double tol = nav.dtype() == DType.FLOAT32 ? 1e-5 * (Math.abs(want[p]) + 1) : 1e-9;
        assertThat(Math.abs(got.getDouble(p) - want[p])).as("navigator at %d", p)
            .isLessThanOrEqualTo(tol);
      } else {
        assertThat(got.getLong(p)).as("navigator at %d", p).isEqualTo((long) want[p]);
      }
    }
  }

  private static long[][] parseSumFrom(Signal nav) {
    String text = nav.originalMetadata().getString("sum_from").orElseThrow();
    List<long[]> out = new ArrayList<>();
    Matcher m = SLICE.matcher(text);
    while (m.find()) out.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
    String rebuilt = SignalNavigators.sumFrom(out.toArray(new long[0][]));
    assertThat(rebuilt).isEqualTo(text);
    return out.toArray(new long[0][]);
  }

  // ------------------------------------------------------------------ reads and progress

  /** float32 ramp (6, 4 | 5, 8) in chunks (2, 3, 5, 4): 3 x 2 x 1 x 2 = 12 chunks. */
  private static CountingSource ramp() {
    return CountingSource.ramp(Shape.of(6, 4, 5, 8), 2, 3, 5, 4);
  }

  @Test
  void theFullNavigatorReadsEveryChunkOnceAndReportsProgress() {
    CountingSource src = ramp();
    Signal s = Signal.of(LazyArray.of(src), 2);
    RecordingProgress rec = new RecordingProgress();
    Signal withNav = s.computeFullNavigator(OPTIONS.withProgress(rec));
    assertThat(src.reads() + src.regionReads()).as("reads").isEqualTo(12);
    assertThat(src.chunksRead()).doesNotHaveDuplicates();
    assertThat(src.opens()).isEqualTo(1);
    assertThat(src.closes()).isEqualTo(1);

    List<Event> events = rec.events();
    assertThat(events.get(0).kind()).isEqualTo("start");
    assertThat(events.get(0).progress().chunksTotal()).isEqualTo(12);
    assertThat(events.get(0).progress().bytesTotal()).isEqualTo(6 * 4 * 5 * 8 * 4L);
    Event end = events.get(events.size() - 1);
    assertThat(end.kind()).isEqualTo("end");
    assertThat(end.error()).isNull();
    assertThat(end.progress().chunksDone()).isEqualTo(12);
    assertThat(end.progress().bytesDone()).isEqualTo(end.progress().bytesTotal());
    assertThat(rec.events("chunk")).hasSize(12);
    assertThat(rec.events("start")).hasSize(1);

    Signal nav = withNav.navigator().orElseThrow();
    assertThat(nav.toString()).isEqualTo("<Signal2D, title: , dimensions: (|4, 6)>");
    assertThat(nav.dtype()).isEqualTo(DType.FLOAT32);
    Block v = nav.memory().orElseThrow().toBlock();
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 4; x++) {
        long first = (y * 4L + x) * 40;
        double want = 40 * first + 39 * 40 / 2.0;
        assertThat(v.getDouble(y * 4 + x)).isEqualTo((float) want);
      }
    }
    assertThat(nav.originalMetadata().getString("sum_from"))
        .hasValue("[slice(0, 8, None), slice(0, 5, None)]");
  }

  @Test
  void computeNavigatorReadsOnlyTheChunksOfItsSlice() {
    CountingSource src = ramp();
    Signal s = Signal.of(LazyArray.of(src), 2);
    RecordingProgress rec = new RecordingProgress();
    // Default index (4, 2): the signal chunk x [4, 8), y [0, 5); 6 navigation chunks.
    Signal withNav = s.computeNavigator(null, null, OPTIONS.withProgress(rec));
    assertThat(src.reads() + src.regionReads()).isEqualTo(6);
    assertThat(rec.events("start")).isNotEmpty();
    assertThat(rec.events("end")).allMatch(e -> e.error() == null);
    Signal nav = withNav.navigator().orElseThrow();
    assertThat(nav.originalMetadata().getString("sum_from"))
        .hasValue("[slice(4, 8, None), slice(0, 5, None)]");
    Block v = nav.memory().orElseThrow().toBlock();
    for (int p = 0; p < 24; p++) {
      double want = 0;
      for (int ky = 0; ky < 5; ky++) {
        for (int kx = 4; kx < 8; kx++) want += p * 40L + ky * 8 + kx;
      }
      assertThat(v.getDouble(p)).isEqualTo((float) want);
    }
  }

  @Test
  void theFullNavigatorPassIsDrivenByDemandAndStopsOnCancel() {
    CountingSource src = ramp().heldUntilReleased();
    Signal s = Signal.of(LazyArray.of(src), 2);
    RecordingProgress rec = new RecordingProgress();
    int prefetch = 2;
    Mono<Signal> mono = s.computeFullNavigatorMono(
        OPTIONS.withBudgetBytes(16L << 20).withPrefetch(prefetch).withProgress(rec));
    sleepQuietly(50);
    assertThat(src.reads()).as("reads before subscription").isZero();
    assertThat(src.opens()).isZero();

    Disposable running = mono.subscribe(x -> { }, e -> { });
    awaitAtLeast(src::reads, 1, TIMEOUT);
    sleepQuietly(100);
    assertThat(src.reads()).as("reads started while held").isBetween(1, prefetch);
    running.dispose();
    src.releaseReads();
    assertThat(awaitAtLeast(src::closes, 1, TIMEOUT)).as("handle closed after cancel").isEqualTo(1);
    int readsAtClose = src.reads();
    sleepQuietly(100);
    assertThat(src.reads()).as("reads after cancel").isEqualTo(readsAtClose).isLessThan(12);
    assertThat(src.opens()).isEqualTo(1);
    assertThat(src.interruptedReads()).isZero();
    awaitAtLeast(() -> rec.events("end").size(), 1, TIMEOUT);
    assertThat(rec.events("end")).hasSize(1);
    assertThat(rec.events("end").get(0).error()).isInstanceOf(CancellationException.class);
  }

  @Test
  void theFullNavigatorMonoCompletesWithTheSignal() {
    Signal s = Signal.of(LazyArray.of(ramp()), 2).withTitle("scan");
    StepVerifier.create(s.computeFullNavigatorMono(OPTIONS))
        .assertNext(withNav -> {
          assertThat(withNav.title()).isEqualTo("scan");
          assertThat(withNav.navigator().orElseThrow().title()).isEqualTo("scan");
        })
        .expectComplete()
        .verify(TIMEOUT);
  }

  @Test
  void theFullNavigatorFailsBeforeReadingWhenItDoesNotFitTheBudget() {
    CountingSource src = ramp();
    Signal s = Signal.of(LazyArray.of(src), 2);
    assertThatThrownBy(() -> s.computeFullNavigatorMono(OPTIONS.withBudgetBytes(1024)))
        .isInstanceOf(PlanException.class);
    assertThat(src.reads() + src.opens()).isZero();
  }

  @Test
  void blockingFormsRefuseNonBlockingThreadsNamingTheMonoForm() {
    Signal s = Signal.of(LazyArray.of(ramp()), 2);
    Mono<Throwable> onParallel = Mono.fromCallable(() -> {
      try {
        s.computeFullNavigator(OPTIONS);
        return (Throwable) null;
      } catch (IllegalStateException e) {
        return e;
      }
    }).subscribeOn(Schedulers.parallel());
    assertThat(onParallel.block(TIMEOUT)).hasMessageContaining("computeFullNavigatorMono");
    Mono<Throwable> chunk = Mono.fromCallable(() -> {
      try {
        s.computeNavigator();
        return (Throwable) null;
      } catch (IllegalStateException e) {
        return e;
      }
    }).subscribeOn(Schedulers.parallel());
    assertThat(chunk.block(TIMEOUT)).hasMessageContaining("computeNavigatorMono");
  }

  // ------------------------------------------------------------------ carrying a navigator

  private static Signal scan() {
    // (3, 4 | 5, 6): navigation shape (3, 4) in natural order
    GeneratedSource src = GeneratedSource.of("ones", DType.UINT8,
        ChunkGrid.regular(Shape.of(4, 3, 6, 5), 2, 3, 3, 5), p -> 1);
    return Signal.of(LazyArray.of(src), 2).withTitle("scan");
  }

  private static Signal zeros(long[] arrayShape, int signalDimension) {
    return Signal.of(MemoryArray.zeros(DType.FLOAT64, ChunkGrid.single(Shape.of(arrayShape))),
        signalDimension);
  }

  @Test
  void withNavigatorAcceptsTheShapesHyperSpyPlots() {
    Signal s = scan();
    assertThat(s.navigator()).isEmpty();
    Signal staticNav = zeros(new long[] {4, 3}, 2);              // (|3, 4)
    Signal transposed = zeros(new long[] {4, 3}, 0);             // (3, 4|)
    Signal lazySum = s.sum(AxisSet.SIGNAL);                      // (3, 4|), lazy
    Signal dynamic = zeros(new long[] {4, 3}, 1);                // (4|3): signal (3) + nav (4)
    for (Signal nav : List.of(staticNav, transposed, lazySum, dynamic)) {
      Signal with = s.withNavigator(nav);
      assertThat(with.navigator()).as("navigator %s", nav).isPresent();
      assertThat(with.navigator().orElseThrow().axes()).isEqualTo(nav.axes());
      assertThat(with.data()).isSameAs(s.data());
      assertThat(with.withoutNavigator().navigator()).isEmpty();
    }
    // Three navigation axes: the first two or the first one also fit (HyperSpy's nav[:2], nav[:1]).
    Signal cube = zeros(new long[] {2, 4, 3, 5}, 1);            // (3, 4, 2|5)
    assertThat(cube.withNavigator(zeros(new long[] {4, 3}, 2)).navigator()).isPresent();
    assertThat(cube.withNavigator(zeros(new long[] {3}, 1)).navigator()).isPresent();
    assertThat(cube.withNavigator(zeros(new long[] {2, 4, 3}, 3)).navigator()).isPresent();
    // A navigator's own navigator is not carried along.
    Signal navWithNav = transposed.withNavigator(staticNav);
    assertThat(navWithNav.navigator()).isPresent();
    assertThat(s.withNavigator(navWithNav).navigator().orElseThrow().navigator()).isEmpty();
  }

  @Test
  void aNavigatorOfAnotherShapeFailsNamingTheShapes() {
    Signal s = scan();
    assertThatThrownBy(() -> s.withNavigator(zeros(new long[] {3, 4}, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(|4, 3)").hasMessageContaining("navigation shape (3, 4)");
    assertThatThrownBy(() -> s.withNavigator(zeros(new long[] {4}, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(3, 4), (3,)");
    assertThatThrownBy(() -> s.withNavigator(zeros(new long[] {4, 3, 1}, 3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> zeros(new long[] {6, 5}, 2).withNavigator(zeros(new long[] {1}, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no navigation axes");
    assertThatThrownBy(() -> s.withNavigator(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void metadataEditsLazinessAndComputeKeepTheNavigatorNewDataDropsIt() {
    Signal nav = zeros(new long[] {4, 3}, 2);
    Signal s = scan().withNavigator(nav);
    assertThat(s.withTitle("t").navigator()).contains(nav);
    assertThat(s.withMetadata(Metadata.empty()).navigator()).contains(nav);
    assertThat(s.withOriginalMetadata(Metadata.empty().with("a", 1)).navigator()).contains(nav);
    Signal computed = s.compute(OPTIONS);
    assertThat(computed.navigator()).contains(nav);
    assertThat(computed.asLazy().navigator()).contains(nav);
    // Recalibrated axes keep it; a different navigation shape drops it.
    Axes recalibrated = s.axes().with(0, s.axes().axis(0).withScale(0.5).withName("y"));
    assertThat(s.withAxes(recalibrated).navigator()).contains(nav);
    List<Axis> moved = new ArrayList<>(s.axes().arrayOrder());
    moved.set(1, moved.get(1).withNavigate(false));
    assertThat(s.withAxes(Axes.of(moved)).navigator()).isEmpty();
    // Every operation that makes new data drops it (HyperSpy's _deepcopy_with_new_data).
    assertThat(s.sum().navigator()).isEmpty();
    assertThat(s.inav(0L).navigator()).isEmpty();
    assertThat(s.isig(Index.range(0, 2)).navigator()).isEmpty();
    assertThat(s.add(1L).navigator()).isEmpty();
    assertThat(s.T().navigator()).isEmpty();
    assertThat(s.changeDtype(DType.FLOAT32).navigator()).isEmpty();
  }

  // ------------------------------------------------------------------ three signal axes

  @Test
  void withThreeSignalAxesTheChunkContainingTheIndexIsTakenAlongEveryAxis() {
    // (2 | 4, 3, 6): signal chunks z (3, 3), y (2, 1), x (2, 2)
    Block data = Block.allocate(DType.INT32, 2 * 6 * 3 * 4);
    for (int i = 0; i < data.length(); i++) data.setLong(i, i);
    MemoryArray m = MemoryArray.split(data,
        ChunkGrid.irregular(Shape.of(2, 6, 3, 4), new int[] {2}, new int[] {3, 3}, new int[] {2, 1},
            new int[] {2, 2}));
    Signal s = Signal.lazy(LazyArray.of(m), Axes.uniform(new long[] {2, 6, 3, 4}, 3));
    // HyperSpy would take z chunk [0, 3) whatever the index; here z = 4 lies in [3, 6).
    Index[] index = {Index.of(1), Index.of(2), Index.of(4)};
    Signal nav = s.computeNavigator(index, null, OPTIONS).navigator().orElseThrow();
    assertThat(nav.originalMetadata().getString("sum_from"))
        .hasValue("[slice(0, 2, None), slice(2, 3, None), slice(3, 6, None)]");
    assertThat(nav.dtype()).isEqualTo(DType.INT64);
    Block v = nav.memory().orElseThrow().toBlock();
    for (int n = 0; n < 2; n++) {
      long want = 0;
      for (int z = 3; z < 6; z++) {
        for (int x = 0; x < 2; x++) want += n * 72 + z * 12 + 2 * 4 + x;
      }
      assertThat(v.getLong(n)).isEqualTo(want);
    }
    assertThatThrownBy(() -> s.computeNavigator(0, 0, 6))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 6");
  }

  // ------------------------------------------------------------------ bad input

  @Test
  void badInputFailsWhenTheNavigatorIsBuiltBeforeAnyRead() {
    CountingSource src = ramp();
    Signal s = Signal.of(LazyArray.of(src), 2);   // (4, 6 | 8, 5)
    assertBad(() -> s.computeNavigatorMono(new Index[] {Index.of(8)}, null, OPTIONS),
        "index 8 is out of the signal range");
    assertBad(() -> s.computeNavigatorMono(new Index[] {Index.of(0), Index.of(-1)}, null, OPTIONS),
        "index -1");
    assertBad(() -> s.computeNavigatorMono(new Index[] {Index.at(7.5)}, null, OPTIONS),
        "out of the limits");
    assertBad(() -> s.computeNavigatorMono(new Index[] {Index.range(0, 2)}, null, OPTIONS),
        "not the range 0:2");
    assertBad(() -> s.computeNavigatorMono(new Index[] {Index.of(0), Index.of(0), Index.of(0)},
        null, OPTIONS), "got 3 values for the index");
    assertBad(() -> s.computeNavigatorMono(null, new int[] {0}, OPTIONS), "chunks number 0");
    assertBad(() -> s.computeNavigatorMono(null, new int[] {2, 6}, OPTIONS), "chunks number 6");
    assertBad(() -> s.computeNavigatorMono(null, new int[] {1, 1, 1}, OPTIONS),
        "got 3 values for the chunks number");
    assertThat(src.reads() + src.regionReads() + src.opens()).isZero();

    Signal noNav = zeros(new long[] {5, 4}, 2);
    assertBad(() -> noNav.computeNavigatorMono(null, null, OPTIONS), "no navigation axes");
    assertBad(() -> noNav.computeFullNavigatorMono(OPTIONS), "no navigation axes");
    Signal noSig = zeros(new long[] {5, 4}, 0);
    assertBad(() -> noSig.computeNavigatorMono(null, null, OPTIONS), "no signal axes");
    assertBad(() -> noSig.computeFullNavigatorMono(OPTIONS), "no signal axes");
    Signal emptySig = zeros(new long[] {3, 0}, 1);
    assertBad(() -> emptySig.computeNavigatorMono(null, null, OPTIONS), "has no points");
  }

  private static void assertBad(ThrowingBuild build, String message) {
    assertThatThrownBy(build::run).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private interface ThrowingBuild {
    Object run();
  }
}
