package org.provhooks.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.provhooks.core.RandomDocuments;
import org.provhooks.core.json.ProvFormatException;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.json.ProvJsonWriter;
import org.provhooks.core.validate.Problem.Code;

/**
 * Reader and validator share one scan, so they must agree on every input: whatever the reader refuses the validator
 * reports, whatever the validator passes the reader reads, and neither fails with anything but its own one-line
 * error. Checked over thousands of mutated documents.
 */
class ReaderValidatorAgreementTest {
    private static final String[] TOKENS = {
        "null",
        "[]",
        "{}",
        "[[1]]",
        "1",
        "1.5e3",
        "true",
        "\"x\"",
        "\"_:b\"",
        "\"ex:nowhere\"",
        "\"9x:y\"",
        "{\"$\": \"1\", \"type\": \"xsd:int\"}",
        "{\"$\": \"a\", \"type\": \"xsd:int\"}",
        "{\"type\": \"xsd:int\"}",
        "\"2025-13-01T00:00:00Z\"",
        "\"prov:startTime\"",
        ",",
        ":",
        "\"prefix\"",
        "\"bundle\"",
        "\"entity\"",
        "99999999999999999999999"
    };

    @Test
    void readerAndValidatorAgreeOnMutatedDocuments() throws Exception {
        Random random = new Random(42);
        int refused = 0;
        int accepted = 0;
        for (int i = 0; i < 3000; i++) {
            String doc = ProvJsonWriter.pretty().writeToString(RandomDocuments.generate(i % 200));
            String mutated = mutate(doc, random);
            String label = "mutation " + i;
            boolean readable = readable(mutated, label);
            List<Problem> problems = validate(mutated, label);
            if (!readable) {
                refused++;
                assertFalse(
                        problems.isEmpty(),
                        () -> label + ": the reader refuses it, the validator passed it\n" + mutated);
            } else {
                accepted++;
            }
            for (Problem p : problems) {
                assertFalse(p.format().contains("\n"), () -> label + ": " + p.format());
            }
        }
        assertTrue(refused > 500 && accepted > 200, "mutations should hit both sides: " + refused + "/" + accepted);
    }

    @Test
    void aPredefinedPrefixRedeclaredIsAOneLineRefusalNotACrash() {
        String doc = "{\"prefix\": {\"prov\": \"https://wrong/\", \"ex\": \"https://e/\"}, \"entity\": {\"ex:e\": {}}}";
        ProvFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                ProvFormatException.class, () -> ProvJsonReader.readString(doc));
        assertTrue(e.getMessage().contains("prov"), e.getMessage());
        List<Problem> problems = validate(doc, "t.json");
        assertEquals(Code.REBOUND_PREFIX, problems.get(0).code(), problems::toString);
    }

    @Test
    void aProblemInsideAnAttributeNamesTheLineOfTheValue() {
        String doc = "{\"prefix\": {\"ex\": \"https://e/\"},\n\"entity\": {\"ex:e\": {\n\"ex:ok\": 1,\n"
                + "\"ex:n\": {\"$\": \"ten\", \"type\": \"xsd:int\"}}}}";
        List<Problem> problems = validate(doc, "t.json");
        assertEquals(1, problems.size(), problems::toString);
        assertEquals(Code.BAD_LITERAL, problems.get(0).code());
        assertEquals(4, problems.get(0).line(), problems.get(0)::format);
    }

    private static boolean readable(String json, String label) {
        try {
            ProvJsonReader.readString(json);
            return true;
        } catch (ProvFormatException e) {
            assertFalse(e.getMessage().contains("\n"), label + ": " + e.getMessage());
            return false;
        } catch (Exception e) {
            fail(label + ": the reader failed with " + e + " instead of a ProvFormatException on\n" + json, e);
            return false;
        }
    }

    private static List<Problem> validate(String json, String label) {
        try {
            return Validator.validate(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), label);
        } catch (Exception e) {
            return fail(label + ": the validator failed with " + e + " on\n" + json, e);
        }
    }

    /** One to three edits: cut a span, put a token in, or duplicate a span. */
    private static String mutate(String doc, Random r) {
        StringBuilder sb = new StringBuilder(doc);
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(4)) {
                case 0 -> sb.delete(at, Math.min(sb.length(), at + 1 + r.nextInt(8)));
                case 1 -> sb.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
                case 2 -> {
                    // Replace a whole string or value after a colon: keeps the JSON well-formed more often.
                    int colon = sb.indexOf(": ", at);
                    if (colon > 0) {
                        int end = colon + 2;
                        int stop = end;
                        while (stop < sb.length() && ",}]\n".indexOf(sb.charAt(stop)) < 0) {
                            stop++;
                        }
                        sb.replace(end, stop, TOKENS[r.nextInt(TOKENS.length)]);
                    }
                }
                default -> {
                    int len = Math.min(sb.length() - at, 1 + r.nextInt(40));
                    sb.insert(at, sb.substring(at, at + len));
                }
            }
        }
        return sb.toString();
    }
}
