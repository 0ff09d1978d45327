package org.hyperflux.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.GeneratedSource;
import org.hyperflux.core.ops.LazyArray;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §2: in-place mutation does not exist. The collections that signals hand out refuse to
 * change, saying what to write instead, and a lazy result keeps the axes it was built with.
 */
class ImmutabilityTest {
  private static Signal scan() {
    GeneratedSource src = GeneratedSource.of("scan", DType.FLOAT32,
        ChunkGrid.regular(Shape.of(3, 4, 5), 1, 4, 5), p -> p[0] + p[1] + p[2]);
    return Signal.of(LazyArray.of(src), 1).withMetadata(Metadata.empty()
        .with("General.title", "scan").with("Sample.elements", List.of("Fe", "O")));
  }

  @Test
  void changingAnAxesListSaysToUseWithAxes() {
    Signal s = scan();
    Axis replacement = Axis.uniform(5, 0.5, 0).withName("E");
    for (List<Axis> list : List.of(s.axes().arrayOrder(), s.axes().navigationAxes(),
        s.axes().signalAxes(), s.axes().naturalOrder())) {
      assertThatThrownBy(() -> list.set(0, replacement))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("s = s.withAxes(s.axes().with(arrayIndex, axis))");
      assertThatThrownBy(() -> list.add(replacement)).hasMessageContaining("withAxes");
      assertThatThrownBy(() -> list.remove(0)).hasMessageContaining("withAxes");
      assertThatThrownBy(list::clear).hasMessageContaining("withAxes");
    }
    assertThat(s.axes().axis(2).size()).isEqualTo(5);
  }

  @Test
  void changingMetadataSaysToUseWithMetadata() {
    Signal s = scan();
    Map<String, Object> tree = s.metadata().toMap();
    assertThatThrownBy(() -> tree.put("General", Map.of()))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("s = s.withMetadata(s.metadata().with(\"Node.key\", value))");
    @SuppressWarnings("unchecked")
    Map<String, Object> general = (Map<String, Object>) tree.get("General");
    assertThatThrownBy(() -> general.put("title", "other")).hasMessageContaining("withMetadata");
    assertThatThrownBy(() -> general.remove("title")).hasMessageContaining("withMetadata");
    @SuppressWarnings("unchecked")
    List<Object> elements = (List<Object>) s.metadata().get("Sample.elements").orElseThrow();
    assertThatThrownBy(() -> elements.add("C")).hasMessageContaining("withMetadata");
    assertThatThrownBy(() -> s.metadata().keys().clear()).hasMessageContaining("withMetadata");
    assertThat(s.title()).isEqualTo("scan");
    assertThat(Metadata.of(tree)).isEqualTo(s.metadata());
  }

  @Test
  void aLazyResultKeepsTheAxesItWasBuiltWith() {
    Signal s = scan();
    Signal summed = s.sum(AxisSet.SIGNAL);
    Signal recalibrated = s.withAxes(s.axes().with(0, s.axes().axis(0).withScale(0.25)));
    assertThat(recalibrated.axes().axis(0).scale()).isEqualTo(0.25);
    assertThat(s.axes().axis(0).scale()).isEqualTo(1.0);
    assertThat(summed.axes().axis(0).scale()).isEqualTo(1.0);
    assertThat(summed.compute().axes()).isEqualTo(summed.axes());
  }
}
