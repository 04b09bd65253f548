package org.provhooks.core.openlineage;

import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.util.List;

/**
 * ProvHooks' own OpenLineage run facets. Each has {@code _producer} and a {@code _schemaURL} naming the JSON schema
 * published in this repository ({@code spec/openlineage/}); facet names are prefixed {@code provhooks_} as custom facets
 * must be.
 *
 * <!-- given: URI producer -->
 * <pre>{@code
 * OpenLineage.RunFacet energy = new ProvHooksFacets.Energy(producer, 12.5, 0.004, "estimated-upper-bound");
 * }</pre>
 */
public final class ProvHooksFacets {
    /** Where the schemas are published; the files are in {@code spec/openlineage/} of the repository. */
    public static final String SCHEMA_BASE = "https://provhooks.org/spec/openlineage/1-0-0/";

    public static final String ENERGY = "provhooks_energy";
    public static final String PROVENANCE = "provhooks_provenance";
    public static final String ML_RUNS = "provhooks_mlRuns";
    public static final String TASK = "provhooks_task";

    private ProvHooksFacets() {}

    /** A run facet with our schema URL. */
    abstract static class Base extends OpenLineage.DefaultRunFacet {
        private final URI schema;

        Base(URI producer, URI schema) {
            super(producer);
            this.schema = schema;
        }

        /** A schema's URL, made once per facet class: a URI is parsed, and facets are made for every event. */
        static URI schema(String schemaFile) {
            return URI.create(SCHEMA_BASE + schemaFile + "#/$defs/" + schemaFile.replace(".json", ""));
        }

        @Override
        public URI get_schemaURL() {
            return schema;
        }
    }

    /** Energy and CO2e of a task or run, with how they were obtained ({@code measured}, {@code estimated-…}). */
    public static final class Energy extends Base {
        private static final URI SCHEMA = schema("ProvHooksEnergyRunFacet.json");
        private final Double energyJoules;
        private final Double co2eGrams;
        private final String method;

        public Energy(URI producer, Double energyJoules, Double co2eGrams, String method) {
            super(producer, SCHEMA);
            this.energyJoules = energyJoules;
            this.co2eGrams = co2eGrams;
            this.method = method;
        }

        public Double getEnergyJoules() {
            return energyJoules;
        }

        public Double getCo2eGrams() {
            return co2eGrams;
        }

        public String getMethod() {
            return method;
        }
    }

    /**
     * Where the run's W3C PROV document is: its identifier (also its yProv document id), the file it is written to,
     * and the PROV identifier of this run's activity in it.
     */
    public static final class Provenance extends Base {
        private static final URI SCHEMA = schema("ProvHooksProvenanceRunFacet.json");
        private final String documentId;
        private final String documentLocation;
        private final String activity;
        private final String yprovDocumentId;

        public Provenance(
                URI producer, String documentId, String documentLocation, String activity, String yprovDocumentId) {
            super(producer, SCHEMA);
            this.documentId = documentId;
            this.documentLocation = documentLocation;
            this.activity = activity;
            this.yprovDocumentId = yprovDocumentId;
        }

        public String getDocumentId() {
            return documentId;
        }

        public String getDocumentLocation() {
            return documentLocation;
        }

        public String getActivity() {
            return activity;
        }

        public String getYprovDocumentId() {
            return yprovDocumentId;
        }
    }

    /** The yProv4ML runs a task produced: experiment, run name and id, and where each run document is. */
    public static final class MlRuns extends Base {
        private static final URI SCHEMA = schema("ProvHooksMlRunsRunFacet.json");
        private final List<MlRunRef> runs;

        public MlRuns(URI producer, List<MlRunRef> runs) {
            super(producer, SCHEMA);
            this.runs = List.copyOf(runs);
        }

        public List<MlRunRef> getRuns() {
            return runs;
        }
    }

    /**
     * One yProv4ML run.
     *
     * @param experiment       experiment name
     * @param runName          the run's name in its document
     * @param runId            the run's PID, when it has one
     * @param documentLocation the run document's path
     * @param documentId       the document's id (also its yProv document id)
     */
    public record MlRunRef(
            String experiment, String runName, String runId, String documentLocation, String documentId) {}

    /** What the engine said of a task: its status (incl. {@code CACHED}), attempt, and the tool it ran. */
    public static final class Task extends Base {
        private static final URI SCHEMA = schema("ProvHooksTaskRunFacet.json");
        private final String status;
        private final Boolean cached;
        private final String attempt;
        private final String tool;

        public Task(URI producer, String status, Boolean cached, String attempt, String tool) {
            super(producer, SCHEMA);
            this.status = status;
            this.cached = cached;
            this.attempt = attempt;
            this.tool = tool;
        }

        public String getStatus() {
            return status;
        }

        public Boolean getCached() {
            return cached;
        }

        public String getAttempt() {
            return attempt;
        }

        public String getTool() {
            return tool;
        }
    }
}
