package org.hyperflux.core.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Region;
import org.hyperflux.core.exec.ArrayNode;
import org.hyperflux.core.exec.BlockRegionData;
import org.hyperflux.core.exec.ExecContext;
import org.hyperflux.core.exec.RegionData;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The region data of a geometry operator: an output region whose tiles are assembled on demand
 * from the loaded data of its inputs, which it owns and releases exactly once.
 *
 * <p>{@link #loadAll} loads several input regions one after another and hands them to the
 * composing function. Until that hand-over the loaded data belongs to a small owner that
 * releases it on error or cancel, including data that arrives after a cancel raced with it;
 * after the hand-over the composite's {@link #release()} does.
 */
abstract class GeometryData implements RegionData {
  private final Region region;
  private final DType dtype;
  private final List<RegionData> inputs;
  private final AtomicBoolean released = new AtomicBoolean();

  GeometryData(Region region, DType dtype, List<RegionData> inputs) {
    this.region = region;
    this.dtype = dtype;
    this.inputs = List.copyOf(inputs);
  }

  @Override
  public final Region region() {
    return region;
  }

  @Override
  public final DType dtype() {
    return dtype;
  }

  /** The inputs' data, in the order they were loaded. */
  final List<RegionData> inputs() {
    return inputs;
  }

  @Override
  public final void release() {
    if (released.compareAndSet(false, true)) RegionData.releaseAll(inputs);
  }

  /** Data of an empty region: no tiles, nothing held. */
  static RegionData empty(Region region, DType dtype) {
    return new BlockRegionData(region, Block.allocate(dtype, 0));
  }


  /** One input region to load. */
  record Request(ArrayNode node, Region region) {}

  /**
   * Loads {@code requests} in order and composes their data into one region data; everything
   * loaded is released if a load fails, the composition throws, or the subscriber cancels first.
   */
  static Mono<RegionData> loadAll(List<Request> requests, ExecContext ctx,
      Function<List<RegionData>, RegionData> compose) {
    return Mono.defer(() -> {
      Owner owner = new Owner();
      return Flux.fromIterable(requests)
          // Map each loaded input to a token: then() discards what it ignores, and a discard
          // hook downstream would release the data before the composite reads it.
          .concatMap(r -> r.node().load(r.region(), ctx).map(d -> {
            owner.add(d);
            return Boolean.TRUE;
          }), 1)
          .then(Mono.fromCallable(() -> owner.handOver(compose)))
          // Before the signal travels on: whoever observes the error or the cancel sees the
          // inputs released already.
          .doOnError(e -> owner.releaseUnlessHandedOver())
          .doOnCancel(owner::releaseUnlessHandedOver);
    });
  }

  /** Holds loaded data until it is handed over to the composite or released. */
  private static final class Owner {
    private final List<RegionData> items = new ArrayList<>();
    private boolean closed;
    private boolean handedOver;

    void add(RegionData d) {
      boolean late;
      synchronized (this) {
        late = closed;
        if (!late) items.add(d);
      }
      if (late) d.release();
    }

    /**
     * Composes everything loaded and passes its ownership to the result; if {@code compose}
     * throws, the data stays here and is released when the load ends.
     */
    synchronized RegionData handOver(Function<List<RegionData>, RegionData> compose) {
      RegionData result = compose.apply(List.copyOf(items));
      closed = true;
      handedOver = true;
      return result;
    }

    void releaseUnlessHandedOver() {
      List<RegionData> toRelease;
      synchronized (this) {
        closed = true;
        if (handedOver) return;
        toRelease = new ArrayList<>(items);
        items.clear();
      }
      RegionData.releaseAll(toRelease);
    }
  }
}
