package org.provhooks.core.ml;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One metric time series in yProv4ML's CSV layout: a file {@code <metric>_<context>_<source>_GR<rank>.csv}
 * whose first line holds {@code name,context,source}, then one {@code epoch,value,timestamp-ms} line per value.
 * Used by {@link MlRun} and by the host telemetry, so the same tools read both.
 */
public final class MetricFile implements Closeable {
    private final String name;
    private final String context;
    private final String source;
    private final Path file;
    private final BufferedWriter out;
    private long count;

    private MetricFile(String name, String context, String source, Path file) throws IOException {
        this.name = name;
        this.context = context;
        this.source = source;
        this.file = file;
        Files.createDirectories(file.getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(name + "," + context + "," + source + "\n");
    }

    /** Creates {@code <dir>/<name>_<context>_<source>_GR0.csv}. */
    public static MetricFile create(Path dir, String name, String context, String source) throws IOException {
        return new MetricFile(name, context, source, dir.resolve(name + "_" + context + "_" + source + "_GR0.csv"));
    }

    public synchronized void append(long epoch, double value, long timestampMillis) throws IOException {
        out.write(epoch + "," + value + "," + timestampMillis + "\n");
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

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
