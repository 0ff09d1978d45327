package org.hyperflux.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.Signal;

/**
 * The committed rank-4 fixture ({@code decomposition/rank4.f32}, 30×20|64 float32, made with its
 * numpy and HyperSpy 1.7.3 references by {@code decomposition/make_fixture.py}).
 */
final class Rank4Fixture {
  static final int NY = 30;
  static final int NX = 20;
  static final int M = 64;
  static final int N = NY * NX;

  private static final float[] DATA = readData();
  private static final JsonNode EXPECTED = readJson();

  private Rank4Fixture() {}

  /** The data as float32, flat C order. */
  static float[] data() {
    return DATA.clone();
  }

  /** The fixture as a 1-D signal over (20, 30) navigation, chunked as {@code chunkShape} (array order). */
  static Signal signal(int... chunkShape) {
    ChunkGrid grid = ChunkGrid.regular(Shape.of(NY, NX, M), chunkShape);
    return Signal.of(MemoryArray.split(Block.wrap(DType.FLOAT32, data()), grid), 1).withTitle("rank4");
  }

  static double[] expected(String key) {
    JsonNode node = EXPECTED.get(key);
    if (node == null) throw new IllegalArgumentException("no " + key + " in rank4.json");
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) v[i] = node.get(i).asDouble();
    return v;
  }

  /** Row {@code row} of a matrix-valued entry. */
  static double[] expectedRow(String key, int row) {
    JsonNode node = EXPECTED.get(key).get(row);
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) v[i] = node.get(i).asDouble();
    return v;
  }

  static boolean has(String key) {
    return EXPECTED.has(key);
  }

  private static float[] readData() {
    try (InputStream in = Rank4Fixture.class.getResourceAsStream("/decomposition/rank4.f32")) {
      ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      float[] f = new float[N * M];
      b.asFloatBuffer().get(f);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode readJson() {
    try (InputStream in = Rank4Fixture.class.getResourceAsStream("/decomposition/rank4.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
