package org.provhooks.core.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.provhooks.core.mlflow.MlflowImport;
import org.provhooks.core.mlflow.MlflowRest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code provhooks import-mlflow}: MLflow runs as yProv4ML run documents. */
@Command(
        name = "import-mlflow",
        mixinStandardHelpOptions = true,
        description = {
            "Read runs from an MLflow tracking server (REST API) and write one yProv4ML run document per run:",
            "parameters, metrics with their full history, tags, artifacts (listed by URI), start, end, status."
        })
final class ImportMlflowCommand implements Callable<Integer> {
    @Option(
            names = "--tracking-uri",
            paramLabel = "URI",
            description = "the MLflow tracking server (default: $MLFLOW_TRACKING_URI)")
    String trackingUri;

    @Option(names = "--experiment", required = true, paramLabel = "NAME", description = "the experiment's name")
    String experiment;

    @Option(names = "--run-id", paramLabel = "ID", description = "only these runs (repeatable; default: all)")
    List<String> runIds = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the run documents")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    ProvHooksCli parent;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> env = parent.env();
        String uri = trackingUri != null ? trackingUri : env.get("MLFLOW_TRACKING_URI");
        if (uri == null || uri.isBlank()) {
            err.println("provhooks import-mlflow: no tracking server: pass --tracking-uri http://host:5000 or set"
                    + " MLFLOW_TRACKING_URI");
            return 2;
        }
        URI u;
        try {
            u = URI.create(uri.trim());
        } catch (IllegalArgumentException e) {
            u = null;
        }
        if (u == null || u.getScheme() == null || !u.getScheme().startsWith("http") || u.getHost() == null) {
            err.println("provhooks import-mlflow: '" + uri
                    + "' is not an http(s) tracking URI (e.g. http://localhost:5000)");
            return 2;
        }
        MlflowRest rest = new MlflowRest(
                u,
                env.get("MLFLOW_TRACKING_TOKEN"),
                env.get("MLFLOW_TRACKING_USERNAME"),
                env.get("MLFLOW_TRACKING_PASSWORD"));
        o.println("importing experiment '" + experiment + "' from " + u + " ...");
        try {
            MlflowImport.Result r =
                    new MlflowImport(rest, u.toString(), o::println).importExperiment(experiment, runIds, out);
            r.skipped().forEach(s -> o.println("skipped: " + s));
            o.println(r.documents().size() + " run document(s) written under " + out.toAbsolutePath()
                    + (r.skipped().isEmpty() ? "" : ", " + r.skipped().size() + " skipped"));
            return 0;
        } catch (java.io.IOException e) {
            err.println("provhooks import-mlflow: " + ProvHooksCli.oneLine(e));
            return 1;
        }
    }
}
