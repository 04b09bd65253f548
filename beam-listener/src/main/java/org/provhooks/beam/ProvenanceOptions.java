package org.provhooks.beam;

import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Options of the provenance runner. On the command line:
 *
 * <pre>
 * --runner=ProvenanceRunner --provenanceDelegate=FlinkRunner --provenanceOutput=provenance
 * </pre>
 *
 * Pushing to a yProv server uses {@code --provenancePushUrl} / {@code --provenancePushUser} or the
 * {@code PROVHOOKS_YPROV_*} environment variables (the password only from the environment).
 */
public interface ProvenanceOptions extends PipelineOptions {
    @Description("The runner that really runs the pipeline: DirectRunner, FlinkRunner, SparkRunner, or a class name.")
    @Default.String("DirectRunner")
    String getProvenanceDelegate();

    void setProvenanceDelegate(String delegate);

    @Description("Directory for the provenance document (<job name>.prov.json).")
    @Default.String("provenance")
    String getProvenanceOutput();

    void setProvenanceOutput(String dir);

    @Description("yProv server to push to (default: $PROVHOOKS_YPROV_URL; none: files only).")
    String getProvenancePushUrl();

    void setProvenancePushUrl(String url);

    @Description("yProv user (default: $PROVHOOKS_YPROV_USER); the password comes from $PROVHOOKS_YPROV_PASSWORD.")
    String getProvenancePushUser();

    void setProvenancePushUser(String user);

    @Description("Which yProv server --provenancePushUrl is: v0, store (yProvStore) or auto, which asks the server"
            + " (default: $PROVHOOKS_YPROV_API, else auto). On yProvStore the user is the account's email.")
    String getProvenancePushApi();

    void setProvenancePushApi(String api);

    // No @Default: unset means "not chosen here", so PROVHOOKS_PUSH_WAIT_SECONDS or the config file still apply.
    @Description("Seconds to wait for the yProv server at the end before leaving documents in the outbox"
            + " (default: $PROVHOOKS_PUSH_WAIT_SECONDS, push.waitSeconds in the config file, else 30).")
    Integer getProvenancePushWaitSeconds();

    void setProvenancePushWaitSeconds(Integer seconds);

    @Description("Record SHA-256 checksums of input and output files up to this many bytes (0: off).")
    @Default.Long(0L)
    Long getProvenanceChecksumMaxBytes();

    void setProvenanceChecksumMaxBytes(Long bytes);

    @Description("Sample the host (CPU, memory, I/O, energy) during the run and record energy and CO2e.")
    @Default.Boolean(true)
    Boolean getProvenanceTelemetry();

    void setProvenanceTelemetry(Boolean telemetry);

    @Description("Extra option names whose values are hidden in the document (secret-looking names always are).")
    List<String> getProvenanceRedact();

    void setProvenanceRedact(List<String> names);

    @Description(
            "The license of the run's RO-Crate (output 'crate'), a URL; unset: PROVHOOKS_CRATE_LICENSE, crate.license"
                    + " in the config file, else CC-BY-4.0.")
    String getProvenanceCrateLicense();

    void setProvenanceCrateLicense(String url);

    @Description("Copy outputs and metric files up to this size each into the RO-Crate, e.g. '10 MB'; unset:"
            + " PROVHOOKS_CRATE_MAX_FILE_SIZE, crate.maxFileSize, else 10 MB.")
    String getProvenanceCrateMaxFileSize();

    void setProvenanceCrateMaxFileSize(String size);

    @Description("The OpenLineage backend for the 'openlineage' output, e.g. http://localhost:5000 (Marquez); unset:"
            + " OPENLINEAGE_URL, openlineage.url in the config file, or OpenLineage's own openlineage.yml.")
    String getProvenanceOpenLineageUrl();

    void setProvenanceOpenLineageUrl(String url);

    @Description("The OpenLineage job namespace; unset: OPENLINEAGE_NAMESPACE, else 'beam'.")
    String getProvenanceOpenLineageNamespace();

    void setProvenanceOpenLineageNamespace(String namespace);

    @Description(
            "Where the finished run goes, comma-separated: prov (the PROV-JSON file, default), yprov (push; on when a server is configured).")
    List<String> getProvenanceOutputs();

    void setProvenanceOutputs(List<String> outputs);

    @Description(
            "ProvHooks config file (yprov.url, yprov.user, yprov.password, outbox, outputs); default: $PROVHOOKS_CONFIG or ~/.provhooks/config.properties.")
    String getProvenanceConfig();

    void setProvenanceConfig(String file);
}
