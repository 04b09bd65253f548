package org.provhooks.core.json;

/**
 * One attribute value as it stands in the file: its text and JSON shape, or a literal object's {@code $}, {@code type}
 * and {@code lang}. Names are not resolved yet.
 */
public final class ScannedValue {
    /** The JSON form the value was written in. */
    public enum Shape {
        STRING,
        INTEGER,
        DECIMAL,
        BOOLEAN,
        /** A {@code {"$": …, "type" | "lang": …}} object. */
        LITERAL
    }

    private final String lexical;
    private final Shape shape;
    private final String type;
    private final String lang;
    private final long typePlace;

    private ScannedValue(String lexical, Shape shape, String type, String lang, long typePlace) {
        this.lexical = lexical;
        this.shape = shape;
        this.type = type;
        this.lang = lang;
        this.typePlace = typePlace;
    }

    static ScannedValue plain(String lexical, Shape shape) {
        return new ScannedValue(lexical, shape, null, null, 0);
    }

    static ScannedValue literal(String lexical, String type, String lang, long typePlace) {
        return new ScannedValue(lexical, Shape.LITERAL, type, lang, typePlace);
    }

    /** The value's text ({@code $} of a literal object). */
    public String lexical() {
        return lexical;
    }

    public Shape shape() {
        return shape;
    }

    /** A literal object's datatype name as written, or null. */
    public String type() {
        return type;
    }

    /** A literal object's language tag, or null. */
    public String lang() {
        return lang;
    }

    /** Line of the datatype name (detailed scans only, else 0). */
    public long typeLine() {
        return ScannedRecord.line(typePlace);
    }

    public long typeColumn() {
        return ScannedRecord.column(typePlace);
    }
}
