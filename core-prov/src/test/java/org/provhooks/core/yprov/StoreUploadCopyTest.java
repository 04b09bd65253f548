package org.provhooks.core.yprov;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.validate.Validator;

/** The store's copy of a document: PIDs added where the document links run documents, everything else unchanged. */
class StoreUploadCopyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Our vocabulary under another prefix name, records as arrays, a bundle: all read as PROV-JSON allows. */
    private static final String DOC = """
            {"prefix": {"ph": "https://provhooks.org/ns#", "wfs": "https://github.com/HPCI-Lab/yProv4WFs#",
                        "ex": "https://example.org/"},
             "entity": {"ex:doc1": {"ph:document_ref": "run-a", "ph:sha256": "aa", "prov:label": "run A"},
                        "ex:doc2": [{"ph:document_ref": "run-b", "ph:sha256": "bb"}],
                        "ex:plain": {"prov:value": {"$": "3", "type": "xsd:int"}}},
             "activity": {"ex:wf": {"wfs:level": "0", "wfs:engine": "Nextflow", "prov:label": "rnaseq",
                                    "ph:run_name": "happy_turing", "wfs:status": "Completed"},
                          "ex:t1": {"wfs:level": {"$": "1", "type": "xsd:string"}},
                          "ex:t2": {"wfs:level": "1"}},
             "agent": {"ex:me": {"prov:type": {"$": "prov:Person", "type": "prov:QUALIFIED_NAME"}, "prov:label": "jdoe"}},
             "bundle": {"ex:b": {"entity": {"ex:inner": {}}}}}
            """;

    @Test
    void addsThePidsItKnowsAndReadsTheWorkflow() throws Exception {
        Path f = dir.resolve("wf.prov.json");
        Files.writeString(f, DOC);
        StoreUploadCopy copy =
                StoreUploadCopy.make(f, (id, sha) -> id.equals("run-a") || "bb".equals(sha) ? "21.T/" + id : null, dir);
        assertEquals(List.of("run-a", "run-b"), copy.references());
        assertEquals(Map.of("run-a", "21.T/run-a", "run-b", "21.T/run-b"), copy.linkedPids());
        assertEquals("rnaseq", copy.workflow().get("label"));
        assertEquals("happy_turing", copy.workflow().get("run_name"));
        assertEquals("Completed", copy.workflow().get("status"));
        assertEquals(2, copy.tasks());
        assertEquals("jdoe", copy.person());

        JsonNode out = JSON.readTree(copy.file().toFile());
        assertEquals("21.T/run-a", out.at("/entity/ex:doc1/ph:yprov_pid").asText());
        assertEquals("21.T/run-b", out.at("/entity/ex:doc2/0/ph:yprov_pid").asText());
        JsonNode expected = JSON.readTree(DOC);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.at("/entity/ex:doc1"))
                .put("ph:yprov_pid", "21.T/run-a");
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.at("/entity/ex:doc2/0"))
                .put("ph:yprov_pid", "21.T/run-b");
        assertEquals(expected, out, "nothing else changes");
        assertEquals(List.of(), Validator.validate(ProvJsonReader.read(copy.file())));
        assertTrue(copy.file().getFileName().toString().startsWith("."), "hidden from the outbox");
    }

    @Test
    void notJsonIsAOneLineRefusal() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"entity\": {\"a\": ");
        IOException e = assertThrows(IOException.class, () -> StoreUploadCopy.make(f, (a, b) -> null, dir));
        assertTrue(e.getMessage().contains("is not JSON"), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no copy left behind");
        }
    }
}
