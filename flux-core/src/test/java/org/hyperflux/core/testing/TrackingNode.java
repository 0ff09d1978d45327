package org.hyperflux.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.Cost;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.RegionData;
import reactor.core.publisher.Mono;

/**
 * A node in front of another that hands out its input's region data and counts what happens to
 * it: {@link #loads} (data handed out), {@link #releases} (first releases, which release the
 * input's data), {@link #outstanding} (handed out and not yet released) and
 * {@link #repeatedReleases} (releases after the first, which do nothing). Every tile asked for is
 * recorded in {@link #tiles} and must lie inside its data's region. The data is never a single
 * block, so consumers take their general tile path.
 *
 * <p>Variants: the data arrives after a delay (counted when loaded, before the delay), every load
 * fails, or tiles overlapping a region fail. The counters are thread-safe.
 */
public final class TrackingNode extends ArrayNode {
  /** Region data handed out. */
  public final AtomicInteger loads = new AtomicInteger();
  /** First releases of region data handed out. */
  public final AtomicInteger releases = new AtomicInteger();
  /** Region data handed out and not released yet. */
  public final AtomicInteger outstanding = new AtomicInteger();
  /** Releases of region data already released. */
  public final AtomicInteger repeatedReleases = new AtomicInteger();
  /** Every tile asked for, in call order. */
  public final List<Region> tiles = Collections.synchronizedList(new ArrayList<>());

  private final ArrayNode in;
  private final Duration delay;
  private final boolean failLoads;
  private final Region failAt;

  private TrackingNode(ArrayNode in, Duration delay, boolean failLoads, Region failAt) {
    super(in.shape(), in.dtype(), in.grid(), List.of(in));
    this.in = in;
    this.delay = delay;
    this.failLoads = failLoads;
    this.failAt = failAt;
  }

  /** Tracks the data of {@code in}. */
  public static TrackingNode of(ArrayNode in) {
    return new TrackingNode(in, Duration.ZERO, false, null);
  }

  /** Tracks the data of {@code in}, each handed out {@code delay} after it was loaded. */
  public static TrackingNode delayed(ArrayNode in, Duration delay) {
    return new TrackingNode(in, delay, false, null);
  }

  /** A node whose every load fails with "load of REGION failed" (IllegalStateException). */
  public static TrackingNode failingLoads(ArrayNode in) {
    return new TrackingNode(in, Duration.ZERO, true, null);
  }

  /**
   * Tracks the data of {@code in}; a tile overlapping {@code failAt} (by at least one element)
   * fails with "injected failure" (IllegalStateException).
   */
  public static TrackingNode failingTiles(ArrayNode in, Region failAt) {
    return new TrackingNode(in, Duration.ZERO, false, failAt);
  }

  /** Waits up to {@code timeout} for every region data handed out to be released. */
  public void awaitReleased(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (outstanding.get() != 0 && System.nanoTime() < deadline) Thread.onSpinWait();
  }

  @Override
  public Mono<RegionData> load(Region region, ExecContext ctx) {
    if (failLoads) return Mono.error(new IllegalStateException("load of " + region + " failed"));
    Mono<RegionData> data = in.load(region, ctx).map(d -> {
      loads.incrementAndGet();
      outstanding.incrementAndGet();
      return tracked(d);
    });
    return delay.isZero() ? data : data.delayElement(delay);
  }

  private RegionData tracked(RegionData d) {
    AtomicBoolean released = new AtomicBoolean();
    return new RegionData() {
      @Override
      public Region region() {
        return d.region();
      }

      @Override
      public DType dtype() {
        return d.dtype();
      }

      @Override
      public Block tile(Region tile) {
        assertThat(d.region().contains(tile)).as("tile %s inside %s", tile, d.region()).isTrue();
        tiles.add(tile);
        Region x = failAt == null ? null : failAt.intersect(tile);
        if (x != null && !x.isEmpty()) throw new IllegalStateException("injected failure");
        return d.tile(tile);
      }

      @Override
      public void release() {
        if (released.compareAndSet(false, true)) {
          releases.incrementAndGet();
          outstanding.decrementAndGet();
          d.release();
        } else {
          repeatedReleases.incrementAndGet();
        }
      }
    };
  }

  @Override
  public void cost(Region region, Cost cost) {
    in.cost(region, cost);
  }

  @Override
  public String label() {
    return "tracking(" + in.label() + ")";
  }
}
