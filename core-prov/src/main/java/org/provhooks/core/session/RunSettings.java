package org.provhooks.core.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.provhooks.core.config.ConfigException;
import org.provhooks.core.config.ConfigFile;
import org.provhooks.core.crate.CrateOptions;
import org.provhooks.core.openlineage.OpenLineageSettings;
import org.provhooks.core.yprov.YProvConfig;

/**
 * Everything a {@link RunSession} needs to know, typed: where outputs go and which ones, where and how to push,
 * host telemetry and extra names to redact. Each value comes from the workflow system's own configuration first
 * (Nextflow scope, Beam options, bridge flags: set on the {@link Builder}), then the {@code PROVHOOKS_*}
 * environment, then the {@link ConfigFile}.
 *
 * <!-- given: Map<String, String> scope -->
 * <pre>{@code
 * RunSettings s = RunSettings.builder(Path.of("provenance"))
 *         .outputs(List.of("prov"))                     // the system's own setting, if any
 *         .pushUrl(scope.get("url"))                     // null: take PROVHOOKS_YPROV_URL or yprov.url
 *         .resolve(System.getenv(), System.err::println);
 * }</pre>
 *
 * @param outputDir         directory of the file outputs
 * @param outputs           output names in order ({@code prov}, {@code yprov}, …); see {@link Outputs#KNOWN}
 * @param push              the yProv server to push to, or null when pushing is off
 * @param outbox            the durable outbox directory for pushes
 * @param pushWait          how long the end of a run waits for the server at most
 * @param telemetry         whether the session samples the host (energy, CPU, memory)
 * @param telemetryInterval sampling interval
 * @param redact            extra parameter names to hide
 * @param spoolDirectory    where finished records wait on disk (flat memory for long runs), or null to keep them in memory
 * @param crate             the {@code crate} output's license and size limits
 * @param openLineage       where the {@code openlineage} output sends its events
 */
