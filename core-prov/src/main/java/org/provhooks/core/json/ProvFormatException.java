package org.provhooks.core.json;

import java.io.IOException;

/**
 * Input that is not a readable PROV-JSON document. The message is one line naming the place
 * ({@code line L, column C} or the record concerned) and what is wrong.
 */
public class ProvFormatException extends IOException {
    private final long line;
    private final long column;

    public ProvFormatException(String message, long line, long column) {
        super(line > 0 ? "line " + line + ", column " + column + ": " + message : message);
        this.line = line;
        this.column = column;
    }

    public ProvFormatException(String message) {
        this(message, -1, -1);
    }

    /** 1-based line of the problem, or -1 when not known. */
    public long line() {
        return line;
    }

    public long column() {
        return column;
    }
}
