/*
 * What the JNI functions of libhyperflux-io.so share: putting elements stored as bytes together
 * (HDF5's and Blosc's byte shuffle, byte order) and copying them into Java arrays.
 */
#ifndef HYPERFLUX_ELEMENTS_H
#define HYPERFLUX_ELEMENTS_H

#include <jni.h>
#include <stddef.h>
#include <stdint.h>

/* Copies count elements from buf into the Java array out (kind: 0 byte[], 1 short[], 2 int[],
 * 3 long[], 4 float[], 5 double[]) from element at; false when a Java exception is pending. */
static inline int copy_out(JNIEnv *env, int kind, jarray out, jsize at, jsize count,
                           const void *buf) {
  switch (kind) {
    case 0: (*env)->SetByteArrayRegion(env, (jbyteArray)out, at, count, buf); break;
    case 1: (*env)->SetShortArrayRegion(env, (jshortArray)out, at, count, buf); break;
    case 2: (*env)->SetIntArrayRegion(env, (jintArray)out, at, count, buf); break;
    case 3: (*env)->SetLongArrayRegion(env, (jlongArray)out, at, count, buf); break;
    case 4: (*env)->SetFloatArrayRegion(env, (jfloatArray)out, at, count, buf); break;
    default: (*env)->SetDoubleArrayRegion(env, (jdoubleArray)out, at, count, buf); break;
  }
  return !(*env)->ExceptionCheck(env);
}

/*
 * Elements [from, from + count) of n elements of size bytes into piece, in native (little-endian)
 * byte order: gathered from byte planes when shuffled (HDF5's shuffle filter and Blosc's byte
 * shuffle: plane j holds byte j of every element as stored), byte-swapped when stored big-endian.
 */
static inline void arrange(const unsigned char *src, size_t n, int size, int shuffled,
                           int big_endian, size_t from, size_t count, unsigned char *piece) {
  if (shuffled && !big_endian && size == 2) { /* uint16/int16 detector frames: vectorised */
    const unsigned char *lo = src + from, *hi = src + n + from;
    uint16_t *p = (uint16_t *)piece;
    for (size_t i = 0; i < count; i++) p[i] = (uint16_t)(lo[i] | hi[i] << 8);
    return;
  }
  if (shuffled && !big_endian && size == 4) { /* float32/int32 spectra */
    const unsigned char *b0 = src + from, *b1 = b0 + n, *b2 = b1 + n, *b3 = b2 + n;
    uint32_t *p = (uint32_t *)piece;
    for (size_t i = 0; i < count; i++) {
      p[i] = (uint32_t)b0[i] | (uint32_t)b1[i] << 8 | (uint32_t)b2[i] << 16 | (uint32_t)b3[i] << 24;
    }
    return;
  }
  for (int j = 0; j < size; j++) {
    int stored = big_endian ? size - 1 - j : j; /* the stored byte that is byte j in memory */
    if (shuffled) {
      const unsigned char *plane = src + (size_t)stored * n + from;
      for (size_t i = 0; i < count; i++) piece[i * size + j] = plane[i];
    } else {
      const unsigned char *element = src + from * size + stored;
      for (size_t i = 0; i < count; i++) piece[i * size + j] = element[i * size];
    }
  }
}

#endif
