package org.provhooks.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An attribute value: a lexical form with a datatype, or a language-tagged string.
 * Plain strings have datatype {@code xsd:string} and are written as JSON strings; everything else is
 * written as a PROV-JSON typed literal {@code {"$": "...", "type": "..."}}. A {@code prov:QUALIFIED_NAME}
 * literal also keeps the resolved name ({@link #qualifiedNameValue()}) so its prefix can be declared.
 *
 * <pre>{@code
 * Literal.of(42);                          // {"$": "42", "type": "xsd:int"}
 * Literal.of("hello");                     // "hello"
 * Literal.qualifiedName(Prov.SOFTWARE_AGENT); // {"$": "prov:SoftwareAgent", "type": "prov:QUALIFIED_NAME"}
 * }</pre>
 */
public record Literal(String lexical, QualifiedName datatype, String lang, QualifiedName qualifiedNameValue) {
    public static final QualifiedName XSD_STRING = Namespace.XSD.name("string");
    public static final QualifiedName XSD_INT = Namespace.XSD.name("int");
    public static final QualifiedName XSD_LONG = Namespace.XSD.name("long");
    public static final QualifiedName XSD_DOUBLE = Namespace.XSD.name("double");
    public static final QualifiedName XSD_BOOLEAN = Namespace.XSD.name("boolean");
    public static final QualifiedName XSD_DATETIME = Namespace.XSD.name("dateTime");
    public static final QualifiedName XSD_ANY_URI = Namespace.XSD.name("anyURI");
    public static final QualifiedName PROV_QUALIFIED_NAME = Namespace.PROV.name("QUALIFIED_NAME");
    public static final QualifiedName RDF_LANG_STRING =
            new Namespace("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#").name("langString");

    public Literal {
        Objects.requireNonNull(lexical, "lexical");
        if (qualifiedNameValue != null && !qualifiedNameValue.text().equals(lexical)) {
            throw new IllegalArgumentException("qualified name " + qualifiedNameValue + " does not match " + lexical);
        }
        Objects.requireNonNull(datatype, "datatype");
        if (lang != null && lang.isEmpty()) {
            throw new IllegalArgumentException("empty language tag");
        }
    }

    public Literal(String lexical, QualifiedName datatype, String lang) {
        this(lexical, datatype, lang, null);
    }

    public static Literal of(String text) {
        return new Literal(text, XSD_STRING, null);
    }

    public static Literal withLang(String text, String lang) {
        return new Literal(text, RDF_LANG_STRING, Objects.requireNonNull(lang, "lang"));
    }

    public static Literal of(int value) {
        return new Literal(Integer.toString(value), XSD_INT, null);
    }

    public static Literal of(long value) {
        return new Literal(Long.toString(value), XSD_LONG, null);
    }

    public static Literal of(double value) {
        return new Literal(doubleLexical(value), XSD_DOUBLE, null);
    }

    public static Literal of(boolean value) {
        return new Literal(Boolean.toString(value), XSD_BOOLEAN, null);
    }

    public static Literal of(Instant value) {
        return new Literal(Times.format(value), XSD_DATETIME, null);
    }

    public static Literal qualifiedName(QualifiedName value) {
        return new Literal(value.text(), PROV_QUALIFIED_NAME, null, value);
    }

    public static Literal typed(String lexical, QualifiedName datatype) {
        return new Literal(lexical, datatype, null);
    }

    /**
     * Converts a Java value: String, Integer, Long, Double/Float, Boolean, Instant and QualifiedName map to
     * their XSD types; other numbers and objects become strings via {@code String.valueOf}.
     */
    public static Literal from(Object value) {
        if (value instanceof Literal l) {
            return l;
        } else if (value instanceof String s) {
            return of(s);
        } else if (value instanceof Integer i) {
            return of(i.intValue());
        } else if (value instanceof Long l) {
            return of(l.longValue());
        } else if (value instanceof Short || value instanceof Byte) {
            return of(((Number) value).intValue());
        } else if (value instanceof Double || value instanceof Float) {
            return of(((Number) value).doubleValue());
        } else if (value instanceof Boolean b) {
            return of(b.booleanValue());
        } else if (value instanceof Instant t) {
            return of(t);
        } else if (value instanceof QualifiedName q) {
            return qualifiedName(q);
        }
        return of(String.valueOf(value));
    }

    /** XSD lexical form of a double: {@code INF}, {@code -INF}, {@code NaN} or Java's decimal form. */
    static String doubleLexical(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "INF" : "-INF";
        }
        return Double.toString(v);
    }

    /** True for a plain string (no language tag), written as a bare JSON string. */
    public boolean isPlainString() {
        return lang == null && datatype.equals(XSD_STRING);
    }

    public boolean isQualifiedName() {
        return datatype.equals(PROV_QUALIFIED_NAME);
    }

    @Override
    public String toString() {
        return lang != null ? lexical + "@" + lang : isPlainString() ? lexical : lexical + "^^" + datatype;
    }
}
