package org.provhooks.core.config;

/** A configuration that cannot work; the message says what is wrong and how to fix it, on one line. */
public class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
