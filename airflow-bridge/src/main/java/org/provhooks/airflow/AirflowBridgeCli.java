package org.provhooks.airflow;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.provhooks.core.model.Document;
import org.provhooks.core.redact.Redactor;
import org.provhooks.core.sink.ProvDocument;
import org.provhooks.core.sink.Publisher;
import org.provhooks.core.telemetry.EnergyModel;
import org.provhooks.core.workflow.DocumentIds;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code airflow-bridge}: collects the provenance of Airflow DAG runs.
 *
 * <pre>
 * airflow-bridge collect --airflow-url http://localhost:8080 --dag-id etl --run-id 'manual__2025-01-01T10:00:00+00:00' --out provenance
 * </pre>
 *
 * The user comes from {@code --user} or {@code PROVHOOKS_AIRFLOW_USER}, the password only from
 * {@code PROVHOOKS_AIRFLOW_PASSWORD} (or a ready JWT from {@code PROVHOOKS_AIRFLOW_TOKEN}).
 */
@Command(name = "airflow-bridge", mixinStandardHelpOptions = true, subcommands = {AirflowBridgeCli.Collect.class, AirflowBridgeCli.Watch.class, AirflowBridgeCli.Serve.class},
        description = "Provenance of Apache Airflow DAG runs, from Airflow's REST API.")
public final class AirflowBridgeCli implements Runnable {
    static final String ENV_URL = "PROVHOOKS_AIRFLOW_URL";
    static final String ENV_USER = "PROVHOOKS_AIRFLOW_USER";
    static final String ENV_PASSWORD = "PROVHOOKS_AIRFLOW_PASSWORD";
    static final String ENV_TOKEN = "PROVHOOKS_AIRFLOW_TOKEN";

