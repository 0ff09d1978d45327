/*
 * Sum kernels for org.hyperflux.core.accumulate.NativeSums: the sums of 8-, 16- and 32-bit
 * integers into 64-bit totals (or 8- and 16-bit runs into 32-bit ones, which the Java side carries
 * into 64 bits), and float32 runs added into double ones, whose widening HotSpot's
 * C2 (JDK 17) does not vectorise and gcc does. Each kernel is compiled three times (AVX-512,
 * AVX2, the x86-64 baseline) and the loader picks the one the processor runs (gcc's
 * target_clones). Built by native/build-jni.sh (flux-core's pom.xml).
 *
 * Kinds, as NativeSums numbers them: 0 int8, 1 uint8, 2 int16, 3 uint16, 4 int32, 5 uint32.
 * Totals wrap modulo 2^64 exactly as Java's long additions do (unsigned arithmetic here), and
 * floating-point additions are neither reordered nor fused (no -ffast-math; adding has nothing to
 * fuse), so the results are bit for bit those of the Java loops. The Java side has checked every
 * index and that each array holds the kind's elements.
 */
#include <jni.h>
#include <stddef.h>
#include <stdint.h>

#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

/* 8- and 16-bit runs are summed in blocks into 32-bit partial sums: 32768 values of at most
 * 65535 stay below 2^31. */
#define BLOCK 32768

#define SUM_NARROW(name, T, PARTIAL)                                   \
  CLONES static uint64_t name(const T *a, size_t n) {                  \
    uint64_t s = 0;                                                    \
    while (n > 0) {                                                    \
      size_t m = n < BLOCK ? n : BLOCK;                                \
      PARTIAL t = 0;                                                   \
      for (size_t i = 0; i < m; i++) t += a[i];                        \
      s += (uint64_t)(int64_t)t;                                       \
      a += m;                                                          \
      n -= m;                                                          \
    }                                                                  \
    return s;                                                          \
  }

#define SUM_WIDE(name, T)                                                  \
  CLONES static uint64_t name(const T *a, size_t n) {                      \
    uint64_t s = 0;                                                        \
    for (size_t i = 0; i < n; i++) s += (uint64_t)(int64_t)a[i];           \
    return s;                                                              \
  }

SUM_NARROW(sum_i8, int8_t, int32_t)
SUM_NARROW(sum_u8, uint8_t, uint32_t)
SUM_NARROW(sum_i16, int16_t, int32_t)
SUM_NARROW(sum_u16, uint16_t, uint32_t)
SUM_WIDE(sum_i32, int32_t)
SUM_WIDE(sum_u32, uint32_t)

/* out[i] += a[i]. */
#define ADD(name, T)                                                       \
  CLONES static void name(const T *a, uint64_t *out, size_t n) {           \
    for (size_t i = 0; i < n; i++) out[i] += (uint64_t)(int64_t)a[i];      \
  }

ADD(add_i8, int8_t)
ADD(add_u8, uint8_t)
ADD(add_i16, int16_t)
ADD(add_u16, uint16_t)
ADD(add_i32, int32_t)
ADD(add_u32, uint32_t)

/* out[i] += the i-th elements of runs runs, stride elements apart. 8- and 16-bit runs are added
 * four together in 32 bits (four 16-bit values cannot overflow it) per pass over out, then the
 * rest one by one; 32-bit runs one by one. */
#define ADD_RUNS(name, T, add_one)                                                   \
  CLONES static void name(const T *a, size_t stride, int runs, uint64_t *out,      \
                          size_t n) {                                               \
    int r = 0;                                                                      \
    for (; runs - r >= 4; r += 4) {                                                 \
      const T *p0 = a + (size_t)r * stride, *p1 = p0 + stride, *p2 = p1 + stride,  \
              *p3 = p2 + stride;                                                    \
      for (size_t i = 0; i < n; i++) {                                              \
        int32_t four = (int32_t)p0[i] + (int32_t)p1[i] + (int32_t)p2[i] + (int32_t)p3[i]; \
        out[i] += (uint64_t)(int64_t)four;                                          \
      }                                                                             \
    }                                                                               \
    for (; r < runs; r++) add_one(a + (size_t)r * stride, out, n);                  \
  }

#define ADD_EACH(name, T, add_one)                                                   \
  static void name(const T *a, size_t stride, int runs, uint64_t *out, size_t n) {  \
    for (int r = 0; r < runs; r++) add_one(a + (size_t)r * stride, out, n);         \
  }

