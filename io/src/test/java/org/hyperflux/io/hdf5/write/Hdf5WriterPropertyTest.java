package org.hyperflux.io.hdf5.write;

import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every file the writer produces for a generated case ({@link WriterCases}: rank 1 to 4, every
 * dtype, chunks that do not divide the shape and chunk counts beyond one B-tree node, trees of
 * groups and attributes) reads back through hyperflux's reader (jHDF for the structure, our chunk
 * pipeline for the data) with equal groups, attributes and values. h5py, h5dump and HyperSpy
 * check samples of the same cases in {@code Hdf5WriterPythonTest}.
 */
class Hdf5WriterPropertyTest {
  private static Path dir;

  @BeforeContainer
  static void createDir() throws Exception {
    dir = Files.createTempDirectory("hdf5-writer-property");
  }

  @AfterContainer
  static void deleteDir() throws Exception {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) Files.deleteIfExists(p);
    }
    Files.deleteIfExists(dir);
  }

  @Provide
  Arbitrary<WriterCases.Case> cases() {
    return WriterCases.cases();
  }

  @Property(tries = 150, seed = "20261126")
  void filesReadBackEqual(@ForAll("cases") WriterCases.Case c) throws Exception {
    long chunks = org.hyperflux.core.array.ChunkGrid.regular(
        org.hyperflux.core.array.Shape.of(c.shape()), c.chunkShape()).chunkCount();
    Statistics.label("B-tree").collect(chunks > 64 * 64 ? "three levels or more"
        : chunks > 64 ? "two levels" : "one node");
    boolean divides = true;
    for (int a = 0; a < c.shape().length; a++) divides &= c.shape()[a] % c.chunkShape()[a] == 0;
    Statistics.label("edge chunks").collect(divides ? "none" : "cropped");
    Statistics.label("dtype").collect(c.dtype().numpyName());
    Path file = dir.resolve("case.h5");
    WriterCases.write(c, file, (int) Math.floorMod(c.seed(), 10));
    try {
      WriterCases.checkWithOurReader(c, file);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
