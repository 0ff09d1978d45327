package org.hyperflux.ml.fit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.hyperflux.core.array.Block;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.hyperflux.core.exec.MemoryArray;
import org.hyperflux.core.signal.Axes;
import org.hyperflux.core.signal.Axis;
import org.hyperflux.core.signal.Signal;

/**
 * A committed linear-fitting fixture ({@code fit/<case>.f64} and {@code fit/<case>.json}, 8×6|200
 * float64, made with HyperSpy 1.7.3's {@code multifit(optimizer='lstsq')} results by {@code
 * fit/make_fixture.py}).
 */
final class LinearFitFixture {
  static final int NY = 6;
  static final int NX = 8;
  static final int M = 200;

  final String name;
  final double[] data;
  final JsonNode json;

  private LinearFitFixture(String name) {
    this.name = name;
    this.data = readData(name);
    this.json = readJson(name);
  }

  static LinearFitFixture load(String name) {
    return new LinearFitFixture(name);
  }

  /** The signal axis' coordinates as HyperSpy had them. */
  double[] x() {
    return doubles(json.get("x"));
  }

  /** The fixture as a signal chunked as {@code chunkShape} (array order), its axis uniform when it is. */
  Signal signal(int... chunkShape) {
    double[] x = x();
    Axis energy = name.equals("uniform") ? Axis.uniform(M, 2.0, 100.0) : Axis.nonUniform(x);
    Axes axes = Axes.of(Axis.uniform(NY).withName("y").withNavigate(true),
        Axis.uniform(NX).withName("x").withNavigate(true), energy.withName("Energy"));
    ChunkGrid grid = ChunkGrid.regular(Shape.of(NY, NX, M), chunkShape);
    return Signal.of(MemoryArray.split(Block.wrap(DType.FLOAT64, data.clone()), grid), axes).withTitle(name);
  }

  /** HyperSpy's free parameter names, in its order. */
  List<String> parameters() {
    List<String> names = new ArrayList<>();
    json.get("parameters").forEach(n -> names.add(n.asText()));
    return names;
  }

  double[] values(String parameter) {
    return doubles(json.get("values").get(parameter));
  }

  double[] std(String parameter) {
    return doubles(json.get("std").get(parameter));
  }

  double[] array(String key) {
    return doubles(json.get(key));
  }

  /** The channels HyperSpy did not fit ({@code !channel_switches}). */
  boolean[] signalMask() {
    JsonNode s = json.get("channel_switches");
    boolean[] mask = new boolean[s.size()];
    Iterator<JsonNode> it = s.elements();
    for (int i = 0; it.hasNext(); i++) mask[i] = !it.next().asBoolean();
    return mask;
  }

  static double[] doubles(JsonNode node) {
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) v[i] = node.get(i).asDouble();
    return v;
  }

  private static double[] readData(String name) {
    try (InputStream in = LinearFitFixture.class.getResourceAsStream("/fit/" + name + ".f64")) {
      ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      double[] d = new double[NY * NX * M];
      b.asDoubleBuffer().get(d);
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode readJson(String name) {
    try (InputStream in = LinearFitFixture.class.getResourceAsStream("/fit/" + name + ".json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
