package org.provhooks.core.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** xsd:dateTime formatting (always UTC with a trailing {@code Z}) and strict parsing (zone required). */
public final class Times {
    private Times() {}

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
        if (text.charAt(19) == '.' && (text.length() < 21 || text.charAt(20) < '0' || text.charAt(20) > '9')) {
            throw new DateTimeParseException("xsd:dateTime fractions need at least one digit after '.'", text, 19);
        }
        Instant fast = parseUtc(text);
        return fast != null
                ? fast
                : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
    }

    /**
     * The form every writer of ours uses, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, read without the formatter
     * (a document holds two or three times per record); null for any other form, which the formatter then reads.
     */
    private static Instant parseUtc(String s) {
        int n = s.length();
        if (s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        int end = n - 1;
        if (end > 19) {
            if (s.charAt(19) != '.' || end - 20 < 1 || end - 20 > 9) {
                return null;
            }
            int f = digits(s, 20, end - 20);
            if (f < 0) {
                return null;
            }
            nanos = f;
            for (int i = end - 20; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code s[from, from+count)}, or -1 when a character is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
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
