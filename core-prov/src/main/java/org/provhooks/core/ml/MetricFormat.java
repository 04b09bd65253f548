package org.provhooks.core.ml;

import java.util.Locale;
import java.util.Map;

/**
 * How a run's metric series are stored: yProv4ML's CSV (the default) or Zarr (compact, chunked and compressed; see
 * {@link ZarrSeries}). Chosen with {@link MlRun#metricFormat} or {@value #ENV}.
 *
 * <pre>{@code
 * MetricFormat f = MetricFormat.fromEnvironment(System.getenv());   // CSV unless PROVHOOKS_METRICS_FORMAT=zarr
 * }</pre>
 */
public enum MetricFormat {
    CSV("csv"),
    ZARR("zarr");

    /** {@code csv} or {@code zarr}. */
    public static final String ENV = "PROVHOOKS_METRICS_FORMAT";

    private final String extension;

    MetricFormat(String extension) {
        this.extension = extension;
    }

    /** The series file's extension, as yProv4ML names it. */
    public String extension() {
        return extension;
    }

    /**
     * The format {@value #ENV} names; CSV when unset.
     *
     * @throws IllegalArgumentException (one line) for another value
     */
    public static MetricFormat fromEnvironment(Map<String, String> env) {
        String v = env.get(ENV);
        if (v == null || v.isBlank()) {
            return CSV;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "zarr" -> ZARR;
            default -> throw new IllegalArgumentException(ENV + "=" + v + " is not a metric format: use csv or zarr");
        };
    }
}
