package org.provhooks.core.rerun;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.redact.Redactor;
import org.provhooks.core.workflow.EngineKind;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.core.workflow.WorkflowDocument;

/**
 * Rebuilds the command that reproduces a recorded run from its workflow document: for Nextflow the pipeline
 * (repository and exact commit, or the script), profile, parameters, launch and work directories; for Beam the
 * pipeline class and its options; for Airflow the DAG and its run's conf. Redacted parameter values are named, to be
 * supplied by the user; what the document cannot tell (configuration files as they were, input data) is said.
 *
 * <!-- given: WorkflowDocument doc | import org.provhooks.core.workflow.WorkflowDocument -->
 * <pre>{@code
 * RerunPlan plan = RerunPlanner.plan(doc, Map.of("db.password", "…"));
 * }</pre>
 */
public final class RerunPlanner {
    private RerunPlanner() {}

    /**
     * @param supplied values for parameters the document holds redacted, by dotted name ({@code db.password})
     */
    public static RerunPlan plan(WorkflowDocument doc, Map<String, String> supplied) {
        ProvRecord wf = doc.workflow();
        String engine = text(wf, Vocab.ENGINE);
        List<String> missing = new ArrayList<>();
        Map<String, Object> params = params(wf, supplied, missing);
        return switch (EngineKind.of(engine)) {
            case NEXTFLOW -> nextflow(wf, params, missing);
            case BEAM -> beam(wf, params, missing);
            case AIRFLOW -> airflow(wf, params, missing);
            default ->
                new RerunPlan(
                        engine == null ? "unknown" : engine,
                        List.of(),
                        null,
                        params,
                        missing,
                        List.of("no rerun recipe for engine '" + engine + "': its parameters are listed above"),
                        false);
        };
    }

    private static RerunPlan nextflow(ProvRecord wf, Map<String, Object> params, List<String> missing) {
        List<String> notes = new ArrayList<>();
        List<String> cmd = new ArrayList<>(List.of("nextflow", "run"));
        String repository = ph(wf, "repository");
        String commit = ph(wf, "commit_id");
        if (repository != null && !repository.isBlank()) {
            cmd.add(repository);
            String rev = commit != null ? commit : ph(wf, "revision");
            if (rev != null) {
                cmd.add("-r");
                cmd.add(rev);
            } else {
                notes.add("the pipeline's revision is not recorded: the repository's default branch runs now");
            }
        } else if (ph(wf, "script_file") != null) {
            cmd.add(ph(wf, "script_file"));
        } else {
            notes.add("neither the pipeline's repository nor its script is recorded");
        }
        String codeCommit = ph(wf, "code_commit");
        if ("true".equals(ph(wf, "code_dirty"))) {
            notes.add("the run had uncommitted changes to " + codeCommit + " (digest " + ph(wf, "code_diff_sha256")
                    + "): apply the recorded diff ("
                    + "<document>-code.diff) to the work tree to reproduce it exactly");
        } else if (codeCommit != null && repository == null) {
            notes.add("the launch directory was at commit " + codeCommit + " ("
                    + (ph(wf, "code_repository") == null ? "no remote" : ph(wf, "code_repository"))
                    + "): check it out there first");
        }
        String profile = ph(wf, "profile");
        if (profile != null && !profile.isBlank() && !profile.equals("standard")) {
            cmd.add("-profile");
            cmd.add(profile);
        }
        if (!params.isEmpty()) {
            cmd.add("-params-file");
            cmd.add(PARAMS_FILE);
        }
        if (ph(wf, "work_dir") != null) {
            cmd.add("-w");
            cmd.add(ph(wf, "work_dir"));
        }
        notes.add("configuration files (nextflow.config, -c files) are read as they are now, not as they were");
        notes.add("inputs are read from where the run read them; the document records their checksums when"
                + " checksums were on, for `provhooks diff` to compare");
        String launch = ph(wf, "launch_dir");
        return new RerunPlan(
                "nextflow", cmd, launch == null ? null : Path.of(launch), params, missing, notes, missing.isEmpty());
    }

    private static RerunPlan beam(ProvRecord wf, Map<String, Object> params, List<String> missing) {
        List<String> notes = new ArrayList<>();
        String main = ph(wf, "pipeline_class");
        List<String> cmd = new ArrayList<>(List.of("java", "-cp", "<the pipeline's classpath>"));
        cmd.add(main == null ? "<pipeline main class (not recorded)>" : main);
        for (Map.Entry<String, String> e : flat(params).entrySet()) {
            cmd.add("--" + e.getKey() + "=" + e.getValue());
        }
        notes.add("the classpath (the pipeline's jar and its version) is not recorded"
                + (ph(wf, "pipeline_code") == null ? "" : "; the pipeline's code was at " + ph(wf, "pipeline_code")));
        notes.add("input data is read from where the pipeline read it, as it is now");
        return new RerunPlan("beam", cmd, null, params, missing, notes, false);
    }

