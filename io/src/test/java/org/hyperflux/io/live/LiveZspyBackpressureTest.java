package org.hyperflux.io.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hyperflux.core.exec.ExecOptions;
import org.hyperflux.core.live.ScanGeometry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A writer whose disk stalls holds the acquisition back through its demand: with every chunk
 * write blocked, it accepts no more frames than its buffers hold (the chunks being written plus
 * the one being assembled, {@link LiveWritePlan#slots()}) and one batch, requests nothing more,
 * and reports the frames it holds as lag; once the disk resumes, the scan completes whole.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LiveZspyBackpressureTest {
  @TempDir
  Path dir;

  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void aStalledDiskStopsTheWritersDemandAndNoFrameIsLost() throws Exception {
    ScanGeometry g = LiveScans.geometry(10, 8, 8, 8);
    int batch = 3;
    LiveScans.Stream s = new LiveScans.Stream(g).batch(batch);
    CountDownLatch disk = new CountDownLatch(1);
    AtomicInteger ioTasks = new AtomicInteger();
    // the first IO task creates the store; every later one (a chunk write) waits for the disk
    Scheduler io = Schedulers.fromExecutor(task -> pool.execute(() -> {
      if (ioTasks.incrementAndGet() > 1) {
        try {
          disk.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      task.run();
    }));
    ExecOptions exec = ExecOptions.defaults().withParallelism(2)
        .withSchedulers(Schedulers.parallel(), io);
    LiveZspyOptions o = LiveZspyOptions.to(dir.resolve("slow.zspy")).withExec(exec);
    LiveWritePlan plan = LiveZspyWriter.checkBudget(g, o);
    assertThat(plan.writers()).isEqualTo(2);
    LiveZspyWriter w = LiveZspyWriter.of(o);
    Sinks.One<LiveWriteReport> result = Sinks.one();
    Disposable run = w.consume(s.events()).subscribe(result::tryEmitValue, result::tryEmitError);
    try {
      long held = (long) plan.slots() * plan.columnsPerChunk();
      LiveZspyWriterTest.awaitReceived(w, held);
      // give a writer that ignored its buffers time to ask for more
      long before = s.requested.get();
      Thread.sleep(300);
      assertThat(s.requested.get()).as("requests while the disk stalls").isEqualTo(before);
      long requestedFrames = (s.requested.get() - 1) * batch;
      assertThat(requestedFrames).as("frames requested while no chunk could be written")
          .isLessThanOrEqualTo(held + batch);
      assertThat(w.framesReceived()).isEqualTo(held);
      assertThat(w.framesWritten()).isZero();
      assertThat(w.lag()).isEqualTo(held);
      disk.countDown();
      LiveWriteReport r = result.asMono().block(Duration.ofSeconds(60));
      assertThat(r.complete()).isTrue();
      assertThat(r.maxLag()).isGreaterThanOrEqualTo(held);
      assertThat(w.lag()).isZero();
      LiveZspyWriterTest.assertData(o.target(), s);
    } finally {
      disk.countDown();
      run.dispose();
    }
  }
}
