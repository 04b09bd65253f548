package org.provhooks.core.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One immutable PROV record: an element (entity, activity, agent) or a relation.
 * Elements always have an id; relations may have none (they are then written with a blank {@code _:} key).
 * Formal arguments are qualified names (references) or instants (times).
 *
 * <!-- given: QualifiedName task, QualifiedName input -->
 * <pre>{@code
 * ProvRecord used = Prov.used(task, input).time(Instant.now()).build();
 * used.ref(Formal.ENTITY);   // input
 * }</pre>
 */
public final class ProvRecord {
    private final RecordKind kind;
    private final QualifiedName id;
    private final Object[] formals;
    private final Attributes attributes;

    ProvRecord(RecordKind kind, QualifiedName id, Object[] formals, Attributes attributes) {
        this.kind = kind;
        this.id = id;
        this.formals = formals;
        this.attributes = attributes;
    }

    public RecordKind kind() {
        return kind;
    }

    /** The record's id; null for a relation without one. */
    public QualifiedName id() {
        return id;
    }

    public Attributes attributes() {
        return attributes;
    }

    /** The reference held by formal {@code f}, or null. */
    public QualifiedName ref(Formal f) {
        int i = kind.indexOf(f);
        return i < 0 || !(formals[i] instanceof QualifiedName q) ? null : q;
    }

    /** The time held by formal {@code f} (time, startTime, endTime), or null. */
    public Instant time(Formal f) {
        int i = kind.indexOf(f);
        return i < 0 || !(formals[i] instanceof Instant t) ? null : t;
    }

    /** The value of formal {@code f} (QualifiedName, Instant or null). */
    public Object formal(Formal f) {
        int i = kind.indexOf(f);
        return i < 0 ? null : formals[i];
    }

    /** A builder starting from this record's content. */
    public RecordBuilder toBuilder() {
        return new RecordBuilder(kind, id, formals.clone(), attributes);
    }

    /**
     * Merges another record of the same kind and id: attributes are united; a formal missing here is
     * taken from {@code other}.
     */
    public ProvRecord merge(ProvRecord other) {
        if (other.kind != kind || !Objects.equals(other.id, id)) {
            throw new IllegalArgumentException(
                    "cannot merge " + kind + " " + id + " with " + other.kind + " " + other.id);
        }
        Object[] f = formals.clone();
        for (int i = 0; i < f.length; i++) {
            if (f[i] == null) {
                f[i] = other.formals[i];
            }
        }
        return new ProvRecord(kind, id, f, attributes.merge(other.attributes));
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || (o instanceof ProvRecord r
                        && kind == r.kind
                        && Objects.equals(id, r.id)
                        && Arrays.equals(formals, r.formals)
                        && attributes.equals(r.attributes));
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, id, Arrays.hashCode(formals), attributes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.jsonName()).append('(');
        if (id != null) {
            sb.append(id.text()).append("; ");
        }
        for (int i = 0; i < formals.length; i++) {
            if (formals[i] != null) {
                sb.append(kind.formals().get(i).qualifiedName().local())
                        .append('=')
                        .append(formals[i])
                        .append(' ');
            }
        }
        return sb.append(attributes).append(')').toString();
    }
}
