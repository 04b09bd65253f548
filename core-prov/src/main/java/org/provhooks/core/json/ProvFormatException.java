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
        super(line > 0 ? "line " + line + ", column " + column + ": " + oneLine(message) : oneLine(message));
        this.line = line;
        this.column = column;
    }

    public ProvFormatException(String message) {
        this(message, -1, -1);
    }

    /**
     * The message on one line: control characters quoted from the input (a key holding a newline) are shown escaped,
     * so one problem is always one line.
     */
    public static String oneLine(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                if (sb == null) {
                    sb = new StringBuilder(message.length() + 8).append(message, 0, i);
                }
                sb.append(
                        c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : String.format("\\u%04x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? message : sb.toString();
    }

    /** 1-based line of the problem, or -1 when not known. */
    public long line() {
        return line;
    }

    public long column() {
        return column;
    }
}
