package org.provhooks.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** An immutable, ordered map from attribute names to one or more values. */
public final class Attributes {
    public static final Attributes EMPTY = new Attributes(Map.of());
    private final Map<QualifiedName, List<Literal>> values;

    private Attributes(Map<QualifiedName, List<Literal>> values) {
        this.values = values;
    }

    /** Copies {@code values}; empty value lists are dropped. */
    public static Attributes of(Map<QualifiedName, List<Literal>> values) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        LinkedHashMap<QualifiedName, List<Literal>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!v.isEmpty()) {
                copy.put(Objects.requireNonNull(k), List.copyOf(v));
            }
        });
        return copy.isEmpty() ? EMPTY : new Attributes(Collections.unmodifiableMap(copy));
    }

    public Map<QualifiedName, List<Literal>> asMap() {
        return values;
    }

    public Set<QualifiedName> names() {
        return values.keySet();
    }

    public List<Literal> get(QualifiedName name) {
        return values.getOrDefault(name, List.of());
    }

    /** The first value of {@code name}, or null. */
    public Literal first(QualifiedName name) {
        List<Literal> l = values.get(name);
        return l == null ? null : l.get(0);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public int size() {
        return values.size();
    }

    /** Union of both: values of a shared name are concatenated, duplicates dropped. */
    public Attributes merge(Attributes other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        LinkedHashMap<QualifiedName, List<Literal>> m = new LinkedHashMap<>(values);
        other.values.forEach((k, v) -> m.merge(k, v, (a, b) -> {
            List<Literal> all = new ArrayList<>(a);
            for (Literal l : b) {
                if (!all.contains(l)) {
                    all.add(l);
                }
            }
            return all;
        }));
        return of(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes a && values.equals(a.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
