package org.provhooks.core.convert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.model.Times;

/**
 * Renders a document in PROV-N (W3C PROV Notation).
 *
 * <!-- given: Path path | import org.provhooks.core.json.ProvJsonReader -->
 * <pre>{@code
 * String provn = ProvNWriter.write(ProvJsonReader.read(path));
 * }</pre>
 */
public final class ProvNWriter {
    private ProvNWriter() {}

    public static String write(Document doc) {
        StringBuilder sb = new StringBuilder("document\n");
        body(doc, sb, "  ");
        for (Map.Entry<QualifiedName, Document> b : doc.bundles().entrySet()) {
            sb.append("  bundle ").append(b.getKey().text()).append('\n');
            body(b.getValue(), sb, "    ");
            sb.append("  endBundle\n");
        }
        return sb.append("endDocument\n").toString();
    }

    private static void body(Document doc, StringBuilder sb, String indent) {
        for (Namespace ns : doc.namespaces().values()) {
            if (ns.isDefault()) {
                sb.append(indent).append("default <").append(ns.uri()).append(">\n");
            } else if (!ns.prefix().equals("prov")) {
                sb.append(indent)
                        .append("prefix ")
                        .append(ns.prefix())
                        .append(" <")
                        .append(ns.uri())
                        .append(">\n");
            }
        }
        for (RecordKind kind : RecordKind.values()) {
            for (ProvRecord r : doc.records(kind)) {
                sb.append(indent).append(statement(r)).append('\n');
            }
        }
    }

    /** One PROV-N statement, e.g. {@code used(run:t1, run:d1, -)}. */
    public static String statement(ProvRecord r) {
        RecordKind k = r.kind();
        StringBuilder sb = new StringBuilder(k.jsonName()).append('(');
        boolean compact = k == RecordKind.SPECIALIZATION_OF
                || k == RecordKind.ALTERNATE_OF
                || k == RecordKind.MENTION_OF
                || k == RecordKind.HAD_MEMBER;
        if (k.isElement()) {
            sb.append(r.id().text());
            if (k == RecordKind.ACTIVITY) {
                sb.append(", ")
                        .append(time(r.time(Formal.START_TIME)))
                        .append(", ")
                        .append(time(r.time(Formal.END_TIME)));
            }
        } else {
            if (r.id() != null && !compact) {
                sb.append(r.id().text()).append("; ");
            }
            List<Formal> fs = order(k);
            // PROV-N takes the optional arguments all or none, so every one is written, absent ones as "-".
            for (int i = 0; i < fs.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                Object v = r.formal(fs.get(i));
                sb.append(v == null ? "-" : v instanceof Instant t ? Times.format(t) : ((QualifiedName) v).text());
            }
        }
        if (!compact && !r.attributes().isEmpty()) {
            sb.append(", [");
            boolean first = true;
            for (Map.Entry<QualifiedName, List<Literal>> a :
                    r.attributes().asMap().entrySet()) {
                for (Literal l : a.getValue()) {
                    if (!first) {
                        sb.append(", ");
                    }
                    first = false;
                    sb.append(a.getKey().text()).append('=').append(literal(l));
                }
            }
            sb.append(']');
        }
        return sb.append(')').toString();
    }

    /** PROV-N argument order, which differs from PROV-JSON's for a few relations. */
    private static List<Formal> order(RecordKind k) {
        return switch (k) {
            case WAS_STARTED_BY -> List.of(Formal.ACTIVITY, Formal.TRIGGER, Formal.STARTER, Formal.TIME);
            case WAS_ENDED_BY -> List.of(Formal.ACTIVITY, Formal.TRIGGER, Formal.ENDER, Formal.TIME);
            default -> k.formals();
        };
    }

    private static String time(Instant t) {
        return t == null ? "-" : Times.format(t);
    }

    static String literal(Literal l) {
        String quoted =
                "\"" + l.lexical().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        if (l.lang() != null) {
            return quoted + "@" + l.lang();
        }
        if (l.isPlainString()) {
            return quoted;
        }
        if (l.isQualifiedName()) {
            return "'" + l.lexical() + "'";
        }
        return quoted + " %% " + l.datatype().text();
    }
}
