package org.provhooks.core.util;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as people write them in settings: {@code 10 MB}, {@code 512k}, {@code 1.5 GB}, {@code 4096} (bytes). Units are
 * binary (1 KB = 1024 bytes), as Nextflow's {@code MemoryUnit} reads them.
 *
 * <pre>{@code
 * long limit = Sizes.parse("10 MB");   // 10485760
 * }</pre>
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)i?b?");

    private Sizes() {}

    /**
     * The number of bytes {@code text} names.
     *
     * @throws IllegalArgumentException with a one-line message when it is not a size
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. '10 MB', '512 KB' or 4096");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double bytes = Double.parseDouble(m.group(1)) * (1L << shift);
        if (bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
        return (long) bytes;
    }

    /** A size for people: {@code 10 MB}, {@code 512 KB}, {@code 17 bytes}. */
    public static String format(long bytes) {
        String[] units = {"KB", "MB", "GB", "TB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }
}
