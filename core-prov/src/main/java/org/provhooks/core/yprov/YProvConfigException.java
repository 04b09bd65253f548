package org.provhooks.core.yprov;

/** A yProv configuration that cannot work; the message says what to fix, on one line. */
public class YProvConfigException extends Exception {
    public YProvConfigException(String message) {
        super(message);
    }
}
