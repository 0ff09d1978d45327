package org.hyperflux.core.exec;

import java.io.Serializable;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.Region;

/**
 * Fills a block with the values of a region of a generated array (C order of the region). Must
 * be a pure function of the region, thread-safe, and serialisable.
 */
@FunctionalInterface
public interface RegionFunction extends Serializable {
  void fill(Region region, Block out);
}
