package org.provhooks.core.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects records into a {@link Document}. Safe to feed from many threads at once.
 * Records of the same kind and id are merged (attributes united); every namespace a record uses is
 * declared automatically; {@code prov} and {@code xsd} are always declared.
 *
 * <!-- given: ExecutorService executor, Namespace ns -->
 * <pre>{@code
 * DocumentAssembler a = new DocumentAssembler();
 * executor.submit(() -> a.add(Prov.activity(ns.name("task-1")).build()));
 * Document doc = a.build();
 * }</pre>
 *
 * @throws IllegalArgumentException from {@link #add} when a prefix would be bound to two IRIs or one id
 *         would name two kinds of element
 */
public final class DocumentAssembler {
    private final Map<String, Namespace> namespaces = new LinkedHashMap<>();
    private final EnumMap<RecordKind, List<ProvRecord>> records = new EnumMap<>(RecordKind.class);
    /** Position of each identified record in its kind's list, for merging. */
    private final EnumMap<RecordKind, Map<QualifiedName, Integer>> positions = new EnumMap<>(RecordKind.class);

    private final Map<QualifiedName, RecordKind> elementKinds = new HashMap<>();
    private final Map<QualifiedName, Document> bundles = new LinkedHashMap<>();

    public DocumentAssembler() {
        namespaces.put(Namespace.PROV.prefix(), Namespace.PROV);
        namespaces.put(Namespace.XSD.prefix(), Namespace.XSD);
    }

    /** Declares a namespace even if no record uses it. */
    public synchronized DocumentAssembler declare(Namespace ns) {
        declareUnlocked(ns);
        return this;
    }

    private void declareUnlocked(Namespace ns) {
        Namespace old = namespaces.putIfAbsent(ns.prefix(), ns);
        if (old != null && !old.uri().equals(ns.uri())) {
            throw new IllegalArgumentException("prefix '" + ns.prefix() + "' is already bound to <" + old.uri()
                    + ">, cannot bind it to <" + ns.uri() + ">");
        }
    }

    public DocumentAssembler add(RecordBuilder builder) {
        return add(builder.build());
    }

    /** Adds one record, merging it with an earlier record of the same kind and id. */
    public synchronized DocumentAssembler add(ProvRecord r) {
        RecordKind kind = r.kind();
        QualifiedName id = r.id();
        if (kind.isElement()) {
            RecordKind prev = elementKinds.putIfAbsent(id, kind);
            if (prev != null && prev != kind) {
                throw new IllegalArgumentException("identifier " + id + " already names an " + prev.jsonName()
                        + ", cannot also name an " + kind.jsonName());
            }
        }
        declareNamesOf(r);
        List<ProvRecord> list = records.computeIfAbsent(kind, k -> new ArrayList<>());
        if (id == null) {
            list.add(r);
            return this;
        }
        Map<QualifiedName, Integer> pos = positions.computeIfAbsent(kind, k -> new HashMap<>());
        Integer at = pos.get(id);
        if (at == null) {
            pos.put(id, list.size());
            list.add(r);
        } else {
            list.set(at, list.get(at).merge(r));
        }
        return this;
    }

    public DocumentAssembler addAll(Iterable<ProvRecord> rs) {
        for (ProvRecord r : rs) {
            add(r);
        }
        return this;
    }

    /** Adds every namespace and record of {@code doc} (bundles included). */
    public synchronized DocumentAssembler addAll(Document doc) {
        doc.namespaces().values().forEach(this::declareUnlocked);
        doc.records().forEach(this::add);
        doc.bundles().forEach(this::bundle);
        return this;
    }

    /** Adds a bundle; its id's namespace is declared here. */
    public synchronized DocumentAssembler bundle(QualifiedName id, Document content) {
        declareUnlocked(id.namespace());
        bundles.put(id, content);
        return this;
    }

    /** Declares every namespace {@code r} uses without adding it (for records kept elsewhere, e.g. spilled to disk). */
    public synchronized void declareNamespacesOf(ProvRecord r) {
        declareNamesOf(r);
    }

    private void declareNamesOf(ProvRecord r) {
        if (r.id() != null) {
            declareUnlocked(r.id().namespace());
        }
        for (Formal f : r.kind().formals()) {
            QualifiedName q = r.ref(f);
            if (q != null) {
                declareUnlocked(q.namespace());
            }
        }
        r.attributes().asMap().forEach((name, values) -> {
            declareUnlocked(name.namespace());
            for (Literal l : values) {
                if (l.lang() == null) {
                    declareUnlocked(l.datatype().namespace());
                }
                if (l.qualifiedNameValue() != null) {
                    declareUnlocked(l.qualifiedNameValue().namespace());
                }
            }
        });
    }

    /** The namespace declared so far for {@code prefix}, or null. */
    public synchronized Namespace namespace(String prefix) {
        return namespaces.get(prefix);
    }

    /** A copy of the namespaces declared so far. */
    public synchronized Map<String, Namespace> namespaces() {
        return new LinkedHashMap<>(namespaces);
    }

    public synchronized int size() {
        int n = 0;
        for (List<ProvRecord> l : records.values()) {
            n += l.size();
        }
        return n;
    }

    /** A snapshot of everything added so far. */
    public synchronized Document build() {
        return new Document(namespaces, records, bundles);
    }
}
