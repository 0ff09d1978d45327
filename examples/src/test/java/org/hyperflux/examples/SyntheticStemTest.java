package org.hyperflux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.junit.jupiter.api.Test;

class SyntheticStemTest {
  /** Every element of an arbitrary region filled in bulk equals its per-position definition. */
  @Property(tries = 200, seed = "20240611")
  void fillEqualsValueAtOnAnyRegion(
      @ForAll @IntRange(min = 1, max = 9) int scanY, @ForAll @IntRange(min = 1, max = 9) int scanX,
      @ForAll @IntRange(min = 1, max = 40) int frameY, @ForAll @IntRange(min = 1, max = 40) int frameX,
      @ForAll @IntRange(min = 0, max = 1000) int a, @ForAll @IntRange(min = 0, max = 1000) int b,
      @ForAll @IntRange(min = 0, max = 1000) int c, @ForAll @IntRange(min = 0, max = 1000) int d) {
    SyntheticStem stem = new SyntheticStem(scanY, scanX, frameY, frameX);
    int[] dims = {scanY, scanX, frameY, frameX};
    int[] seeds = {a, b, c, d};
    long[] offset = new long[4];
    int[] extent = new int[4];
    for (int i = 0; i < 4; i++) {
      offset[i] = seeds[i] % dims[i];
      extent[i] = 1 + (seeds[i] / 7) % (int) (dims[i] - offset[i]);
    }
    Region region = Region.of(offset, extent);
    // Fill a view in the middle of a larger array: the block's offset must be honoured.
    short[] backing = new short[region.size() + 6];
    stem.fill(region, Block.wrap(DType.UINT16, backing, 3, region.size()));

    int k = 3;
    for (long y = offset[0]; y < region.end(0); y++) {
      for (long x = offset[1]; x < region.end(1); x++) {
        for (long ky = offset[2]; ky < region.end(2); ky++) {
          for (long kx = offset[3]; kx < region.end(3); kx++) {
            assertThat(backing[k++] & 0xFFFF).as("(%d, %d, %d, %d)", y, x, ky, kx)
                .isEqualTo(stem.valueAt(y, x, ky, kx));
          }
        }
      }
    }
    assertThat(backing[0]).isZero();
    assertThat(backing[backing.length - 1]).isZero();
  }

  @Test
  void discMovesWithScanPositionAndStaysInsideTheFrame() {
    SyntheticStem stem = new SyntheticStem(16, 16, 64, 64);
    assertThat(stem.centreY(0)).isEqualTo(32 - 4);
    assertThat(stem.centreY(15)).isEqualTo(32 + 4);
    assertThat(stem.centreX(0)).isEqualTo(28);
    // Disc of radius 8 around (28..36): whole inside a 64 x 64 frame.
    int inside = 0;
    for (int ky = 0; ky < 64; ky++) {
      for (int kx = 0; kx < 64; kx++) {
        int v = stem.valueAt(0, 0, ky, kx);
        assertThat(v).isBetween(0, SyntheticStem.BRIGHT + 63);
        if (v >= SyntheticStem.BRIGHT) inside++;
      }
    }
    assertThat(inside).isEqualTo(197); // lattice points with dy² + dx² <= 64
    assertThat(SyntheticStem.intensity(0, 8)).isEqualTo(SyntheticStem.DIM);
    assertThat(SyntheticStem.intensity(8, 8)).isEqualTo(SyntheticStem.BRIGHT);
  }

  @Test
  void backgroundCoversItsRangeEvenly() {
    int[] counts = new int[64];
    for (long i = 0; i < 64_000; i++) counts[SyntheticStem.noise(i)]++;
    for (int n : counts) assertThat(n).isBetween(800, 1200);
  }
}
