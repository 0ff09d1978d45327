package org.hyperflux.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.ops.LazyArray;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class CpuSchedulerTest {
  @Test
  void threadsAreNonBlockingSoComputeRefusesToBlockThere() {
    LazyArray a = LazyArray.of(GeneratedSource.of("ones", DType.FLOAT32,
        ChunkGrid.regular(Shape.of(8), 4), p -> 1));
    StepVerifier.create(Mono.fromCallable(() -> a.compute(ExecOptions.defaults()))
            .subscribeOn(CpuScheduler.shared()))
        .expectErrorSatisfies(e -> assertThat(e)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("computeMono"))
        .verify(Duration.ofSeconds(10));
    Boolean nonBlocking = Mono.fromCallable(Schedulers::isInNonBlockingThread)
        .subscribeOn(CpuScheduler.shared()).block(Duration.ofSeconds(10));
    assertThat(nonBlocking).isTrue();
  }

  @Test
  void tasksSpreadOverEveryThreadWhileOthersAreBusy() throws Exception {
    Scheduler s = CpuScheduler.create(3);
    try {
      // Three tasks that wait for each other can only finish if they run on three threads at once.
      CountDownLatch all = new CountDownLatch(3);
      Set<String> threads = ConcurrentHashMap.newKeySet();
      CountDownLatch done = new CountDownLatch(3);
      for (int i = 0; i < 3; i++) {
        s.schedule(() -> {
          threads.add(Thread.currentThread().getName());
          all.countDown();
          try {
            all.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          done.countDown();
        });
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(threads).hasSize(3).allMatch(n -> n.startsWith("hyperflux-cpu-"));
    } finally {
      s.dispose();
    }
  }
}
