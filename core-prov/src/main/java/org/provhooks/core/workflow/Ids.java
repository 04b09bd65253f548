package org.provhooks.core.workflow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable, safe identifier parts derived from what the workflow system gives. */
public final class Ids {
    private Ids() {}

    /**
     * A local part using only letters, digits and {@code . _ - ~ /}: other characters become {@code _},
     * and when anything was changed a short hash of the original is appended so distinct inputs stay distinct.
     * Example: {@code "TRAIN (1)"} gives {@code "TRAIN__1_-3f2a9c"}.
     */
    public static String safeLocal(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        boolean changed = raw.isEmpty();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-'
                    || c == '~'
                    || c == '/') {
                sb.append(c);
            } else {
                sb.append('_');
                changed = true;
            }
        }
        if (changed) {
            sb.append('-').append(hash(raw, 6));
        }
        return sb.toString();
    }

    /** The first {@code hexChars} hex digits of the SHA-256 of {@code text}. */
    public static String hash(String text, int hexChars) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8)).substring(0, hexChars);
    }

    /** The first 64 bits of the SHA-256 of {@code text}: the identity of a data key. */
    public static long hash64(String text) {
        return Long.parseUnsignedLong(hash(text, 16), 16);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The namespace IRI of one run: {@code https://provhooks.org/run/<engine>/<run id>/}. */
    public static String runNamespace(String engine, String runId) {
        return Vocab.RUN_NAMESPACE_BASE + safeLocal(engine.toLowerCase().replace(' ', '-')) + "/" + safeLocal(runId)
                + "/";
    }
}
