package org.provhooks.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Formal;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Problem.Code;

/** One test per validator message: each input breaks exactly one rule. */
class ValidatorTest {
    private static final String P = "\"prefix\": {\"ex\": \"https://example.org/\"}";

    private static List<Problem> check(String json) throws Exception {
        return Validator.validate(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t.json");
    }

    /** Asserts exactly one problem, of {@code code}, whose line contains every fragment. */
    private static Problem only(Code code, String json, String... fragments) throws Exception {
        List<Problem> ps = check(json);
        assertEquals(1, ps.size(), () -> "expected one " + code + ", got " + ps);
        Problem p = ps.get(0);
        assertEquals(code, p.code(), p::format);
        String line = p.format();
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.startsWith("t.json"), line);
        for (String f : fragments) {
            assertTrue(line.contains(f), () -> "'" + f + "' missing from: " + line);
        }
        return p;
    }

    @Test
    void validDocumentHasNoProblem() throws Exception {
        assertEquals(
                List.of(),
                check("{" + P + ", \"entity\": {\"ex:e\": {\"prov:label\": \"x\"}},"
                        + "\"activity\": {\"ex:a\": {\"prov:startTime\": \"2025-01-01T00:00:00Z\", \"prov:endTime\": \"2025-01-01T01:01:00+01:00\"}},"
                        + "\"used\": {\"_:u\": {\"prov:activity\": \"ex:a\", \"prov:entity\": \"ex:e\"}}}"));
    }

    @Test
    void malformedJson() throws Exception {
        Problem p = only(Code.MALFORMED_JSON, "{" + P + ",\n \"entity\": {\"ex:e\": {}}", "malformed JSON");
        assertEquals(2, p.line());
    }

    @Test
    void notAnObject() throws Exception {
        only(Code.NOT_AN_OBJECT, "[1, 2]", "one JSON object");
    }

    @Test
    void unknownSection() throws Exception {
        only(Code.UNKNOWN_SECTION, "{" + P + ", \"entity\": {\"ex:e\": {}}, \"entities\": {}}", "'entities'");
    }

    @Test
    void duplicateKey() throws Exception {
        Problem p =
                only(Code.DUPLICATE_KEY, "{" + P + ",\n\"entity\": {\"ex:e\": {},\n \"ex:e\": {}}}", "'ex:e'", "twice");
        assertEquals(3, p.line());
    }

    @Test
    void emptyDocument() throws Exception {
        only(Code.EMPTY_DOCUMENT, "{" + P + "}", "no records");
    }

    @Test
    void emptySection() throws Exception {
        only(Code.EMPTY_SECTION, "{" + P + ", \"entity\": {\"ex:e\": {}}, \"used\": {}}", "'used' is empty");
    }

    @Test
    void badPrefixName() throws Exception {
        only(Code.BAD_PREFIX, "{\"prefix\": {\"9x\": \"https://x/\"}, \"entity\": {\"prov:e\": {}}}", "'9x'");
    }

    @Test
    void reboundPrefix() throws Exception {
        only(
                Code.REBOUND_PREFIX,
                "{\"prefix\": {\"prov\": \"https://wrong/\"}, \"entity\": {\"prov:e\": {}}}",
                "'prov'",
                "rebound");
    }

    @Test
    void undeclaredPrefix() throws Exception {
        only(Code.UNDECLARED_PREFIX, "{" + P + ", \"entity\": {\"nope:e\": {}}}", "'nope'", "not declared");
    }

    @Test
    void fullIriAsIdentifier() throws Exception {
        only(Code.BAD_IDENTIFIER, "{" + P + ", \"entity\": {\"https://example.org/e\": {}}}", "full IRI");
    }

    @Test
    void oneIdForTwoKinds() throws Exception {
        only(
                Code.ID_KIND_CONFLICT,
                "{" + P + ", \"entity\": {\"ex:x\": {}}, \"activity\": {\"ex:x\": {}}}",
                "'ex:x'",
                "entity",
                "activity");
    }

    @Test
    void missingRequiredArgument() throws Exception {
        only(
                Code.MISSING_ARGUMENT,
                "{" + P + ", \"entity\": {\"ex:e\": {}}, \"used\": {\"_:u\": {\"prov:entity\": \"ex:e\"}}}",
                "prov:activity");
    }

    @Test
    void formalArgumentNotAString() throws Exception {
        only(
                Code.BAD_ARGUMENT,
                "{" + P + ", \"activity\": {\"ex:a\": {}}, \"used\": {\"_:u\": {\"prov:activity\": [\"ex:a\"]}}}",
                "prov:activity",
                "one plain string");
    }

