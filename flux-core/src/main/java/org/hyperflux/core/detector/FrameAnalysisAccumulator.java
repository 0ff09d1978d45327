package org.hyperflux.core.detector;

import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperflux.core.accumulate.Accumulator;
import org.hyperflux.core.accumulate.AccumulatorTraits;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Chunk;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.live.ScanGeometry;

/**
 * A {@link FrameAnalysis} as a mergeable {@link Accumulator}: each tile of whole frames runs
 * through the {@link FrameKernel} frame by frame. A state holds its partition's sum frame (added
 * in merge; exact for integer frames, in the Pass's fixed merge order for floats), the frame with
 * the highest index it has seen, and its positional values as columns (position, navigator,
 * detectors, centre of mass) that merge appends and {@code finish} scatters into
 * navigation-shaped images (DESIGN §4: positional results are written per partition slice).
 */
final class FrameAnalysisAccumulator implements Accumulator<FrameAnalysisAccumulator.State, FrameAnalysisSnapshot> {
  private static final long serialVersionUID = 1L;

  private final FrameAnalysis analysis;
  // ScanGeometry is not serialisable: keep the geometry as numbers.
  private final int scanY;
  private final int scanX;
  private final DType dtype;
  private transient ScanGeometry geometry;
  private final FrameKernel kernel;
  private final int masks;

  FrameAnalysisAccumulator(FrameAnalysis analysis, ScanGeometry geometry, FrameKernel kernel) {
    this.analysis = analysis;
    this.scanY = geometry.scanY();
    this.scanX = geometry.scanX();
    this.dtype = geometry.dtype();
    this.geometry = geometry;
    this.kernel = kernel;
    this.masks = kernel.masks.length;
  }

  private Object readResolve() {
    return new FrameAnalysisAccumulator(analysis,
        new ScanGeometry(scanY, scanX, kernel.height, kernel.width, dtype), kernel);
  }

  @Override
  public AccumulatorTraits traits() {
    long frame = geometry.framePixels() * 8L;
    long positional = geometry.frames() * 8L * (2 + 2 + masks);
    long partition = frame + geometry.frameBytes() + 64L * 8 * (2 + 2 + masks);
    return new AccumulatorTraits(true, false, 1, true, frame + geometry.frameBytes() + positional,
        Math.min(partition, frame + geometry.frameBytes() + positional));
  }

  /** A partition's partial results. */
  static final class State {
    Object sum;
    long latestIndex = -1;
    Block latest;
    long frames;
    int n;
    int[] position = new int[16];
    long[] totalL = new long[16];
    double[] totalD = new double[16];
    double[][] det;
    double[] comX = new double[16];
    double[] comY = new double[16];
    transient FrameKernel.Scratch scratch;

    State(int masks) {
      det = new double[masks][16];
    }

    void grow(int need) {
      if (need <= position.length) return;
      int cap = Math.max(need, position.length * 2);
      position = Arrays.copyOf(position, cap);
      totalL = Arrays.copyOf(totalL, cap);
      totalD = Arrays.copyOf(totalD, cap);
      comX = Arrays.copyOf(comX, cap);
      comY = Arrays.copyOf(comY, cap);
      for (int m = 0; m < det.length; m++) det[m] = Arrays.copyOf(det[m], cap);
    }
  }

  @Override
  public State create() {
    return new State(masks);
  }

  @Override
  public void accept(State state, Chunk tile) {
    Region r = tile.region();
    int rank = r.rank();
    int h = geometry.frameHeight();
    int w = geometry.frameWidth();
    if (r.extent(rank - 2) != h || r.extent(rank - 1) != w) {
      throw new IllegalArgumentException(
          "a frame analysis needs tiles of whole " + h + "x" + w + " frames, got tile " + r
              + " (use chunks with whole signal axes and tiles of at least " + (h * w)
              + " elements, as FrameAnalysis.offline does)");
    }
    if (state.scratch == null) state.scratch = kernel.scratch();
    if (state.sum == null && analysis.sumFrame()) state.sum = kernel.newSum();
    int ny = rank == 4 ? r.extent(0) : 1;
    long y0 = rank == 4 ? r.offset(0) : 0;
    int nx = r.extent(rank - 3);
    long x0 = r.offset(rank - 3);
    Block b = tile.block();
    int fp = h * w;
    int at = b.offset();
    FrameKernel.Scratch s = state.scratch;
    state.grow(state.n + ny * nx);
    long last = -1;
    int lastAt = 0;
    for (int y = 0; y < ny; y++) {
      for (int x = 0; x < nx; x++, at += fp) {
        long f = (y0 + y) * geometry.scanX() + x0 + x;
        kernel.frame(b.array(), at, state.sum, s);
        int k = state.n++;
        state.position[k] = (int) f;
        state.totalL[k] = s.totalL;
        state.totalD[k] = s.totalD;
        for (int m = 0; m < masks; m++) state.det[m][k] = s.det[m];
        state.comX[k] = s.comX;
        state.comY[k] = s.comY;
        if (f > last) {
          last = f;
          lastAt = at;
        }
      }
    }
    state.frames += (long) ny * nx;
    if (analysis.latestFrame() && last > state.latestIndex) {
      if (state.latest == null) state.latest = Block.allocate(geometry.dtype(), fp);
      state.latest.copyFrom(Block.wrap(b.dtype(), b.array()), lastAt, 0, fp);
      state.latestIndex = last;
    }
  }

