package org.provhooks.core.convert;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.provhooks.core.ml.MlRunInfo;
import org.provhooks.core.ml.RunDocumentRecognizer;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.workflow.Vocab;

/**
 * A human-readable digest of a document: record counts per type and the workflow → task → ML run tree
 * (or, for a yProv4ML run document, the run with its contexts, parameters and metrics).
 *
 * <!-- given: Document doc -->
 * <pre>{@code
 * System.out.print(DocumentSummary.of(doc).render());
 * }</pre>
 */
public final class DocumentSummary {
    private final Map<RecordKind, Integer> counts;
    private final List<String> tree;

    private DocumentSummary(Map<RecordKind, Integer> counts, List<String> tree) {
        this.counts = counts;
        this.tree = tree;
    }

    public static DocumentSummary of(Document doc) {
        Map<RecordKind, Integer> counts = new EnumMap<>(RecordKind.class);
        for (RecordKind k : RecordKind.values()) {
            if (!doc.records(k).isEmpty()) {
                counts.put(k, doc.records(k).size());
            }
        }
        return new DocumentSummary(counts, tree(doc));
    }

    public Map<RecordKind, Integer> counts() {
        return counts;
    }

    /** Lines of the tree, indented by level. */
    public List<String> tree() {
        return tree;
    }

    private static List<String> tree(Document doc) {
        List<String> lines = new ArrayList<>();
        List<ProvRecord> workflows = new ArrayList<>();
        Map<QualifiedName, List<QualifiedName>> informedBy = new LinkedHashMap<>();
        for (ProvRecord r : doc.records(RecordKind.WAS_INFORMED_BY)) {
            informedBy
                    .computeIfAbsent(r.ref(Formal.INFORMANT), k -> new ArrayList<>())
                    .add(r.ref(Formal.INFORMED));
        }
        for (ProvRecord a : doc.records(RecordKind.ACTIVITY)) {
            if (level(a).equals("0") && !isMlRun(a)) {
                workflows.add(a);
            }
        }
        for (ProvRecord wf : workflows) {
            lines.add("workflow " + describe(wf));
            for (QualifiedName t : informedBy.getOrDefault(wf.id(), List.of())) {
                ProvRecord task = doc.element(t);
                if (task == null || !level(task).equals("1")) {
                    continue;
                }
                lines.add("  task " + describe(task));
                for (QualifiedName m : informedBy.getOrDefault(t, List.of())) {
                    ProvRecord ml = doc.element(m);
                    if (ml != null && isMlRun(ml)) {
                        lines.add("    ML run " + describe(ml));
                    }
                }
            }
        }
        if (workflows.isEmpty()) {
            Optional<MlRunInfo> run = RunDocumentRecognizer.recognize(doc);
            run.ifPresent(r -> {
                lines.add("ML run " + r.runName() + " (yProv4ML "
                        + r.generation().name().toLowerCase() + " layout"
                        + (r.experiment() != null ? ", experiment " + r.experiment() : "") + ")");
                lines.add("  contexts: " + (r.contexts().isEmpty() ? "none" : String.join(", ", r.contexts())));
                lines.add("  parameters: " + r.parameters() + ", metrics: " + r.metrics());
                if (r.parentTask() != null) {
                    lines.add("  parent task: " + r.parentTask().uri());
                }
            });
        }
        return lines;
    }

    private static boolean isMlRun(ProvRecord a) {
        for (Literal t : a.attributes().get(Prov.TYPE)) {
            if (t.lexical().equals(Vocab.ML_RUN.text())) {
                return true;
            }
        }
        return false;
    }

    private static String level(ProvRecord a) {
        Literal l = a.attributes().first(Vocab.LEVEL);
        return l == null ? "" : l.lexical();
    }

    private static String describe(ProvRecord a) {
        Literal label = a.attributes().first(Prov.LABEL);
        Literal status = a.attributes().first(Vocab.STATUS);
        StringBuilder sb = new StringBuilder(label != null ? label.lexical() : a.id().text());
        sb.append(" [").append(a.id().text());
        if (status != null) {
            sb.append(", ").append(status.lexical());
        }
        Literal energy = a.attributes().first(Vocab.ph("energy_j"));
        if (energy != null) {
            sb.append(", ").append(energy.lexical()).append(" J");
        }
        return sb.append(']').toString();
    }

    /** Counts and tree as printable text. */
    public String render() {
        StringBuilder sb = new StringBuilder("records:");
        counts.forEach((k, n) -> sb.append(' ').append(k.jsonName()).append('=').append(n));
        sb.append('\n');
        tree.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }
}