    @Test
    void danglingReference() throws Exception {
        only(
                Code.DANGLING_REFERENCE,
                "{" + P
                        + ", \"activity\": {\"ex:a\": {}}, \"used\": {\"_:u\": {\"prov:activity\": \"ex:a\", \"prov:entity\": \"ex:missing\"}}}",
                "'ex:missing'",
                "not described");
    }

    @Test
    void referenceToWrongKind() throws Exception {
        only(
                Code.WRONG_KIND,
                "{" + P
                        + ", \"activity\": {\"ex:a\": {}, \"ex:b\": {}}, \"used\": {\"_:u\": {\"prov:activity\": \"ex:a\", \"prov:entity\": \"ex:b\"}}}",
                "'ex:b' is an activity, expected an entity");
    }

    @Test
    void malformedTime() throws Exception {
        only(
                Code.MALFORMED_TIME,
                "{" + P + ", \"activity\": {\"ex:a\": {\"prov:startTime\": \"2025-01-01 10:00:00\"}}}",
                "'2025-01-01 10:00:00'",
                "xsd:dateTime");
    }

    /** The same document with its top-level sections in reverse order. */
    private static String reversed(String json) throws Exception {
        ObjectMapper m = new ObjectMapper();
        ObjectNode in = (ObjectNode) m.readTree(json);
        List<String> keys = new ArrayList<>();
        in.fieldNames().forEachRemaining(keys::add);
        Collections.reverse(keys);
        ObjectNode out = m.createObjectNode();
        keys.forEach(k -> out.set(k, in.get(k)));
        return m.writeValueAsString(out);
    }

    @Test
    void theProvOSpellingOfActivityTimesIsReadAndCheckedLikeTheProvJsonOne() throws Exception {
        String ok = "{" + P + ", \"activity\": {\"ex:a\": {\"prov:startedAtTime\": \"2025-01-01T00:00:00Z\","
                + " \"prov:endedAtTime\": \"2025-01-01T01:00:00Z\"}}}";
        assertEquals(List.of(), check(ok));
        Document d = ProvJsonReader.readString(ok);
        assertEquals(
                Instant.parse("2025-01-01T00:00:00Z"),
                d.records(RecordKind.ACTIVITY).get(0).time(Formal.START_TIME));
        only(
                Code.START_AFTER_END,
                "{" + P + ", \"activity\": {\"ex:a\": {\"prov:startedAtTime\": \"2025-01-02T00:00:00Z\","
                        + " \"prov:endedAtTime\": \"2025-01-01T00:00:00Z\"}}}",
                "activity 'ex:a' starts");
    }

    @Test
    void integersBeyondSixtyFourBitsAreValidAndReadExactly() throws Exception {
        // Found by comparing the two: the rules accepted such a number, the reader refused it.
        String big = "{" + P + ", \"entity\": {\"ex:e\": {\"ex:n\": 12345678901234567890}}}";
        assertEquals(List.of(), check(big));
        Literal n = ProvJsonReader.readString(big)
                .records(RecordKind.ENTITY)
                .get(0)
                .attributes()
                .first(new Namespace("ex", "https://example.org/").name("n"));
        assertEquals("12345678901234567890", n.lexical());
        assertEquals("xsd:integer", n.datatype().text());
    }

    @Test
    void theVerdictDoesNotDependOnTheOrderOfSections() throws Exception {
        String outside = "{" + P
                + ", \"entity\": {\"ex:e\": {}}, \"activity\": {\"ex:a\": {\"prov:startTime\": \"2025-01-01T00:00:00Z\","
                + " \"prov:endTime\": \"2025-01-01T01:00:00Z\"}}, \"used\": {\"_:u\": {\"prov:entity\": \"ex:e\", \"prov:activity\": \"ex:a\","
                + " \"prov:time\": \"2025-01-01T02:00:00Z\"}}, \"wasGeneratedBy\": {\"_:g1\": {\"prov:entity\": \"ex:e\", \"prov:activity\": \"ex:a\","
                + " \"prov:time\": \"2025-01-01T00:30:00Z\"}, \"_:g2\": {\"prov:entity\": \"ex:e\"}}}";
        List<Code> forward = check(outside).stream().map(Problem::code).sorted().toList();
        List<Code> backward =
                check(reversed(outside)).stream().map(Problem::code).sorted().toList();
        assertEquals(
                List.of(Code.TIME_OUTSIDE_ACTIVITY, Code.MULTIPLE_GENERATIONS).stream()
                        .sorted()
                        .toList(),
                forward);
        assertEquals(forward, backward, "used before activity must not hide the event-time check");
        String valid = "{" + P + ", \"entity\": {\"ex:e\": {\"prov:label\": \"x\"}},"
                + "\"activity\": {\"ex:a\": {\"prov:startTime\": \"2025-01-01T00:00:00Z\", \"prov:endTime\": \"2025-01-01T01:01:00+01:00\"}},"
                + "\"used\": {\"_:u\": {\"prov:activity\": \"ex:a\", \"prov:entity\": \"ex:e\"}}}";
        assertEquals(List.of(), check(reversed(valid)));
    }

