package org.provhooks.core.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.provhooks.core.model.Document;
import org.provhooks.core.rerun.RerunPlan;
import org.provhooks.core.rerun.RerunPlanner;
import org.provhooks.core.util.AtomicFiles;
import org.provhooks.core.workflow.WorkflowDocument;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code provhooks rerun DOC [--dry-run]}: run a recorded run again, from its document alone. */
@Command(
        name = "rerun",
        mixinStandardHelpOptions = true,
        description = {
            "Rebuild the command that reproduces a recorded run from its workflow document and run it (Nextflow),",
            "or print it (--dry-run; Beam and Airflow: what can be recovered, and what cannot). Compare the two runs",
            "afterwards with 'provhooks diff'."
        })
final class RerunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DOC", description = "the run's workflow document (.prov.json)")
    Path document;

    @Option(names = "--dry-run", description = "print the command and the parameters file, do not run")
    boolean dryRun;

    @Option(
            names = "--param",
            paramLabel = "NAME=VALUE",
            description = "a value for a parameter the document holds redacted (dotted name, e.g. db.password=…)")
    Map<String, String> supplied = new LinkedHashMap<>();

    @Option(
            names = "--params-file",
            paramLabel = "FILE",
            description = "where to write the parameters (default: <launch dir>/rerun-<document>.params.json)")
    Path paramsFile;

    @Option(
            names = "--nextflow",
            paramLabel = "CMD",
            description = "the nextflow launcher to run (default: $PROVHOOKS_NEXTFLOW, else nextflow on the PATH)")
    String nextflow;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    ProvHooksCli parent;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Document doc = DocumentInput.readOrReport(spec, document);
        if (doc == null) {
            return 2;
        }
        WorkflowDocument wf;
        try {
            wf = WorkflowDocument.of(doc);
        } catch (RuntimeException e) {
            err.println("provhooks rerun: " + document + " is not a workflow document (" + ProvHooksCli.oneLine(e)
                    + "); give the run's .prov.json");
            return 2;
        }
        RerunPlan plan = RerunPlanner.plan(wf, supplied);
        List<String> command = new ArrayList<>(plan.command());
        Path params = null;
        int at = command.indexOf(RerunPlanner.PARAMS_FILE);
        if (at >= 0) {
            String stem = org.provhooks.core.sink.ProvDocument.stem(
                    document.getFileName().toString());
            params = paramsFile != null
                    ? paramsFile
                    : (plan.directory() != null ? plan.directory() : Path.of("."))
                            .resolve("rerun-" + stem + ".params.json");
            command.set(at, params.toAbsolutePath().toString());
        }
        if (plan.engine().equals("nextflow")) {
            String launcher = nextflow != null ? nextflow : parent.env().getOrDefault("PROVHOOKS_NEXTFLOW", "nextflow");
            command.set(0, launcher);
        }
        out.println("# " + plan.engine() + " run recorded in " + document);
        if (plan.directory() != null) {
            out.println("cd " + quote(plan.directory().toString()));
        }
        out.println(String.join(" ", command.stream().map(RerunCommand::quote).toList()));
        if (params != null) {
            out.println("# parameters (" + params + "):");
            RerunPlanner.json(plan.params()).lines().forEach(l -> out.println("#   " + l));
        }
        plan.notes().forEach(n -> out.println("# note: " + n));
        if (!plan.missing().isEmpty()) {
            err.println("provhooks rerun: the document holds " + plan.missing().size() + " parameter(s) redacted: "
                    + String.join(", ", plan.missing()) + "; supply each with --param NAME=VALUE");
            return 2;
        }
        if (dryRun) {
            return 0;
        }
        if (!plan.runnable()) {
            out.println("# " + plan.engine() + " runs are not started by provhooks: run the command above");
            return 0;
        }
        if (params != null) {
            AtomicFiles.writeString(params, RerunPlanner.json(plan.params()));
        }
        Path dir = plan.directory() != null && Files.isDirectory(plan.directory()) ? plan.directory() : Path.of(".");
        out.println("# running in " + dir.toAbsolutePath() + " ...");
        out.flush();
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        } catch (java.io.IOException e) {
            err.println("provhooks rerun: cannot start '" + command.get(0) + "' (" + e.getMessage()
                    + "); install Nextflow or give its launcher with --nextflow / PROVHOOKS_NEXTFLOW");
            return 2;
        }
        int code = p.waitFor();
        out.println("# the rerun ended with exit status " + code + "; compare it with: provhooks diff " + document
                + " <the new run's .prov.json>");
        return code;
    }

    /** A shell word: quoted when it holds anything a shell would read. */
    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
