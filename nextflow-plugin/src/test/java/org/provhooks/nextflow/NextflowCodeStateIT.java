package org.provhooks.nextflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.testkit.NextflowRun;
import org.provhooks.testkit.ProvQueries;

/** A pipeline launched from a git work tree with a local edit: the document names the commit and the edit. */
class NextflowCodeStateIT {
    @TempDir
    Path dir;

    @Test
    void theLaunchDirectorysCommitAndUncommittedEditAreRecorded() throws Exception {
        NextflowRun.prepare(dir, """
                process HELLO {
                  output: stdout
                  script: "echo hello"
                }
                workflow { HELLO() }
                """, "");
        String head;
        try (Git git = Git.init()
                .setDirectory(dir.toFile())
                .setInitialBranch("analysis")
                .call()) {
            git.add().addFilepattern("main.nf").call();
            head = git.commit()
                    .setMessage("pipeline")
                    .setAuthor("t", "t@e.org")
                    .setCommitter("t", "t@e.org")
                    .setSign(false)
                    .call()
                    .name();
        }
        Files.writeString(dir.resolve("main.nf"), Files.readString(dir.resolve("main.nf")) + "// tuned locally\n");

        NextflowRun.Result r = NextflowRun.launch(dir, Map.of());
        assertEquals(0, r.exitCode(), r.console());
        Document d = r.read();
        ProvRecord wf = ProvQueries.atLevel(d, Vocab.LEVEL_WORKFLOW).get(0);
        assertEquals(head, wf.attributes().first(Vocab.ph("code_commit")).lexical());
        assertEquals("analysis", wf.attributes().first(Vocab.ph("code_branch")).lexical());
        assertEquals("true", wf.attributes().first(Vocab.ph("code_dirty")).lexical());
        String stem = r.document("provenance").getFileName().toString().replace(".prov.json", "");
        Path diff = r.document("provenance").resolveSibling(stem + "-code.diff");
        assertTrue(Files.readString(diff).contains("+// tuned locally"), Files.readString(diff));
    }
}
