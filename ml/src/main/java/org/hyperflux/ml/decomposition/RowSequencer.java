package org.hyperflux.ml.decomposition;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.TreeMap;

/**
 * Hands sample rows on in C order of their navigation positions whatever the chunking, for the
 * ordered (online) decompositions: the pass delivers tiles in chunk-grid order, which is C order
 * only when chunks span the trailing navigation axes whole. A row that comes early is copied and
 * kept until every position before it (excluded ones skipped) has been handed on; at most one
 * band of chunks along the first navigation axis waits at a time (none for row-major chunks).
 * Serialisable with its waiting rows; not thread-safe.
 */
final class RowSequencer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Receives each row, in order. */
  interface Sink {
    void row(double[] values, int offset, long nav);
  }

  private final int m;
  private long next;
  private final TreeMap<Long, double[]> waiting = new TreeMap<>();
  private transient ArrayDeque<double[]> free;

  RowSequencer(int m) {
    this.m = m;
  }

  /** Offers the row {@code values[offset, offset + m)} at flat navigation index {@code nav}. */
  void offer(double[] values, int offset, long nav, SampleRows rows, Sink sink) {
    skipExcluded(rows);
    if (nav != next) {
      if (free == null) free = new ArrayDeque<>();
      double[] copy = free.isEmpty() ? new double[m] : free.pop();
      System.arraycopy(values, offset, copy, 0, m);
      waiting.put(nav, copy);
      return;
    }
    sink.row(values, offset, nav);
    next++;
    for (skipExcluded(rows); !waiting.isEmpty() && waiting.firstKey() == next; skipExcluded(rows)) {
      double[] row = waiting.pollFirstEntry().getValue();
      sink.row(row, 0, next);
      next++;
      if (free == null) free = new ArrayDeque<>();
      free.push(row);
    }
  }

  private void skipExcluded(SampleRows rows) {
    while (rows.excluded(next)) next++;
  }

  /** Rows still waiting for an earlier position (0 once the pass has delivered every tile). */
  int waiting() {
    return waiting.size();
  }
}