public record RunSettings(
        Path outputDir,
        List<String> outputs,
        Push push,
        Path outbox,
        Duration pushWait,
        boolean telemetry,
        Duration telemetryInterval,
        List<String> redact,
        Path spoolDirectory,
        CrateOptions crate,
        OpenLineageSettings openLineage) {
    public static final String ENV_OUTBOX = "PROVHOOKS_OUTBOX";
    public static final String ENV_OUTPUTS = "PROVHOOKS_OUTPUTS";
    public static final String ENV_PUSH_WAIT = "PROVHOOKS_PUSH_WAIT_SECONDS";
    public static final Duration DEFAULT_PUSH_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TELEMETRY_INTERVAL = Duration.ofSeconds(1);

    public RunSettings {
        outputs = List.copyOf(outputs);
        redact = List.copyOf(redact);
    }

    /**
     * A yProv server and its credentials; the password and token are never printed.
     *
     * @param url      the server URL, e.g. {@code http://localhost:3000}
     * @param user     user name for login, or null
     * @param password password, or null
     * @param token    a ready bearer token, or null
     * @param api      {@code v0}, {@code store}, or null/{@code auto} to ask the server
     */
    public record Push(String url, String user, String password, String token, String api) {
        /** Without a chosen API (the server is asked). */
        public Push(String url, String user, String password, String token) {
            this(url, user, password, token, null);
        }

        @Override
        public String toString() {
            return "Push[" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***") + ", token="
                    + (token == null ? "none" : "***") + (api == null ? "" : ", api=" + api) + "]";
        }
    }

    /** Whether the {@code yprov} output runs. */
    public boolean pushes() {
        return push != null && outputs.contains(Outputs.YPROV);
    }

    public RunSettings withOutputDir(Path dir) {
        return new RunSettings(
                dir,
                outputs,
                push,
                outbox,
                pushWait,
                telemetry,
                telemetryInterval,
                redact,
                spoolDirectory,
                crate,
                openLineage);
    }

    /** A builder for {@code outputDir}; unset values are filled by {@link Builder#resolve}. */
    public static Builder builder(Path outputDir) {
        return new Builder(outputDir);
    }

    /** The system's own settings; null or unset means "take it from the environment or the config file". */
    public static final class Builder {
        private final Path outputDir;
        private List<String> outputs;
        private String url;
        private String user;
        private String password;
        private String token;
        private String api;
        private Path outbox;
        private Duration pushWait;
        private boolean pushWhenConfigured = true;
        private boolean telemetry = true;
        private Duration telemetryInterval = DEFAULT_TELEMETRY_INTERVAL;
        private List<String> redact = List.of();
        private Path spoolDirectory;
        private Path configFile;
        private String crateLicense;
        private String crateMaxFileSize;
        private String crateMaxTotalSize;
        private OpenLineageSettings openLineage = OpenLineageSettings.UNSET;

        private Builder(Path outputDir) {
            this.outputDir = outputDir;
        }

        /** Output names in order, e.g. {@code [prov, crate]}; null or empty: from the environment, default {@code [prov]}. */
        public Builder outputs(List<String> names) {
            this.outputs = names == null || names.isEmpty() ? null : List.copyOf(names);
            return this;
        }

        public Builder pushUrl(String url) {
            this.url = url;
            return this;
        }

        public Builder pushUser(String user) {
            this.user = user;
            return this;
        }

        public Builder pushPassword(String password) {
            this.password = password;
            return this;
        }

        public Builder pushToken(String token) {
            this.token = token;
            return this;
        }

        /** {@code v0}, {@code store} or {@code auto}; null: {@code PROVHOOKS_YPROV_API}, then {@code yprov.api}. */
        public Builder pushApi(String api) {
            this.api = api;
            return this;
        }

        public Builder outbox(Path dir) {
            this.outbox = dir;
            return this;
        }

        public Builder pushWait(Duration wait) {
            this.pushWait = wait;
            return this;
        }

        /**
         * Whether a configured server URL alone turns the {@code yprov} output on (default true). A system whose
         * users ask for pushing explicitly (the bridge's {@code --push}) sets false: then only {@code yprov} in
         * the outputs pushes.
         */
        public Builder pushWhenConfigured(boolean auto) {
            this.pushWhenConfigured = auto;
            return this;
        }

        public Builder telemetry(boolean on) {
            this.telemetry = on;
            return this;
        }

        public Builder telemetryInterval(Duration interval) {
            this.telemetryInterval = interval;
            return this;
        }

        public Builder redact(List<String> names) {
            this.redact = names == null ? List.of() : List.copyOf(names);
            return this;
        }

        public Builder spoolDirectory(Path dir) {
            this.spoolDirectory = dir;
            return this;
        }

        /** The {@code crate} output's license URL; null: {@value CrateOptions#ENV_LICENSE}, {@code crate.license}, CC-BY-4.0. */
        public Builder crateLicense(String url) {
            this.crateLicense = url;
            return this;
        }

        /**
         * The largest output or metric file copied into a crate, and the most bytes of them per crate, as sizes such as
         * {@code 10 MB}; null: from the environment or the config file (defaults 10 MB and 100 MB).
         */
        public Builder crateLimits(String maxFileSize, String maxTotalSize) {
            this.crateMaxFileSize = maxFileSize;
            this.crateMaxTotalSize = maxTotalSize;
            return this;
        }

        /** The {@code openlineage} output's backend as the system configures it; unset parts from the environment. */
        public Builder openLineage(OpenLineageSettings settings) {
            this.openLineage = settings == null ? OpenLineageSettings.UNSET : settings;
            return this;
        }

        /** The config file to read instead of {@value ConfigFile#ENV_CONFIG} or the default one (the system's own setting). */
        public Builder configFile(Path file) {
            this.configFile = file;
            return this;
        }

        /**
         * Fills what the system left unset from {@code env} ({@code PROVHOOKS_*}), then the config file. Never
         * throws: a problem (unreadable config file, a server URL without credentials, a bad number) is one
         * warning line and that part is left off, so the workflow goes on.
         */
        public RunSettings resolve(Map<String, String> env, Consumer<String> warn) {
            Properties file;
            try {
                if (configFile != null) {
                    Map<String, String> withFile = new HashMap<>(env);
                    withFile.put(ConfigFile.ENV_CONFIG, configFile.toString());
                    file = ConfigFile.load(withFile);
                } else {
                    file = ConfigFile.load(env);
                }
            } catch (ConfigException e) {
                warn.accept("provenance config: " + e.getMessage() + "; the file is ignored");
                file = new Properties();
            }
            List<String> names = outputs != null
                    ? outputs
                    : parseList(ConfigFile.first(env.get(ENV_OUTPUTS), file.getProperty("outputs")));
            LinkedHashSet<String> ordered = new LinkedHashSet<>();
            for (String n : names == null || names.isEmpty() ? List.of(Outputs.PROV) : names) {
                ordered.add(n.trim().toLowerCase(Locale.ROOT));
            }
            String u = ConfigFile.first(url, env.get(YProvConfig.ENV_URL), file.getProperty("yprov.url"));
            Push p = null;
            if (u != null && (pushWhenConfigured || ordered.contains(Outputs.YPROV))) {
                String us = ConfigFile.first(user, env.get(YProvConfig.ENV_USER), file.getProperty("yprov.user"));
                String pw = ConfigFile.first(
                        password, env.get(YProvConfig.ENV_PASSWORD), file.getProperty("yprov.password"));
                String tk = ConfigFile.first(token, env.get(YProvConfig.ENV_TOKEN), file.getProperty("yprov.token"));
                String a = ConfigFile.first(api, env.get(YProvConfig.ENV_API), file.getProperty("yprov.api"));
                p = new Push(u, us, pw, tk, a);
                ordered.add(Outputs.YPROV);
            } else if (ordered.contains(Outputs.YPROV)) {
                warn.accept("provenance output 'yprov' needs a server: set " + YProvConfig.ENV_URL
                        + " (or the system's push URL setting); documents are still written to " + outputDir);
                ordered.remove(Outputs.YPROV);
            }
            String box = ConfigFile.first(
                    outbox == null ? null : outbox.toString(), env.get(ENV_OUTBOX), file.getProperty("outbox"));
            Path boxDir =
                    box != null ? Path.of(box) : Path.of(System.getProperty("user.home", "."), ".provhooks", "outbox");
            Duration wait = pushWait;
            if (wait == null) {
                String w = ConfigFile.first(env.get(ENV_PUSH_WAIT), file.getProperty("push.waitSeconds"));
                wait = DEFAULT_PUSH_WAIT;
                if (w != null) {
                    try {
                        wait = Duration.ofSeconds(Math.max(0, Long.parseLong(w)));
                    } catch (NumberFormatException e) {
                        warn.accept("provenance config: " + ENV_PUSH_WAIT
                                + " / push.waitSeconds must be a whole number of seconds, not '" + w + "'; waiting "
                                + DEFAULT_PUSH_WAIT.toSeconds() + " s");
                    }
                }
            }
            return new RunSettings(
                    outputDir,
                    new ArrayList<>(ordered),
                    p,
                    boxDir,
                    wait,
                    telemetry,
                    telemetryInterval,
                    redact,
                    spoolDirectory,
                    CrateOptions.resolve(crateLicense, crateMaxFileSize, crateMaxTotalSize, env, file, warn),
                    openLineage.resolve(env, file));
        }

        private static List<String> parseList(String s) {
            return s == null
                    ? null
                    : Arrays.stream(s.split("[,\\s]+"))
                            .filter(x -> !x.isBlank())
                            .toList();
        }
    }
}
