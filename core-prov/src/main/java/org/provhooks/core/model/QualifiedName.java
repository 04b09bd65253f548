package org.provhooks.core.model;

import java.util.Objects;

/**
 * A PROV qualified name: a namespace plus a local part. Immutable; its {@link #text()} form
 * ({@code prefix:local}, or just {@code local} in the default namespace) is computed once.
 *
 * <pre>{@code
 * QualifiedName type = Namespace.PROV.name("SoftwareAgent");
 * type.text();  // "prov:SoftwareAgent"
 * type.uri();   // "http://www.w3.org/ns/prov#SoftwareAgent"
 * }</pre>
 */
public final class QualifiedName implements Comparable<QualifiedName> {
    private final Namespace namespace;
    private final String local;
    private final String text;
    private final int hash;

    public QualifiedName(Namespace namespace, String local) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.local = Objects.requireNonNull(local, "local");
        this.text = namespace.isDefault() ? local : namespace.prefix() + ":" + local;
        this.hash = 31 * namespace.hashCode() + local.hashCode();
    }

    public Namespace namespace() {
        return namespace;
    }

    public String prefix() {
        return namespace.prefix();
    }

    public String local() {
        return local;
    }

    /** The text written in PROV-JSON: {@code prefix:local}. */
    public String text() {
        return text;
    }

    /** The full IRI: namespace IRI followed by the local part. */
    public String uri() {
        return namespace.uri() + local;
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || (o instanceof QualifiedName q
                        && hash == q.hash
                        && local.equals(q.local)
                        && namespace.equals(q.namespace));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(QualifiedName o) {
        return text.compareTo(o.text);
    }

    @Override
    public String toString() {
        return text;
    }
}