ADD_RUNS(add_runs_i8, int8_t, add_i8)
ADD_RUNS(add_runs_u8, uint8_t, add_u8)
ADD_RUNS(add_runs_i16, int16_t, add_i16)
ADD_RUNS(add_runs_u16, uint16_t, add_u16)
ADD_EACH(add_runs_i32, int32_t, add_i32)
ADD_EACH(add_runs_u32, uint32_t, add_u32)

/* out[i] += the i-th elements of runs runs of 8- or 16-bit integers, in 32 bits: a sum's totals
 * kept narrow between carries into 64 bits (the Java side carries before they could overflow),
 * so half the bytes to copy in and out and twice the lanes. Arithmetic modulo 2^32, as Java's. */
#define ADD_RUNS_INT(name, T)                                                       \
  CLONES static void name(const T *a, size_t stride, int runs, uint32_t *out, size_t n) { \
    int r = 0;                                                                      \
    for (; runs - r >= 4; r += 4) {                                                 \
      const T *p0 = a + (size_t)r * stride, *p1 = p0 + stride, *p2 = p1 + stride,  \
              *p3 = p2 + stride;                                                    \
      for (size_t i = 0; i < n; i++) {                                              \
        out[i] += (uint32_t)((int32_t)p0[i] + (int32_t)p1[i] + (int32_t)p2[i] + (int32_t)p3[i]); \
      }                                                                             \
    }                                                                               \
    for (; r < runs; r++) {                                                         \
      const T *p = a + (size_t)r * stride;                                          \
      for (size_t i = 0; i < n; i++) out[i] += (uint32_t)(int32_t)p[i];             \
    }                                                                               \
  }

ADD_RUNS_INT(add_runs_int_i8, int8_t)
ADD_RUNS_INT(add_runs_int_u8, uint8_t)
ADD_RUNS_INT(add_runs_int_i16, int16_t)
ADD_RUNS_INT(add_runs_int_u16, uint16_t)

/* out[i] += the i-th elements of runs runs of 8- or 16-bit integers, in double (a mean's sums):
 * four runs added together in 32 bits, then into out. Every partial sum is an integer far below
 * 2^53, so each addition is exact and the result the same as adding the runs one by one. */
#define ADD_RUNS_DOUBLE(name, T)                                                    \
  CLONES static void name(const T *a, size_t stride, int runs, double *out, size_t n) { \
    int r = 0;                                                                      \
    for (; runs - r >= 4; r += 4) {                                                 \
      const T *p0 = a + (size_t)r * stride, *p1 = p0 + stride, *p2 = p1 + stride,  \
              *p3 = p2 + stride;                                                    \
      for (size_t i = 0; i < n; i++) {                                              \
        out[i] += (double)((int32_t)p0[i] + (int32_t)p1[i] + (int32_t)p2[i] + (int32_t)p3[i]); \
      }                                                                             \
    }                                                                               \
    for (; r < runs; r++) {                                                         \
      const T *p = a + (size_t)r * stride;                                          \
      for (size_t i = 0; i < n; i++) out[i] += (double)p[i];                        \
    }                                                                               \
  }

ADD_RUNS_DOUBLE(add_runs_double_i8, int8_t)
ADD_RUNS_DOUBLE(add_runs_double_u8, uint8_t)
ADD_RUNS_DOUBLE(add_runs_double_i16, int16_t)
ADD_RUNS_DOUBLE(add_runs_double_u16, uint16_t)

/* out[i] += the i-th float32 elements of runs runs, stride elements apart, in double; with nan,
 * NaN adds 0 (numpy's nansum). Four runs per pass over out, added in run order: each out[i] gets
 * the same additions in the same order as from Java's loop, so the same bits. */
CLONES static void add_runs_f32(const float *a, size_t stride, int runs, double *out, size_t n,
                                int nan) {
  int r = 0;
  for (; runs - r >= 4; r += 4) {
    const float *p0 = a + (size_t)r * stride, *p1 = p0 + stride, *p2 = p1 + stride,
                *p3 = p2 + stride;
    if (nan) {
      for (size_t i = 0; i < n; i++) {
        out[i] = out[i] + (double)(p0[i] == p0[i] ? p0[i] : 0.0f)
                 + (double)(p1[i] == p1[i] ? p1[i] : 0.0f)
                 + (double)(p2[i] == p2[i] ? p2[i] : 0.0f)
                 + (double)(p3[i] == p3[i] ? p3[i] : 0.0f);
      }
    } else {
      for (size_t i = 0; i < n; i++) {
        out[i] = out[i] + (double)p0[i] + (double)p1[i] + (double)p2[i] + (double)p3[i];
      }
    }
  }
  for (; r < runs; r++) {
    const float *p = a + (size_t)r * stride;
    if (nan) {
      for (size_t i = 0; i < n; i++) out[i] += (double)(p[i] == p[i] ? p[i] : 0.0f);
    } else {
      for (size_t i = 0; i < n; i++) out[i] += (double)p[i];
    }
  }
}

