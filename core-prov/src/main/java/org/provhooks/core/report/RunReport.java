package org.provhooks.core.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.provhooks.core.util.AtomicFiles;

/**
 * One self-contained HTML page over one or more workflow runs: the data embedded, Apache ECharts (from its WebJar) and
 * the page's own script and style inlined, so it opens from disk with no network. For one run it shows the run's
 * header, task graph, timeline, task table, host telemetry and ML runs; for several, a runs table, the trade-off view
 * (a final ML metric against energy, coloured by a hyperparameter) and per-step comparisons. Text from the documents
 * is data for the page, never markup.
 *
 * <!-- given: Path doc -->
 * <pre>{@code
 * Path html = RunReport.write(java.util.List.of(doc), Path.of("provenance/report.html"));
 * }</pre>
 */
public final class RunReport {
    static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private RunReport() {}

    /** Writes the report of {@code documents} to {@code html} (atomically) and returns it. */
    public static Path write(List<Path> documents, Path html) throws IOException {
        AtomicFiles.write(html, (OutputStream os) -> {
            Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
            w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    + "<title>ProvHooks report</title>\n<style>\n");
            w.write(resource("report.css"));
            w.write("</style>\n</head>\n<body>\n<header><h1>ProvHooks provenance report</h1>"
                    + "<nav id=\"crumbs\"></nav></header>\n<main id=\"app\"></main>\n"
                    + "<script id=\"provhooks-data\" type=\"application/json\">");
            w.flush();
            JsonGenerator g = JSON.createGenerator(w);
            g.setCharacterEscapes(HtmlSafe.INSTANCE);
            g.writeStartObject();
            g.writeArrayFieldStart("runs");
            for (Path d : documents) {
                ReportData.write(g, d);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
            w.write("</script>\n<script>\n");
            w.write(classpath(ECHARTS));
            w.write("\n</script>\n<script>\n");
            w.write(resource("report.js"));
            w.write("\n</script>\n</body>\n</html>\n");
            w.flush();
        });
        return html;
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private static String resource(String name) throws IOException {
        return classpath("/org/provhooks/core/report/" + name);
    }

    private static String classpath(String path) throws IOException {
        try (InputStream in = RunReport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("the report's " + path + " is missing from the classpath (a broken build?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** JSON that is safe inside a {@code <script>} element: {@code < > &} and the JavaScript line breaks escaped. */
    private static final class HtmlSafe extends CharacterEscapes {
        static final HtmlSafe INSTANCE = new HtmlSafe();
        private final int[] escapes;

        private HtmlSafe() {
            escapes = CharacterEscapes.standardAsciiEscapesForJSON();
            escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['&'] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028 || ch == 0x2029) {
                return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
