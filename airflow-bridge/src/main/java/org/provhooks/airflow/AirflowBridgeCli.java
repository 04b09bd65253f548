package org.provhooks.airflow;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.provhooks.core.config.ConfigException;
import org.provhooks.core.config.ConfigFile;
import org.provhooks.core.session.Outputs;
import org.provhooks.core.session.RunSettings;
import org.provhooks.core.workflow.Ids;
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
            Properties file = configFile(env, cl);
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

        boolean hasConfiguredUrl(Map<String, String> env, CommandLine cl) {
            return configFile(env, cl).getProperty("airflow.url") != null;
        }

        private static Properties configFile(Map<String, String> env, CommandLine cl) {
            try {
                return ConfigFile.load(env);
            } catch (ConfigException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
        }
    }

    /** Where documents go and what they hold: the same options for collect, watch and serve. */
    static final class Output {
        @Option(names = "--out", defaultValue = "provenance", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--outputs", split = ",", paramLabel = "NAME",
                description = "where each run goes: prov (PROV-JSON file, default), yprov (push); default: $PROVHOOKS_OUTPUTS or prov")
        List<String> outputs;

        @Option(names = "--push", description = "also push to the yProv server configured by PROVHOOKS_YPROV_* (same as adding yprov to --outputs)")
        boolean push;

        @Option(names = "--estimate-energy", description = "add duration-based energy estimates to task instances (labelled as upper bounds)")
        boolean estimateEnergy;

        @Option(names = "--redact", split = ",", paramLabel = "NAME", description = "extra conf keys to hide")
        List<String> redact = List.of();

        @Option(names = "--xcom-values", paramLabel = "CHARS", defaultValue = "0",
                description = "record XCom values up to this many characters (default: keys only); secret-looking keys are hidden")
        int xcomValues;

        RunCollector collector(AirflowConnection af) {
            return new RunCollector(af, estimateEnergy, xcomValues);
        }

        /** One session per run with these options; summary lines to {@code out}, warnings to {@code err}. */
        DagRunOutput sessions(Map<String, String> env, PrintWriter out, PrintWriter err) {
            List<String> names = new ArrayList<>(outputs == null ? List.of() : outputs);
            if (push && !names.contains(Outputs.YPROV)) {
                if (names.isEmpty()) {
                    names.add(Outputs.PROV);
                }
                names.add(Outputs.YPROV);
            }
            // The bridge pushes only when asked (--push or yprov in --outputs), never because a URL is set somewhere.
            RunSettings settings = RunSettings.builder(this.out).outputs(names).redact(redact).telemetry(false)
                    .pushWhenConfigured(false).resolve(env, err::println);
            return DagRunOutput.sessions(settings, env, out::println, err::println);
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
            Watcher w = new Watcher(af, output.collector(af), dagId,
                    output.out.resolve(".airflow-bridge").resolve("checkpoint-" + Ids.safeLocal(dagId) + ".json"),
                    initial, output.sessions(env, o, err), maxPerPoll, o::println);
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
            boolean rest = connection.url != null || env.get(ENV_URL) != null || connection.hasConfiguredUrl(env, spec.commandLine());
            AirflowConnection af = rest ? connection.open(env, spec.commandLine()) : null;
            EventAggregator events = new EventAggregator(af, af == null ? null : output.collector(af), output.sessions(env, o, err), o::println);
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

        @CommandLine.ParentCommand
        AirflowBridgeCli parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> env = parent.env;
            AirflowConnection af = connection.open(env, spec.commandLine());
            RunCollector collector = output.collector(af);
            output.sessions(env, spec.commandLine().getOut(), spec.commandLine().getErr())
                    .write(dagId, runId, s -> collector.collect(dagId, runId, Map.of(), s));
            return 0;
        }
    }
}
