package org.provhooks.airflow;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.provhooks.core.redact.Redactor;
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
@Command(
        name = "airflow-bridge",
        mixinStandardHelpOptions = true,
        subcommands = {AirflowBridgeCli.Collect.class, AirflowBridgeCli.Watch.class, AirflowBridgeCli.Serve.class},
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
            cmd.getErr()
                    .println("airflow-bridge " + cmd.getCommandName() + ": "
                            + Redactor.redactValue(ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code watch}: collect every run that finishes, once. */
    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = "Poll a DAG for finished runs and collect each once; the checkpoint survives restarts.")
    static final class Watch implements Callable<Integer> {
        @CommandLine.Mixin
        ConnectionOptions connection;

        @Option(names = "--dag-id", required = true, paramLabel = "DAG")
        String dagId;

        @CommandLine.Mixin
        DocumentOptions output;

        @Option(
                names = "--since",
                paramLabel = "TIME",
                description = "first run end time to consider, ISO-8601 (default: now)")
        String since;

        @Option(
                names = "--interval",
                defaultValue = "30",
                paramLabel = "SECONDS",
                description = "seconds between polls (default: ${DEFAULT-VALUE})")
        long interval;

        @Option(
                names = "--max-per-poll",
                defaultValue = "20",
                paramLabel = "N",
                description = "runs collected per poll at most (default: ${DEFAULT-VALUE})")
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
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--since must be an ISO-8601 time such as 2025-01-01T00:00:00Z, not '" + since + "'");
            }
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Watcher w = new Watcher(
                    af,
                    output.collector(af),
                    dagId,
                    output.out.resolve(".airflow-bridge").resolve("checkpoint-" + Ids.safeLocal(dagId) + ".json"),
                    initial,
                    output.sessions(env, o, err),
                    maxPerPoll,
                    o::println);
            if (once) {
                o.println("collected " + w.pollOnce() + " run(s)");
                return 0;
            }
            // The hook waits for the run in progress to be written: a JVM exits as soon as its hooks return.
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        w.stop();
                        awaitQuietly(finished, 120);
                    },
                    "airflow-bridge-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            o.println(
                    "watching " + dagId + " every " + interval + " s (Ctrl-C or SIGTERM stops after the current run)");
            try {
                w.run(Duration.ofSeconds(interval));
            } finally {
                finished.countDown();
            }
            return 0;
        }
    }

    /** {@code serve}: receive callbacks and OpenLineage events. */
    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            description =
                    "Receive Airflow callbacks (POST /callbacks) and OpenLineage events (POST /api/v1/lineage); write each finished run.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        ConnectionOptions connection;

        @Option(names = "--port", defaultValue = "8765", paramLabel = "PORT")
        int port;

        @Option(
                names = "--bind",
                defaultValue = "127.0.0.1",
                paramLabel = "ADDRESS",
                description = "address to listen on (default: ${DEFAULT-VALUE})")
        String bind;

        @CommandLine.Mixin
        DocumentOptions output;

        @CommandLine.ParentCommand
        AirflowBridgeCli parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> env = parent.env;
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            boolean rest = connection.url != null
                    || env.get(ENV_URL) != null
                    || connection.hasConfiguredUrl(env, spec.commandLine());
            AirflowConnection af = rest ? connection.open(env, spec.commandLine()) : null;
            EventAggregator events = new EventAggregator(
                    af, af == null ? null : output.collector(af), output.sessions(env, o, err), o::println);
            try (BridgeServer server =
                    BridgeServer.start(new InetSocketAddress(bind, port), env.get("PROVHOOKS_BRIDGE_TOKEN"), events)) {
                o.println("listening on http://" + bind + ":" + server.port() + " ("
                        + (rest ? "runs collected through the REST API" : "documents built from events alone")
                        + "); Ctrl-C stops");
                // On SIGTERM the hook lets the main thread drain (collections in progress, open runs written as they
                // stand) and waits for it: a JVM exits as soon as its hooks return.
                CountDownLatch stop = new CountDownLatch(1);
                CountDownLatch drained = new CountDownLatch(1);
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    stop.countDown();
                                    awaitQuietly(drained, 60);
                                },
                                "airflow-bridge-stop"));
                try {
                    stop.await();
                    o.println("stopping: writing runs in progress");
                    events.drain(30);
                } finally {
                    drained.countDown();
                }
            }
            return 0;
        }
    }

    /** {@code collect}: one document per DAG run. */
    @Command(name = "collect", mixinStandardHelpOptions = true, description = "Write the provenance of one DAG run.")
    static final class Collect implements Callable<Integer> {
        @CommandLine.Mixin
        ConnectionOptions connection;

        @Option(names = "--dag-id", required = true, paramLabel = "DAG")
        String dagId;

        @Option(names = "--run-id", required = true, paramLabel = "RUN")
        String runId;

        @CommandLine.Mixin
        DocumentOptions output;

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

    private static void awaitQuietly(CountDownLatch latch, long seconds) {
        try {
            latch.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
