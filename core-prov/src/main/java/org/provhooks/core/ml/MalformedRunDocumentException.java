package org.provhooks.core.ml;

/** A file that should be a yProv4ML run document but cannot be read or recognised; the message is one line. */
public class MalformedRunDocumentException extends Exception {
    public MalformedRunDocumentException(String message) {
        super(message);
    }
}
