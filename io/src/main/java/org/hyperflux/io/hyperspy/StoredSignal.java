package org.hyperflux.io.hyperspy;

import java.util.Objects;
import org.hyperflux.core.signal.LearningResults;
import org.hyperflux.core.signal.Metadata;
import org.hyperflux.core.signal.Signal;

/**
 * One signal of a HyperSpy file ({@code /Experiments/<group>}) as {@link HyperSpyReader} reads
 * it: the group's name, the lazy {@link Signal} (data, axes, metadata, original metadata and the
 * stored navigator), and the group's {@code learning_results} (HyperSpy's
 * {@code s.learning_results}: decomposition factors, loadings, explained variance ... as metadata
 * values; empty when the file has none). Immutable.
 *
 * @param group the experiment group's name, e.g. {@code "scan"} or {@code "__unnamed__"}
 * @param signal the signal, lazy: nothing of its data has been read
 * @param learningResults the {@code learning_results} group's values
 */
public record StoredSignal(String group, Signal signal, Metadata learningResults) {
  /** Checks that no component is null. */
  public StoredSignal {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(learningResults, "learningResults");
  }

  /**
   * The {@code learning_results} as a {@link LearningResults} value (numeric arrays as float64
   * arrays, bool datasets such as the masks as boolean arrays, tuples as {@code long[]}); reads the arrays that were kept lazy because they are large.
   */
  public LearningResults toLearningResults() {
    return LearningResults.fromMetadata(learningResults);
  }
}
