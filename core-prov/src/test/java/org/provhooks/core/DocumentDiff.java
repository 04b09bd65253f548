package org.provhooks.core;

import java.util.List;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;

/** The first difference between two documents, for assertion messages. */
public final class DocumentDiff {
    private DocumentDiff() {}

    public static String first(Document a, Document b) {
        if (!a.namespaces().equals(b.namespaces())) {
            return "namespaces " + a.namespaces() + " vs " + b.namespaces();
        }
        for (RecordKind k : RecordKind.values()) {
            List<ProvRecord> x = a.records(k);
            List<ProvRecord> y = b.records(k);
            for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
                ProvRecord p = i < x.size() ? x.get(i) : null;
                ProvRecord q = i < y.size() ? y.get(i) : null;
                if (p == null || !p.equals(q)) {
                    return k.jsonName() + "[" + i + "]: " + p + " vs " + q;
                }
            }
        }
        if (!a.bundles().keySet().equals(b.bundles().keySet())) {
            return "bundle ids " + a.bundles().keySet() + " vs " + b.bundles().keySet();
        }
        for (var e : a.bundles().entrySet()) {
            String d = first(e.getValue(), b.bundles().get(e.getKey()));
            if (!d.isEmpty()) {
                return "bundle " + e.getKey() + ": " + d;
            }
        }
        return "";
    }
}