    private static RerunPlan airflow(ProvRecord wf, Map<String, Object> params, List<String> missing) {
        String dag = ph(wf, "dag_id");
        List<String> cmd = new ArrayList<>(List.of("airflow", "dags", "trigger"));
        if (!params.isEmpty()) {
            cmd.add("--conf");
            cmd.add(json(params));
        }
        cmd.add(dag == null ? "<dag id (not recorded)>" : dag);
        List<String> notes = new ArrayList<>();
        if (ph(wf, "dag_version") != null) {
            notes.add("the run used DAG version " + ph(wf, "dag_version")
                    + "; the trigger runs the DAG as it is deployed now");
        }
        notes.add("the logical date, external data and connections are those of now, not of the recorded run");
        return new RerunPlan("airflow", cmd, null, params, missing, notes, false);
    }

    /** The placeholder in {@link RerunPlan#command()} for the written parameters file. */
    public static final String PARAMS_FILE = "<params.json>";

    /** The run's parameters ({@code provhooks:param.*}) rebuilt as nested maps and lists with typed values. */
    static Map<String, Object> params(ProvRecord wf, Map<String, String> supplied, List<String> missing) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (QualifiedName n : wf.attributes().names()) {
            if (!n.namespace().uri().equals(Vocab.PROVHOOKS.uri()) || !n.local().startsWith("param.")) {
                continue;
            }
            String name = n.local().substring("param.".length());
            Literal l = wf.attributes().first(n);
            Object value;
            if (Redactor.MASK.equals(l.lexical()) || l.lexical().contains(Redactor.MASK)) {
                if (supplied.containsKey(name)) {
                    value = supplied.get(name);
                } else {
                    missing.add(name);
                    continue;
                }
            } else {
                value = typed(l);
            }
            put(root, name.split("\\.", -1), 0, value);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) listsFromIndexes(root);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> map, String[] path, int i, Object value) {
        if (i == path.length - 1) {
            map.put(path[i], value);
            return;
        }
        Object next = map.get(path[i]);
        if (!(next instanceof Map)) {
            next = new LinkedHashMap<String, Object>();
            map.put(path[i], next);
        }
        put((Map<String, Object>) next, path, i + 1, value);
    }

    /** Maps whose keys are exactly 0..n-1 were lists when flattened. */
    private static Object listsFromIndexes(Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            return v;
        }
        Map<String, Object> converted = new LinkedHashMap<>();
        m.forEach((k, x) -> converted.put(String.valueOf(k), listsFromIndexes(x)));
        boolean indexes = !converted.isEmpty();
        for (int i = 0; i < converted.size() && indexes; i++) {
            indexes = converted.containsKey(Integer.toString(i));
        }
        if (!indexes) {
            return converted;
        }
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < converted.size(); i++) {
            list.add(converted.get(Integer.toString(i)));
        }
        return list;
    }

    private static Object typed(Literal l) {
        QualifiedName t = l.datatype();
        String s = l.lexical();
        try {
            if (Literal.XSD_LONG.equals(t) || Literal.XSD_INT.equals(t)) {
                return Long.parseLong(s);
            }
            if (Literal.XSD_DOUBLE.equals(t)) {
                return Double.parseDouble(s);
            }
        } catch (NumberFormatException e) {
            return s;
        }
        if (Literal.XSD_BOOLEAN.equals(t)) {
            return Boolean.parseBoolean(s);
        }
        // Empty collections were written as their text.
        if (s.equals("[]")) {
            return List.of();
        }
        if (s.equals("{}")) {
            return Map.of();
        }
        return s;
    }

    /** Dotted names and scalar texts, for systems that take options on the command line. */
    private static Map<String, String> flat(Map<String, Object> params) {
        Map<String, String> out = new TreeMap<>();
        org.provhooks.core.workflow.Parameters.flatten(
                "", params, (k, v) -> out.put(k.substring(1), String.valueOf(v)));
        return out;
    }

    private static final com.fasterxml.jackson.databind.ObjectWriter JSON =
            new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter();

    /** The parameters as JSON (a params file, or Airflow's conf). */
    public static String json(Object params) {
        try {
            return JSON.writeValueAsString(params);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String ph(ProvRecord r, String local) {
        return text(r, Vocab.ph(local));
    }

    private static String text(ProvRecord r, QualifiedName name) {
        Literal l = r.attributes().first(name);
        return l == null ? null : l.lexical();
    }
}
