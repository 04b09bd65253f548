package org.provhooks.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.provhooks.core.DocumentDiff;
import org.provhooks.core.RandomDocuments;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Problem;
import org.provhooks.core.validate.Validator;

class RoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thousandGeneratedDocumentsSurviveWriteThenRead() throws Exception {
        int withBundles = 0;
        int records = 0;
        for (long s = 0; s < 1000; s++) {
            final long seed = s;
            Document doc = RandomDocuments.generate(seed);
            ProvJsonWriter writer = seed % 2 == 0 ? ProvJsonWriter.compact() : ProvJsonWriter.pretty();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writer.write(doc, out);
            byte[] bytes = out.toByteArray();
            Document back = ProvJsonReader.read(new ByteArrayInputStream(bytes));
            assertEquals(doc, back, () -> "seed " + seed + ": " + DocumentDiff.first(doc, back));
            List<Problem> problems = Validator.validate(new ByteArrayInputStream(bytes), "seed-" + seed);
            assertTrue(problems.isEmpty(), () -> "seed " + seed + ": " + problems);
            checkShape(JSON.readTree(bytes), seed);
            withBundles += doc.bundles().isEmpty() ? 0 : 1;
            records += doc.size();
        }
        assertTrue(withBundles > 50, "generator should exercise bundles: " + withBundles);
        assertTrue(records > 10_000, "generator should produce many records: " + records);
    }

    /** Checks the emitter rules on the raw JSON, independently of our reader. */
    private static void checkShape(JsonNode root, long seed) {
        assertTrue(root.has("prefix"), "seed " + seed);
        assertEquals(
                "http://www.w3.org/ns/prov#", root.get("prefix").get("prov").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            RecordKind kind = RecordKind.fromJsonName(e.getKey());
            if (kind == null) {
                assertTrue(e.getKey().equals("prefix") || e.getKey().equals("bundle"), e.getKey());
                continue;
            }
            assertFalse(e.getValue().isEmpty(), "empty section " + e.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> rs = e.getValue().fields(); rs.hasNext(); ) {
                Map.Entry<String, JsonNode> rec = rs.next();
                if (!kind.isElement()
                        && !rec.getKey().contains("rel-")
                        && !rec.getKey().contains("-x")) {
                    assertTrue(rec.getKey().startsWith("_:"), "relation key " + rec.getKey());
                }
                for (Iterator<Map.Entry<String, JsonNode>> as = rec.getValue().fields(); as.hasNext(); ) {
                    Map.Entry<String, JsonNode> a = as.next();
                    JsonNode v = a.getValue();
                    assertFalse(v.isNull(), a.getKey());
                    assertFalse(v.isNumber() || v.isBoolean(), "untyped literal " + a.getKey() + " = " + v);
                    if (a.getKey().endsWith("Time") || a.getKey().equals("prov:time")) {
                        assertTrue(v.asText().endsWith("Z"), "UTC time " + v);
                    }
                }
            }
        }
    }

    @Test
    void stringsSurviveEscaping() throws Exception {
        Document doc = RandomDocuments.generate(7);
        String json = ProvJsonWriter.pretty().writeToString(doc);
        assertEquals(doc, ProvJsonReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    }
}
