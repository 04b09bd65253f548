package org.provhooks.testkit;

import java.util.List;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.workflow.Vocab;

/**
 * What the tests of every engine ask of a workflow document: its activities at one level, and the server id under
 * which it expects its linked yProv4ML run document.
 *
 * <!-- given: Document doc | import static org.junit.jupiter.api.Assertions.assertEquals -->
 * <pre>{@code
 * assertEquals(1, ProvQueries.atLevel(doc, Vocab.LEVEL_WORKFLOW).size());
 * }</pre>
 */
public final class ProvQueries {
    private ProvQueries() {}

    /** The activities whose {@code yprov4wfs:level} is {@code level}. */
    public static List<ProvRecord> atLevel(Document d, String level) {
        return d.records(RecordKind.ACTIVITY).stream()
                .filter(a -> a.attributes().first(Vocab.LEVEL) != null
                        && a.attributes().first(Vocab.LEVEL).lexical().equals(level))
                .toList();
    }

    /** The {@code provhooks:document_ref} of the first linked ML run document entity. */
    public static String mlRunDocumentRef(Document d) {
        return d.records(RecordKind.ENTITY).stream()
                .filter(e -> e.attributes().get(Prov.TYPE).contains(Literal.qualifiedName(Vocab.ML_RUN_DOCUMENT)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no linked ML run document"))
                .attributes()
                .first(Vocab.ph("document_ref"))
                .lexical();
    }
}
