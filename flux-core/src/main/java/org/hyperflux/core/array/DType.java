package org.hyperflux.core.array;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Element types of arrays, with the type rules of numpy 1.24 (the numpy HyperSpy 1.7.3 runs on).
 *
 * <p><b>Promotion</b> ({@link #promote}, {@code np.promote_types}): {@code bool} yields to anything;
 * two types of the same kind give the wider; a float absorbs 8- and 16-bit integers into
 * {@code float32} and anything wider into {@code float64}; a signed and an unsigned integer give the
 * signed type if it is strictly wider, otherwise the signed type twice the unsigned width, and
 * {@code float64} when that would need more than 64 bits (so {@code int64 + uint64 -> float64}).
 *
 * <p><b>Python scalars</b> ({@link #resultType}, {@code np.result_type} with an array and a Python
 * scalar): numpy 1.x casts by value. Categories rank {@code bool < integer < float}. If the scalar's
 * category is not above the array's, the scalar counts as its smallest fitting type
 * ({@code np.min_scalar_type}): the smallest signed type for a negative integer, the smallest
 * unsigned type for a non-negative one (taken as the same-width signed type when the value fits it
 * and the array is signed or float), and for a float {@code float16}, {@code float32} or
 * {@code float64} by magnitude, with NaN and infinities counting as {@code float16}. Otherwise the
 * scalar keeps its default type: {@code int64} for a Python int ({@code uint64} from 2<sup>63</sup>
 * up), {@code float64} for a Python float. The result is the promotion of the array's type with
 * that. {@code float16} is not a member of this enum, and it never surfaces: it only ever meets a
 * {@code float32} or {@code float64} array, which it promotes into.
 *
 * <p>The golden file {@code golden/dtype/dtype_rules.csv} under the test resources, generated from
 * numpy 1.24, pins all of these rules.
 */
public enum DType {
  /** numpy {@code bool}: one byte, {@code False} or {@code True}. */
  BOOL(1, 'b', "bool", 0, 1),
  /** numpy {@code int8}. */
  INT8(1, 'i', "int8", Byte.MIN_VALUE, Byte.MAX_VALUE),
  /** numpy {@code int16}. */
  INT16(2, 'i', "int16", Short.MIN_VALUE, Short.MAX_VALUE),
  /** numpy {@code int32}. */
  INT32(4, 'i', "int32", Integer.MIN_VALUE, Integer.MAX_VALUE),
  /** numpy {@code int64}. */
  INT64(8, 'i', "int64", Long.MIN_VALUE, Long.MAX_VALUE),
  /** numpy {@code uint8}. */
  UINT8(1, 'u', "uint8", 0, 0xFF),
  /** numpy {@code uint16}. */
  UINT16(2, 'u', "uint16", 0, 0xFFFF),
  /** numpy {@code uint32}. */
  UINT32(4, 'u', "uint32", 0, 0xFFFF_FFFFL),
  /** numpy {@code uint64}. */
  UINT64(8, 'u', "uint64", 0, 0x1p64),
  /** numpy {@code float32} (IEEE 754 single precision). */
  FLOAT32(4, 'f', "float32", -Float.MAX_VALUE, Float.MAX_VALUE),
  /** numpy {@code float64} (IEEE 754 double precision). */
  FLOAT64(8, 'f', "float64", -Double.MAX_VALUE, Double.MAX_VALUE);

  /**
   * {@code np.min_scalar_type} puts a finite float into {@code float32} only when its magnitude is
   * strictly below this bound (a round number a little under {@code Float.MAX_VALUE}).
   */
  private static final double FLOAT32_SCALAR_BOUND = 3.4e38;

  private static final Map<String, DType> BY_NAME = new HashMap<>();

  static {
    for (DType t : values()) {
      BY_NAME.put(t.numpyName, t);
      BY_NAME.put(t.typeCode(), t);
    }
  }

  private final int itemSize;
  private final char kind;
  private final String numpyName;
  private final double minValue;
  private final double maxValue;

  DType(int itemSize, char kind, String numpyName, double minValue, double maxValue) {
    this.itemSize = itemSize;
    this.kind = kind;
    this.numpyName = numpyName;
    this.minValue = minValue;
    this.maxValue = maxValue;
  }

  /** Bytes per element: 1 for bool and 8-bit types, up to 8 for 64-bit types. */
  public int itemSize() {
    return itemSize;
  }

  /** numpy's kind character: {@code 'b'} bool, {@code 'i'} signed, {@code 'u'} unsigned, {@code 'f'} float. */
  public char kind() {
    return kind;
  }

  /** numpy's name for the type, as {@code str(np.dtype(...))} prints it, e.g. {@code "uint16"}. */
  public String numpyName() {
    return numpyName;
  }

  /** Whether this is {@link #BOOL}. */
  public boolean isBool() {
    return kind == 'b';
  }

  /** Whether this is a signed or unsigned integer type ({@link #BOOL} is not). */
  public boolean isInteger() {
    return kind == 'i' || kind == 'u';
  }

  /** Whether this is an unsigned integer type. */
  public boolean isUnsigned() {
    return kind == 'u';
  }

  /** Whether this is a floating-point type. */
  public boolean isFloat() {
    return kind == 'f';
  }

  /** Smallest representable value, exact for every type; {@code -MAX_VALUE} for floats. */
  public double minValue() {
    return minValue;
  }

  /**
   * Largest representable value: exact up to {@code uint32}; {@code int64} and {@code uint64} give the
   * nearest double, {@code 2^63} and {@code 2^64}; {@code MAX_VALUE} for floats.
   */
  public double maxValue() {
    return maxValue;
  }

  /**
   * The type numpy names {@code name}: a name such as {@code "uint16"} or a typestr such as
   * {@code "<u2"}, {@code ">f4"}, {@code "|b1"}; the byte-order mark ({@code < > | =}) is optional and
   * ignored here.
   *
   * @throws IllegalArgumentException if numpy's name is not one of these types
   */
  public static DType fromNumpyName(String name) {
    Objects.requireNonNull(name, "name");
    String key = name.length() == 3 && "<>|=".indexOf(name.charAt(0)) >= 0 ? name.substring(1) : name;
    DType t = BY_NAME.get(key);
    if (t == null) {
      String valid = Arrays.stream(values()).map(DType::numpyName).collect(Collectors.joining(", "));
      throw new IllegalArgumentException("Unknown numpy dtype '" + name + "'; expected one of "
          + valid + ", or a typestr such as '<u2', '>f4', '|b1'");
    }
    return t;
  }

  /** {@code np.promote_types(a, b)}: the smallest type both {@code a} and {@code b} cast to safely. */
  public static DType promote(DType a, DType b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a == b || b == BOOL) {
      return a;
    }
    if (a == BOOL) {
      return b;
    }
    if (a.isFloat() || b.isFloat()) {
      if (a.isFloat() && b.isFloat()) {
        return wider(a, b);
      }
      DType f = a.isFloat() ? a : b;
      DType i = a.isFloat() ? b : a;
      // float32's 24-bit significand holds 8- and 16-bit integers exactly, nothing wider.
      return f == FLOAT32 && i.itemSize <= 2 ? FLOAT32 : FLOAT64;
    }
    if (a.isUnsigned() == b.isUnsigned()) {
      return wider(a, b);
    }
    DType signed = a.isUnsigned() ? b : a;
    DType unsigned = a.isUnsigned() ? a : b;
    if (signed.itemSize > unsigned.itemSize) {
      return signed;
    }
    return unsigned == UINT64 ? FLOAT64 : signedOfSize(2 * unsigned.itemSize);
  }

  /**
   * {@code np.result_type(array, scalar)} for an array of type {@code array} and a Python int
   * {@code scalar} (value-based casting; for values from 2<sup>63</sup> up see
   * {@link #resultTypeUnsigned64}).
   */
  public static DType resultType(DType array, long scalar) {
    Objects.requireNonNull(array, "array");
    if (array.category() < 1) {
      return promote(array, INT64); // the int outranks a bool array: it keeps its default int64
    }
    int bits = 8;
    if (scalar < 0) {
      while (bits < 64 && scalar < -(1L << (bits - 1))) {
        bits *= 2;
      }
      return promote(array, signedOfSize(bits / 8));
    }
    while (bits < 64 && (scalar >>> bits) != 0) {
      bits *= 2;
    }
    // A value that also fits the same-width signed type counts as signed next to signed or float.
    boolean fitsSigned = bits == 64 || scalar < (1L << (bits - 1));
    DType s = fitsSigned && (array.kind == 'i' || array.isFloat())
        ? signedOfSize(bits / 8) : unsignedOfSize(bits / 8);
    return promote(array, s);
  }

  /**
   * {@code np.result_type(array, scalar)} for a Python int given by its uint64 bit pattern, so that
   * values in [2<sup>63</sup>, 2<sup>64</sup>) can be passed: such a scalar counts as {@code uint64}.
   * Non-negative bit patterns behave as {@link #resultType(DType, long)}.
   */
  public static DType resultTypeUnsigned64(DType array, long unsignedScalar) {
    if (unsignedScalar >= 0) {
      return resultType(array, unsignedScalar);
    }
    return promote(Objects.requireNonNull(array, "array"), UINT64);
  }

  /**
   * {@code np.result_type(array, scalar)} for an array of type {@code array} and a Python float
   * {@code scalar}, NaN and infinities included: {@code float64} unless the array is {@code float32}
   * and the scalar is non-finite or of magnitude below 3.4e38. numpy's own answer is never
   * {@code float16} here, as the array is never narrower than {@code float32} when the value counts.
   */
  public static DType resultType(DType array, double scalar) {
    Objects.requireNonNull(array, "array");
    if (array.category() < 2) {
      return FLOAT64; // the float outranks the array: it keeps its default float64
    }
    boolean fitsFloat32 = !Double.isFinite(scalar) || Math.abs(scalar) < FLOAT32_SCALAR_BOUND;
    return promote(array, fitsFloat32 ? FLOAT32 : FLOAT64);
  }

  /** {@code np.result_type(array, scalar)} for a Python bool {@code scalar}: always {@code array}. */
  public static DType resultType(DType array, boolean scalar) {
    return promote(Objects.requireNonNull(array, "array"), BOOL);
  }

  /**
   * Type of {@code np.true_divide(a, b)} for arrays of this type and {@code other}: their promotion
   * if that is a float, otherwise {@code float64} (so {@code int16 / float32 -> float32} but
   * {@code int32 / float32 -> float64}, {@code bool / bool -> float64}).
   */
  public DType trueDivide(DType other) {
    DType p = promote(this, other);
    return p.isFloat() ? p : FLOAT64;
  }

  /**
   * Type of {@code np.sum} over this type on 64-bit Linux: {@code int64} for bool and signed types,
   * {@code uint64} for unsigned types, floats unchanged.
   */
  public DType sumType() {
    switch (kind) {
      case 'b':
      case 'i':
        return INT64;
      case 'u':
        return UINT64;
      default:
        return this;
    }
  }

  /**
   * Type of {@code np.mean} over this type (and of {@code np.var}, {@code np.std},
   * {@code np.nanmean}): {@code float64} for bool and integers, floats unchanged.
   */
  public DType meanType() {
    return isFloat() ? this : FLOAT64;
  }

  /** numpy's ranking of kinds for value-based casting: bool 0, integers 1, floats 2. */
  private int category() {
    return isBool() ? 0 : isInteger() ? 1 : 2;
  }

  /** Typestr without byte order, e.g. {@code "u2"}. */
  private String typeCode() {
    return String.valueOf(kind) + itemSize;
  }

  private static DType wider(DType a, DType b) {
    return a.itemSize >= b.itemSize ? a : b;
  }

  private static DType signedOfSize(int bytes) {
    switch (bytes) {
      case 1: return INT8;
      case 2: return INT16;
      case 4: return INT32;
      case 8: return INT64;
      default: throw new IllegalArgumentException("no signed integer of " + bytes + " bytes");
    }
  }

  private static DType unsignedOfSize(int bytes) {
    switch (bytes) {
      case 1: return UINT8;
      case 2: return UINT16;
      case 4: return UINT32;
      case 8: return UINT64;
      default: throw new IllegalArgumentException("no unsigned integer of " + bytes + " bytes");
    }
  }
}
