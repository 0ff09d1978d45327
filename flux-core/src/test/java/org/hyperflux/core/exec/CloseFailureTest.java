package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.ChunkIndex;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.ops.LazyArray;
import org.hyperflux.core.testing.DoubleSum;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** A handle that fails to close turns a completed stream into an error naming the source. */
class CloseFailureTest {
  /** A generated source whose handles throw on close. */
  private static Source failingOnClose() {
    GeneratedSource inner = GeneratedSource.of("ones", DType.FLOAT64, ChunkGrid.regular(Shape.of(6), 2), p -> 1);
    return new Source() {
      @Override public Shape shape() { return inner.shape(); }
      @Override public DType dtype() { return inner.dtype(); }
      @Override public ChunkGrid grid() { return inner.grid(); }
      @Override public Set<Capability> capabilities() { return inner.capabilities(); }
      @Override public boolean blocking() { return true; }
      @Override public String description() { return "test file /data/broken.zspy"; }

      @Override
      public SourceHandle open() {
        SourceHandle h = inner.open();
        return new SourceHandle() {
          @Override public Block readChunk(ChunkIndex index) throws IOException { return h.readChunk(index); }
          @Override public Block readRegion(Region region) throws IOException { return h.readRegion(region); }
          @Override public void close() throws IOException { throw new IOException("disk went away"); }
        };
      }
    };
  }

  @Test
  void chunksEndInAnErrorAfterEveryChunk() {
    StepVerifier.create(LazyArray.of(failingOnClose()).chunks(ExecOptions.defaults()))
        .expectNextCount(3)
        .expectErrorSatisfies(e -> assertThat(e)
            .isInstanceOf(SourceReadException.class)
            .hasMessageContaining("failed to close test file /data/broken.zspy")
            .hasMessageContaining("disk went away"))
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aPassEndsInAnError() {
    StepVerifier.create(Pass.over(new SourceNode(failingOnClose()), ExecOptions.defaults())
            .feed(DoubleSum.mergeable()).run())
        .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("failed to close test file"))
        .verify(Duration.ofSeconds(10));
  }
}
