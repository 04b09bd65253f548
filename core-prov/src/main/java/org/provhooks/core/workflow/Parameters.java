package org.provhooks.core.workflow;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Flattens nested parameters into dotted names, the form every output shows them in.
 *
 * <pre>{@code
 * Parameters.flatten("param", Map.of("db", Map.of("host", "h", "port", 5432)), (k, v) -> System.out.println(k + " = " + v));
 * // param.db.host = h, param.db.port = 5432
 * }</pre>
 */
public final class Parameters {
    /** Deeper structures than this are written as one string value. */
    static final int MAX_DEPTH = 16;

    private Parameters() {}

    /** Calls {@code sink} with {@code prefix.name[.name…]} and each scalar value; nulls are left out. */
    public static void flatten(String prefix, Map<String, ?> params, BiConsumer<String, Object> sink) {
        if (params != null) {
            params.forEach((k, v) -> walk(prefix + "." + k, v, 0, sink));
        }
    }

    private static void walk(String name, Object v, int depth, BiConsumer<String, Object> sink) {
        if (v == null) {
            return;
        }
        if (depth < MAX_DEPTH && v instanceof Map<?, ?> m && !m.isEmpty()) {
            m.forEach((k, x) -> walk(name + "." + k, x, depth + 1, sink));
        } else if (depth < MAX_DEPTH && v instanceof Collection<?> c && !c.isEmpty()) {
            int i = 0;
            for (Object x : c) {
                walk(name + "." + i++, x, depth + 1, sink);
            }
        } else if (v instanceof Number || v instanceof Boolean || v instanceof Instant) {
            sink.accept(name, v);
        } else {
            sink.accept(name, String.valueOf(v));
        }
    }
}
