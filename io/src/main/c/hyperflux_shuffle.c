/*
 * Blosc's byte unshuffle into a Java array, for org.hyperflux.io.internal.NativeUnshuffle: HotSpot
 * (JDK 17) does not vectorise the byte interleave it needs, gcc does. Built by native/build-jni.sh
 * (io's pom.xml).
 */
#include <jni.h>

#include "hyperflux_elements.h"

/* Elements per piece: the planes of a piece and the piece put together stay in cache. */
#define UNSHUFFLE_PIECE 4096

/*
 * Puts together the n elements of size bytes shuffled in src[srcOff, srcOff + n * size) (plane j,
 * n bytes, holds byte j of every element as stored; bigEndian: stored big-endian) into the Java
 * array out of the given kind, from element outAt. The arrays are copied piece by piece, never
 * pinned. The Java side has checked the arguments; a failed copy leaves its exception pending.
 */
JNIEXPORT void JNICALL Java_org_hyperflux_io_internal_NativeUnshuffle_unshuffle(
    JNIEnv *env, jclass cls, jbyteArray src, jint srcOff, jint n, jint size, jarray out,
    jint kind, jint outAt, jboolean bigEndian) {
  unsigned char planes[UNSHUFFLE_PIECE * 8];
  unsigned char piece[UNSHUFFLE_PIECE * 8];
  for (jint at = 0; at < n; at += UNSHUFFLE_PIECE) {
    jint count = n - at < UNSHUFFLE_PIECE ? n - at : UNSHUFFLE_PIECE;
    for (int j = 0; j < size; j++) {
      (*env)->GetByteArrayRegion(env, src, srcOff + j * n + at, count,
                                 (jbyte *)planes + (size_t)j * count);
    }
    if ((*env)->ExceptionCheck(env)) return;
    arrange(planes, (size_t)count, size, 1, bigEndian, 0, (size_t)count, piece);
    if (!copy_out(env, kind, out, outAt + at, count, piece)) return;
  }
}