  @Override
  public State merge(State left, State right) {
    if (right.sum != null) {
      if (left.sum == null) left.sum = right.sum;
      else add(left.sum, right.sum);
    }
    if (right.latestIndex > left.latestIndex) {
      left.latestIndex = right.latestIndex;
      left.latest = right.latest;
    }
    left.frames += right.frames;
    left.grow(left.n + right.n);
    int n = right.n;
    System.arraycopy(right.position, 0, left.position, left.n, n);
    System.arraycopy(right.totalL, 0, left.totalL, left.n, n);
    System.arraycopy(right.totalD, 0, left.totalD, left.n, n);
    System.arraycopy(right.comX, 0, left.comX, left.n, n);
    System.arraycopy(right.comY, 0, left.comY, left.n, n);
    for (int m = 0; m < masks; m++) System.arraycopy(right.det[m], 0, left.det[m], left.n, n);
    left.n += n;
    return left;
  }

  static void add(Object into, Object from) {
    if (into instanceof long[] a) {
      long[] b = (long[]) from;
      for (int i = 0; i < a.length; i++) a[i] += b[i];
    } else {
      double[] a = (double[]) into;
      double[] b = (double[]) from;
      for (int i = 0; i < a.length; i++) a[i] += b[i];
    }
  }

  @Override
  public Partial<FrameAnalysisSnapshot> finish(State state) {
    return snapshot(state);
  }

  @Override
  public Partial<FrameAnalysisSnapshot> snapshot(State state) {
    int positions = (int) geometry.frames();
    BitSet valid = new BitSet(positions);
    for (int k = 0; k < state.n; k++) valid.set(state.position[k]);
    DType sumType = FrameAnalysis.sumType(geometry.dtype());
    Partial<Block> nav = null;
    if (analysis.navigator()) {
      Object values;
      if (kernel.floating) {
        double[] v = new double[positions];
        for (int k = 0; k < state.n; k++) v[state.position[k]] = state.totalD[k];
        values = v;
      } else {
        long[] v = new long[positions];
        for (int k = 0; k < state.n; k++) v[state.position[k]] = state.totalL[k];
        values = v;
      }
      nav = FrameAnalysisSnapshot.image(sumType, values, valid, positions);
    }
    Map<String, Partial<Block>> dets = new LinkedHashMap<>();
    List<String> names = analysis.detectorNames();
    for (int m = 0; m < masks; m++) {
      dets.put(names.get(m), scatter(state, state.det[m], valid, positions));
    }
    Partial<Block> cx = analysis.centreOfMass() ? scatter(state, state.comX, valid, positions) : null;
    Partial<Block> cy = analysis.centreOfMass() ? scatter(state, state.comY, valid, positions) : null;
    Block sum = null;
    if (analysis.sumFrame()) {
      Object s = state.sum == null ? kernel.newSum()
          : state.sum instanceof long[] l ? l.clone() : ((double[]) state.sum).clone();
      sum = Block.wrap(sumType, s);
    }
    Block latest = state.latest == null ? null : state.latest.copy();
    FrameAnalysisSnapshot snap = new FrameAnalysisSnapshot(geometry, state.frames, positions, nav,
        dets, cx, cy, sum, latest, latest == null ? -1 : state.latestIndex);
    return new Partial<>(snap, valid.cardinality() == positions ? null : valid, state.frames,
        positions);
  }

  private static Partial<Block> scatter(State state, double[] column, BitSet valid, int positions) {
    double[] v = new double[positions];
    for (int k = 0; k < state.n; k++) v[state.position[k]] = column[k];
    return FrameAnalysisSnapshot.image(DType.FLOAT64, v, valid, positions);
  }
}
