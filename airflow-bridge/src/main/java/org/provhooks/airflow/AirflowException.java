package org.provhooks.airflow;

/** Airflow could not be asked or refused: the message is one line saying what and how to fix it. */
public class AirflowException extends Exception {
    private final int status;

    public AirflowException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }
}
