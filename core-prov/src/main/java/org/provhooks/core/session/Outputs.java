package org.provhooks.core.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The outputs a run can be sent to, by the names users write in every system ({@code provhooks { outputs = [...] }},
 * {@code --provenanceOutputs=}, {@code --outputs}): {@value #PROV} (the PROV-JSON file, the default), {@value #CRATE}
 * (an RO-Crate), {@value #OPENLINEAGE} (live OpenLineage events) and {@value #YPROV} (push to a yProv server; on when a
 * server is configured).
 *
 * <!-- given: RunSettings settings -->
 * <pre>{@code
 * List<RunOutput> outs = Outputs.create(settings, System.err::println);
 * }</pre>
 */
public final class Outputs {
    public static final String PROV = "prov";
    public static final String YPROV = "yprov";
    public static final String CRATE = "crate";
    public static final String OPENLINEAGE = "openlineage";
    public static final String REPORT = "report";
    /** The names this version understands. */
    public static final List<String> KNOWN = List.of(PROV, CRATE, REPORT, OPENLINEAGE, YPROV);

    private Outputs() {}

    /**
     * The outputs {@code settings} names, in its order with {@code yprov} last (the end of a run waits for the
     * server only once the local outputs are written). An unknown name, or one that cannot open, is one warning.
     */
    public static List<RunOutput> create(RunSettings settings, Consumer<String> warn) {
        List<RunOutput> out = new ArrayList<>();
        for (String name : settings.outputs()) {
            switch (name) {
                case PROV -> out.add(new ProvFileOutput());
                case CRATE -> out.add(new CrateOutput(settings.crate()));
                case REPORT -> out.add(new ReportOutput());
                case OPENLINEAGE -> out.add(new org.provhooks.core.openlineage.OpenLineageOutput(settings, warn));
                case YPROV -> {
                    // added last, below
                }
                default ->
                    warn.accept("unknown provenance output '" + name + "' (ignored); choose from "
                            + String.join(", ", KNOWN));
            }
        }
        if (settings.pushes()) {
            try {
                out.add(YProvOutput.open(settings, warn));
            } catch (Exception e) {
                warn.accept("provenance push disabled: " + e.getMessage() + " (documents are still written to "
                        + settings.outputDir() + ")");
            }
        }
        return out;
    }
}
