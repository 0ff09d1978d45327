package org.hyperflux.core.detector;

import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hyperflux.core.accumulate.Partial;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.live.ScanGeometry;

/**
 * The results of a {@link FrameAnalysis} over the frames accepted so far: an immutable value
 * (its blocks are copies owned by it; do not modify them). Navigation-shaped images are blocks
 * of {@code scanY × scanX} values in C order (position {@code k = row · scanX + column} is frame
 * {@code k}), each a {@link Partial} whose {@code validMask} says which positions are filled
 * (null when all are) and whose {@code accepted} counts them, of {@code expected = scanY · scanX};
 * positions not filled hold NaN (float64 images) or 0 (integer navigator).
 *
 * @param geometry the scan
 * @param framesAccepted frames analysed
 * @param framesExpected frames in the scan
 * @param navigator the sum of each frame (numpy's sum dtype: int64, uint64 or float64), or null
 * @param detectors the virtual images by name (float64), in the order they were added
 * @param comX the centre of mass column per position (float64, pixels), or null
 * @param comY the centre of mass row per position (float64, pixels), or null
 * @param sumFrame the sum of all accepted frames ({@code frameHeight × frameWidth}, numpy's sum
 *     dtype), or null
 * @param latestFrame a copy of the accepted frame with the highest index (input dtype), or null
 * @param latestFrameIndex that frame's index, -1 when none
 */
public record FrameAnalysisSnapshot(ScanGeometry geometry, long framesAccepted,
    long framesExpected, Partial<Block> navigator, Map<String, Partial<Block>> detectors,
    Partial<Block> comX, Partial<Block> comY, Block sumFrame, Block latestFrame,
    long latestFrameIndex) {
  public FrameAnalysisSnapshot {
    detectors = Collections.unmodifiableMap(new LinkedHashMap<>(detectors));
  }

  /** True when every frame of the scan was accepted. */
  public boolean isComplete() {
    return framesAccepted >= framesExpected;
  }

  /**
   * The virtual image named {@code name}.
   *
   * @throws IllegalArgumentException naming the images there are
   */
  public Partial<Block> detector(String name) {
    Partial<Block> p = detectors.get(name);
    if (p == null) {
      throw new IllegalArgumentException(
          "Unknown detector '" + name + "'; available: " + detectors.keySet());
    }
    return p;
  }

  /** Whether position {@code k} of {@code image} is filled. */
  public static boolean isValid(Partial<?> image, int k) {
    return image.validMask() == null || image.validMask().get(k);
  }

  /** The dtype of sums of {@code dtype} frames: numpy's sum dtype, float64 for floats. */
  static DType sumType(DType dtype) {
    return dtype.isFloat() ? DType.FLOAT64 : dtype.sumType();
  }

  /**
   * A position-resolved image: {@code values} (owned), with NaN written where {@code valid} is
   * clear (float64) or 0 (integers).
   */
  static Partial<Block> image(DType dtype, Object values, BitSet valid, int positions) {
    Block b = Block.wrap(dtype, values);
    int filled = valid.cardinality();
    if (filled < positions) {
      for (int k = valid.nextClearBit(0); k < positions; k = valid.nextClearBit(k + 1)) {
        if (values instanceof double[] d) d[k] = Double.NaN;
        else ((long[]) values)[k] = 0;
      }
    }
    return new Partial<>(b, filled == positions ? null : (BitSet) valid.clone(), filled, positions);
  }
}
