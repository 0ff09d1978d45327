/*
 * JNI binding of libdeflate's whole-buffer decompressors for org.hyperflux.io.internal.Libdeflate.
 *
 * libdeflate (https://github.com/ebiggers/libdeflate) is bound at run time with dlopen, so neither
 * building this file nor loading it needs libdeflate's headers: the declarations below are its
 * stable public API (libdeflate.h; the _ex decompressors exist since version 1.2). Built by
 * native/build-jni.sh (io's pom.xml).
 */
#include <dlfcn.h>
#include <jni.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hyperflux_elements.h"

struct libdeflate_decompressor;
typedef struct libdeflate_decompressor *(*alloc_fn)(void);
typedef void (*free_fn)(struct libdeflate_decompressor *);
/* Returns 0 (success), 1 (bad data), 2 (short output) or 3 (insufficient space). */
typedef int (*decompress_fn)(struct libdeflate_decompressor *, const void *in, size_t in_nbytes,
                             void *out, size_t out_nbytes_avail, size_t *actual_in_nbytes_ret,
                             size_t *actual_out_nbytes_ret);

static alloc_fn alloc_decompressor;
static free_fn free_decompressor;
static decompress_fn decompressors[2]; /* indexed by format: 0 zlib, 1 gzip */

/* Binds the library named by `name`; returns null on success, else why it failed. */
JNIEXPORT jstring JNICALL Java_org_hyperflux_io_internal_Libdeflate_bind(JNIEnv *env, jclass cls,
                                                                         jstring name) {
  const char *file = (*env)->GetStringUTFChars(env, name, NULL);
  if (file == NULL) return NULL; /* OutOfMemoryError pending */
  void *lib = dlopen(file, RTLD_NOW | RTLD_LOCAL);
  (*env)->ReleaseStringUTFChars(env, name, file);
  if (lib == NULL) {
    const char *why = dlerror();
    return (*env)->NewStringUTF(env, why != NULL ? why : "dlopen failed");
  }
  alloc_decompressor = (alloc_fn)dlsym(lib, "libdeflate_alloc_decompressor");
  free_decompressor = (free_fn)dlsym(lib, "libdeflate_free_decompressor");
  decompressors[0] = (decompress_fn)dlsym(lib, "libdeflate_zlib_decompress_ex");
  decompressors[1] = (decompress_fn)dlsym(lib, "libdeflate_gzip_decompress_ex");
  if (alloc_decompressor == NULL || free_decompressor == NULL || decompressors[0] == NULL
      || decompressors[1] == NULL) {
    return (*env)->NewStringUTF(env, "a libdeflate function is missing");
  }
  return NULL;
}

/* Buffers of at least this many bytes are mapped on their own, backed by transparent huge pages
 * where the kernel allows (THP "madvise" mode, Debian's default): a 32 MiB chunk then costs 16
 * page faults instead of 8192, which took about a fifth of the CPU time of reading .hspy. */
#define MAPPED_BYTES ((size_t)4 << 20)

/* Mapped buffers are kept for reuse when freed, at most KEPT_BUFFERS of them and KEPT_BYTES in
 * all: a fresh mapping costs a page fault and the zeroing of every page it touches, about 3 ms of
 * CPU for a 32 MiB chunk, a tenth of inflating it. A kept buffer is taken by a request of the
 * same mapped size only (below), and its pages are the kernel's to reclaim meanwhile. */
#define KEPT_BUFFERS 8
#define KEPT_BYTES ((size_t)128 << 20)
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char *kept[KEPT_BUFFERS];
static size_t kept_size[KEPT_BUFFERS];
static size_t kept_total;

/* Mapped sizes are whole 2 MiB huge pages, so that buffers of nearby sizes share kept ones. */
static size_t mapped_size(size_t size) {
  size_t huge = (size_t)2 << 20;
  return (size + huge - 1) / huge * huge;
}

/* A decode buffer of size bytes (at least 1), or NULL; free it with buffer_free(p, size). */
static unsigned char *buffer_alloc(size_t size) {
  if (size < MAPPED_BYTES) return malloc(size > 0 ? size : 1);
  size_t mapped = mapped_size(size);
  unsigned char *p = NULL;
  pthread_mutex_lock(&kept_lock);
  for (int i = 0; i < KEPT_BUFFERS; i++) {
    if (kept[i] != NULL && kept_size[i] == mapped) {
      p = kept[i];
      kept[i] = NULL;
      kept_total -= mapped;
      break;
    }
  }
  pthread_mutex_unlock(&kept_lock);
  if (p != NULL) return p;
  void *m = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
  madvise(m, mapped, MADV_HUGEPAGE); /* only advice: without it the pages are simply small */
#endif
  return m;
}

