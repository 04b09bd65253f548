package org.provhooks.bench;

import java.time.Instant;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.DocumentAssembler;
import org.provhooks.core.model.Namespace;
import org.provhooks.core.model.Prov;
import org.provhooks.core.model.QualifiedName;
import org.provhooks.core.workflow.Vocab;

/** Workflow-shaped documents of a given size, deterministic. */
public final class SampleDocuments {
    private SampleDocuments() {}

    /**
     * {@code records} records shaped like a workflow run: per task one activity (times, status, level,
     * six typed attributes), one output entity, and used / wasGeneratedBy / wasInformedBy relations.
     */
    public static Document workflow(int records) {
        Namespace run = new Namespace("run", "https://provhooks.org/run/bench/r1/");
        DocumentAssembler a = new DocumentAssembler();
        a.declare(Vocab.PROVHOOKS).declare(Vocab.YPROV4WFS);
        QualifiedName wf = run.name("workflow");
        a.add(Prov.activity(wf).label("bench").attr(Vocab.LEVEL, "0"));
        Instant t0 = Instant.parse("2025-03-01T10:00:00Z");
        int n = 1;
        for (int i = 0; n < records; i++) {
            QualifiedName task = run.name("task-" + i);
            QualifiedName out = run.name("data-" + Integer.toHexString(0x10000000 + i));
            Instant start = t0.plusMillis(i * 10L);
            a.add(Prov.activity(task)
                    .label("PROCESS (" + i + ")")
                    .start(start)
                    .end(start.plusMillis(5_000))
                    .attr(Vocab.LEVEL, "1")
                    .attr(Vocab.STATUS, "COMPLETED")
                    .attr(Vocab.ph("process"), "PROCESS")
                    .attr(Vocab.ph("exit"), 0)
                    .attr(Vocab.ph("cpus"), 2)
                    .attr(Vocab.ph("peak_rss"), 123_456_789L)
                    .attr(Vocab.ph("pcpu"), 97.5)
                    .attr(Vocab.ph("hash"), "ab/" + Integer.toHexString(i * 7919)));
            a.add(Prov.entity(out)
                    .type(Vocab.DATA)
                    .label("part-" + i + ".txt")
                    .location("/work/ab/" + Integer.toHexString(i) + "/part-" + i + ".txt")
                    .attr(Vocab.ph("size"), 4096L + i));
            a.add(Prov.wasGeneratedBy(out, task));
            a.add(Prov.wasInformedBy(task, wf));
            n += 4;
            if (i > 0 && n < records) {
                a.add(Prov.used(task, run.name("data-" + Integer.toHexString(0x10000000 + i - 1))));
                n++;
            }
        }
        return a.build();
    }
}
