package org.provhooks.core.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;

/**
 * A ProvHooks workflow document read back for what is built from it (RO-Crate, report, diff): its workflow activity,
 * its task activities in document order, and who used and generated which entity, indexed once.
 *
 * <!-- given: Document doc -->
 * <pre>{@code
 * WorkflowDocument wd = WorkflowDocument.of(doc);
 * for (ProvRecord task : wd.tasks()) {
 *     System.out.println(WorkflowDocument.label(task) + " " + WorkflowDocument.text(task, Vocab.STATUS));
 * }
 * }</pre>
 */
public final class WorkflowDocument {
    private final Document doc;
    private final ProvRecord workflow;
    private final List<ProvRecord> tasks;
    private final Map<QualifiedName, List<QualifiedName>> used = new HashMap<>();
    private final Map<QualifiedName, List<QualifiedName>> generated = new HashMap<>();
    private final Map<QualifiedName, QualifiedName> producer = new HashMap<>();

    private WorkflowDocument(Document doc, ProvRecord workflow, List<ProvRecord> tasks) {
        this.doc = doc;
        this.workflow = workflow;
        this.tasks = tasks;
        for (ProvRecord u : doc.records(RecordKind.USED)) {
            if (u.ref(Formal.ACTIVITY) != null && u.ref(Formal.ENTITY) != null) {
                used.computeIfAbsent(u.ref(Formal.ACTIVITY), k -> new ArrayList<>())
                        .add(u.ref(Formal.ENTITY));
            }
        }
        for (ProvRecord g : doc.records(RecordKind.WAS_GENERATED_BY)) {
            if (g.ref(Formal.ACTIVITY) != null && g.ref(Formal.ENTITY) != null) {
                generated
                        .computeIfAbsent(g.ref(Formal.ACTIVITY), k -> new ArrayList<>())
                        .add(g.ref(Formal.ENTITY));
                producer.putIfAbsent(g.ref(Formal.ENTITY), g.ref(Formal.ACTIVITY));
            }
        }
    }

    /**
     * @throws IllegalArgumentException (one line) when no activity is a workflow ({@code yprov4wfs:level "0"})
     */
    public static WorkflowDocument of(Document doc) {
        ProvRecord wf = null;
        List<ProvRecord> tasks = new ArrayList<>();
        for (ProvRecord a : doc.records(RecordKind.ACTIVITY)) {
            String level = text(a, Vocab.LEVEL);
            if (Vocab.LEVEL_WORKFLOW.equals(level)) {
                wf = a;
            } else if (Vocab.LEVEL_TASK.equals(level)) {
                tasks.add(a);
            }
        }
        if (wf == null) {
            throw new IllegalArgumentException(
                    "not a ProvHooks workflow document: no activity has yprov4wfs:level \"0\"");
        }
        return new WorkflowDocument(doc, wf, List.copyOf(tasks));
    }

    public Document document() {
        return doc;
    }

    public ProvRecord workflow() {
        return workflow;
    }

    public List<ProvRecord> tasks() {
        return tasks;
    }

    /** The entities an activity used, in document order. */
    public List<QualifiedName> used(QualifiedName activity) {
        return used.getOrDefault(activity, List.of());
    }

    /** The entities an activity generated, in document order. */
    public List<QualifiedName> generated(QualifiedName activity) {
        return generated.getOrDefault(activity, List.of());
    }

    /** The activity that generated an entity, or null. */
    public QualifiedName producer(QualifiedName entity) {
        return producer.get(entity);
    }
    /** The text of an attribute's first value, or null. */
    public static String text(ProvRecord r, QualifiedName name) {
        Literal l = r.attributes().first(name);
        return l == null ? null : l.lexical();
    }

    /** The first of these {@code provhooks:} attributes that is set, or null. */
    public static String firstOf(ProvRecord r, String... names) {
        for (String n : names) {
            String v = text(r, Vocab.ph(n));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The record's label, else its identifier's local part. */
    public static String label(ProvRecord r) {
        String l = text(r, Prov.LABEL);
        return l != null ? l : r.id().local();
    }

    /** Whether a record has this {@code prov:type}. */
    public static boolean hasType(ProvRecord r, QualifiedName type) {
        return r.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(type));
    }

    /** The tool a task ran: its process (Nextflow), task id (Airflow), else its label (a Beam transform). */
    public static String tool(ProvRecord task) {
        String t = firstOf(task, "process", "task_id");
        return t != null ? t : label(task);
    }
}
