package org.provhooks.core.yprov;

import org.provhooks.core.config.ConfigException;

/** A yProv configuration that cannot work; the message says what to fix, on one line. */
public class YProvConfigException extends ConfigException {
    public YProvConfigException(String message) {
        super(message);
    }
}
