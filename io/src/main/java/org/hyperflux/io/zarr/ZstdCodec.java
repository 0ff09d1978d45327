package org.hyperflux.io.zarr;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * numcodecs' {@code Zstd}: one Zstandard frame per chunk, decoded with a pooled
 * {@link ZstdDecompressCtx} ({@link ZstdContexts}). The frame's declared content size is checked
 * against the chunk before decoding, so a size mismatch is reported as such, not as corruption.
 * Decoding and encoding stream the chunk through this thread's direct buffers
 * ({@link DirectScratch}), 128 KiB at a time, so no Java array is pinned while zstd runs.
 */
final class ZstdCodec implements Codec {
  /** Bytes of the frame handed to zstd at a time, and of decoded output taken back. */
  private static final int PIECE = 1 << 17;
  private final int level;

  ZstdCodec(int level) {
    this.level = level;
  }

  @Override
  public String id() {
    return "zstd";
  }

  @Override
  public void decode(byte[] src, int srcLength, byte[] dst) throws IOException {
    long declared = Zstd.getFrameContentSize(src, 0, srcLength);
    if (declared >= 0 && declared != dst.length) {
      throw new IOException("zstd frame decodes to " + declared + " bytes but the chunk needs " + dst.length);
    }
    DirectScratch scratch = DirectScratch.get();
    ByteBuffer in = scratch.input(PIECE).limit(0);
    ByteBuffer out = scratch.output(PIECE);
    int read = 0;
    int written = 0;
    boolean frameEnded = false;
    boolean outputFull = false;
    ZstdDecompressCtx ctx = ZstdContexts.borrow();
    try {
      ctx.reset();
      while (in.hasRemaining() || read < srcLength || outputFull) {
        if (!in.hasRemaining() && read < srcLength) {
          int n = Math.min(in.capacity(), srcLength - read);
          in.clear().put(src, read, n).flip();
          read += n;
        }
        out.clear();
        int before = in.position();
        boolean ended = ctx.decompressDirectByteBufferStream(out, in);
        out.flip();
        int produced = out.remaining();
        // A call that had nothing left to flush says nothing about where the frame ended.
        if (ended || produced > 0 || in.position() > before) frameEnded = ended;
        if (produced == 0 && in.position() == before && in.hasRemaining()) {
          // zstd always takes input or gives output when it has room: never loop on nothing.
          throw new IOException("corrupt zstd frame (" + srcLength + " bytes): decoding stopped"
              + " at byte " + (read - in.remaining()));
        }
        if (produced > dst.length - written) {
          throw new IOException("zstd frame decodes to more than the " + dst.length
              + " bytes the chunk needs");
        }
        out.get(dst, written, produced);
        written += produced;
        outputFull = produced == out.capacity();
      }
    } catch (ZstdException e) {
      throw new IOException("corrupt or truncated zstd frame (" + srcLength + " bytes): " + e.getMessage(), e);
    } finally {
      ctx.reset();
      ZstdContexts.release(ctx);
    }
    if (!frameEnded) {
      throw new IOException("truncated zstd frame (" + srcLength + " bytes): it ends after "
          + written + " decoded bytes");
    }
    if (written != dst.length) {
      throw new IOException("zstd frame decodes to " + written + " bytes but the chunk needs " + dst.length);
    }
  }

  @Override
  public long declaredSize(byte[] src, int srcLength) {
    long declared = Zstd.getFrameContentSize(src, 0, srcLength);
    return declared >= 0 ? declared : -1;
  }

  @Override
  public byte[] encode(byte[] src, int length) throws IOException {
    byte[] frame = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Zstd.compressBound(length))];
    int written = 0;
    DirectScratch scratch = DirectScratch.get();
    ByteBuffer in = scratch.input(PIECE).limit(0);
    ByteBuffer out = scratch.output(PIECE);
    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
      ctx.setLevel(level);
      ctx.setPledgedSrcSize(length); // the frame declares its content size, as numcodecs' does
      int read = 0;
      boolean ended = false;
      while (!ended) {
        if (!in.hasRemaining() && read < length) {
          int n = Math.min(in.capacity(), length - read);
          in.clear().put(src, read, n).flip();
          read += n;
        }
        EndDirective directive = read == length ? EndDirective.END : EndDirective.CONTINUE;
        out.clear();
        boolean flushed = ctx.compressDirectByteBufferStream(out, in, directive);
        out.flip();
        if (out.remaining() > frame.length - written) {
          throw new IOException("zstd frame exceeds its bound of " + frame.length + " bytes");
        }
        int produced = out.remaining();
        out.get(frame, written, produced);
        written += produced;
        ended = directive == EndDirective.END && flushed;
      }
    } catch (ZstdException e) {
      throw new IOException("zstd compression failed: " + e.getMessage(), e);
    }
    return java.util.Arrays.copyOf(frame, written);
  }
}
