package org.provhooks.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.provhooks.core.session.RunSettings;
import org.provhooks.core.sink.DeliveryReport;
import org.provhooks.core.sink.Outbox;
import org.provhooks.core.sink.RetryPolicy;
import org.provhooks.core.sink.YProvDeliverer;
import org.provhooks.core.validate.Problem;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.DocumentIds;
import org.provhooks.core.yprov.YProvClient;
import org.provhooks.core.yprov.YProvConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code provhooks push FILE… [--id ID]} and {@code provhooks push --outbox DIR}. */
@Command(
        name = "push",
        mixinStandardHelpOptions = true,
        description = {
            "Push PROV-JSON files to a yProv server through the outbox (nothing is lost if the server is down),",
            "or send what an outbox still holds (--outbox DIR without files). On the v0 service a re-push replaces the",
            "server document; on yProvStore it becomes the next version of the run's lineage (the same file twice is",
            "uploaded once)."
        })
final class PushCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "FILE", description = "PROV-JSON files (validated before sending)")
    List<Path> files = new ArrayList<>();

    @Option(
            names = "--id",
            paramLabel = "ID",
            description = "server document id (one file only; default: derived from the file name)")
    String id;

    @Option(
            names = "--outbox",
            paramLabel = "DIR",
            description = "outbox directory (default: $PROVHOOKS_OUTBOX or ~/.provhooks/outbox)")
    Path outbox;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description =
                    "how long to wait for delivery before leaving the rest in the outbox (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Mixin
    YProvOptions yprov;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    ProvHooksCli parent;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (files.isEmpty() && outbox == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "give FILEs to push or --outbox DIR to send what it holds");
        }
        if (id != null && files.size() != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--id goes with exactly one FILE");
        }
        if (id != null) {
            YProvClient.checkId(id);
        }
        YProvConfig cfg = yprov.resolve(parent.env());
        Path dir = outbox != null
                ? outbox
                : RunSettings.builder(Path.of("."))
                        .resolve(parent.env(), w -> {})
                        .outbox(); // config problems: reported with the server settings
        int invalid = 0;
        List<String> queued = new ArrayList<>();
        YProvDeliverer deliverer = new YProvDeliverer(cfg, dir, err::println);
        try (Outbox box = Outbox.open(dir, deliverer, RetryPolicy.DEFAULT, err::println)) {
            for (Path f : runDocumentsFirst(files)) {
                List<Problem> problems = Validator.validate(f);
                if (!problems.isEmpty()) {
                    problems.forEach(p -> err.println(p.format()));
                    err.println("not pushed: " + f + " is not valid PROV-JSON (" + problems.size() + " problem(s))");
                    invalid++;
                    continue;
                }
                String docId = id != null ? id : idFromFileName(f);
                box.enqueue(docId, f);
                queued.add(docId);
                out.println("queued " + f + " as " + docId);
            }
            int total = box.pendingIds().size();
            if (total == 0) {
                out.println("nothing to send");
                return invalid == 0 ? 0 : 1;
            }
            out.println("sending " + total + " document(s) to " + cfg.server() + " ...");
            box.start();
            DeliveryReport r = waitWithProgress(box, total, out);
            for (String q : queued) {
                String where = deliverer.whereIs(q);
                if (where != null) {
                    out.println(q + " is on yProvStore as " + where);
                }
            }
            out.println(r.summary() + (invalid > 0 ? ", invalid " + invalid : ""));
            if (r.note() != null) {
                out.println(r.note());
            }
            if (r.failed() > 0) {
                out.println("refused documents and the server's answers are in "
                        + box.failedDirectory().toAbsolutePath());
            }
            return r.pending() == 0 && r.failed() == 0 && invalid == 0 ? 0 : 1;
        }
    }

    private DeliveryReport waitWithProgress(Outbox box, int total, PrintWriter out) {
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        int shown = -1;
        while (true) {
            Duration left = Duration.between(Instant.now(), deadline);
            DeliveryReport r =
                    box.awaitDelivery(left.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : left);
            int done = r.sent() + r.failed();
            if (total > 1 && done != shown) {
                out.println("  " + done + "/" + total + " done");
                shown = done;
            }
            if (r.pending() == 0 || !Instant.now().isBefore(deadline) || !box.isBusy()) {
                return r;
            }
        }
    }

    /**
     * Workflow documents last: on yProvStore a workflow document names the PIDs of the run documents it links, so they
     * must be there first.
     */
    static List<Path> runDocumentsFirst(List<Path> files) {
        List<Path> first = new ArrayList<>();
        List<Path> last = new ArrayList<>();
        for (Path f : files) {
            (links(f) ? last : first).add(f);
        }
        first.addAll(last);
        return first;
    }

    /** Whether the file records links to run documents (a cheap text search; the validator reads it anyway). */
    private static boolean links(Path f) {
        try (java.util.Scanner s = new java.util.Scanner(f, java.nio.charset.StandardCharsets.UTF_8)) {
            return s.findWithinHorizon(java.util.regex.Pattern.quote(":document_ref\""), 0) != null;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    static String idFromFileName(Path f) {
        String n = f.getFileName().toString();
        n = n.endsWith(".prov.json")
                ? n.substring(0, n.length() - 10)
                : n.endsWith(".json") ? n.substring(0, n.length() - 5) : n;
        return DocumentIds.isValid(n) ? n : DocumentIds.derive(n);
    }
}
