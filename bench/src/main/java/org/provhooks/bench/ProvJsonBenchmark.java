package org.provhooks.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.json.ProvJsonWriter;
import org.provhooks.core.model.Document;

/**
 * PROV-JSON write and read of a 100,000-record workflow document on one thread, against baselines on the same
 * bytes in the same run: Jackson's raw tokenizer (every token, no values built: the floor any streaming reader
 * pays), a raw token-by-token copy (parser to generator: the floor of any streaming writer), and Jackson's tree
 * model (databind), the generic way to read and write such a file.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ProvJsonBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xms4g", "-Xmx4g"})
public class ProvJsonBenchmark {
    @Param("100000")
    public int records;

    Document doc;
    byte[] json;
    JsonNode tree;
    final ObjectMapper mapper = new ObjectMapper();
    static final JsonFactory JSON_FACTORY = new JsonFactory();

    @Setup
    public void setUp() throws IOException {
        doc = SampleDocuments.workflow(records);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProvJsonWriter.compact().write(doc, out);
        json = out.toByteArray();
        tree = mapper.readTree(json);
    }

    /** A sink that only counts, so the figure is serialisation, not disk. */
    static final class Counting extends OutputStream {
        long n;

        @Override
        public void write(int b) {
            n++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            n += len;
        }
    }

    @Benchmark
    public long writeProvHooks() throws IOException {
        Counting c = new Counting();
        ProvJsonWriter.compact().write(doc, c);
        return c.n;
    }

    @Benchmark
    public long writeBaselineJacksonTree() throws IOException {
        Counting c = new Counting();
        mapper.writeValue(c, tree);
        return c.n;
    }

    @Benchmark
    public long writeBaselineJacksonCopy() throws IOException {
        Counting c = new Counting();
        try (JsonParser p = JSON_FACTORY.createParser(json);
                JsonGenerator g = JSON_FACTORY.createGenerator(c)) {
            p.nextToken();
            g.copyCurrentStructure(p);
        }
        return c.n;
    }

    @Benchmark
    public long readBaselineJacksonTokenize() throws IOException {
        long tokens = 0;
        try (JsonParser p = JSON_FACTORY.createParser(json)) {
            while (p.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    @Benchmark
    public Document readProvHooks() throws IOException {
        return ProvJsonReader.read(new ByteArrayInputStream(json));
    }

    @Benchmark
    public JsonNode readBaselineJacksonTree() throws IOException {
        return mapper.readTree(json);
    }
}
