package org.provhooks.core.workflow;

import java.util.Locale;

/**
 * Which workflow system a run's engine name ({@code Nextflow}, {@code Apache Beam}, {@code Apache Airflow}) is, for the
 * outputs that describe systems by their own conventions (OpenLineage integration and namespace, RO-Crate language).
 *
 * <pre>{@code
 * EngineKind k = EngineKind.of("Apache Beam");   // BEAM
 * }</pre>
 */
public enum EngineKind {
    NEXTFLOW("nextflow", "nextflow"),
    BEAM("beam", "java"),
    AIRFLOW("airflow", "python"),
    OTHER(null, "java");

    private final String shortName;
    private final String language;

    EngineKind(String shortName, String language) {
        this.shortName = shortName;
        this.language = language;
    }

    public static EngineKind of(String engine) {
        String e = engine == null ? "" : engine.toLowerCase(Locale.ROOT);
        for (EngineKind k : values()) {
            if (k.shortName != null && e.contains(k.shortName)) {
                return k;
            }
        }
        return OTHER;
    }

    /** The system's short lower-case name ({@code nextflow}, {@code beam}, {@code airflow}); the engine's own otherwise. */
    public String shortName(String engine) {
        return shortName != null ? shortName : engine.toLowerCase(Locale.ROOT);
    }

    /** The language its workflows are written in, as OpenLineage names it. */
    public String language() {
        return language;
    }
}
