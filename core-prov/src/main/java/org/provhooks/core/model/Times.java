package org.provhooks.core.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** xsd:dateTime formatting (always UTC with a trailing {@code Z}) and strict parsing (zone required). */
public final class Times {
    private Times() {
    }

    public static String format(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    /**
     * Parses an xsd:dateTime with a zone ({@code Z} or {@code ±hh:mm}); a missing zone, a space instead of
     * {@code T} or missing seconds are rejected.
     *
     * @throws DateTimeParseException when the text is not such a time
     */
    public static Instant parse(String text) {
        if (text.length() < 20 || text.charAt(10) != 'T' || text.charAt(16) != ':') {
            throw new DateTimeParseException("not an xsd:dateTime with seconds and zone", text, 0);
        }
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /** Whether {@code text} parses with {@link #parse}. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
