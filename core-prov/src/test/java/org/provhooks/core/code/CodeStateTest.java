package org.provhooks.core.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.json.ProvJsonReader;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.session.RunSession;
import org.provhooks.core.session.RunSettings;
import org.provhooks.core.session.RunStart;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;

/** The code state of real git repositories made with JGit: clean, dirty, detached, none; and in a workflow document. */
class CodeStateTest {
    @TempDir
    Path dir;

    private Git repo(Path at) throws Exception {
        Git git = Git.init().setDirectory(at.toFile()).setInitialBranch("main").call();
        StoredConfig c = git.getRepository().getConfig();
        c.setString("remote", "origin", "url", "https://ci-bot:ghp_SeCrEtToKeN123@github.com/lab/pipeline.git");
        c.save();
        Files.writeString(at.resolve("main.nf"), "workflow { println 'hi' }\n");
        Files.writeString(at.resolve("nextflow.config"), "params.x = 1\n");
        git.add().addFilepattern(".").call();
        git.commit()
                .setMessage("first")
                .setAuthor("t", "t@e.org")
                .setCommitter("t", "t@e.org")
                .setSign(false)
                .call();
        return git;
    }

    @Test
    void aCleanRepositoryIsItsRemoteWithoutCredentialsItsCommitAndBranch() throws Exception {
        try (Git git = repo(dir.resolve("p"))) {
            String head = git.getRepository().resolve("HEAD").name();
            Files.createDirectories(dir.resolve("p/sub"));
            CodeState s = CodeState.of(dir.resolve("p/sub"), dir.resolve("d.diff"), CodeState.MAX_DIFF_BYTES)
                    .orElseThrow();
            assertEquals(
                    new CodeState("https://github.com/lab/pipeline.git", head, "main", false, null, null, 0, false), s);
            assertFalse(Files.exists(dir.resolve("d.diff")));
        }
    }

    @Test
    void uncommittedChangesAreDigestedAndWrittenMaskedWithoutUntrackedFiles() throws Exception {
        try (Git git = repo(dir.resolve("p"))) {
            Files.writeString(dir.resolve("p/main.nf"), "workflow { println 'changed' }\n");
            Files.writeString(dir.resolve("p/nextflow.config"), "params.x = 2\nparams.db_password = 'hunter2-Pw99'\n");
            git.add().addFilepattern("nextflow.config").call(); // staged changes count too
            Files.writeString(dir.resolve("p/scratch.txt"), "untracked\n");
            Path diff = dir.resolve("out/run-code.diff");
            CodeState s = CodeState.of(dir.resolve("p"), diff, CodeState.MAX_DIFF_BYTES)
                    .orElseThrow();
            assertTrue(s.dirty());
            assertEquals(diff.toAbsolutePath(), s.diffFile());
            assertTrue(s.diffSha256().matches("[0-9a-f]{64}"));
            String text = Files.readString(diff);
            assertTrue(text.contains("+workflow { println 'changed' }"), text);
            assertTrue(text.contains("+params.x = 2"), text);
            assertFalse(text.contains("hunter2-Pw99"), "secrets masked: " + text);
            assertFalse(text.contains("scratch.txt"), "untracked files are not part of the code state");
            assertFalse(s.truncated());
            assertTrue(s.diffBytes() >= text.length() - 20);

            CodeState cut =
                    CodeState.of(dir.resolve("p"), dir.resolve("cut.diff"), 40).orElseThrow();
            assertTrue(cut.truncated());
            assertEquals(s.diffSha256(), cut.diffSha256(), "the digest is of the whole diff");
            assertTrue(Files.readString(dir.resolve("cut.diff")).contains("diff cut at 40 of " + s.diffBytes()));

            Files.writeString(dir.resolve("p/main.nf"), "workflow { println 'changed again' }\n");
            CodeState other = CodeState.of(dir.resolve("p"), null, CodeState.MAX_DIFF_BYTES)
                    .orElseThrow();
            assertNotEquals(s.diffSha256(), other.diffSha256());
            assertNull(other.diffFile());
        }
    }

