package org.provhooks.core.model;

import java.util.Objects;

/**
 * A PROV namespace: a prefix bound to an IRI.
 *
 * <pre>{@code
 * Namespace ex = new Namespace("ex", "https://example.org/");
 * QualifiedName e1 = ex.name("e1");   // ex:e1
 * }</pre>
 *
 * The prefix {@code default} stands for the default namespace: names in it are written without a prefix.
 */
public record Namespace(String prefix, String uri) {
    public static final String DEFAULT_PREFIX = "default";
    public static final Namespace PROV = new Namespace("prov", "http://www.w3.org/ns/prov#");
    public static final Namespace XSD = new Namespace("xsd", "http://www.w3.org/2001/XMLSchema#");

    public Namespace {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(uri, "uri");
        if (!prefix.equals(DEFAULT_PREFIX) && !isValidPrefix(prefix)) {
            throw new IllegalArgumentException("invalid namespace prefix '" + prefix
                    + "': use letters, digits, '_', '-', '.', starting with a letter");
        }
    }

    /** Whether {@code p} is a simple prefix name: a letter, then letters, digits, {@code _ - .}. */
    public static boolean isValidPrefix(String p) {
        if (p.isEmpty() || !Character.isLetter(p.charAt(0))) {
            return false;
        }
        for (int i = 1; i < p.length(); i++) {
            char c = p.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    public boolean isDefault() {
        return prefix.equals(DEFAULT_PREFIX);
    }

    /** The qualified name {@code prefix:local} in this namespace. */
    public QualifiedName name(String local) {
        return new QualifiedName(this, local);
    }
}
