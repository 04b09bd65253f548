package org.provhooks.core.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.validate.Validator;

/**
 * Metric series as Zarr stores: written by {@link MlRun} in yProv4ML's layout (v2), read back through the one reader
 * the report, diff and crate use ({@link MetricFiles}); and a v3 store as zarr-python 3 (newer yProv4ML) writes it.
 */
class ZarrSeriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void anMlRunWritesItsSeriesAsZarrInYProv4mlsLayout() throws Exception {
        Path doc;
        try (MlRun run = MlRun.start(dir, "train", CLOCK, Map.of()).metricFormat(MetricFormat.ZARR)) {
            for (int step = 0; step < 2500; step++) {
                run.logMetric("loss", 1.0 / (step + 1), MlRun.TRAINING, step);
            }
            run.logMetric("acc", 0.75, MlRun.VALIDATION, 0);
            doc = run.endRun();
        }
        var d = ProvJsonReader.read(doc);
        assertEquals(List.of(), Validator.validate(d));
        List<MetricFiles.Series> series = MetricFiles.of(doc, d);
        assertEquals(2, series.size(), series.toString());
        MetricFiles.Series loss = series.stream()
                .filter(s -> s.name().equals("loss/Training"))
                .findFirst()
                .orElseThrow();
        assertEquals("metrics_GR0/loss_Training_None_GR0.zarr", loss.runRelative());

        Path store = loss.file();
        JsonNode attrs = JSON.readTree(store.resolve(".zattrs").toFile());
        assertEquals("loss", attrs.get("name").asText());
        assertEquals("Training", attrs.get("context").asText());
        assertEquals("None", attrs.get("source").asText());
        assertTrue(Files.isRegularFile(store.resolve(".zgroup")));
        JsonNode values = JSON.readTree(store.resolve("values/.zarray").toFile());
        assertEquals("<f4", values.get("dtype").asText());
        assertEquals(1000, values.get("chunks").get(0).asInt());
        assertEquals(2500, values.get("shape").get(0).asInt());
        assertEquals("blosc", values.get("compressor").get("id").asText());
        assertEquals("zstd", values.get("compressor").get("cname").asText());
        assertEquals(
                "<i4",
                JSON.readTree(store.resolve("epochs/.zarray").toFile())
                        .get("dtype")
                        .asText());
        assertEquals(
                "<i8",
                JSON.readTree(store.resolve("timestamps/.zarray").toFile())
                        .get("dtype")
                        .asText());

        List<double[]> points = MetricFiles.points(store);
        assertEquals(2500, points.size());
        assertEquals(2499, points.get(2499)[0]);
        assertEquals(1.0 / 2500, points.get(2499)[1], 1e-9);
        assertEquals((float) (1.0 / 2500), MetricFiles.lastValue(store), 1e-12);
        ZarrSeries.Points p = ZarrSeries.read(store);
        assertEquals(CLOCK.millis(), p.timestamps()[0]);
        assertEquals("loss", p.name());
    }

    @Test
    void aVersion3StoreAsZarrPython3WritesItIsRead() throws Exception {
        Path store = dir.resolve("prov/mnist_0/metrics_GR0/loss_Training_None_GR0.zarr");
        dev.zarr.zarrjava.core.Attributes attrs = new dev.zarr.zarrjava.core.Attributes();
        attrs.put("name", "loss");
        attrs.put("context", "Training");
        attrs.put("source", "None");
        dev.zarr.zarrjava.v3.Group.create(store, new dev.zarr.zarrjava.v3.GroupMetadata(attrs));
        int n = 1500;
        float[] v = new float[n];
        int[] e = new int[n];
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 0.5f;
            e[i] = i / 100;
            t[i] = 1_700_000_000_000L + i;
        }
        rawV3(store.resolve("values"), "float32", n, 4, (b, i) -> b.putFloat(v[i]));
        rawV3(store.resolve("epochs"), "int32", n, 4, (b, i) -> b.putInt(e[i]));
        rawV3(store.resolve("timestamps"), "int64", n, 8, (b, i) -> b.putLong(t[i]));
        assertTrue(Files.isRegularFile(store.resolve("zarr.json")));

        List<double[]> points = MetricFiles.points(store);
        assertEquals(n, points.size());
        assertEquals(14, points.get(1499)[0]);
        assertEquals(749.5, points.get(1499)[1], 1e-9);
        assertEquals(749.5, MetricFiles.lastValue(store), 1e-9);
    }

    /**
     * A v3 array as zarr-python 3 writes it for yProv4ML (bytes then Blosc-zstd codecs, chunk keys c/0, c/1, …), laid
     * out here byte by byte and compressed with Blosc itself: an independent writer for the reader under test.
     */
    private static void rawV3(
            Path dir, String type, int n, int width, java.util.function.ObjIntConsumer<java.nio.ByteBuffer> put)
            throws Exception {
        Files.createDirectories(dir.resolve("c"));
        Files.writeString(
                dir.resolve("zarr.json"),
                "{\"zarr_format\":3,\"node_type\":\"array\",\"shape\":[" + n + "],\"data_type\":\"" + type + "\","
                        + "\"chunk_grid\":{\"name\":\"regular\",\"configuration\":{\"chunk_shape\":[1000]}},"
                        + "\"chunk_key_encoding\":{\"name\":\"default\",\"configuration\":{\"separator\":\"/\"}},"
                        + "\"fill_value\":0,\"codecs\":[{\"name\":\"bytes\",\"configuration\":{\"endian\":\"little\"}},"
                        + "{\"name\":\"blosc\",\"configuration\":{\"cname\":\"zstd\",\"clevel\":5,\"shuffle\":\"shuffle\","
                        + "\"typesize\":" + width + ",\"blocksize\":0}}],"
                        + "\"attributes\":{},\"dimension_names\":null}");
        for (int c = 0; c * 1000 < n; c++) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1000 * width).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = c * 1000; i < Math.min(n, (c + 1) * 1000); i++) {
                put.accept(b, i);
            }
            Files.write(
                    dir.resolve("c/" + c),
                    com.scalableminds.bloscjava.Blosc.compress(
                            b.array(),
                            width,
                            com.scalableminds.bloscjava.Blosc.Compressor.ZSTD,
                            5,
                            com.scalableminds.bloscjava.Blosc.Shuffle.BYTE_SHUFFLE));
        }
    }

    @Test
    void theFormatComesFromTheEnvironmentAndABadValueIsOneLine() throws Exception {
        try (MlRun run = MlRun.start(dir, "env", CLOCK, Map.of(MetricFormat.ENV, "zarr"))) {
            run.logMetric("loss", 0.5, MlRun.TRAINING, 0);
            Path doc = run.endRun();
            assertTrue(Files.readString(doc).contains("loss_Training_None_GR0.zarr"));
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> MetricFormat.fromEnvironment(Map.of(MetricFormat.ENV, "parquet")));
        assertEquals("PROVHOOKS_METRICS_FORMAT=parquet is not a metric format: use csv or zarr", e.getMessage());
    }
}
