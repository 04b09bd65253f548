package org.provhooks.nextflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import nextflow.util.MemoryUnit;
import org.provhooks.core.ml.RunDocumentFinder;
import org.provhooks.core.openlineage.OpenLineageSettings;
import org.provhooks.core.session.Outputs;
import org.provhooks.core.session.RunSettings;

/**
 * The {@code provhooks { … }} scope of {@code nextflow.config}. Unknown keys and bad values give one warning
 * line naming the key, and the default is used. Push and output settings left unset here come from the
 * {@code PROVHOOKS_*} environment, then the config file (see {@link RunSettings.Builder#resolve}).
 *
 * <pre>
 * provhooks {
 *   enabled = true
 *   file = "${launchDir}/provenance/${workflow.runName}.prov.json"   // default
 *   overwrite = false
 *   outputs = ['prov']    // the same output names in every system; 'yprov' is added when a server is configured
 *   metrics = 'auto'      // task metrics when trace/report/timeline are on anyway; true: always (a sampler per task); false: never
 *   checksums { enabled = false; maxSize = '1 GB' }
 *   mlDocuments { patterns = ['prov_*.json', 'prov/**&#47;*.json'] }
 *   push { url = 'http://localhost:3000'; user = 'jdoe'; waitSeconds = 30 }   // password: PROVHOOKS_YPROV_PASSWORD
 *   push { url = 'http://localhost:8000'; api = 'store'; user = 'jdoe@example.org' }   // yProvStore (api: v0, store, auto)
 *   redact = ['sampleSheet']
 *   telemetry { enabled = true; intervalSeconds = 1 }   // host sampling, energy and CO2e
 *   crate { license = 'https://spdx.org/licenses/CC-BY-4.0'; maxFileSize = '10 MB'; maxTotalSize = '100 MB' }
 *   openlineage { url = 'http://localhost:5000'; namespace = 'genomics'; apiKey = '…'; endpoint = 'api/v1/lineage'; file = '…' }
 * }
 * </pre>
 */
