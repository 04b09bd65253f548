package org.provhooks.core.workflow;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Document ids as the yProv server accepts them: 3–63 characters, lower-case ASCII letters, digits,
 * {@code .} and {@code -}, starting with a letter. Derived deterministically from run names.
 */
public final class DocumentIds {
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9.-]{2,62}");

    private DocumentIds() {}

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /**
     * A valid id derived from {@code raw}: lower-cased, other characters replaced by {@code -}, prefixed
     * with {@code r} when it does not start with a letter, and shortened with a hash suffix when too long
     * or when anything had to change, so distinct inputs keep distinct ids.
     */
    public static String derive(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            sb.append(ok ? c : '-');
        }
        String s = sb.toString().replaceAll("-{2,}", "-");
        if (s.isEmpty() || !(s.charAt(0) >= 'a' && s.charAt(0) <= 'z')) {
            s = "r" + s;
        }
        boolean changed = !s.equals(raw);
        if (changed || s.length() > 63 || s.length() < 3) {
            String h = Ids.hash(raw, 8);
            s = (s.length() > 54 ? s.substring(0, 54) : s) + "-" + h;
        }
        return s;
    }

    /** The id of a workflow run's document. */
    public static String forWorkflow(String runId) {
        return derive(runId);
    }

    /** The id of a task's ML run document, next to its workflow's. */
    public static String forMlRun(String runId, String taskKey, String mlRunName) {
        return derive(runId + "-" + taskKey + "-" + mlRunName);
    }
}
