package org.provhooks.core.workflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One finished (or failed, cached, aborted) task as an adapter reports it to the {@link WorkflowRecorder}.
 *
 * <!-- given: Instant t0, Instant t1, Path in, Path model -->
 * <pre>{@code
 * TaskActivity t = TaskActivity.builder("3")
 *         .label("TRAIN (1)").status("COMPLETED")
 *         .start(t0).end(t1)
 *         .attribute("process", "TRAIN").attribute("exit", 0)
 *         .input(DataRef.file(in)).output(DataRef.file(model))
 *         .build();
 * }</pre>
 */
public record TaskActivity(
        String key,
        String label,
        String status,
        Instant start,
        Instant end,
        Map<String, Object> attributes,
        List<DataRef> inputs,
        List<DataRef> outputs) {

    public TaskActivity {
        Objects.requireNonNull(key, "key");
        attributes = Map.copyOf(attributes);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public static Builder builder(String key) {
        return new Builder(key);
    }

    /** Builder of {@link TaskActivity}. */
    public static final class Builder {
        private final String key;
        private String label;
        private String status;
        private Instant start;
        private Instant end;
        private final Map<String, Object> attributes = new LinkedHashMap<>();
        private final List<DataRef> inputs = new ArrayList<>();
        private final List<DataRef> outputs = new ArrayList<>();

        private Builder(String key) {
            this.key = key;
        }

        public Builder label(String label) {
            this.label = label;
            return this;
        }

        public Builder status(String status) {
            this.status = status;
            return this;
        }

        public Builder start(Instant start) {
            this.start = start;
            return this;
        }

        public Builder end(Instant end) {
            this.end = end;
            return this;
        }

        /** An attribute written as {@code provhooks:<name>}; null values are skipped. */
        public Builder attribute(String name, Object value) {
            if (value != null) {
                attributes.put(name, value);
            }
            return this;
        }

        public Builder input(DataRef d) {
            inputs.add(d);
            return this;
        }

        public Builder output(DataRef d) {
            outputs.add(d);
            return this;
        }

        public TaskActivity build() {
            return new TaskActivity(key, label, status, start, end, attributes, inputs, outputs);
        }
    }
}
