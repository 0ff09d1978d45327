package org.hyperflux.io.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import java.util.List;
import java.util.Map;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.ops.LazyArray;
import org.junit.jupiter.api.Test;

/**
 * A file saved by HyperSpy 1.7.3 ({@code s.save("signal.hspy")}) opens through the HDF5 view:
 * the root attributes, the {@code /Experiments/<title>} tree, the axis attributes, the metadata
 * attributes and its variable-length string list, and the {@code data} dataset (chunked, gzip +
 * shuffle) read lazily with equal values.
 */
class Hdf5HyperSpyFileTest {
  @Test
  void theHspyTreeAndItsDataRead() throws Exception {
    try (Hdf5File f = Hdf5File.open(Hdf5Fixtures.file("signal.hspy"))) {
      Map<String, Object> root = f.root().attributes();
      assertThat(root).containsEntry("file_format", "HyperSpy").containsEntry("file_format_version", "3.1");
      assertThat(f.root().groups()).containsExactly("Experiments");
      Hdf5Group experiment = f.group("/Experiments/golden");
      assertThat(f.group("/Experiments").groups()).containsExactly("golden");
      assertThat(experiment.groups()).contains("axis-0", "axis-1", "axis-2", "metadata",
          "original_metadata", "learning_results");
      assertThat(experiment.datasets()).containsExactly("data");
      assertThat(experiment.attributes()).containsEntry("package", "hyperspy")
          .containsEntry("package_version", "1.7.3");

      assertThat(experiment.group("axis-2").attributes()).containsEntry("_type", "UniformDataAxis")
          .containsEntry("name", "Energy").containsEntry("units", "eV")
          .containsEntry("navigate", false).containsEntry("is_binned", false)
          .containsEntry("size", 8L).containsEntry("scale", 0.1).containsEntry("offset", 400.0);
      assertThat(experiment.group("axis-0").attributes()).containsEntry("navigate", true)
          .containsEntry("size", 2L);
      assertThat(experiment.group("metadata/General").attributes()).containsEntry("title", "golden");
      assertThat(experiment.group("metadata/Signal").attributes())
          .containsEntry("quantity", "Intensity (counts)");
      assertThat(experiment.group("original_metadata/Acquisition").attributes())
          .containsEntry("exposure", 0.5).containsEntry("detector", "CCD");
      assertThat(experiment.group("metadata/_HyperSpy/Folding").attributes())
          .containsEntry("unfolded", false).containsEntry("original_shape", "_None_");

      Hdf5Dataset elements = experiment.dataset("metadata/Sample/_list_elements");
      assertThat(elements.type()).isEqualTo("vlen-str");
      assertThat(elements.values()).isEqualTo(List.of("Fe", "O", "Ti"));

      Hdf5Dataset data = experiment.dataset("data");
      assertThat(data.dtype()).contains(DType.FLOAT32);
      assertThat(data.shape()).isEqualTo(Shape.of(2, 3, 8));
      assertThat(data.layout()).isEqualTo(Hdf5Layout.CHUNKED);
      assertThat(data.filters()).containsExactly("shuffle", "deflate");
      LazyArray lazy = data.lazy();
      MemoryArray m = lazy.compute();
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 3; j++) {
          for (int k = 0; k < 8; k++) {
            assertThat(m.getDouble(i, j, k)).isEqualTo(((i * 3 + j) * 8 + k - 5) * 0.25);
          }
        }
      }
    }
  }

  /**
   * Why {@link Hdf5Dataset#values()} decodes chunks itself: jHDF 0.13.0's own {@code getData()}
   * applies the shuffle filter that HyperSpy's variable-length string list skipped (filter mask
   * 1) and throws. If a jHDF upgrade fixes this, the workaround may go.
   */
  @Test
  void jhdfAloneThrowsOnTheVariableLengthStringList() throws Exception {
    try (HdfFile f = new HdfFile(Hdf5Fixtures.file("signal.hspy"))) {
      assertThatThrownBy(() -> f.getDatasetByPath("/Experiments/golden/metadata/Sample/_list_elements").getData())
          .isInstanceOf(ArrayIndexOutOfBoundsException.class);
    }
  }
}
