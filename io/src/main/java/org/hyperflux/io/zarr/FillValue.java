package org.hyperflux.io.zarr;

import java.util.Objects;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;

/**
 * The {@code fill_value} of a zarr array: what a chunk that was never written reads as. Zarr v2
 * writes it as a JSON number, {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, a boolean
 * for bool arrays, or {@code null} (no fill value: hyperflux then reads missing chunks as zeros,
 * where zarr-python leaves them uninitialised). Integers keep all 64 bits ({@code uint64} values
 * above 2<sup>63</sup> as their bit pattern). Immutable.
 *
 * <pre>{@code FillValue.of(Double.NaN); FillValue.of(0); FillValue.none();}</pre>
 */
public final class FillValue {
  private enum Kind { NONE, INTEGER, FLOAT, BOOL }

  private static final FillValue NONE = new FillValue(Kind.NONE, 0, 0);
  private static final FillValue ZERO = new FillValue(Kind.INTEGER, 0, 0);

  private final Kind kind;
  private final long integer;
  private final double floating;

  private FillValue(Kind kind, long integer, double floating) {
    this.kind = kind;
    this.integer = integer;
    this.floating = floating;
  }

  /** No fill value (JSON {@code null}); missing chunks read as zeros. */
  public static FillValue none() {
    return NONE;
  }

  /** The integer zero, HyperSpy's fill value. */
  public static FillValue zero() {
    return ZERO;
  }

  /** An integer fill value; for {@code uint64} pass the bit pattern of values above 2^63. */
  public static FillValue of(long value) {
    return value == 0 ? ZERO : new FillValue(Kind.INTEGER, value, 0);
  }

  /** A floating-point fill value, NaN and infinities included. */
  public static FillValue of(double value) {
    return new FillValue(Kind.FLOAT, 0, value);
  }

  /** A boolean fill value (bool arrays). */
  public static FillValue of(boolean value) {
    return new FillValue(Kind.BOOL, value ? 1 : 0, 0);
  }

  /** True for {@link #none()}. */
  public boolean isNone() {
    return kind == Kind.NONE;
  }

  /** True when the value was given as a floating-point number (including NaN and infinities). */
  public boolean isFloat() {
    return kind == Kind.FLOAT;
  }

  /** True when the value was given as a boolean. */
  public boolean isBoolean() {
    return kind == Kind.BOOL;
  }

  /** The value as a double: 0 for none, 1/0 for booleans, integers converted (uint64 not). */
  public double toDouble() {
    return kind == Kind.FLOAT ? floating : integer;
  }

  /** The value as a long: 0 for none, a float truncated toward zero as a C cast. */
  public long toLong() {
    return kind == Kind.FLOAT ? (long) floating : integer;
  }

  /** Fills {@code block} with this value cast to the block's dtype as numpy casts. */
  void fill(Block block) {
    if (kind == Kind.NONE || (kind != Kind.FLOAT && integer == 0)) return; // new blocks are zero
    int n = block.length();
    if (kind == Kind.FLOAT) {
      for (int i = 0; i < n; i++) block.setDouble(i, floating);
    } else {
      for (int i = 0; i < n; i++) block.setLong(i, integer);
    }
  }

  /**
   * This value as an array of {@code dtype} holds it, as zarr-python normalises it: a boolean for
   * bool, a float for float types, an integer otherwise (a float truncated toward zero).
   *
   * @throws IllegalArgumentException for NaN or an infinity on an integer type
   */
  FillValue forDType(DType dtype) {
    if (kind == Kind.NONE) return this;
    if (dtype.isBool()) return kind == Kind.BOOL ? this : of(toDouble() != 0);
    if (dtype.isFloat()) {
      if (kind == Kind.FLOAT) return this;
      return of((double) integer);
    }
    if (kind == Kind.FLOAT) {
      if (!Double.isFinite(floating)) {
        throw new IllegalArgumentException(
            "fill value " + floating + " cannot be stored in a " + dtype.numpyName() + " array");
      }
      return of((long) floating);
    }
    return kind == Kind.INTEGER ? this : of(integer);
  }

  /** The JSON form of this value normalised for {@code dtype}: a number, a string or a boolean, or null. */
  Object toJson(DType dtype) {
    FillValue v = forDType(dtype);
    switch (v.kind) {
      case NONE:
        return null;
      case BOOL:
        return v.integer != 0;
      case FLOAT:
        if (Double.isNaN(v.floating)) return "NaN";
        if (Double.isInfinite(v.floating)) return v.floating > 0 ? "Infinity" : "-Infinity";
        return v.floating;
      default:
        return dtype == DType.UINT64 ? (Object) new java.math.BigInteger(Long.toUnsignedString(v.integer))
            : (Object) v.integer;
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FillValue)) return false;
    FillValue f = (FillValue) o;
    return kind == f.kind && integer == f.integer
        && Double.doubleToLongBits(floating) == Double.doubleToLongBits(f.floating);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, integer, Double.doubleToLongBits(floating));
  }

  @Override
  public String toString() {
    switch (kind) {
      case NONE: return "none";
      case BOOL: return integer != 0 ? "true" : "false";
      case FLOAT: return Double.toString(floating);
      default: return Long.toString(integer);
    }
  }
}
