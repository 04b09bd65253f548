package org.provhooks.core.diff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What differs between two runs of a workflow: parameters added, removed or changed; tasks added or removed (matched
 * by name); status and cached changes; durations and energy that moved by more than a threshold; outputs whose
 * checksums differ; final ML metric values that differ. Rendered as text, Markdown or JSON.
 *
 * <!-- given: RunView before, RunView after -->
 * <pre>{@code
 * RunDiff diff = RunDiff.of(before, after, 0.10);
 * System.out.print(diff.text("run1.prov.json", "run2.prov.json"));
 * }</pre>
 */
public final class RunDiff {
    /** What kind of difference. */
    public enum Kind {
        RUN_STATUS,
        PARAMETER_ADDED,
        PARAMETER_REMOVED,
        PARAMETER_CHANGED,
        TASK_ADDED,
        TASK_REMOVED,
        STATUS,
        CACHED,
        DURATION,
        ENERGY,
        OUTPUT_CHECKSUM,
        ML_METRIC
    }

    /**
     * One difference.
     *
     * @param kind    what differs
     * @param subject the parameter, task, or {@code task: file} / {@code task: metric} it is about
     * @param before  the value in the first run, or null
     * @param after   the value in the second run, or null
     */
    public record Change(Kind kind, String subject, String before, String after) {}

    private final List<Change> changes;
    private final double threshold;

    private RunDiff(List<Change> changes, double threshold) {
        this.changes = List.copyOf(changes);
        this.threshold = threshold;
    }

    /**
     * @param threshold relative change of duration and energy that counts, e.g. 0.10 for 10 %
     */
    public static RunDiff of(RunView a, RunView b, double threshold) {
        List<Change> out = new ArrayList<>();
        if (!Objects.equals(a.status(), b.status())) {
            out.add(new Change(Kind.RUN_STATUS, "run", a.status(), b.status()));
        }
        for (String p : union(a.parameters().keySet(), b.parameters().keySet())) {
            String x = a.parameters().get(p);
            String y = b.parameters().get(p);
            if (x == null) {
                out.add(new Change(Kind.PARAMETER_ADDED, p, null, y));
            } else if (y == null) {
                out.add(new Change(Kind.PARAMETER_REMOVED, p, x, null));
            } else if (!x.equals(y)) {
                out.add(new Change(Kind.PARAMETER_CHANGED, p, x, y));
            }
        }
        for (String name : union(a.tasks().keySet(), b.tasks().keySet())) {
            RunView.Task x = a.tasks().get(name);
            RunView.Task y = b.tasks().get(name);
            if (x == null) {
                out.add(new Change(Kind.TASK_ADDED, name, null, y.status()));
                continue;
            }
            if (y == null) {
                out.add(new Change(Kind.TASK_REMOVED, name, x.status(), null));
                continue;
            }
            if (x.cached() != y.cached()) {
                out.add(new Change(Kind.CACHED, name, x.cached() ? "cached" : "ran", y.cached() ? "cached" : "ran"));
            } else if (!Objects.equals(x.status(), y.status())) {
                out.add(new Change(Kind.STATUS, name, x.status(), y.status()));
            }
            if (!x.cached() && !y.cached() && moved(x.durationMs(), y.durationMs(), threshold)) {
                out.add(new Change(Kind.DURATION, name, ms(x.durationMs()), ms(y.durationMs())));
            }
            if (moved(x.energyJ(), y.energyJ(), threshold)) {
                out.add(new Change(Kind.ENERGY, name, joules(x.energyJ()), joules(y.energyJ())));
            }
            for (String f : union(x.outputs().keySet(), y.outputs().keySet())) {
                String s1 = x.outputs().get(f);
                String s2 = y.outputs().get(f);
                if (s1 != null && s2 != null && !s1.equals(s2)) {
                    out.add(new Change(Kind.OUTPUT_CHECKSUM, name + ": " + f, short12(s1), short12(s2)));
                }
            }
            for (String m : union(x.metrics().keySet(), y.metrics().keySet())) {
                Double v1 = x.metrics().get(m);
                Double v2 = y.metrics().get(m);
                if (v1 != null && v2 != null && !v1.equals(v2)) {
                    out.add(new Change(Kind.ML_METRIC, name + ": " + m, String.valueOf(v1), String.valueOf(v2)));
                }
            }
        }
        return new RunDiff(out, threshold);
    }

