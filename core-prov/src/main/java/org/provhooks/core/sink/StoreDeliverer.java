package org.provhooks.core.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.provhooks.core.ml.MalformedRunDocumentException;
import org.provhooks.core.ml.MlRunInfo;
import org.provhooks.core.ml.MlRunLink;
import org.provhooks.core.ml.MlRunLinker;
import org.provhooks.core.util.Hashing;
import org.provhooks.core.yprov.StoreMetadata;
import org.provhooks.core.yprov.StoreUploadCopy;
import org.provhooks.core.yprov.StoredDocument;
import org.provhooks.core.yprov.YProvException;
import org.provhooks.core.yprov.YProvStoreClient;

/**
 * Delivers outbox documents to yProvStore, multi-level:
 *
 * <ol>
 *   <li>A workflow document waits (retried later) while a run document it links is still pending in the outbox, so
 *       that run documents go first and get their PIDs.
 *   <li>The uploaded copy names each linked run document's PID ({@code provhooks:yprov_pid}, see
 *       {@link StoreUploadCopy}).
 *   <li>A document whose lineage was uploaded before becomes its next version ({@code parent_document_pid}); the same
 *       bytes are never uploaded twice. A lineage is a run: for a workflow document, its session (Nextflow keeps it
 *       across {@code -resume}) or its engine, workflow and run id; otherwise the outbox id. Its last PID is kept in
 *       {@link StoreRecords}.
 *   <li>The workflow document is linked to its run documents ({@code PATCH /documents/{pid}/related}) and every
 *       document gets a title, description, keywords and author ({@code PATCH …/metadata}).
 * </ol>
 *
 * A step that fails after the upload is retried on the next attempt without uploading again. A server that refuses a
 * link or metadata (an older store without those endpoints) costs a warning, not the document.
 *
 * <!-- given: YProvStoreClient store, Path outboxDir | import org.provhooks.core.sink.RetryPolicy -->
 * <pre>{@code
 * StoreDeliverer deliverer = new StoreDeliverer(store, outboxDir, System.err::println);
 * Outbox outbox = Outbox.open(outboxDir, deliverer, RetryPolicy.DEFAULT, System.err::println);
 * }</pre>
 */
public final class StoreDeliverer implements Outbox.Deliverer {
    private final YProvStoreClient client;
    private final Path pendingDir;
    private final StoreRecords records;
    private final Consumer<String> warn;
    private volatile boolean warnedExtras;

    /**
     * @param outboxDir the outbox's directory (its {@code pending/} is watched for linked documents; the lineage
     *                  records live beside it)
     * @param warn      where the one warning about refused links or metadata goes
     */
    public StoreDeliverer(YProvStoreClient client, Path outboxDir, Consumer<String> warn) {
        this.client = client;
        this.pendingDir = outboxDir.resolve("pending");
        this.records = StoreRecords.open(outboxDir, client.config().server());
        this.warn = warn;
    }

    /** Where the outbox document {@code documentId} last went on the store, or null when it has not reached it. */
    public StoreRecords.Lineage lineageOf(String documentId) {
        return records.get(documentKey(documentId));
    }

