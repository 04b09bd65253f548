package org.provhooks.airflow;

import java.util.Map;
import java.util.function.Consumer;
import org.provhooks.core.session.RunSession;
import org.provhooks.core.session.RunSettings;
import org.provhooks.core.session.RunStart;
import org.provhooks.core.workflow.Ids;

/**
 * Where the bridge's commands send a DAG run: each run is recorded in a {@link RunSession} of its own, with the
 * outputs and push settings the command was given.
 */
@FunctionalInterface
interface DagRunOutput {
    /** Records one DAG run into an open session and says how it ended. */
    @FunctionalInterface
    interface Fill {
        RunCollector.Outcome into(RunSession session) throws Exception;
    }

    /** Records the run {@code fill} describes; throws when it could not be collected (nothing is written then). */
    void write(String dagId, String runId, Fill fill) throws Exception;

    String ENGINE = "Apache Airflow";

    /** Sessions with {@code settings}; each run's summary line goes to {@code out}. */
    static DagRunOutput sessions(
            RunSettings settings, Map<String, String> env, Consumer<String> out, Consumer<String> warn) {
        return (dagId, runId, fill) -> {
            RunStart start = RunStart.of(ENGINE, dagId + "/" + runId, dagId, null)
                    .withFileName(Ids.safeLocal(dagId + "__" + runId) + ".prov.json");
            try (RunSession s = RunSession.open(start, settings, env, warn)) {
                RunCollector.Outcome o = fill.into(s);
                out.accept(s.finish(o.status(), o.end()));
            }
        };
    }
}
