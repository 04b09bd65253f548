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

    public boolean isSecret(String name) {
        return name != null && (SECRET.matcher(name).matches() || extra.contains(name.toLowerCase(Locale.ROOT)));
    }

    /** {@link #MASK} when {@code name} looks secret, else {@code value} unchanged. */
    public Object redact(String name, Object value) {
        return isSecret(name) ? MASK : value;
    }
}
