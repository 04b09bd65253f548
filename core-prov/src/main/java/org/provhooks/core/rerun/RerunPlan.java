package org.provhooks.core.rerun;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to run a recorded workflow again, rebuilt from its PROV document alone.
 *
 * <!-- given: | import org.provhooks.core.workflow.WorkflowDocument, org.provhooks.core.json.ProvJsonReader -->
 * <pre>{@code
 * RerunPlan plan = RerunPlanner.plan(WorkflowDocument.of(ProvJsonReader.read(Path.of("run.prov.json"))), Map.of());
 * System.out.println(String.join(" ", plan.command()));
 * }</pre>
 *
 * @param engine     the workflow system's short name ({@code nextflow}, {@code beam}, {@code airflow})
 * @param command    the command line, program first; {@code params} is passed as a file where the system takes one
 * @param directory  where to run it (the original launch directory), or null
 * @param params     the run's parameters rebuilt as nested values (maps, lists, typed scalars)
 * @param missing    parameters whose recorded value was redacted: the user must supply them ({@code --param name=value})
 * @param notes      what the document does not hold and the rerun may differ in, one line each
 * @param runnable   whether ProvHooks can start the command itself (Nextflow), or only print it
 */
public record RerunPlan(
        String engine,
        List<String> command,
        Path directory,
        Map<String, Object> params,
        List<String> missing,
        List<String> notes,
        boolean runnable) {
    public RerunPlan {
        command = List.copyOf(command);
        missing = List.copyOf(missing);
        notes = List.copyOf(notes);
    }
}
