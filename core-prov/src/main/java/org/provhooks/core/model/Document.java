package org.provhooks.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * An immutable PROV document: declared namespaces, records grouped by kind (elements unique by id), and
 * optional bundles. Build one with {@link DocumentAssembler}.
 *
 * <!-- given: ProvRecord entity, ProvRecord activity, ProvRecord generation -->
 * <pre>{@code
 * Document doc = new DocumentAssembler().add(entity).add(activity).add(generation).build();
 * doc.records(RecordKind.ENTITY);      // the entities, in insertion order
 * doc.element(entity.id());            // lookup by id
 * }</pre>
 */
public final class Document {
    private final Map<String, Namespace> namespaces;
    private final Map<RecordKind, List<ProvRecord>> records;
    private final Map<QualifiedName, Document> bundles;
    private volatile Map<QualifiedName, ProvRecord> elementIndex;

    Document(
            Map<String, Namespace> namespaces,
            Map<RecordKind, List<ProvRecord>> records,
            Map<QualifiedName, Document> bundles) {
        this.namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
        EnumMap<RecordKind, List<ProvRecord>> r = new EnumMap<>(RecordKind.class);
        records.forEach((k, v) -> {
            if (!v.isEmpty()) {
                r.put(k, Collections.unmodifiableList(new ArrayList<>(v)));
            }
        });
        this.records = Collections.unmodifiableMap(r);
        this.bundles = Collections.unmodifiableMap(new LinkedHashMap<>(bundles));
    }

    /** Declared namespaces by prefix, in declaration order. */
    public Map<String, Namespace> namespaces() {
        return namespaces;
    }

    /** Records of one kind, in insertion order. */
    public List<ProvRecord> records(RecordKind kind) {
        return records.getOrDefault(kind, List.of());
    }

    /** All top-level records, kind by kind. */
    public Stream<ProvRecord> records() {
        return records.values().stream().flatMap(List::stream);
    }

    public Map<QualifiedName, Document> bundles() {
        return bundles;
    }

    /** Number of top-level records. */
    public int size() {
        int n = 0;
        for (List<ProvRecord> l : records.values()) {
            n += l.size();
        }
        return n;
    }

    public boolean isEmpty() {
        return records.isEmpty() && bundles.isEmpty();
    }

    /** The entity, activity or agent with this id, or null. */
    public ProvRecord element(QualifiedName id) {
        Map<QualifiedName, ProvRecord> idx = elementIndex;
        if (idx == null) {
            idx = new HashMap<>();
            for (RecordKind k : List.of(RecordKind.ENTITY, RecordKind.ACTIVITY, RecordKind.AGENT)) {
                for (ProvRecord r : records(k)) {
                    idx.put(r.id(), r);
                }
            }
            elementIndex = idx;
        }
        return idx.get(id);
    }

    /** The namespace declared for {@code prefix}, or null. */
    public Namespace namespace(String prefix) {
        return namespaces.get(prefix);
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || (o instanceof Document d
                        && namespaces.equals(d.namespaces)
                        && records.equals(d.records)
                        && bundles.equals(d.bundles));
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespaces, records, bundles);
    }

    @Override
    public String toString() {
        return "Document{" + size() + " records, namespaces=" + namespaces.keySet() + ", bundles=" + bundles.size()
                + "}";
    }
}
