package org.provhooks.core.validate;

import java.util.regex.Pattern;
import org.provhooks.core.model.Times;

/** Lexical-form checks for the XSD datatypes we write. */
final class LexicalForms {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DOUBLE =
            Pattern.compile("([+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?|-?INF|NaN)");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");

    private LexicalForms() {}

    /** Null when {@code lexical} is valid for {@code datatype} (or the datatype is not checked); else why not. */
    static String check(String datatype, String lexical) {
        switch (datatype) {
            case "xsd:int":
                return integerIn(lexical, Integer.MIN_VALUE, Integer.MAX_VALUE, "xsd:int");
            case "xsd:long":
                return integerIn(lexical, Long.MIN_VALUE, Long.MAX_VALUE, "xsd:long");
            case "xsd:integer":
                return INTEGER.matcher(lexical).matches() ? null : "is not an xsd:integer";
            case "xsd:double":
            case "xsd:float":
                return DOUBLE.matcher(lexical).matches()
                        ? null
                        : "is not an " + datatype + " (e.g. 0.93, 1.0E-5, INF, NaN)";
            case "xsd:decimal":
                return DECIMAL.matcher(lexical).matches() ? null : "is not an xsd:decimal";
            case "xsd:boolean":
                return lexical.equals("true") || lexical.equals("false") || lexical.equals("1") || lexical.equals("0")
                        ? null
                        : "is not an xsd:boolean (true or false)";
            case "xsd:dateTime":
                return Times.isValid(lexical) ? null : "is not an xsd:dateTime with T, seconds and a zone";
            default:
                return null;
        }
    }

    private static String integerIn(String lexical, long min, long max, String type) {
        if (!INTEGER.matcher(lexical).matches()) {
            return "is not an integer, as " + type + " requires";
        }
        try {
            long v = Long.parseLong(lexical.startsWith("+") ? lexical.substring(1) : lexical);
            return v < min || v > max ? "is out of range for " + type : null;
        } catch (NumberFormatException e) {
            return "is out of range for " + type;
        }
    }
}