    @Override
    public void deliver(String id, Path file) throws YProvException {
        StoreUploadCopy copy;
        try {
            copy = StoreUploadCopy.make(file, this::pidOf, pendingDir);
        } catch (IOException e) {
            throw new YProvException(
                    YProvException.Kind.REJECTED, 0, id + " is not a PROV-JSON document: " + e.getMessage(), null, e);
        }
        try {
            for (String ref : copy.references()) {
                if (!ref.equals(id) && Files.exists(pendingDir.resolve(ref + Outbox.SUFFIX))) {
                    throw new YProvException(
                            YProvException.Kind.RETRYABLE,
                            0,
                            id + " waits for its run document " + ref + " to reach the store first",
                            null,
                            null);
                }
            }
            MlRunLink run = copy.workflow().isEmpty() ? mlRunOf(file) : null;
            MlRunInfo ml = run == null ? null : run.info();
            String key = lineageKey(id, copy, ml);
            String sha = Hashing.sha256(copy.file());
            StoreRecords.Lineage last = records.get(key);
            StoreRecords.Lineage now = last;
            if (last == null || !sha.equals(last.sha256())) {
                StoredDocument d = client.upload(copy.file(), id + Outbox.SUFFIX, last == null ? null : last.pid());
                boolean continues = last != null && d.parentDocumentPid() != null;
                now = new StoreRecords.Lineage(
                        key, d.pid(), d.version(), continues ? last.first() : d.pid(), sha, List.of(), false);
                records.put(now);
            }
            if (!key.equals(documentKey(id))) {
                // The document's own record names where it went (the PID its links and messages use).
                records.put(new StoreRecords.Lineage(
                        documentKey(id), now.pid(), now.version(), now.first(), sha, now.related(), true));
            }
            if (ml != null) {
                // A workflow document pushed under other ids ('provhooks push' names documents by their files) still
                // finds its run document: by the digest its entity records.
                records.put(new StoreRecords.Lineage(
                        contentKey(run.sha256()), now.pid(), now.version(), now.first(), sha, List.of(), true));
            }
            List<String> related = new ArrayList<>(copy.linkedPids().values());
            String pid = now.pid();
            if (!related.isEmpty() && !related.equals(now.related())) {
                if (extra(() -> client.relate(pid, related), "links")) {
                    now = now.withRelated(related);
                    records.put(now);
                }
            }
            if (!now.described()) {
                StoreMetadata m = metadata(id, copy, ml);
                if (extra(() -> client.describe(pid, m), "metadata")) {
                    records.put(now.asDescribed());
                }
            }
        } catch (IOException e) {
            throw new YProvException(
                    YProvException.Kind.RETRYABLE, 0, "cannot keep the store's record of " + id + ": " + e, null, e);
        } finally {
            try {
                Files.deleteIfExists(copy.file());
            } catch (IOException e) {
                // a hidden .tmp file is cleaned up with the outbox's stale temporaries
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws YProvException;
    }

    /**
     * Links and metadata: retried when the server is away, skipped (with one warning) when it refuses them, so that
     * an older store or a refused link never costs the document itself.
     *
     * @return whether the step is done (or given up)
     */
    private boolean extra(Step step, String what) throws YProvException {
        try {
            step.run();
            return true;
        } catch (YProvException e) {
            if (e.kind() != YProvException.Kind.REJECTED) {
                throw e;
            }
            if (!warnedExtras) {
                warnedExtras = true;
                warn.accept("yProvStore did not take the documents' " + what + " (" + e.getMessage()
                        + "); the documents themselves are stored");
            }
            return true;
        }
    }

    /** The PID of a linked run document (by its outbox id, else its content), when it reached this store. */
    private String pidOf(String documentId, String sha256) {
        StoreRecords.Lineage l = records.get(documentKey(documentId));
        if (l == null && sha256 != null) {
            l = records.get(contentKey(sha256));
        }
        return l == null ? null : l.pid();
    }

    private static String contentKey(String sha256) {
        return "sha256:" + sha256;
    }

    private static String documentKey(String id) {
        return "doc:" + id;
    }

    /** The yProv4ML run a document records, or null when it is none (or too large to be one). */
    private static MlRunLink mlRunOf(Path file) {
        try {
            return MlRunLinker.read(file);
        } catch (MalformedRunDocumentException e) {
            return null;
        }
    }

    /**
     * A run's lineage key: the same for the run pushed again, different for another run. A yProv4ML run document's
     * run is its PID (the document of a task cached by {@code -resume} is the same run, so it is not uploaded again).
     */
    static String lineageKey(String id, StoreUploadCopy copy, MlRunInfo ml) {
        if (ml != null && ml.pid() != null) {
            return "mlrun:" + ml.pid();
        }
        var w = copy.workflow();
        String engine = w.getOrDefault("engine", "");
        if (w.get("session_id") != null) {
            return "session:" + engine.toLowerCase(Locale.ROOT) + ":" + w.get("session_id");
        }
        if (w.get("run_id") != null) {
            return "run:" + engine.toLowerCase(Locale.ROOT) + ":" + w.getOrDefault("label", "") + ":" + w.get("run_id");
        }
        return documentKey(id);
    }

    /** Title, description, keywords and author from the document: its workflow run, else its yProv4ML run. */
    static StoreMetadata metadata(String id, StoreUploadCopy copy, MlRunInfo ml) {
        var w = copy.workflow();
        if (!w.isEmpty()) {
            String engine = w.getOrDefault("engine", "workflow");
            String name = w.getOrDefault("label", id);
            String run = w.getOrDefault("run_name", w.getOrDefault("run_id", id));
            String status = w.get("status");
            StringBuilder d = new StringBuilder("W3C PROV provenance of the ")
                    .append(engine)
                    .append(" run ")
                    .append(run)
                    .append(name.equals(run) ? "" : " of " + name)
                    .append(": ")
                    .append(copy.tasks())
                    .append(copy.tasks() == 1 ? " task" : " tasks");
            if (!copy.references().isEmpty()) {
                d.append(", ").append(copy.references().size()).append(" linked ML run document(s)");
            }
            if (status != null) {
                d.append(", ").append(status.toLowerCase(Locale.ROOT));
            }
            if (w.get("startTime") != null) {
                d.append(", started ").append(w.get("startTime"));
            }
            d.append(". Recorded by ProvHooks.");
            List<String> keywords = new ArrayList<>(List.of(
                    org.provhooks.core.workflow.EngineKind.of(engine).shortName(engine), "workflow", "provhooks"));
            if (status != null) {
                keywords.add(1, status.toLowerCase(Locale.ROOT));
            }
            String title = (name.equals(run) ? "" : name + " — ") + engine + " run " + run;
            return new StoreMetadata(title, d.toString(), keywords, copy.person());
        }
        if (ml != null) {
            String experiment = ml.experiment() == null ? "" : " of experiment " + ml.experiment();
            return new StoreMetadata(
                    "yProv4ML run " + ml.runName() + experiment,
                    "W3C PROV provenance of the ML run " + ml.runName() + experiment + " (" + ml.parameters()
                            + " parameter(s), " + ml.metrics() + " metric(s)), linked from its workflow task by"
                            + " ProvHooks.",
                    List.of("yprov4ml", "ml-run", "provhooks"),
                    copy.person());
        }
        return new StoreMetadata(
                id, "W3C PROV document " + id + " pushed by ProvHooks.", List.of("provhooks"), copy.person());
    }
}
