package org.provhooks.airflow;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
@Command(name = "airflow-bridge", mixinStandardHelpOptions = true, subcommands = {AirflowBridgeCli.Collect.class},
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

    /** {@code collect}: one document per DAG run. */
    @Command(name = "collect", mixinStandardHelpOptions = true, description = "Write the provenance of one DAG run.")
    static final class Collect implements Callable<Integer> {
        @Option(names = "--airflow-url", paramLabel = "URL", description = "Airflow base URL (default: $PROVHOOKS_AIRFLOW_URL)")
        String url;

        @Option(names = "--user", paramLabel = "USER", description = "Airflow user (default: $PROVHOOKS_AIRFLOW_USER)")
        String user;

        @Option(names = "--dag-id", required = true, paramLabel = "DAG")
        String dagId;

        @Option(names = "--run-id", required = true, paramLabel = "RUN")
        String runId;

        @Option(names = "--out", defaultValue = "provenance", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--push", description = "also push to the yProv server configured by PROVHOOKS_YPROV_*")
        boolean push;

        @Option(names = "--estimate-energy", description = "add duration-based energy estimates to task instances (labelled estimated)")
        boolean estimateEnergy;

        @Option(names = "--api", paramLabel = "VERSION", description = "v2 (Airflow 3) or v1 (Airflow 2); default: detected")
        String api;

        @Option(names = "--redact", split = ",", paramLabel = "NAME", description = "extra conf keys to hide")
        List<String> redact = List.of();

        @CommandLine.ParentCommand
        AirflowBridgeCli parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> env = parent.env;
            String u = url != null ? url : env.get(ENV_URL);
            if (u == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --airflow-url or set " + ENV_URL);
            }
            AirflowConnection.ApiVersion version = api == null ? null : switch (api.toLowerCase()) {
                case "v2", "2", "3" -> AirflowConnection.ApiVersion.V2;
                case "v1", "1" -> AirflowConnection.ApiVersion.V1;
                default -> throw new CommandLine.ParameterException(spec.commandLine(), "--api must be v2 (Airflow 3) or v1 (Airflow 2), not '" + api + "'");
            };
            AirflowConnection af = AirflowConnection.open(u, user != null ? user : env.get(ENV_USER), env.get(ENV_PASSWORD),
                    env.get(ENV_TOKEN), version);
            RunCollector collector = new RunCollector(af, Redactor.defaults().withExtraNames(redact),
                    estimateEnergy ? EnergyModel.fromEnvironment(env) : null);
            Document doc = collector.collect(dagId, runId);
            Map<String, String> pushEnv = new HashMap<>(env);
            if (!push) {
                pushEnv.keySet().removeIf(k -> k.startsWith("PROVHOOKS_YPROV_"));
            }
            String name = dagId + "__" + runId;
            try (Publisher p = Publisher.create(out, Map.of(), pushEnv, spec.commandLine().getErr()::println)) {
                p.publish(new ProvDocument(DocumentIds.derive(name), org.provhooks.core.workflow.Ids.safeLocal(name) + ".prov.json", doc, null));
                spec.commandLine().getOut().println(p.finish());
            }
            return 0;
        }
    }
}