/* Elements per piece: the arrays are copied in and out piece by piece (never pinned, so a
 * garbage collection never waits for a sum), and a piece of four runs and its output (48 KiB at
 * most) stay in the cache between the copies and the additions. */
#define PIECE 2048

/* Copies count elements of the Java array of kind's elements from element at into buf; false
 * when a Java exception is pending. */
static int get_run(JNIEnv *env, jint kind, jarray array, jint at, jint count, void *buf) {
  if (kind <= 1) {
    (*env)->GetByteArrayRegion(env, (jbyteArray)array, at, count, (jbyte *)buf);
  } else if (kind <= 3) {
    (*env)->GetShortArrayRegion(env, (jshortArray)array, at, count, (jshort *)buf);
  } else {
    (*env)->GetIntArrayRegion(env, (jintArray)array, at, count, (jint *)buf);
  }
  return !(*env)->ExceptionCheck(env);
}

JNIEXPORT jlong JNICALL Java_org_hyperflux_core_accumulate_NativeSums_nativeSum(
    JNIEnv *env, jclass cls, jint kind, jarray array, jint off, jint n) {
  _Alignas(64) unsigned char buf[4 * PIECE * sizeof(int32_t)];
  const jint per = 4 * PIECE;
  uint64_t s = 0;
  for (jint at = 0; at < n; at += per) {
    jint m = n - at < per ? n - at : per;
    if (!get_run(env, kind, array, off + at, m, buf)) return 0;
    switch (kind) {
      case 0: s += sum_i8((const int8_t *)buf, (size_t)m); break;
      case 1: s += sum_u8((const uint8_t *)buf, (size_t)m); break;
      case 2: s += sum_i16((const int16_t *)buf, (size_t)m); break;
      case 3: s += sum_u16((const uint16_t *)buf, (size_t)m); break;
      case 4: s += sum_i32((const int32_t *)buf, (size_t)m); break;
      default: s += sum_u32((const uint32_t *)buf, (size_t)m); break;
    }
  }
  return (jlong)s;
}

/* What add_runs_copied adds into: long totals (integers), int totals of 8- or 16-bit integers,
 * double sums of 8- or 16-bit integers (a mean's), or double sums of float32. */
enum target { LONG_TOTALS, INT_TOTALS, INTEGER_DOUBLES, FLOAT_DOUBLES };

/* Adds g runs of m elements, PIECE elements apart in in, into out. */
static void add_group(enum target target, jint kind, int nan, const void *in, int g, void *out,
                      size_t m) {
  if (target == FLOAT_DOUBLES) {
    add_runs_f32((const float *)in, PIECE, g, (double *)out, m, nan);
    return;
  }
  if (target == INT_TOTALS) {
    switch (kind) {
      case 0: add_runs_int_i8((const int8_t *)in, PIECE, g, (uint32_t *)out, m); break;
      case 1: add_runs_int_u8((const uint8_t *)in, PIECE, g, (uint32_t *)out, m); break;
      case 2: add_runs_int_i16((const int16_t *)in, PIECE, g, (uint32_t *)out, m); break;
      default: add_runs_int_u16((const uint16_t *)in, PIECE, g, (uint32_t *)out, m); break;
    }
    return;
  }
  if (target == INTEGER_DOUBLES) {
    switch (kind) {
      case 0: add_runs_double_i8((const int8_t *)in, PIECE, g, (double *)out, m); break;
      case 1: add_runs_double_u8((const uint8_t *)in, PIECE, g, (double *)out, m); break;
      case 2: add_runs_double_i16((const int16_t *)in, PIECE, g, (double *)out, m); break;
      default: add_runs_double_u16((const uint16_t *)in, PIECE, g, (double *)out, m); break;
    }
    return;
  }
  switch (kind) {
    case 0: add_runs_i8((const int8_t *)in, PIECE, g, (uint64_t *)out, m); break;
    case 1: add_runs_u8((const uint8_t *)in, PIECE, g, (uint64_t *)out, m); break;
    case 2: add_runs_i16((const int16_t *)in, PIECE, g, (uint64_t *)out, m); break;
    case 3: add_runs_u16((const uint16_t *)in, PIECE, g, (uint64_t *)out, m); break;
    case 4: add_runs_i32((const int32_t *)in, PIECE, g, (uint64_t *)out, m); break;
    default: add_runs_u32((const uint32_t *)in, PIECE, g, (uint64_t *)out, m); break;
  }
}

