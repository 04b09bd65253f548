package org.provhooks.core.yprov;

/**
 * A request to the yProv server that did not succeed. {@link #kind()} tells what to do about it; the message
 * is one line and never contains credentials.
 */
public class YProvException extends Exception {
    /** What a failure means for delivery. */
    public enum Kind {
        /** Connection refused, timeout, 5xx: try again later. */
        RETRYABLE,
        /** Wrong or missing credentials, even after logging in again: fix the configuration. */
        AUTH,
        /** The URL does not lead to a yProv v0 API (404/405 on upload): fix the configuration; nothing is dropped. */
        ENDPOINT,
        /** The server refused this document or id (4xx): retrying will not help. */
        REJECTED
    }

    private final Kind kind;
    private final int status;
    private final String responseBody;

    public YProvException(Kind kind, int status, String message, String responseBody, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.responseBody = responseBody;
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The server's answer body, or null. */
    public String responseBody() {
        return responseBody;
    }
}