    public List<Change> changes() {
        return changes;
    }

    public boolean changed() {
        return !changes.isEmpty();
    }

    /** Plain text for the terminal: one line per difference, grouped by kind. */
    public String text(String first, String second) {
        StringBuilder sb = new StringBuilder("--- " + first + "\n+++ " + second + "\n");
        if (changes.isEmpty()) {
            return sb.append("no differences (duration and energy threshold ")
                    .append(percent())
                    .append(")\n")
                    .toString();
        }
        Kind last = null;
        for (Change c : changes) {
            if (c.kind() != last) {
                sb.append(heading(c.kind())).append(":\n");
                last = c.kind();
            }
            sb.append("  ").append(c.subject()).append(": ").append(values(c)).append('\n');
        }
        return sb.append(changes.size())
                .append(changes.size() == 1 ? " difference" : " differences")
                .append(" (duration and energy threshold ")
                .append(percent())
                .append(")\n")
                .toString();
    }

    /** A Markdown table, for pull requests and reports. */
    public String markdown(String first, String second) {
        StringBuilder sb = new StringBuilder("### `" + md(first) + "` → `" + md(second) + "`\n\n");
        if (changes.isEmpty()) {
            return sb.append("No differences (duration and energy threshold ")
                    .append(percent())
                    .append(").\n")
                    .toString();
        }
        sb.append("| what | subject | before | after |\n|---|---|---|---|\n");
        for (Change c : changes) {
            sb.append("| ")
                    .append(heading(c.kind()))
                    .append(" | ")
                    .append(md(c.subject()))
                    .append(" | ")
                    .append(md(c.before() == null ? "" : c.before()))
                    .append(" | ")
                    .append(md(c.after() == null ? "" : c.after()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** JSON: {@code {"first", "second", "threshold", "changed", "changes": [{kind, subject, before, after}]}}. */
    public String json(String first, String second) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeStringField("first", first);
            g.writeStringField("second", second);
            g.writeNumberField("threshold", threshold);
            g.writeBooleanField("changed", changed());
            g.writeArrayFieldStart("changes");
            for (Change c : changes) {
                g.writeStartObject();
                g.writeStringField("kind", c.kind().name().toLowerCase(Locale.ROOT));
                g.writeStringField("subject", c.subject());
                g.writeStringField("before", c.before());
                g.writeStringField("after", c.after());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + "\n";
    }

    private String percent() {
        return String.format(Locale.ROOT, "%.0f %%", threshold * 100);
    }

    private static String values(Change c) {
        if (c.before() == null) {
            return "added" + (c.after() == null ? "" : " (" + c.after() + ")");
        }
        if (c.after() == null) {
            return "removed (was " + c.before() + ")";
        }
        return c.before() + " -> " + c.after();
    }

    private static String heading(Kind k) {
        return switch (k) {
            case RUN_STATUS -> "run status";
            case PARAMETER_ADDED, PARAMETER_REMOVED, PARAMETER_CHANGED -> "parameters";
            case TASK_ADDED -> "tasks added";
            case TASK_REMOVED -> "tasks removed";
            case STATUS -> "task status";
            case CACHED -> "cached";
            case DURATION -> "duration";
            case ENERGY -> "energy";
            case OUTPUT_CHECKSUM -> "output checksums";
            case ML_METRIC -> "final ML metrics";
        };
    }

    private static boolean moved(Double a, Double b, double threshold) {
        if (a == null || b == null) {
            return false;
        }
        double base = Math.max(Math.abs(a), Math.abs(b));
        return base > 0 && Math.abs(b - a) / base > threshold;
    }

    private static String ms(Double v) {
        return v == null ? null : String.format(Locale.ROOT, "%.0f ms", v);
    }

    private static String joules(Double v) {
        return v == null ? null : String.format(Locale.ROOT, "%.3g J", v);
    }

    private static String short12(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    /** The threshold as given. */
    public double threshold() {
        return threshold;
    }

    /** Counts by kind, for summaries. */
    public Map<Kind, Long> counts() {
        Map<Kind, Long> out = new java.util.EnumMap<>(Kind.class);
        changes.forEach(c -> out.merge(c.kind(), 1L, Long::sum));
        return out;
    }
}