static void buffer_free(unsigned char *p, size_t size) {
  if (p == NULL) return;
  if (size < MAPPED_BYTES) {
    free(p);
    return;
  }
  size_t mapped = mapped_size(size);
  int slot = -1;
  pthread_mutex_lock(&kept_lock);
  if (kept_total + mapped <= KEPT_BYTES) {
    for (int i = 0; i < KEPT_BUFFERS && slot < 0; i++) {
      if (kept[i] == NULL) slot = i;
    }
    if (slot >= 0) {
      kept[slot] = p;
      kept_size[slot] = mapped;
      kept_total += mapped;
    }
  }
  pthread_mutex_unlock(&kept_lock);
  if (slot < 0) {
    munmap(p, mapped);
  } else {
#ifdef MADV_FREE
    /* The kernel may take the pages back when memory runs short (the next use then faults them
     * in again, zeroed); until then they are reused as they are. */
    madvise(p, mapped, MADV_FREE);
#endif
  }
}

/* Elements per piece copied into the Java array: a piece stays in cache between the two copies. */
#define PIECE_ELEMENTS 32768

/* Copies elements [from, from + count) of the n decoded elements of size bytes in dst into the
 * Java array out from element out_at, through piece (PIECE_ELEMENTS * size bytes) when they must
 * be rearranged; false when a Java exception is pending. */
static int copy_elements(JNIEnv *env, const unsigned char *dst, size_t n, int size, int shuffled,
                         int big_endian, size_t from, size_t count, jarray out, size_t out_at,
                         int kind, unsigned char *piece) {
  int arranged = size > 1 && (shuffled || big_endian);
  for (size_t at = from; at < from + count; at += PIECE_ELEMENTS) {
    size_t k = from + count - at < PIECE_ELEMENTS ? from + count - at : PIECE_ELEMENTS;
    const unsigned char *elements = dst + at * size;
    if (arranged) {
      arrange(dst, n, size, shuffled, big_endian, at, k, piece);
      elements = piece;
    }
    if (!copy_out(env, kind, out, (jsize)(out_at + (at - from)), (jsize)k, elements)) return 0;
  }
  return 1;
}

/* Decompresses src[0, inLen) into dst, which must be filled exactly (total bytes); returns the
 * input bytes used, or -1 (bad data), -3 (decodes to more), -4 (no native memory), -5 (decodes to
 * fewer bytes). */
static jlong inflate_raw(int format, const unsigned char *src, size_t inLen, unsigned char *dst,
                         size_t total) {
  struct libdeflate_decompressor *d = alloc_decompressor();
  if (d == NULL) return -4;
  size_t used = 0;
  size_t actual = 0;
  int r = decompressors[format](d, src, inLen, dst, total, &used, &actual);
  free_decompressor(d);
  return r != 0 ? -(jlong)r : actual != total ? -5 : (jlong)used;
}

/* inflate_raw of the Java array range in[inOff, inOff + inLen), copied to native memory first. */
static jlong inflate_into(JNIEnv *env, int format, jbyteArray in, jint inOff, jint inLen,
                          unsigned char *dst, size_t total) {
  unsigned char *src = buffer_alloc((size_t)inLen);
  jlong result = -4;
  if (src != NULL) {
    (*env)->GetByteArrayRegion(env, in, inOff, inLen, (jbyte *)src);
    result = inflate_raw(format, src, (size_t)inLen, dst, total);
  }
  buffer_free(src, (size_t)inLen);
  return result;
}

/*
 * Decompresses in[inOff, inOff + inLen), which must decode to exactly n elements of size bytes,
 * into the Java array out of the given kind, whose element size is size. shuffled: the decoded
 * bytes are HDF5-shuffled; bigEndian: the elements are stored big-endian. Returns n * size plus,
 * times 2^32, the number of input bytes the stream used; or -1 (bad data), -3 (decodes to more),
 * -4 (no native memory), -5 (decodes to fewer bytes). The Java side has checked the arguments.
 *
 * The arrays are copied to and from native memory rather than pinned: until JDK 22, a thread
 * inside a long JNI critical section can make another thread's allocation fail with
 * OutOfMemoryError (JDK-8192647).
 */
JNIEXPORT jlong JNICALL Java_org_hyperflux_io_internal_Libdeflate_decompress(
    JNIEnv *env, jclass cls, jint format, jbyteArray in, jint inOff, jint inLen, jarray out,
    jint kind, jint n, jint size, jboolean shuffled, jboolean bigEndian) {
  size_t total = (size_t)n * (size_t)size;
  unsigned char *dst = buffer_alloc(total);
  unsigned char *piece = malloc((size_t)PIECE_ELEMENTS * size);
  jlong result = -4;
  if (dst != NULL && piece != NULL) {
    result = inflate_into(env, format, in, inOff, inLen, dst, total);
    if (result >= 0) {
      jlong used = result;
      result = copy_elements(env, dst, (size_t)n, size, shuffled, bigEndian, 0, (size_t)n, out, 0,
                             kind, piece)
                   ? (jlong)total | used << 32
                   : -4;
    }
  }
  free(piece);
  buffer_free(dst, total);
  return result;
}