    @Test
    void startAfterEnd() throws Exception {
        only(
                Code.START_AFTER_END,
                "{" + P
                        + ", \"activity\": {\"ex:a\": {\"prov:startTime\": \"2025-01-02T00:00:00Z\", \"prov:endTime\": \"2025-01-01T00:00:00Z\"}}}",
                "activity 'ex:a' starts");
    }

    @Test
    void eventOutsideItsActivity() throws Exception {
        only(
                Code.TIME_OUTSIDE_ACTIVITY,
                "{" + P
                        + ", \"entity\": {\"ex:e\": {}}, \"activity\": {\"ex:a\": {\"prov:startTime\": \"2025-01-01T00:00:00Z\", \"prov:endTime\": \"2025-01-01T01:00:00Z\"}},"
                        + " \"wasGeneratedBy\": {\"_:g\": {\"prov:entity\": \"ex:e\", \"prov:activity\": \"ex:a\", \"prov:time\": \"2025-01-01T02:00:00Z\"}}}",
                "outside activity 'ex:a'");
    }

    @Test
    void entityGeneratedTwice() throws Exception {
        only(
                Code.MULTIPLE_GENERATIONS,
                "{" + P + ", \"entity\": {\"ex:e\": {}}, \"activity\": {\"ex:a\": {}},"
                        + " \"wasGeneratedBy\": {\"_:g1\": {\"prov:entity\": \"ex:e\", \"prov:activity\": \"ex:a\"}, \"_:g2\": {\"prov:entity\": \"ex:e\"}}}",
                "generated twice");
    }

    @Test
    void derivationCycle() throws Exception {
        only(
                Code.DERIVATION_CYCLE,
                "{" + P + ", \"entity\": {\"ex:a\": {}, \"ex:b\": {}},"
                        + " \"wasDerivedFrom\": {\"_:d1\": {\"prov:generatedEntity\": \"ex:a\", \"prov:usedEntity\": \"ex:b\"},"
                        + " \"_:d2\": {\"prov:generatedEntity\": \"ex:b\", \"prov:usedEntity\": \"ex:a\"}}}",
                "cycle");
    }

    @Test
    void selfDerivation() throws Exception {
        only(
                Code.DERIVATION_CYCLE,
                "{" + P + ", \"entity\": {\"ex:a\": {}},"
                        + " \"wasDerivedFrom\": {\"_:d1\": {\"prov:generatedEntity\": \"ex:a\", \"prov:usedEntity\": \"ex:a\"}}}",
                "derived from itself");
    }

    @Test
    void inventedProvAttribute() throws Exception {
        only(
                Code.UNKNOWN_PROV_ATTRIBUTE,
                "{" + P + ", \"entity\": {\"ex:e\": {\"prov:generatedAtTime\": \"2025-01-01T00:00:00Z\"}}}",
                "'prov:generatedAtTime'");
    }

    @Test
    void nullValue() throws Exception {
        only(Code.BAD_VALUE, "{" + P + ", \"entity\": {\"ex:e\": {\"ex:size\": null}}}", "ex:size is null");
    }

    @Test
    void emptyArrayValue() throws Exception {
        only(Code.BAD_VALUE, "{" + P + ", \"entity\": {\"ex:e\": {\"ex:tags\": []}}}", "empty array");
    }

    @Test
    void badTypedLiteral() throws Exception {
        only(
                Code.BAD_LITERAL,
                "{" + P + ", \"entity\": {\"ex:e\": {\"ex:n\": {\"$\": \"twelve\", \"type\": \"xsd:int\"}}}}",
                "'twelve'",
                "xsd:int");
    }

    @Test
    void directoryInsteadOfFile(@TempDir Path dir) {
        List<Problem> ps = Validator.validate(dir);
        assertEquals(1, ps.size());
        assertEquals(Code.UNREADABLE, ps.get(0).code());
        assertTrue(ps.get(0).format().contains("is a directory"), ps.get(0).format());
    }

    @Test
    void oversizedFileIsRefusedWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(1L << 30); // sparse: no real 1 GB written
        }
        List<Problem> ps = Validator.validate(big);
        assertEquals(1, ps.size());
        assertTrue(ps.get(0).format().contains("1.0 GiB"), ps.get(0).format());
        assertTrue(ps.get(0).format().contains("--max-size"), ps.get(0).format());
        assertTrue(Files.exists(big));
    }
}
