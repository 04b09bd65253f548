package org.provhooks.nextflow;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.workflow.Vocab;

/** Small queries over a parsed document, for the assertions. */
final class ProvDocs {
    private ProvDocs() {}

    static String attr(ProvRecord r, String local) {
        Literal l = r.attributes().first(Vocab.ph(local));
        return l == null ? null : l.lexical();
    }

    static String label(ProvRecord r) {
        Literal l = r.attributes().first(Prov.LABEL);
        return l == null ? null : l.lexical();
    }

    static String status(ProvRecord r) {
        Literal l = r.attributes().first(Vocab.STATUS);
        return l == null ? null : l.lexical();
    }

    static ProvRecord workflow(Document d) {
        return d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.id().local().equals("workflow"))
                .findFirst()
                .orElseThrow();
    }

    /** Task activities of one process, sorted by label. */
    static List<ProvRecord> tasks(Document d, String process) {
        return d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> process.equals(attr(a, "process")))
                .sorted(Comparator.comparing(ProvDocs::label))
                .collect(Collectors.toList());
    }

    static ProvRecord task(Document d, String process) {
        List<ProvRecord> t = tasks(d, process);
        if (t.size() != 1) {
            throw new AssertionError("expected one " + process + " task, found " + t.size());
        }
        return t.get(0);
    }

    /** The data entity whose location ends with {@code suffix} (exactly one). */
    static ProvRecord data(Document d, String suffix) {
        List<ProvRecord> es = d.records(RecordKind.ENTITY).stream()
                .filter(e -> e.attributes().first(Prov.LOCATION) != null
                        && e.attributes().first(Prov.LOCATION).lexical().endsWith(suffix))
                .toList();
        if (es.size() != 1) {
            throw new AssertionError("expected one entity at *" + suffix + ", found " + es);
        }
        return es.get(0);
    }

    static List<QualifiedName> used(Document d, ProvRecord activity) {
        return d.records(RecordKind.USED).stream()
                .filter(u -> u.ref(Formal.ACTIVITY).equals(activity.id()))
                .map(u -> u.ref(Formal.ENTITY))
                .toList();
    }

    static List<QualifiedName> generatedBy(Document d, ProvRecord entity) {
        return d.records(RecordKind.WAS_GENERATED_BY).stream()
                .filter(g -> g.ref(Formal.ENTITY).equals(entity.id()))
                .map(g -> g.ref(Formal.ACTIVITY))
                .toList();
    }

    static List<QualifiedName> informants(Document d, QualifiedName informed) {
        return d.records(RecordKind.WAS_INFORMED_BY).stream()
                .filter(i -> i.ref(Formal.INFORMED).equals(informed))
                .map(i -> i.ref(Formal.INFORMANT))
                .toList();
    }

    static List<QualifiedName> derivedFrom(Document d, ProvRecord entity) {
        return d.records(RecordKind.WAS_DERIVED_FROM).stream()
                .filter(r -> r.ref(Formal.GENERATED_ENTITY).equals(entity.id()))
                .map(r -> r.ref(Formal.USED_ENTITY))
                .toList();
    }
}
