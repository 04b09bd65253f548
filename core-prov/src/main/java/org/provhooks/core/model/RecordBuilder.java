package org.provhooks.core.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fluent builder for a {@link ProvRecord}; obtain one from {@link Prov}.
 *
 * <!-- given: Namespace ns, Instant t0, Instant t1 -->
 * <pre>{@code
 * ProvRecord task = Prov.activity(ns.name("task-1"))
 *         .label("TRAIN (1)")
 *         .start(t0).end(t1)
 *         .attr(new Namespace("provhooks", "https://provhooks.org/ns#").name("exit"), 0)
 *         .build();
 * }</pre>
 */
public final class RecordBuilder {
    private final RecordKind kind;
    private QualifiedName id;
    private final Object[] formals;
    private final Map<QualifiedName, List<Literal>> attributes = new LinkedHashMap<>();

    RecordBuilder(RecordKind kind, QualifiedName id) {
        this.kind = kind;
        this.id = id;
        this.formals = new Object[kind.formals().size()];
    }

    RecordBuilder(RecordKind kind, QualifiedName id, Object[] formals, Attributes attributes) {
        this.kind = kind;
        this.id = id;
        this.formals = formals;
        attributes.asMap().forEach((k, v) -> this.attributes.put(k, new ArrayList<>(v)));
    }

    public RecordKind kind() {
        return kind;
    }

    /** Gives a relation a real identifier (needed when another record refers to it). */
    public RecordBuilder id(QualifiedName id) {
        this.id = id;
        return this;
    }

    /** Sets a formal argument to a reference. */
    public RecordBuilder set(Formal f, QualifiedName ref) {
        formals[slot(f)] = ref;
        return this;
    }

    /** Sets a time formal argument. */
    public RecordBuilder set(Formal f, Instant time) {
        if (!f.isTime()) {
            throw new IllegalArgumentException(f.qualifiedName() + " is not a time");
        }
        formals[slot(f)] = time;
        return this;
    }

    private int slot(Formal f) {
        int i = kind.indexOf(f);
        if (i < 0) {
            throw new IllegalArgumentException(kind.jsonName() + " has no argument " + f.qualifiedName());
        }
        return i;
    }

    public RecordBuilder time(Instant t) {
        return set(Formal.TIME, t);
    }

    public RecordBuilder start(Instant t) {
        return set(Formal.START_TIME, t);
    }

    public RecordBuilder end(Instant t) {
        return set(Formal.END_TIME, t);
    }

    /** Adds a value to attribute {@code name}; a null value is ignored. */
    public RecordBuilder attr(QualifiedName name, Literal value) {
        if (value != null) {
            List<Literal> l = attributes.computeIfAbsent(name, k -> new ArrayList<>(1));
            if (!l.contains(value)) {
                l.add(value);
            }
        }
        return this;
    }

    /** Adds a Java value converted by {@link Literal#from(Object)}; null is ignored. */
    public RecordBuilder attr(QualifiedName name, Object value) {
        return value == null ? this : attr(name, Literal.from(value));
    }

    public RecordBuilder label(String label) {
        return attr(Prov.LABEL, label);
    }

    /** Adds a {@code prov:type} (a qualified-name literal). */
    public RecordBuilder type(QualifiedName type) {
        return attr(Prov.TYPE, Literal.qualifiedName(type));
    }

    public RecordBuilder location(String location) {
        return attr(Prov.LOCATION, location);
    }

    public RecordBuilder role(String role) {
        return attr(Prov.ROLE, role);
    }

    /**
     * Builds the record.
     *
     * @throws IllegalStateException when an element has no id or a required argument is missing
     */
    public ProvRecord build() {
        if (kind.isElement() && id == null) {
            throw new IllegalStateException(kind.jsonName() + " needs an identifier");
        }
        List<Formal> fs = kind.formals();
        for (int i = 0; i < fs.size(); i++) {
            if (formals[i] == null && kind.isRequired(fs.get(i))) {
                throw new IllegalStateException(
                        kind.jsonName() + " needs " + fs.get(i).qualifiedName());
            }
        }
        return new ProvRecord(kind, id, formals.clone(), Attributes.of(attributes));
    }

    @Override
    public String toString() {
        return kind + " " + Objects.toString(id);
    }
}
