package org.provhooks.core.redact;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One rule, used by every adapter, for values whose names look secret (password, token, secret, key,
 * credential, …): their value is replaced by {@value #MASK}.
 *
 * <pre>{@code
 * Redactor r = Redactor.defaults().withExtraNames(List.of("sampleSheet"));
 * r.redact("db_password", "hunter2");   // "[REDACTED]"
 * }</pre>
 */
public final class Redactor {
    public static final String MASK = "[REDACTED]";
    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(passw(or)?d|passwd|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|credential|(^|[_.-])auth($|[_.-])|authori[sz]ation|authentication|"
                    + "(^|[_.-])key($|[_.-])|^key$|cookie|session[_-]?key|signature).*");
    private static final Redactor DEFAULTS = new Redactor(Set.of());

    private final Set<String> extra;

    private Redactor(Set<String> extra) {
        this.extra = extra;
    }

    public static Redactor defaults() {
        return DEFAULTS;
    }

    /** A redactor that also hides these exact names (case-insensitive). */
    public Redactor withExtraNames(Collection<String> names) {
        Set<String> s = new TreeSet<>(extra);
        names.forEach(n -> s.add(n.toLowerCase(Locale.ROOT)));
        return new Redactor(Set.copyOf(s));
    }

    /** Whether {@code name}, or any dot-separated segment of it ({@code db.password}), looks secret or is an extra name. */
    public boolean isSecret(String name) {
        if (name == null) {
            return false;
        }
        if (SECRET.matcher(name).matches()) {
            return true;
        }
        if (extra.isEmpty()) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (extra.contains(lower)) {
            return true;
        }
        for (String segment : lower.split("\\.")) {
            if (extra.contains(segment)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #MASK} when {@code name} looks secret; otherwise a string value with any credential it carries
     * masked ({@link #redactValue}); other values unchanged.
     */
    public Object redact(String name, Object value) {
        if (isSecret(name)) {
            return MASK;
        }
        return value instanceof String s ? redactValue(s) : value;
    }

    /** Every value shape below contains one of these: one scan decides whether the others need to run. */
    private static final Pattern TRIGGER =
            Pattern.compile("(?i)pass|pwd|secret|token|key|credential|bearer|basic|://[^/\\s]*@");

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^/\\s:@]*):[^@\\s/]*@");
    private static final Pattern AUTH_HEADER = Pattern.compile("(?i)\\b(bearer|basic|token)\\s+[A-Za-z0-9._~+/=-]{8,}");
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)", Pattern.DOTALL);
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)(\\b[\\w.-]*(passw(or)?d|pwd|secret|token|api[_-]?key|access[_-]?key|credential)[\\w.-]*[\"']?\\s*[=:]\\s*[\"']?)([^;&\\s,'\"}]+)");
    private static final Pattern OPTION = Pattern.compile(
            "(?i)(--?[\\w.-]*(passw(or)?d|secret|token|api[_-]?key|access[_-]?key|credential)[\\w.-]*\\s+)([^\\s-][^\\s]*)");

    /**
     * The value with credentials it carries masked, whatever its name: the password of URL user info
     * ({@code https://user:pw@host} keeps scheme, user and host), {@code Bearer …}/{@code Basic …} strings,
     * private-key blocks, {@code password=…} pairs (connection strings, also quoted as in JSON:
     * {@code "password": "…"}) and command-line options such as
     * {@code --db_password xyz}.
     */
    public static String redactValue(String v) {
        if (v == null || v.length() < 8 || !TRIGGER.matcher(v).find()) {
            return v;
        }
        String s = v;
        if (s.contains("PRIVATE KEY-----")) {
            s = PRIVATE_KEY.matcher(s).replaceAll(MASK);
        }
        if (s.contains("@")) {
            s = URL_PASSWORD.matcher(s).replaceAll("$1:" + MASK + "@");
        }
        s = AUTH_HEADER.matcher(s).replaceAll("$1 " + MASK);
        s = KEY_VALUE.matcher(s).replaceAll("$1" + MASK);
        s = OPTION.matcher(s).replaceAll("$1" + MASK);
        return s;
    }
}
