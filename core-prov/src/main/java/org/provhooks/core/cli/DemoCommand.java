package org.provhooks.core.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.provhooks.core.demo.SampleWorkflow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code provhooks demo --out DIR}: writes a sample multi-level run. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Write a sample workflow document (three tasks, one linking a yProv4ML run document) with its run document and metric files.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory to write into")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SampleWorkflow.Result r = SampleWorkflow.write(out, spec.commandLine().getOut()::println);
        spec.commandLine()
                .getOut()
                .println("workflow document: " + r.workflowDocument().toAbsolutePath());
        spec.commandLine()
                .getOut()
                .println("ML run document:   " + r.mlRunDocument().toAbsolutePath());
        return 0;
    }
}
