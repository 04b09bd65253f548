package org.provhooks.core.ml;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;

/**
 * The metric series files a yProv4ML run document names, found on disk. The document names each file by a path
 * ({@code dcterms:identifier}, older releases {@code yProv4ML:path}) that is relative to the run directory (ProvHooks'
 * writer) or to the directory the training ran in (yProv4ML, e.g. {@code prov/mnist_2/metrics_GR0/loss.csv}); both are
 * tried, then the run directory's {@code metrics_GR*} folders by file name.
 *
 * <!-- given: Path runDocument, Document doc -->
 * <pre>{@code
 * for (MetricFiles.Series s : MetricFiles.of(runDocument, doc)) {
 *     System.out.println(s.name() + " " + s.runRelative());   // loss/Training metrics_GR0/loss_Training_None_GR0.csv
 * }
 * }</pre>
 */
public final class MetricFiles {
    /**
     * One metric file.
     *
     * @param name        the metric entity's name, e.g. {@code loss/Training}
     * @param file        where it is on disk
     * @param runRelative its path relative to the run directory (the file name alone when it lies elsewhere)
     */
    public record Series(String name, Path file, String runRelative) {}

    private MetricFiles() {}

    /** The metric files of the run document at {@code runDocument} (already read as {@code doc}) that exist. */
    public static List<Series> of(Path runDocument, Document doc) {
        Path runDir = runDocument.toAbsolutePath().getParent();
        List<Series> out = new ArrayList<>();
        for (ProvRecord e : doc.records(RecordKind.ENTITY)) {
            if (!isMetric(e)) {
                continue;
            }
            String path = pathOf(e);
            Path file = path == null ? null : locate(runDir, path);
            if (file != null) {
                String label = e.attributes().first(Prov.LABEL) == null
                        ? e.id().local()
                        : e.attributes().first(Prov.LABEL).lexical();
                String rel = file.startsWith(runDir)
                        ? runDir.relativize(file).toString().replace('\\', '/')
                        : file.getFileName().toString();
                out.add(new Series(label, file, rel));
            }
        }
        return out;
    }

    private static boolean isMetric(ProvRecord e) {
        for (Literal t : e.attributes().get(Prov.TYPE)) {
            String v = t.isQualifiedName() && t.qualifiedNameValue() != null
                    ? t.qualifiedNameValue().local()
                    : t.lexical();
            if (v.equals("Metric") || v.endsWith(":Metric")) {
                return true;
            }
        }
        return false;
    }

    private static String pathOf(ProvRecord e) {
        for (var entry : e.attributes().asMap().entrySet()) {
            String local = entry.getKey().local();
            if ((local.equals("identifier") || local.equals("path"))
                    && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0).lexical();
            }
        }
        return null;
    }

    private static Path locate(Path runDir, String path) {
        try {
            Path p = Path.of(path);
            if (p.isAbsolute()) {
                return isSeries(p) ? p : byName(runDir, p.getFileName().toString());
            }
            for (Path base = runDir; base != null; base = base.getParent()) {
                Path candidate = base.resolve(p).normalize();
                if (isSeries(candidate)) {
                    return candidate;
                }
                if (runDir.getNameCount() - base.getNameCount() >= 3) {
                    break;
                }
            }
            return byName(runDir, p.getFileName().toString());
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static Path byName(Path runDir, String name) {
        try (Stream<Path> dirs = Files.list(runDir)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("metrics_GR"))
                    .map(d -> d.resolve(name))
                    .filter(MetricFiles::isSeries)
                    .findFirst()
                    .orElse(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** A series file (CSV, NetCDF) or a Zarr store. */
    private static boolean isSeries(Path p) {
        return Files.isRegularFile(p) || ZarrSeries.isStore(p);
    }

    /**
     * The last value of a metric series (CSV as yProv4ML and ProvHooks write it: a {@code name,context,source} line,
     * then {@code step,value,timestamp} lines; or a Zarr store, v2 or v3), or null when it is neither or holds no value.
     */
    public static Double lastValue(Path file) {
        if (ZarrSeries.isStore(file)) {
            try {
                ZarrSeries.Points p = ZarrSeries.read(file);
                return p.size() == 0 ? null : p.values()[p.size() - 1];
            } catch (java.io.IOException e) {
                return null;
            }
        }
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            return null;
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
            // Only the end of the file is read: a series can be millions of lines long.
            long from = Math.max(0, f.length() - 4096);
            f.seek(from);
            byte[] tail = new byte[(int) (f.length() - from)];
            f.readFully(tail);
            String[] lines = new String(tail, java.nio.charset.StandardCharsets.UTF_8).split("\\R");
            for (int i = lines.length - 1; i >= (from == 0 ? 1 : 0); i--) {
                double[] p = point(lines[i]);
                if (p != null) {
                    return p[1];
                }
            }
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Every {@code [step, value]} point of a metric series (CSV or Zarr, as {@link #lastValue} reads them); empty when
     * it is neither.
     */
    public static List<double[]> points(Path file) throws java.io.IOException {
        List<double[]> points = new ArrayList<>();
        if (ZarrSeries.isStore(file)) {
            ZarrSeries.Points p = ZarrSeries.read(file);
            for (int i = 0; i < p.size(); i++) {
                points.add(new double[] {p.epochs()[i], p.values()[i]});
            }
            return points;
        }
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")
                || !Files.isRegularFile(file)) {
            return points;
        }
        try (java.io.BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                double[] p = point(line);
                if (p != null) {
                    points.add(p);
                }
            }
        }
        return points;
    }

    /** One {@code step,value[,timestamp]} line as {@code [step, value]}; null for the header or a cut line. */
    private static double[] point(String line) {
        String[] cols = line.split(",");
        if (cols.length < 2) {
            return null;
        }
        try {
            return new double[] {Double.parseDouble(cols[0].trim()), Double.parseDouble(cols[1].trim())};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