/* sum[o + i] += array[off + r * stride + i] for r < runs, i < n: the output run is copied in and
 * out once per piece, and the runs four at a time. A pending Java exception stops it. */
static void add_runs_copied(JNIEnv *env, enum target target, jint kind, int nan, jarray array,
                            jint off, jint stride, jint runs, jarray sum, jint o, jint n) {
  _Alignas(64) unsigned char in[4 * PIECE * sizeof(int32_t)];
  _Alignas(64) union { jlong totals[PIECE]; jint ints[PIECE]; jdouble sums[PIECE]; } out;
  int size = target == FLOAT_DOUBLES ? 4 : kind <= 1 ? 1 : kind <= 3 ? 2 : 4;
  for (jint at = 0; at < n; at += PIECE) {
    jint m = n - at < PIECE ? n - at : PIECE;
    if (target == LONG_TOTALS) {
      (*env)->GetLongArrayRegion(env, (jlongArray)sum, o + at, m, out.totals);
    } else if (target == INT_TOTALS) {
      (*env)->GetIntArrayRegion(env, (jintArray)sum, o + at, m, out.ints);
    } else {
      (*env)->GetDoubleArrayRegion(env, (jdoubleArray)sum, o + at, m, out.sums);
    }
    if ((*env)->ExceptionCheck(env)) return;
    for (jint r = 0; r < runs; r += 4) {
      int g = runs - r < 4 ? runs - r : 4;
      for (int k = 0; k < g; k++) {
        jint from = off + (r + k) * stride + at;
        void *run = in + (size_t)k * PIECE * size;
        if (target == FLOAT_DOUBLES) {
          (*env)->GetFloatArrayRegion(env, (jfloatArray)array, from, m, (jfloat *)run);
          if ((*env)->ExceptionCheck(env)) return;
        } else if (!get_run(env, kind, array, from, m, run)) {
          return;
        }
      }
      add_group(target, kind, nan, in, g, &out, (size_t)m);
    }
    if (target == LONG_TOTALS) {
      (*env)->SetLongArrayRegion(env, (jlongArray)sum, o + at, m, out.totals);
    } else if (target == INT_TOTALS) {
      (*env)->SetIntArrayRegion(env, (jintArray)sum, o + at, m, out.ints);
    } else {
      (*env)->SetDoubleArrayRegion(env, (jdoubleArray)sum, o + at, m, out.sums);
    }
    if ((*env)->ExceptionCheck(env)) return;
  }
}

JNIEXPORT void JNICALL Java_org_hyperflux_core_accumulate_NativeSums_nativeAddRuns(
    JNIEnv *env, jclass cls, jint kind, jarray array, jint off, jint stride, jint runs,
    jlongArray sum, jint o, jint n) {
  add_runs_copied(env, LONG_TOTALS, kind, 0, array, off, stride, runs, sum, o, n);
}

JNIEXPORT void JNICALL Java_org_hyperflux_core_accumulate_NativeSums_nativeAddRunsToInt(
    JNIEnv *env, jclass cls, jint kind, jarray array, jint off, jint stride, jint runs,
    jintArray sum, jint o, jint n) {
  add_runs_copied(env, INT_TOTALS, kind, 0, array, off, stride, runs, sum, o, n);
}

JNIEXPORT void JNICALL Java_org_hyperflux_core_accumulate_NativeSums_nativeAddRunsToDouble(
    JNIEnv *env, jclass cls, jint kind, jarray array, jint off, jint stride, jint runs,
    jdoubleArray sum, jint o, jint n) {
  add_runs_copied(env, INTEGER_DOUBLES, kind, 0, array, off, stride, runs, sum, o, n);
}

JNIEXPORT void JNICALL Java_org_hyperflux_core_accumulate_NativeSums_nativeAddFloatRuns(
    JNIEnv *env, jclass cls, jfloatArray array, jint off, jint stride, jint runs,
    jdoubleArray sum, jint o, jint n, jboolean nan) {
  add_runs_copied(env, FLOAT_DOUBLES, 0, nan, array, off, stride, runs, sum, o, n);
}
