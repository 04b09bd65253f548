package org.provhooks.nextflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.cli.ProvHooksCli;
import org.provhooks.testkit.NextflowRun;

/**
 * A real run with parameters given on the command line, then {@code provhooks rerun} of its document (which rebuilds
 * the command and the parameters file and starts Nextflow), then {@code provhooks diff} of the two documents: the same
 * tasks, the same parameters, the same output checksums.
 */
class NextflowRerunIT {
    @TempDir
    Path dir;

    private static final String PIPELINE = """
            params.greeting = 'hello'
            params.n = 2
            params.opts = [upper: false, suffix: '!']
            process SAY {
              input: val i
              output: path "say${i}.txt"
              script:
              def text = params.opts.upper ? params.greeting.toUpperCase() : params.greeting
              "echo '${text} ${i}${params.opts.suffix}' > say${i}.txt"
            }
            workflow { SAY(Channel.of(1..params.n)) }
            """;

    private record Cli(int code, String out, String err) {}

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ProvHooksCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
        return new Cli(code, out.toString(), err.toString());
    }

    @Test
    void aRerunFromTheDocumentRepeatsTheRun() throws Exception {
        NextflowRun.prepare(dir, PIPELINE, "provhooks { checksums { enabled = true } }");
        NextflowRun.Result first =
                NextflowRun.launch(dir, Map.of(), "--greeting", "bonjour", "--n", "3", "--opts.upper", "true");
        assertEquals(0, first.exitCode(), first.console());
        Path a = first.document("provenance");

        Cli rerun = cli(
                "rerun",
                a.toString(),
                "--nextflow",
                NextflowRun.launcherScript(dir).toString());
        assertEquals(0, rerun.code(), rerun.out() + rerun.err());
        assertTrue(rerun.out().contains("-params-file"), rerun.out());
        Path b;
        try (Stream<Path> s = Files.list(dir.resolve("provenance"))) {
            b = s.filter(p -> p.toString().endsWith(".prov.json") && !p.equals(a))
                    .findFirst()
                    .orElseThrow();
        }
        // The rerun's outputs are those of the first run (3 tasks, upper-cased greeting).
        try (Stream<Path> s = Files.walk(dir.resolve("work"))) {
            assertEquals(
                    2,
                    s.filter(p -> p.getFileName().toString().equals("say3.txt")).count(),
                    "each run made say3");
        }

        Cli diff = cli("diff", a.toString(), b.toString(), "--format", "json", "--threshold", "100000");
        assertEquals(0, diff.code(), diff.err());
        JsonNode d = new ObjectMapper().readTree(diff.out());
        List<String> kinds = new java.util.ArrayList<>();
        d.path("changes")
                .forEach(c -> kinds.add(
                        c.path("kind").asText() + " " + c.path("subject").asText()));
        assertEquals(List.of(), kinds, "same tasks, same parameters, same output checksums: " + diff.out());
    }
}
