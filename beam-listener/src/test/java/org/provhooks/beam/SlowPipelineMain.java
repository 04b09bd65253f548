package org.provhooks.beam;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;

/** A pipeline that runs for a minute, for stopping it with SIGTERM: arguments are Beam options. */
public final class SlowPipelineMain {
    private SlowPipelineMain() {}

    static final class Slow extends DoFn<Integer, Integer> {
        @ProcessElement
        public void process(@Element Integer i, OutputReceiver<Integer> out) throws InterruptedException {
            System.out.println("processing " + i);
            System.out.flush();
            Thread.sleep(60_000);
            out.output(i);
        }
    }

    public static void main(String[] args) {
        PipelineOptions options = PipelineOptionsFactory.fromArgs(args).create();
        Pipeline p = Pipeline.create(options);
        p.apply("Numbers", Create.of(1, 2)).apply("Slow", ParDo.of(new Slow()));
        p.run().waitUntilFinish();
    }
}