    @Test
    void aDetachedHeadHasNoBranchAndNoRepositoryIsNothing() throws Exception {
        try (Git git = repo(dir.resolve("p"))) {
            String head = git.getRepository().resolve("HEAD").name();
            git.checkout().setName(head).call();
            CodeState s = CodeState.of(dir.resolve("p"), null, 10).orElseThrow();
            assertNull(s.branch());
            assertEquals(head, s.commit());
        }
        Path plain = Files.createDirectories(dir.resolve("plain"));
        // A temporary directory is not inside a repository (unless the machine's /tmp is).
        Optional<CodeState> none = CodeState.of(plain, null, 10);
        assertTrue(none.isEmpty() || !none.get().repository().contains("lab/pipeline"));
    }

    @Test
    void credentialsLeaveEveryKindOfRemote() {
        assertEquals("https://github.com/a/b.git", CodeState.withoutCredentials("https://user:pw@github.com/a/b.git"));
        assertEquals("https://github.com/a/b.git", CodeState.withoutCredentials("https://ghp_tok@github.com/a/b.git"));
        assertEquals("ssh://git@host:2222/a/b.git", CodeState.withoutCredentials("ssh://git:pw@host:2222/a/b.git"));
        assertEquals("git@github.com:a/b.git", CodeState.withoutCredentials("git@github.com:a/b.git"));
        assertEquals("/srv/repos/b.git", CodeState.withoutCredentials("/srv/repos/b.git"));
    }

    @Test
    void theWorkflowDocumentRecordsTheCodeAndUsesItsDiff() throws Exception {
        try (Git git = repo(dir.resolve("p"))) {
            Files.writeString(dir.resolve("p/main.nf"), "workflow { println 'local edit' }\n");
            Files.writeString(dir.resolve("empty.properties"), "");
            RunSettings settings = RunSettings.builder(dir.resolve("out"))
                    .telemetry(false)
                    .resolve(
                            Map.of(
                                    "PROVHOOKS_CONFIG",
                                    dir.resolve("empty.properties").toString()),
                            w -> {});
            try (RunSession s = RunSession.open(
                    RunStart.of("Nextflow", "happy_turing", "main.nf", Instant.parse("2026-01-01T00:00:00Z")),
                    settings,
                    Map.of(),
                    w -> {})) {
                s.recordCodeState(dir.resolve("not-a-repo"), dir.resolve("p"));
                s.finish("Completed", Instant.parse("2026-01-01T00:00:05Z"));
            }
            Document d = ProvJsonReader.read(dir.resolve("out/happy_turing.prov.json"));
            assertEquals(List.of(), Validator.validate(d));
            var wf = d.records(RecordKind.ACTIVITY).stream()
                    .filter(a -> a.attributes().first(Vocab.LEVEL) != null
                            && a.attributes().first(Vocab.LEVEL).lexical().equals("0"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(
                    git.getRepository().resolve("HEAD").name(),
                    wf.attributes().first(Vocab.ph("code_commit")).lexical());
            assertEquals(
                    "https://github.com/lab/pipeline.git",
                    wf.attributes().first(Vocab.ph("code_repository")).lexical());
            assertEquals("main", wf.attributes().first(Vocab.ph("code_branch")).lexical());
            assertEquals("true", wf.attributes().first(Vocab.ph("code_dirty")).lexical());
            Path diff = dir.resolve("out/happy_turing-code.diff");
            assertTrue(Files.readString(diff).contains("local edit"));
            assertTrue(d.records(RecordKind.ENTITY).stream()
                    .anyMatch(e -> e.attributes().first(org.provhooks.core.model.Prov.LOCATION) != null
                            && e.attributes()
                                    .first(org.provhooks.core.model.Prov.LOCATION)
                                    .lexical()
                                    .equals(diff.toAbsolutePath().toString())));
            assertFalse(
                    Files.readString(dir.resolve("out/happy_turing.prov.json")).contains("ghp_SeCrEtToKeN123"));
        }
    }
}