    private final Map<String, String> env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    AirflowBridgeCli(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv()));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        CommandLine cl = new CommandLine(new AirflowBridgeCli(env));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("airflow-bridge " + cmd.getCommandName() + ": " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Connection options shared by the commands. */
    static final class Connection {
        @Option(names = "--airflow-url", paramLabel = "URL", description = "Airflow base URL (default: $PROVHOOKS_AIRFLOW_URL)")
        String url;

        @Option(names = "--user", paramLabel = "USER", description = "Airflow user (default: $PROVHOOKS_AIRFLOW_USER)")
        String user;

        @Option(names = "--api", paramLabel = "VERSION", description = "v2 (Airflow 3) or v1 (Airflow 2); default: detected")
        String api;

        AirflowConnection open(Map<String, String> env, CommandLine cl) throws AirflowException {
            java.util.Properties file = configFile(env, cl);
            String u = url != null ? url : env.getOrDefault(ENV_URL, file.getProperty("airflow.url"));
            if (u == null) {
                throw new CommandLine.ParameterException(cl, "give --airflow-url or set " + ENV_URL);
            }
            AirflowConnection.ApiVersion version = api == null ? null : switch (api.toLowerCase()) {
                case "v2", "2", "3" -> AirflowConnection.ApiVersion.V2;
                case "v1", "1" -> AirflowConnection.ApiVersion.V1;
                default -> throw new CommandLine.ParameterException(cl, "--api must be v2 (Airflow 3) or v1 (Airflow 2), not '" + api + "'");
            };
            return AirflowConnection.open(u, user != null ? user : env.getOrDefault(ENV_USER, file.getProperty("airflow.user")),
                    env.getOrDefault(ENV_PASSWORD, file.getProperty("airflow.password")),
                    env.getOrDefault(ENV_TOKEN, file.getProperty("airflow.token")), version);
        }

        boolean hasConfiguredUrl(Map<String, String> env) {
            return configFile(env, null).getProperty("airflow.url") != null;
        }

        /** {@code PROVHOOKS_CONFIG} or {@code ~/.provhooks/config.properties}: keys airflow.url, .user, .password, .token. */
        private static java.util.Properties configFile(Map<String, String> env, CommandLine cl) {
            java.util.Properties p = new java.util.Properties();
            Path f = env.get("PROVHOOKS_CONFIG") != null ? Path.of(env.get("PROVHOOKS_CONFIG"))
                    : Path.of(System.getProperty("user.home", "."), ".provhooks", "config.properties");
            if (java.nio.file.Files.isRegularFile(f)) {
                try (var r = java.nio.file.Files.newBufferedReader(f)) {
                    p.load(r);
                } catch (java.io.IOException | IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(cl, "cannot read config file " + f + ": " + e.getMessage());
                }
            }
            return p;
        }
    }

    /** Where documents go, shared by the commands. */
    static final class Output {
        @Option(names = "--out", defaultValue = "provenance", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--push", description = "also push to the yProv server configured by PROVHOOKS_YPROV_*")
        boolean push;
    }

    /** Writes a run's document to the output directory (and pushes it when asked); returns the summary line. */
    static String publish(Path out, boolean push, Map<String, String> env, String dagId, String runId, Document doc,
                          PrintWriter err) {
        Map<String, String> pushEnv = new HashMap<>(env);
        if (!push) {
            pushEnv.keySet().removeIf(k -> k.startsWith("PROVHOOKS_YPROV_"));
        }
        String name = dagId + "__" + runId;
        try (Publisher p = Publisher.create(out, Map.of(), pushEnv, err::println)) {
            p.publish(new ProvDocument(DocumentIds.derive(name), org.provhooks.core.workflow.Ids.safeLocal(name) + ".prov.json", doc, null));
            return p.finish();
        }
    }

    /** {@code watch}: collect every run that finishes, once. */
    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Poll a DAG for finished runs and collect each once; the checkpoint survives restarts.")
    static final class Watch implements Callable<Integer> {
        @CommandLine.Mixin
        Connection connection;

        @Option(names = "--dag-id", required = true, paramLabel = "DAG")
        String dagId;

        @CommandLine.Mixin
        Output output;

        @Option(names = "--since", paramLabel = "TIME", description = "first run end time to consider, ISO-8601 (default: now)")
        String since;

        @Option(names = "--interval", defaultValue = "30", paramLabel = "SECONDS", description = "seconds between polls (default: ${DEFAULT-VALUE})")
        long interval;

        @Option(names = "--max-per-poll", defaultValue = "20", paramLabel = "N", description = "runs collected per poll at most (default: ${DEFAULT-VALUE})")
        int maxPerPoll;

        @Option(names = "--once", description = "poll once and exit (for cron and tests)")
        boolean once;

        @CommandLine.ParentCommand
        AirflowBridgeCli parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> env = parent.env;
            AirflowConnection af = connection.open(env, spec.commandLine());
            Instant initial;
            try {
                initial = since == null ? Instant.now() : Instant.parse(since);
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--since must be an ISO-8601 time such as 2025-01-01T00:00:00Z, not '" + since + "'");
            }
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Watcher w = new Watcher(af, new RunCollector(af), dagId,
                    output.out.resolve(".airflow-bridge").resolve("checkpoint-" + org.provhooks.core.workflow.Ids.safeLocal(dagId) + ".json"),
                    initial, (d, r, doc) -> o.println(publish(output.out, output.push, env, d, r, doc, err)), maxPerPoll, o::println);
            if (once) {
                o.println("collected " + w.pollOnce() + " run(s)");
                return 0;
            }
            Thread hook = new Thread(w::stop, "airflow-bridge-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            o.println("watching " + dagId + " every " + interval + " s (Ctrl-C or SIGTERM stops after the current run)");
            w.run(java.time.Duration.ofSeconds(interval));
            return 0;
        }
    }

    /** {@code serve}: receive callbacks and OpenLineage events. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Receive Airflow callbacks (POST /callbacks) and OpenLineage events (POST /api/v1/lineage); write each finished run.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        Connection connection;

        @Option(names = "--port", defaultValue = "8765", paramLabel = "PORT")
        int port;

        @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS", description = "address to listen on (default: ${DEFAULT-VALUE})")
        String bind;

        @CommandLine.Mixin
        Output output;

        @CommandLine.ParentCommand
        AirflowBridgeCli parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> env = parent.env;
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            boolean rest = connection.url != null || env.get(ENV_URL) != null || connection.hasConfiguredUrl(env);
            AirflowConnection af = rest ? connection.open(env, spec.commandLine()) : null;
            EventAggregator events = new EventAggregator(af, (d, r, doc) -> o.println(publish(output.out, output.push, env, d, r, doc, err)), o::println);
            try (BridgeServer server = BridgeServer.start(new java.net.InetSocketAddress(bind, port), env.get("PROVHOOKS_BRIDGE_TOKEN"), events)) {
                o.println("listening on http://" + bind + ":" + server.port() + " (" + (rest ? "runs collected through the REST API"
                        : "documents built from events alone") + "); Ctrl-C stops");
                java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
                events.drain(30);
            }
            return 0;
        }
    }

    /** {@code collect}: one document per DAG run. */
    @Command(name = "collect", mixinStandardHelpOptions = true, description = "Write the provenance of one DAG run.")
    static final class Collect implements Callable<Integer> {
        @CommandLine.Mixin
        Connection connection;

        @Option(names = "--dag-id", required = true, paramLabel = "DAG")
        String dagId;

        @Option(names = "--run-id", required = true, paramLabel = "RUN")
        String runId;

        @CommandLine.Mixin
        Output output;

        @Option(names = "--estimate-energy", description = "add duration-based energy estimates to task instances (labelled estimated)")
        boolean estimateEnergy;

        @Option(names = "--redact", split = ",", paramLabel = "NAME", description = "extra conf keys to hide")
        List<String> redact = List.of();

        @Option(names = "--xcom-values", paramLabel = "CHARS", defaultValue = "0",
                description = "record XCom values up to this many characters (default: keys only); secret-looking keys are hidden")
        int xcomValues;

        @CommandLine.ParentCommand
        AirflowBridgeCli parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> env = parent.env;
            AirflowConnection af = connection.open(env, spec.commandLine());
            RunCollector collector = new RunCollector(af, Redactor.defaults().withExtraNames(redact),
                    estimateEnergy ? EnergyModel.fromEnvironment(env) : null).withXComValues(xcomValues);
            Document doc = collector.collect(dagId, runId);
            spec.commandLine().getOut().println(publish(output.out, output.push, env, dagId, runId, doc, spec.commandLine().getErr()));
            return 0;
        }
    }
}
