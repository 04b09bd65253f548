package org.provhooks.airflow;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.provhooks.core.session.Outputs;
import org.provhooks.core.session.RunSettings;
import picocli.CommandLine.Option;

/** Where documents go and what they hold: the same options for collect, watch and serve. */
final class DocumentOptions {
    @Option(
            names = "--out",
            defaultValue = "provenance",
            paramLabel = "DIR",
            description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--outputs",
            split = ",",
            paramLabel = "NAME",
            description =
                    "where each run goes: prov (PROV-JSON file, default), yprov (push); default: $PROVHOOKS_OUTPUTS or prov")
    List<String> outputs;

    @Option(
            names = "--push",
            description =
                    "also push to the yProv server configured by PROVHOOKS_YPROV_* (same as adding yprov to --outputs)")
    boolean push;

    @Option(
            names = "--estimate-energy",
            description = "add duration-based energy estimates to task instances (labelled as upper bounds)")
    boolean estimateEnergy;

    @Option(names = "--redact", split = ",", paramLabel = "NAME", description = "extra conf keys to hide")
    List<String> redact = List.of();

    @Option(
            names = "--xcom-values",
            paramLabel = "CHARS",
            defaultValue = "0",
            description =
                    "record XCom values up to this many characters (default: keys only); secret-looking keys are hidden")
    int xcomValues;

    @Option(
            names = "--crate-license",
            paramLabel = "URL",
            description = "the license of each run's RO-Crate (output 'crate'; default: $PROVHOOKS_CRATE_LICENSE, else"
                    + " CC-BY-4.0)")
    String crateLicense;

    @Option(
            names = "--crate-max-file-size",
            paramLabel = "SIZE",
            description = "copy outputs and metric files up to this size each into the crate, e.g. '10 MB'")
    String crateMaxFileSize;

    RunCollector collector(AirflowConnection af) {
        return new RunCollector(af, estimateEnergy, xcomValues);
    }

    /** One session per run with these options; summary lines to {@code out}, warnings to {@code err}. */
    DagRunOutput sessions(Map<String, String> env, PrintWriter out, PrintWriter err) {
        List<String> names = new ArrayList<>(outputs == null ? List.of() : outputs);
        if (push && !names.contains(Outputs.YPROV)) {
            if (names.isEmpty()) {
                names.add(Outputs.PROV);
            }
            names.add(Outputs.YPROV);
        }
        // The bridge pushes only when asked (--push or yprov in --outputs), never because a URL is set somewhere.
        RunSettings settings = RunSettings.builder(this.out)
                .outputs(names)
                .redact(redact)
                .telemetry(false)
                .pushWhenConfigured(false)
                .crateLicense(crateLicense)
                .crateLimits(crateMaxFileSize, null)
                .resolve(env, err::println);
        return DagRunOutput.sessions(settings, env, out::println, err::println);
    }
}
