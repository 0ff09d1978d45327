package org.hyperflux.io.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hyperflux.core.array.ChunkGrid;
import org.hyperflux.core.array.DType;
import org.hyperflux.core.array.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code .zarray} metadata: written byte for byte as zarr-python writes it, read back equal;
 * the dtype strings; fill values normalised per dtype; and build-time validation naming values.
 */
class ZarrMetadataTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"zlib", "dtype_be_u8", "nested_zspy_f4", "missing_nan", "missing_bool",
      "missing_inf_be", "none", "blosc_zstd_blocks_u2", "dtype_b1", "scalar_f8", "zero_length_i4"})
  void zarrayIsWrittenAsZarrPythonWritesIt(String fixture) throws IOException {
    Path golden = Fixtures.dir("arrays/" + fixture);
    ZarrArrayMetadata m = ZarrArray.open(golden).metadata();
    ZarrArray copy = ZarrArray.create(tmp.resolve(fixture), m);
    assertThat(Files.readString(copy.path().resolve(".zarray")))
        .isEqualTo(Files.readString(golden.resolve(".zarray")));
    assertThat(ZarrArray.open(copy.path()).metadata()).isEqualTo(m);
  }

  @Test
  void dtypeStringsMapToFluxCoreTypesWithTheirByteOrder() {
    assertThat(ZarrDType.parse("|b1")).isEqualTo(new ZarrDType.Parsed(DType.BOOL, ByteOrder.LITTLE_ENDIAN));
    assertThat(ZarrDType.parse(">u2")).isEqualTo(new ZarrDType.Parsed(DType.UINT16, ByteOrder.BIG_ENDIAN));
    assertThat(ZarrDType.parse("<i8")).isEqualTo(new ZarrDType.Parsed(DType.INT64, ByteOrder.LITTLE_ENDIAN));
    assertThat(ZarrDType.parse(">f4")).isEqualTo(new ZarrDType.Parsed(DType.FLOAT32, ByteOrder.BIG_ENDIAN));
    assertThat(ZarrDType.parse("<u1").dtype()).isEqualTo(DType.UINT8);
    for (DType t : DType.values()) {
      for (ByteOrder o : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
        String s = ZarrDType.format(t, o);
        assertThat(ZarrDType.parse(s).dtype()).isEqualTo(t);
        if (t.itemSize() > 1) assertThat(ZarrDType.parse(s).order()).isEqualTo(o);
      }
    }
    for (String bad : new String[] {"<c8", "<f2", "|S10", "<M8[ns]", "|O", "|i2", "=i4", "u2", "<b2", ""}) {
      assertThatThrownBy(() -> ZarrDType.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unsupported dtype '" + bad + "'")
          .hasMessageContaining("supported: |b1");
    }
  }

  @Test
  void fillValuesAreNormalisedForTheDtype() {
    Shape s = Shape.of(4);
    int[] c = {2};
    assertThat(ZarrArrayMetadata.of(s, c, DType.FLOAT32).fillValue()).isEqualTo(FillValue.of(0.0));
    assertThat(ZarrArrayMetadata.of(s, c, DType.BOOL).fillValue()).isEqualTo(FillValue.of(false));
    assertThat(ZarrArrayMetadata.of(s, c, DType.INT8).withFillValue(FillValue.of(3.9)).fillValue())
        .isEqualTo(FillValue.of(3));
    assertThat(ZarrArrayMetadata.of(s, c, DType.UINT64).withFillValue(FillValue.of(-1L)).fillValue()
        .toJson(DType.UINT64)).hasToString("18446744073709551615");
    assertThat(FillValue.of(Double.NEGATIVE_INFINITY).toJson(DType.FLOAT64)).isEqualTo("-Infinity");
    assertThat(FillValue.none().toJson(DType.INT32)).isNull();
    assertThatThrownBy(() -> ZarrArrayMetadata.of(s, c, DType.INT32).withFillValue(FillValue.of(Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fill value NaN cannot be stored in a int32 array");
  }

  @Test
  void invalidMetadataFailsAtBuildTimeNamingTheValues() {
    Shape s = Shape.of(10, 10);
    assertThatThrownBy(() -> ZarrArrayMetadata.of(s, new int[] {5}, DType.UINT8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5] has rank 1");
    assertThatThrownBy(() -> ZarrArrayMetadata.of(s, new int[] {5, 0}, DType.UINT8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extent 0 along axis 1");
    assertThatThrownBy(() -> ZarrArrayMetadata.of(s, new int[] {50000, 50000}, DType.UINT8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 2^31-9 bytes");
    assertThatThrownBy(() -> ZarrArrayMetadata.of(s, new int[] {5, 5}, DType.UINT8).withDimensionSeparator("_"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"_\"");
    assertThatThrownBy(() -> ZarrCompressor.blosc("snappy", 5, ZarrCompressor.Shuffle.BYTE, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown blosc cname 'snappy'; available: [blosclz, lz4, lz4hc, zlib, zstd]");
    assertThatThrownBy(() -> ZarrCompressor.blosc("zstd", 10, ZarrCompressor.Shuffle.BYTE, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clevel must be in 0..9, got 10");
    assertThatThrownBy(() -> ZarrCompressor.zlib(12))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 12");
    assertThatThrownBy(() -> ZarrCompressor.Shuffle.of(3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown blosc shuffle 3");
  }

  @Test
  void gridIsTheChunkShapeRepeatedWithCroppedEdges() {
    ZarrArrayMetadata m = ZarrArrayMetadata.of(Shape.of(10, 3, 0), new int[] {4, 5, 2}, DType.INT16);
    assertThat(m.grid()).isEqualTo(ChunkGrid.irregular(Shape.of(10, 3, 0), new int[] {4, 4, 2},
        new int[] {3}, new int[] {0}));
    assertThat(m.chunkBytes()).isEqualTo(4 * 5 * 2 * 2);
    assertThat(m.dtypeString()).isEqualTo("<i2");
  }
}
