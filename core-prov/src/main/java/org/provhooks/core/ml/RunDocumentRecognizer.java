package org.provhooks.core.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.workflow.Vocab;

/**
 * Recognises a yProv4ML run document by its content, not by fixed ids: the run activity is the one carrying
 * an experiment name, run id or PID under a prefix bound to the yProv4ML IRI (or named {@code yProv4ML}),
 * or {@code yProv4ML:level} = 0 (older releases). Both generations of the format are understood.
 *
 * <!-- given: Path path | import org.provhooks.core.json.ProvJsonReader -->
 * <pre>{@code
 * Optional<MlRunInfo> run = RunDocumentRecognizer.recognize(ProvJsonReader.read(path));
 * }</pre>
 */
public final class RunDocumentRecognizer {
    private static final Set<String> RUN_KEYS = Set.of("experiment_name", "run_id", "PID");

    private RunDocumentRecognizer() {}

    /** Whether {@code ns} is yProv4ML's namespace (either generation). */
    static boolean isYProv4ML(Namespace ns) {
        return ns.uri().startsWith("https://github.com/HPCI-Lab/yProv4ML")
                || ns.prefix().equals("yProv4ML")
                || ns.uri().equalsIgnoreCase("yProv4ML");
    }

    public static Optional<MlRunInfo> recognize(Document doc) {
        ProvRecord run = null;
        MlRunInfo.Generation gen = null;
        for (ProvRecord a : doc.records(RecordKind.ACTIVITY)) {
            for (QualifiedName name : a.attributes().names()) {
                if (!isYProv4ML(name.namespace())) {
                    continue;
                }
                if (name.local().equals("level") && isZero(a.attributes().first(name))) {
                    run = a;
                    gen = MlRunInfo.Generation.LEGACY;
                } else if (RUN_KEYS.contains(name.local())) {
                    run = a;
                    gen = name.prefix().equals("yProv4ML") ? MlRunInfo.Generation.LEGACY : MlRunInfo.Generation.CURRENT;
                }
            }
            if (run != null) {
                break;
            }
        }
        if (run == null) {
            return Optional.empty();
        }
        QualifiedName runId = run.id();
        List<String> contexts = new ArrayList<>();
        QualifiedName parent = null;
        for (ProvRecord inf : doc.records(RecordKind.WAS_INFORMED_BY)) {
            if (runId.equals(inf.ref(Formal.INFORMANT)) && inf.ref(Formal.INFORMED) != null) {
                contexts.add(inf.ref(Formal.INFORMED).local());
            } else if (runId.equals(inf.ref(Formal.INFORMED)) && inf.ref(Formal.INFORMANT) != null) {
                ProvRecord p = doc.element(inf.ref(Formal.INFORMANT));
                if (p != null && "1".equals(text(p.attributes().first(Vocab.LEVEL)))) {
                    parent = p.id();
                }
            }
        }
        int params = 0;
        int metrics = 0;
        for (ProvRecord e : doc.records(RecordKind.ENTITY)) {
            for (Literal t : e.attributes().get(Prov.TYPE)) {
                String type = t.lexical();
                if (type.endsWith("HyperParameter") || type.endsWith("Parameter")) {
                    params++;
                } else if (type.endsWith(":Metric")) {
                    metrics++;
                }
            }
        }
        return Optional.of(new MlRunInfo(
                runId,
                gen,
                runId.local(),
                attr(run, "experiment_name"),
                attr(run, "run_id"),
                attr(run, "PID"),
                List.copyOf(contexts),
                params,
                metrics,
                parent));
    }

    private static boolean isZero(Literal l) {
        return l != null && (l.lexical().equals("0") || l.lexical().equals("0.0"));
    }

    private static String text(Literal l) {
        return l == null ? null : l.lexical();
    }

    private static String attr(ProvRecord run, String local) {
        for (QualifiedName n : run.attributes().names()) {
            if (n.local().equals(local) && isYProv4ML(n.namespace())) {
                return run.attributes().first(n).lexical();
            }
        }
        return null;
    }
}
