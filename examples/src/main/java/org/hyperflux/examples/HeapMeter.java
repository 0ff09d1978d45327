package org.hyperflux.examples;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Heap measurements for the commands, two figures between a {@link #reset} (a collection, then
 * the peaks restart from the current usage) and now:
 * <ul>
 *   <li>{@link #peakBytes}: the sum of the heap pools' (eden, survivor, old) peak usage. The pools
 *       need not peak at once, so it is an upper bound of what the heap held, garbage included;
 *       a collector lets garbage pile up to the heap it is given, so this approaches {@code -Xmx}
 *       on long runs whatever the program keeps.</li>
 *   <li>{@link #peakAfterGcBytes}: the most heap in use right after any collection (from the
 *       collectors' notifications): what was still reachable, or not yet reclaimed, at the worst
 *       collection. This is the figure that shows whether memory stays bounded.</li>
 * </ul>
 */
final class HeapMeter {
  private static final Set<String> HEAP_POOLS = heapPools().stream()
      .map(MemoryPoolMXBean::getName).collect(Collectors.toUnmodifiableSet());
  private static final AtomicLong AFTER_GC_PEAK = new AtomicLong();

  static {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(HeapMeter::onGc, null, null);
      }
    }
  }

  private HeapMeter() {}

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.isValid())
        .toList();
  }

  private static void onGc(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (HEAP_POOLS.contains(e.getKey())) used += e.getValue().getUsed();
    }
    AFTER_GC_PEAK.accumulateAndGet(used, Math::max);
  }

  /** Collects garbage, then restarts both peaks from the current usage. */
  static void reset() {
    System.gc();
    for (MemoryPoolMXBean p : heapPools()) p.resetPeakUsage();
    AFTER_GC_PEAK.set(usedBytes());
  }

  /** Sum of the heap pools' peak usage since the last {@link #reset} (garbage included). */
  static long peakBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : heapPools()) {
      if (p.getPeakUsage() != null) sum += p.getPeakUsage().getUsed();
    }
    return sum;
  }

  /** The most heap in use after a collection since the last {@link #reset}. */
  static long peakAfterGcBytes() {
    return AFTER_GC_PEAK.get();
  }

  /** Heap bytes in use now. */
  static long usedBytes() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The most heap the JVM may use ({@code -Xmx}). */
  static long maxBytes() {
    return Runtime.getRuntime().maxMemory();
  }
}
