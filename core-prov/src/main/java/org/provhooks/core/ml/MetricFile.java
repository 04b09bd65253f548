package org.provhooks.core.ml;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One metric time series in yProv4ML's layout: {@code <metric>_<context>_<source>_GR<rank>.csv}, whose first line
 * holds {@code name,context,source}, then one {@code epoch,value,timestamp-ms} line per value (streamed as they come);
 * or {@code ….zarr}, a Zarr store written when the series is closed ({@link ZarrSeries}). Used by {@link MlRun} and by
 * the host telemetry, so the same tools read both.
 */
public final class MetricFile implements Closeable {
    private final String name;
    private final String context;
    private final String source;
    private final Path file;
    private final BufferedWriter out;
    private long count;
    /** Zarr: the points, kept until the series is closed (16 bytes each). */
    private int[] epochs;

    private float[] values;
    private long[] timestamps;
    private boolean closed;

    private MetricFile(String name, String context, String source, Path file, MetricFormat format) throws IOException {
        this.name = name;
        this.context = context;
        this.source = source;
        this.file = file;
        Files.createDirectories(file.getParent());
        if (format == MetricFormat.CSV) {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write(name + "," + context + "," + source + "\n");
        } else {
            this.out = null;
            this.epochs = new int[64];
            this.values = new float[64];
            this.timestamps = new long[64];
        }
    }

    /** Creates {@code <dir>/<name>_<context>_<source>_GR0.csv}. */
    public static MetricFile create(Path dir, String name, String context, String source) throws IOException {
        return create(dir, name, context, source, MetricFormat.CSV);
    }

    /** Creates {@code <dir>/<name>_<context>_<source>_GR0.<csv|zarr>}. */
    public static MetricFile create(Path dir, String name, String context, String source, MetricFormat format)
            throws IOException {
        return new MetricFile(
                name,
                context,
                source,
                dir.resolve(name + "_" + context + "_" + source + "_GR0." + format.extension()),
                format);
    }

    public synchronized void append(long epoch, double value, long timestampMillis) throws IOException {
        if (out != null) {
            out.write(epoch + "," + value + "," + timestampMillis + "\n");
        } else {
            if (count == values.length) {
                int grown = values.length * 2;
                epochs = java.util.Arrays.copyOf(epochs, grown);
                values = java.util.Arrays.copyOf(values, grown);
                timestamps = java.util.Arrays.copyOf(timestamps, grown);
            }
            epochs[(int) count] = (int) epoch;
            values[(int) count] = (float) value;
            timestamps[(int) count] = timestampMillis;
        }
        count++;
    }

    public String name() {
        return name;
    }

    public String context() {
        return context;
    }

    public String source() {
        return source;
    }

    public Path file() {
        return file;
    }

    public synchronized long count() {
        return count;
    }

    /** Bytes on disk (a Zarr store: all its files); valid after {@link #close()}. */
    public long size() throws IOException {
        return out != null ? Files.size(file) : ZarrSeries.size(file);
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (out != null) {
            out.close();
        } else {
            ZarrSeries.write(file, name, context, source, epochs, values, timestamps, (int) count);
            epochs = null;
            values = null;
            timestamps = null;
        }
    }
}
