package org.hyperflux.core.exec;

import java.io.Serializable;

/** The value of a generated array at a global position; pure, thread-safe and serialisable. */
@FunctionalInterface
public interface PositionFunction extends Serializable {
  double valueAt(long[] position);
}