/* Decoded bytes held in native memory between calls: Libdeflate.Inflated. */
struct inflated {
  size_t n;
  int size;
  unsigned char *piece;
  unsigned char *bytes; /* n * size bytes from buffer_alloc */
};

/* Decompresses the inLen bytes at src (a Java array range copied out first when src is NULL),
 * which must decode to exactly n elements of size bytes, into native memory; returns its handle,
 * or -1, -3, -4 or -5 as decompress does. */
static jlong inflate_to_handle(JNIEnv *env, int format, jbyteArray in, jint inOff,
                               const unsigned char *src, jint inLen, jint n, jint size) {
  size_t total = (size_t)n * (size_t)size;
  struct inflated *h = malloc(sizeof(struct inflated));
  unsigned char *piece = malloc((size_t)PIECE_ELEMENTS * size);
  unsigned char *bytes = buffer_alloc(total);
  if (h == NULL || piece == NULL || bytes == NULL) {
    free(h);
    free(piece);
    buffer_free(bytes, total);
    return -4;
  }
  h->n = (size_t)n;
  h->size = size;
  h->piece = piece;
  h->bytes = bytes;
  jlong result = src != NULL ? inflate_raw(format, src, (size_t)inLen, bytes, total)
                             : inflate_into(env, format, in, inOff, inLen, bytes, total);
  if (result < 0) {
    free(piece);
    buffer_free(bytes, total);
    free(h);
    return result;
  }
  return (jlong)(intptr_t)h;
}

/*
 * Decompresses in[inOff, inOff + inLen), which must decode to exactly n elements of size bytes,
 * into native memory; returns its handle (release it with release), or -1, -3, -4 or -5 as
 * decompress does.
 */
JNIEXPORT jlong JNICALL Java_org_hyperflux_io_internal_Libdeflate_inflate(
    JNIEnv *env, jclass cls, jint format, jbyteArray in, jint inOff, jint inLen, jint n,
    jint size) {
  return inflate_to_handle(env, format, in, inOff, NULL, inLen, n, size);
}

/* As inflate, from the inLen bytes of native memory at address in (Libdeflate.Input). */
JNIEXPORT jlong JNICALL Java_org_hyperflux_io_internal_Libdeflate_inflateNative(
    JNIEnv *env, jclass cls, jint format, jlong in, jint inLen, jint n, jint size) {
  return inflate_to_handle(env, format, NULL, 0, (const unsigned char *)(intptr_t)in, inLen, n,
                           size);
}

/* Native memory for size bytes of input (Libdeflate.Input), from the decode buffers' pool; its
 * address, or 0 when there is none. */
JNIEXPORT jlong JNICALL Java_org_hyperflux_io_internal_Libdeflate_allocate(JNIEnv *env, jclass cls,
                                                                          jint size) {
  return (jlong)(intptr_t)buffer_alloc((size_t)size);
}

/* A direct ByteBuffer over the size bytes at address, or NULL with an exception pending. */
JNIEXPORT jobject JNICALL Java_org_hyperflux_io_internal_Libdeflate_wrap(JNIEnv *env, jclass cls,
                                                                        jlong address,
                                                                        jint size) {
  return (*env)->NewDirectByteBuffer(env, (void *)(intptr_t)address, (jlong)size);
}

/* Frees what allocate returned for size bytes. */
JNIEXPORT void JNICALL Java_org_hyperflux_io_internal_Libdeflate_free(JNIEnv *env, jclass cls,
                                                                     jlong address, jint size) {
  buffer_free((unsigned char *)(intptr_t)address, (size_t)size);
}

/* Copies elements [from, from + count) of inflated handle into out from element outAt (kind as for
 * decompress); a failed copy leaves its Java exception pending. The Java side has checked the
 * arguments. */
JNIEXPORT void JNICALL Java_org_hyperflux_io_internal_Libdeflate_copy(
    JNIEnv *env, jclass cls, jlong handle, jint from, jint count, jarray out, jint outAt,
    jint kind, jboolean shuffled, jboolean bigEndian) {
  struct inflated *h = (struct inflated *)(intptr_t)handle;
  copy_elements(env, h->bytes, h->n, h->size, shuffled, bigEndian, (size_t)from, (size_t)count,
                out, (size_t)outAt, kind, h->piece);
}

/* Frees what inflate allocated. */
JNIEXPORT void JNICALL Java_org_hyperflux_io_internal_Libdeflate_release(JNIEnv *env, jclass cls,
                                                                        jlong handle) {
  struct inflated *h = (struct inflated *)(intptr_t)handle;
  free(h->piece);
  buffer_free(h->bytes, h->n * (size_t)h->size);
  free(h);
}
