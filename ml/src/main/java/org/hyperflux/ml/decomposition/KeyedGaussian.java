package org.hyperflux.ml.decomposition;

/**
 * Standard normal numbers keyed by {@code (seed, row, column)}: the same value whatever the thread
 * or the order they are asked in (DESIGN §4). SplitMix64 finalisers make two uniforms, the
 * Box-Muller transform a normal.
 */
final class KeyedGaussian {
  private KeyedGaussian() {}

  static double value(long seed, long row, long column) {
    long key = mix(seed ^ mix(row * 0x9E3779B97F4A7C15L + column));
    double u1 = ((mix(key) >>> 11) + 1) * 0x1.0p-53;
    double u2 = (mix(key + 0x632BE59BD9B4E019L) >>> 11) * 0x1.0p-53;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
