package org.provhooks.core.crate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.provhooks.core.util.Hashing;

/**
 * A run crate read by an independent JSON-LD processor (Apache Jena; the RO-Crate context resolved offline from test
 * resources, same IRIs as the RO-Crate 1.1 context for the terms used) and checked as an RDF graph: the MUST points of
 * the three Workflow Run Crate profiles as SPARQL rules ({@code wrroc-0.5-rules.rq}), every reference inside the crate
 * described, every file inside the crate present with its size and SHA-256. Shared with the engine modules' tests
 * (core-prov's test jar).
 *
 * <!-- given: Path crateDir -->
 * <pre>{@code
 * CrateCheck crate = CrateCheck.read(crateDir);
 * assertEquals(List.of(), crate.problems());
 * }</pre>
 */
public final class CrateCheck {
    public static final String BASE = "file:///crate/";
    public static final String PREFIXES = "PREFIX s: <http://schema.org/>\n"
            + "PREFIX dct: <http://purl.org/dc/terms/>\n"
            + "PREFIX wfrun: <https://w3id.org/ro/terms/workflow-run#>\n"
            + "PREFIX bs: <https://bioschemas.org/>\n"
            + "PREFIX bsw: <https://bioschemas.org/ComputationalWorkflow#>\n"
            + "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
            + "BASE <" + BASE + ">\n";

    private final Path dir;
    private final Model model;

    private CrateCheck(Path dir, Model model) {
        this.dir = dir;
        this.model = model;
    }

    /** Reads {@code crateDir/ro-crate-metadata.json} as RDF, its remote context replaced by the offline one. */
    public static CrateCheck read(Path crateDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode metadata =
                (ObjectNode) json.readTree(crateDir.resolve(RunCrate.METADATA).toFile());
        ArrayNode context = (ArrayNode) metadata.get("@context");
        if (!"https://w3id.org/ro/crate/1.1/context".equals(context.get(0).asText())) {
            throw new AssertionError("the first context is not RO-Crate 1.1's: " + context);
        }
        ObjectNode offline;
        try (InputStream in = CrateCheck.class.getResourceAsStream("ro-crate-context-offline.json")) {
            offline = (ObjectNode) json.readTree(in);
        }
        offline.setAll((ObjectNode) context.get(1));
        metadata.set("@context", offline);
        Model m = ModelFactory.createDefaultModel();
        RDFParser.fromString(json.writeValueAsString(metadata), Lang.JSONLD)
                .base(BASE)
                .parse(m);
        return new CrateCheck(crateDir, m);
    }

    public Model model() {
        return model;
    }

    /** The profile rules, by id with their text, from {@code wrroc-0.5-rules.rq}. */
    public static Map<String, String> rules() {
        String text;
        try (InputStream in = CrateCheck.class.getResourceAsStream("wrroc-0.5-rules.rq")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> rules = new LinkedHashMap<>();
        String[] parts = text.split("(?m)^#rule ");
        for (int i = 1; i < parts.length; i++) {
            int nl = parts[i].indexOf('\n');
            rules.put(parts[i].substring(0, nl).trim(), parts[i].substring(nl + 1));
        }
        return rules;
    }

    /**
     * Everything wrong with the crate: each broken profile rule with the entities it fails on, every dangling reference
     * inside the crate, every file inside the crate that is missing or differs from its size or SHA-256.
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        rules().forEach((rule, query) -> {
            List<String> focus = select(query, "focus");
            if (!focus.isEmpty()) {
                out.add(rule + ": " + focus.subList(0, Math.min(5, focus.size())));
            }
        });
        for (String ref : select(
                "SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) && STRSTARTS(STR(?o), \"" + BASE
                        + "\")) FILTER NOT EXISTS { ?o a ?t } }",
                "o")) {
            out.add("dangling reference " + ref);
        }
        for (QuerySolution f :
                rows("SELECT ?f ?size ?sha WHERE { ?f a s:MediaObject FILTER(STRSTARTS(STR(?f), \"" + BASE + "\"))"
                        + " OPTIONAL { ?f s:contentSize ?size } OPTIONAL { ?f <https://schema.org/sha256> ?sha } }")) {
            String iri = f.getResource("f").getURI();
            Path file = dir.resolve(java.net.URLDecoder.decode(iri.substring(BASE.length()), StandardCharsets.UTF_8));
            try {
                if (!Files.isRegularFile(file)) {
                    out.add("listed but not in the crate: " + iri);
                } else if (f.get("size") == null
                        || !String.valueOf(Files.size(file))
                                .equals(f.get("size").asLiteral().getLexicalForm())) {
                    out.add("wrong contentSize for " + iri + ": " + f.get("size"));
                } else if (f.get("sha") == null
                        || !Hashing.sha256(file).equals(f.get("sha").asLiteral().getLexicalForm())) {
                    out.add("wrong sha256 for " + iri);
                }
            } catch (IOException e) {
                out.add("unreadable " + iri + ": " + e);
            }
        }
        return out;
    }

    public boolean ask(String query) {
        try (QueryExecution q =
                QueryExecution.model(model).query(PREFIXES + query).build()) {
            return q.execAsk();
        }
    }

    /** The values of {@code var} over the query's rows, sorted. */
    public List<String> select(String query, String var) {
        List<String> out = new ArrayList<>();
        for (QuerySolution s : rows(query)) {
            out.add(s.get(var) == null ? "null" : s.get(var).toString());
        }
        out.sort(null);
        return out;
    }

    public List<QuerySolution> rows(String query) {
        List<QuerySolution> out = new ArrayList<>();
        try (QueryExecution q =
                QueryExecution.model(model).query(PREFIXES + query).build()) {
            ResultSet rs = q.execSelect();
            while (rs.hasNext()) {
                out.add(rs.next());
            }
        }
        return out;
    }
}
