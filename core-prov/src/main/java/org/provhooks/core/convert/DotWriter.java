package org.provhooks.core.convert;

import java.util.List;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;

/**
 * Renders a document as a Graphviz DOT graph in the usual PROV style: entities as yellow ellipses,
 * activities as blue boxes, agents as orange houses, relations as labelled edges.
 *
 * <!-- given: Document doc -->
 * <pre>{@code
 * Files.writeString(Path.of("run.dot"), DotWriter.write(doc));   // then: dot -Tsvg run.dot > run.svg
 * }</pre>
 */
public final class DotWriter {
    private DotWriter() {}

    public static String write(Document doc) {
        StringBuilder sb =
                new StringBuilder("digraph provenance {\n  rankdir=BT;\n  node [fontname=\"Helvetica\", fontsize=10];\n"
                        + "  edge [fontname=\"Helvetica\", fontsize=8];\n");
        for (ProvRecord e : doc.records(RecordKind.ENTITY)) {
            node(sb, e, "ellipse", "#FFFC87");
        }
        for (ProvRecord a : doc.records(RecordKind.ACTIVITY)) {
            node(sb, a, "box", "#9FB1FC");
        }
        for (ProvRecord a : doc.records(RecordKind.AGENT)) {
            node(sb, a, "house", "#FED37F");
        }
        for (RecordKind k : RecordKind.values()) {
            if (k.isElement()) {
                continue;
            }
            List<Formal> fs = k.formals();
            for (ProvRecord r : doc.records(k)) {
                QualifiedName from = r.ref(fs.get(0));
                QualifiedName to = r.ref(fs.get(1));
                if (k == RecordKind.WAS_STARTED_BY || k == RecordKind.WAS_ENDED_BY) {
                    to = r.ref(Formal.TRIGGER) != null
                            ? r.ref(Formal.TRIGGER)
                            : r.ref(k == RecordKind.WAS_STARTED_BY ? Formal.STARTER : Formal.ENDER);
                }
                if (from != null && to != null) {
                    sb.append("  ")
                            .append(quote(from.text()))
                            .append(" -> ")
                            .append(quote(to.text()))
                            .append(" [label=")
                            .append(quote(k.jsonName()))
                            .append("];\n");
                }
            }
        }
        return sb.append("}\n").toString();
    }

    private static void node(StringBuilder sb, ProvRecord r, String shape, String color) {
        Literal label = r.attributes().first(Prov.LABEL);
        sb.append("  ")
                .append(quote(r.id().text()))
                .append(" [shape=")
                .append(shape)
                .append(", style=filled, fillcolor=")
                .append(quote(color))
                .append(", label=")
                .append(quote(label != null ? label.lexical() : r.id().text()))
                .append("];\n");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