record NextflowSettings(
        boolean enabled,
        String file,
        boolean overwrite,
        Metrics metrics,
        boolean checksums,
        long checksumMaxBytes,
        List<String> mlPatterns,
        List<String> outputs,
        Push push,
        List<String> redact,
        boolean telemetry,
        Duration telemetryInterval,
        Crate crate,
        OpenLineageSettings openLineage) {
    static final String SCOPE = "provhooks";
    private static final Set<String> KEYS = Set.of(
            "enabled",
            "file",
            "overwrite",
            "outputs",
            "metrics",
            "checksums",
            "mlDocuments",
            "push",
            "redact",
            "telemetry",
            "crate",
            "openlineage");
    private static final Set<String> OPENLINEAGE_KEYS = Set.of("url", "endpoint", "apiKey", "namespace", "file");
    private static final Set<String> CRATE_KEYS = Set.of("license", "maxFileSize", "maxTotalSize");
    private static final Set<String> TELEMETRY_KEYS = Set.of("enabled", "intervalSeconds");
    private static final Set<String> CHECKSUM_KEYS = Set.of("enabled", "maxSize");
    private static final Set<String> ML_KEYS = Set.of("patterns");
    private static final Set<String> PUSH_KEYS =
            Set.of("url", "user", "password", "token", "outbox", "waitSeconds", "api");
    static final long DEFAULT_CHECKSUM_MAX = 1L << 30;

    /** {@code provhooks.metrics}: Nextflow's per-task resource sampler. */
    enum Metrics {
        /** On when the user already has trace, report or timeline enabled (then it costs nothing extra). */
        AUTO,
        ON,
        OFF
    }

    /** The {@code provhooks.push} block; null values are taken from the environment or the config file. */
    record Push(
            String url, String user, String password, String token, String outbox, Duration waitSeconds, String api) {
        static final Push UNSET = new Push(null, null, null, null, null, null, null);

        @Override
        public String toString() {
            return "Push[" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
        }
    }

    /** The {@code provhooks.crate} block: license and size limits (sizes as written, e.g. {@code 10 MB}); null: unset. */
    record Crate(String license, String maxFileSize, String maxTotalSize) {
        static final Crate UNSET = new Crate(null, null, null);
    }

    static NextflowSettings defaults() {
        return new NextflowSettings(
                true,
                null,
                false,
                Metrics.AUTO,
                false,
                DEFAULT_CHECKSUM_MAX,
                RunDocumentFinder.DEFAULT_PATTERNS,
                List.of(),
                Push.UNSET,
                List.of(),
                true,
                Duration.ofSeconds(1),
                Crate.UNSET,
                OpenLineageSettings.UNSET);
    }

    /**
     * Whether Nextflow's task metrics are on for this run: {@code true}/{@code false} as set; with {@code auto}, when
     * the run's config enables {@code trace}, {@code report} or {@code timeline}.
     */
    boolean metricsEnabled(Map<String, Object> config) {
        return switch (metrics) {
            case ON -> true;
            case OFF -> false;
            case AUTO ->
                enabledScope(config, "trace") || enabledScope(config, "report") || enabledScope(config, "timeline");
        };
    }

    private static boolean enabledScope(Map<String, Object> config, String scope) {
        Object s = config == null ? null : config.get(scope);
        return s instanceof Map<?, ?> m && ("true".equalsIgnoreCase(String.valueOf(m.get("enabled"))));
    }

    /** The core's run settings: this scope's values, the rest from the environment and the config file. */
    RunSettings.Builder runSettings(Path outputDir) {
        return RunSettings.builder(outputDir)
                .outputs(outputs)
                .pushUrl(push.url())
                .pushUser(push.user())
                .pushPassword(push.password())
                .pushToken(push.token())
                .pushApi(push.api())
                .outbox(push.outbox() == null ? null : Path.of(push.outbox()))
                .pushWait(push.waitSeconds())
                .redact(redact)
                .crateLicense(crate.license())
                .crateLimits(crate.maxFileSize(), crate.maxTotalSize())
                .openLineage(openLineage)
                .telemetry(telemetry)
                .telemetryInterval(telemetryInterval);
    }

    /** {@code provhooks.push.api}: v0, store or auto; anything else is one warning and auto. */
    private static String api(String value, Consumer<String> warn) {
        try {
            org.provhooks.core.yprov.YProvApi.parse(value);
            return value;
        } catch (org.provhooks.core.yprov.YProvConfigException e) {
            warn.accept(
                    "provhooks.push.api: '" + value + "' is not v0, store or auto; the server is asked which it is");
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static NextflowSettings from(Map<String, Object> config, Consumer<String> warn) {
        NextflowSettings d = defaults();
        Object scope = config == null ? null : config.get(SCOPE);
        if (scope == null) {
            return d;
        }
        if (!(scope instanceof Map)) {
            warn.accept("provhooks config: 'provhooks' must be a block { … }; using defaults");
            return d;
        }
        Map<String, Object> m = (Map<String, Object>) scope;
        unknown(m, KEYS, "provhooks", warn);
        boolean enabled = bool(m, "enabled", d.enabled(), "provhooks", warn);
        String file = string(m, "file", null, "provhooks", warn);
        boolean overwrite = bool(m, "overwrite", d.overwrite(), "provhooks", warn);
        Metrics metrics = metrics(m.get("metrics"), warn);
        Map<String, Object> cs = block(m, "checksums", CHECKSUM_KEYS, warn);
        boolean checksums = bool(cs, "enabled", false, "provhooks.checksums", warn);
        long max = size(cs, "maxSize", DEFAULT_CHECKSUM_MAX, warn);
        Map<String, Object> ml = block(m, "mlDocuments", ML_KEYS, warn);
        List<String> patterns =
                strings(ml, "patterns", RunDocumentFinder.DEFAULT_PATTERNS, "provhooks.mlDocuments", warn);
        try {
            RunDocumentFinder.of(patterns);
        } catch (IllegalArgumentException e) {
            warn.accept(
                    "provhooks config: 'provhooks.mlDocuments.patterns': " + e.getMessage() + "; using the defaults");
            patterns = RunDocumentFinder.DEFAULT_PATTERNS;
        }
        List<String> outputs = new ArrayList<>();
        for (String o : strings(m, "outputs", List.of(), "provhooks", warn)) {
            if (Outputs.KNOWN.contains(o.trim().toLowerCase(Locale.ROOT))) {
                outputs.add(o);
            } else {
                warn.accept("provhooks config: unknown output '" + o + "' in 'provhooks.outputs' (ignored); known: "
                        + String.join(", ", Outputs.KNOWN));
            }
        }
        Map<String, Object> pushBlock = block(m, "push", PUSH_KEYS, warn);
        Push push = new Push(
                string(pushBlock, "url", null, "provhooks.push", warn),
                string(pushBlock, "user", null, "provhooks.push", warn),
                string(pushBlock, "password", null, "provhooks.push", warn),
                string(pushBlock, "token", null, "provhooks.push", warn),
                string(pushBlock, "outbox", null, "provhooks.push", warn),
                pushBlock.containsKey("waitSeconds")
                        ? Duration.ofSeconds(number(pushBlock, "waitSeconds", 30, "provhooks.push", warn))
                        : null,
                api(string(pushBlock, "api", null, "provhooks.push", warn), warn));
        List<String> redact = strings(m, "redact", List.of(), "provhooks", warn);
        Map<String, Object> tel = block(m, "telemetry", TELEMETRY_KEYS, warn);
        boolean telemetry = bool(tel, "enabled", true, "provhooks.telemetry", warn);
        long interval = number(tel, "intervalSeconds", 1, "provhooks.telemetry", warn);
        Map<String, Object> crateBlock = block(m, "crate", CRATE_KEYS, warn);
        Crate crate = new Crate(
                string(crateBlock, "license", null, "provhooks.crate", warn),
                string(crateBlock, "maxFileSize", null, "provhooks.crate", warn),
                string(crateBlock, "maxTotalSize", null, "provhooks.crate", warn));
        Map<String, Object> ol = block(m, "openlineage", OPENLINEAGE_KEYS, warn);
        OpenLineageSettings openLineage = OpenLineageSettings.of(
                string(ol, "url", null, "provhooks.openlineage", warn),
                string(ol, "endpoint", null, "provhooks.openlineage", warn),
                string(ol, "apiKey", null, "provhooks.openlineage", warn),
                string(ol, "namespace", null, "provhooks.openlineage", warn),
                string(ol, "file", null, "provhooks.openlineage", warn));
        return new NextflowSettings(
                enabled,
                file,
                overwrite,
                metrics,
                checksums,
                max,
                List.copyOf(patterns),
                List.copyOf(outputs),
                push,
                List.copyOf(redact),
                telemetry,
                Duration.ofSeconds(Math.max(1, interval)),
                crate,
                openLineage);
    }

    private static Metrics metrics(Object v, Consumer<String> warn) {
        if (v == null) {
            return Metrics.AUTO;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true" -> Metrics.ON;
            case "false" -> Metrics.OFF;
            case "auto" -> Metrics.AUTO;
            default -> {
                warn.accept("provhooks config: 'provhooks.metrics' must be true, false or 'auto' (got '" + v
                        + "'); using 'auto'");
                yield Metrics.AUTO;
            }
        };
    }

    private static void unknown(Map<String, Object> m, Set<String> known, String path, Consumer<String> warn) {
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                warn.accept("provhooks config: unknown setting '" + path + "." + k + "' (ignored); known: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> block(
            Map<String, Object> m, String key, Set<String> known, Consumer<String> warn) {
        Object v = m.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            warn.accept(
                    "provhooks config: 'provhooks." + key + "' must be a block { … } (got " + v + "); using defaults");
            return Map.of();
        }
        unknown((Map<String, Object>) v, known, "provhooks." + key, warn);
        return (Map<String, Object>) v;
    }

    private static boolean bool(Map<String, Object> m, String key, boolean def, String path, Consumer<String> warn) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        warn.accept(
                "provhooks config: '" + path + "." + key + "' must be true or false (got '" + s + "'); using " + def);
        return def;
    }

    private static String string(Map<String, Object> m, String key, String def, String path, Consumer<String> warn) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Map || v instanceof List) {
            warn.accept("provhooks config: '" + path + "." + key + "' must be a string (got " + v + "); ignored");
            return def;
        }
        String s = String.valueOf(v);
        return s.isBlank() ? def : s;
    }

    private static long number(Map<String, Object> m, String key, long def, String path, Consumer<String> warn) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        try {
            long n = v instanceof Number num
                    ? num.longValue()
                    : Long.parseLong(String.valueOf(v).trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        warn.accept("provhooks config: '" + path + "." + key + "' must be a whole number >= 0 (got '" + v + "'); using "
                + def);
        return def;
    }

    private static long size(Map<String, Object> m, String key, long def, Consumer<String> warn) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        try {
            if (v instanceof MemoryUnit mu) {
                return mu.toBytes();
            }
            if (v instanceof Number n) {
                return n.longValue();
            }
            return new MemoryUnit(String.valueOf(v).trim()).toBytes();
        } catch (RuntimeException e) {
            warn.accept("provhooks config: 'provhooks.checksums." + key + "' must be a size such as '100 MB' (got '" + v
                    + "'); using 1 GB");
            return def;
        }
    }

    private static List<String> strings(
            Map<String, Object> m, String key, List<String> def, String path, Consumer<String> warn) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
            return out;
        }
        if (v instanceof CharSequence s) {
            return List.of(s.toString());
        }
        warn.accept("provhooks config: '" + path + "." + key + "' must be a list of strings (got " + v
                + "); using the default");
        return def;
    }
}
