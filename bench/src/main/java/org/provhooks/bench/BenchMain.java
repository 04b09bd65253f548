package org.provhooks.bench;

import java.io.ByteArrayOutputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.provhooks.core.json.ProvJsonWriter;

/**
 * Runs the PROV-JSON benchmark and prints MB/s and ratios against the baseline measured in the same run.
 *
 * <pre>
 * ./mvnw -q -DskipTests package &amp;&amp; java -jar bench/target/benchmarks.jar            # this summary
 * java -cp bench/target/benchmarks.jar org.openjdk.jmh.Main ProvJsonBenchmark          # plain JMH
 * </pre>
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            Main.main(args);
            return;
        }
        int records = 100_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProvJsonWriter.compact().write(SampleDocuments.workflow(records), out);
        double mb = out.size() / 1e6;
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(ProvJsonBenchmark.class.getSimpleName())
                .param("records", Integer.toString(records));
        Collection<RunResult> results = new Runner(opts.build()).run();
        Map<String, Double> opsPerSecond = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            opsPerSecond.put(
                    name.substring(name.lastIndexOf('.') + 1),
                    r.getPrimaryResult().getScore());
        }
        System.out.printf("%nPROV-JSON, %d records, %.1f MB per document, one thread%n", records, mb);
        report("write", opsPerSecond.get("writeProvHooks"), opsPerSecond.get("writeBaselineJacksonTree"), mb);
        report("read ", opsPerSecond.get("readProvHooks"), opsPerSecond.get("readBaselineJacksonTree"), mb);
    }

    private static void report(String what, double ours, double baseline, double mb) {
        System.out.printf(
                "%s: provhooks %7.1f MB/s   baseline (Jackson tree) %7.1f MB/s   ratio %.2f%n",
                what, ours * mb, baseline * mb, ours / baseline);
    }
}
