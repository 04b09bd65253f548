package org.provhooks.core.validate;

import org.provhooks.core.json.ProvFormatException;

/**
 * One rule broken by a PROV-JSON document: what rule, where (source, line, column, record), and a
 * one-line message that says how to fix it.
 */
public record Problem(Code code, String source, long line, long column, String message) {
    /** The message is kept on one line: text quoted from the input may hold newlines. */
    public Problem {
        message = ProvFormatException.oneLine(message);
    }

    /** The rules the validator checks. */
    public enum Code {
        MALFORMED_JSON,
        NOT_AN_OBJECT,
        UNKNOWN_SECTION,
        DUPLICATE_KEY,
        EMPTY_DOCUMENT,
        EMPTY_SECTION,
        BAD_PREFIX,
        REBOUND_PREFIX,
        UNDECLARED_PREFIX,
        BAD_IDENTIFIER,
        ID_KIND_CONFLICT,
        MISSING_ARGUMENT,
        BAD_ARGUMENT,
        DANGLING_REFERENCE,
        WRONG_KIND,
        MALFORMED_TIME,
        START_AFTER_END,
        TIME_OUTSIDE_ACTIVITY,
        MULTIPLE_GENERATIONS,
        DERIVATION_CYCLE,
        UNKNOWN_PROV_ATTRIBUTE,
        BAD_VALUE,
        BAD_LITERAL,
        UNREADABLE
    }

    /** {@code source:line:column: message [CODE]} on one line. */
    public String format() {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line).append(':').append(column);
        }
        return sb.append(": ")
                .append(message)
                .append(" [")
                .append(code)
                .append(']')
                .toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
