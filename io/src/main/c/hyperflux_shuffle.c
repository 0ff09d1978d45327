/*
 * Blosc's byte unshuffle into a Java array, for org.hyperflux.io.internal.NativeUnshuffle: HotSpot
 * (JDK 17) does not vectorise the byte interleave it needs, gcc does. Built by native/build-jni.sh
 * (io's pom.xml).
 */
#include <jni.h>

#include "hyperflux_elements.h"

/* Elements per piece: a piece put together stays in cache until it is copied out. */
#define UNSHUFFLE_PIECE 4096

/*
 * Puts together the n elements of size bytes shuffled in the direct buffer src from byte srcOff
 * (plane j, n bytes, holds byte j of every element as stored; bigEndian: stored big-endian) into
 * the Java array out of the given kind, from element outAt. The buffer is read in place; the
 * array is written piece by piece, never pinned. The Java side has checked the arguments; a
 * failed copy leaves its exception pending.
 */
JNIEXPORT void JNICALL Java_org_hyperflux_io_internal_NativeUnshuffle_unshuffle(
    JNIEnv *env, jclass cls, jobject src, jint srcOff, jint n, jint size, jarray out, jint kind,
    jint outAt, jboolean bigEndian) {
  const unsigned char *planes = (const unsigned char *)(*env)->GetDirectBufferAddress(env, src);
  unsigned char piece[UNSHUFFLE_PIECE * 8];
  if (planes == NULL) return;
  planes += srcOff;
  for (jint at = 0; at < n; at += UNSHUFFLE_PIECE) {
    jint count = n - at < UNSHUFFLE_PIECE ? n - at : UNSHUFFLE_PIECE;
    arrange(planes, (size_t)n, size, 1, bigEndian, (size_t)at, (size_t)count, piece);
    if (!copy_out(env, kind, out, outAt + at, count, piece)) return;
  }
}
