package org.provhooks.core.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.yprov.FakeYProv;
import org.provhooks.core.yprov.YProvConfig;
import org.provhooks.core.yprov.YProvStoreStandIn;

/** The push and login commands against a fake yProv over real HTTP. Credentials come from a config file. */
class PushCommandTest {
    @TempDir
    Path dir;

    WireMockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Runs the CLI with the password in the environment and an empty config file (hermetic). */
    private CliTest.Run cli(String... args) throws Exception {
        Path empty = dir.resolve("empty.properties");
        Files.writeString(empty, "");
        return CliTest.cli(Map.of(YProvConfig.ENV_PASSWORD, "s3cret", YProvConfig.ENV_CONFIG, empty.toString()), args);
    }

    @Test
    void pushesValidFilesWithProgressAndSummaryAndSkipsInvalidOnes() throws Exception {
        server = FakeYProv.start();
        CliTest.cli("demo", "--out", dir.resolve("p").toString());
        Path wf = dir.resolve("p/demo-workflow.prov.json");
        Path ml = dir.resolve("p/ml/train_0/prov_train_GR0_0.json");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"entity\": {}}");
        CliTest.Run r = cli(
                "push",
                "--url",
                "http://localhost:" + server.port(),
                "--user",
                "jdoe",
                "--outbox",
                dir.resolve("outbox").toString(),
                wf.toString(),
                ml.toString(),
                bad.toString());
        assertTrue(r.out().contains("queued " + wf + " as demo-workflow"), r.out());
        assertTrue(r.out().contains("2/2 done"), r.out());
        assertTrue(r.out().contains("sent 2, pending 0, failed 0, invalid 1"), r.out());
        assertTrue(r.err().contains("not pushed: " + bad), r.err());
        assertEquals(1, r.code(), "an invalid file makes the run fail");
        server.verify(1, putRequestedFor(urlEqualTo("/api/v0/documents/demo-workflow")));
    }

    @Test
    void serverDownKeepsTheDocumentAndPushOutboxSendsItLater() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path f = dir.resolve("run-7.prov.json");
        Files.writeString(f, "{\"prefix\": {\"ex\": \"https://e/\"}, \"entity\": {\"ex:e\": {}}}");
        String url = "http://127.0.0.1:" + port;
        String outbox = dir.resolve("outbox").toString();
        CliTest.Run down =
                cli("push", "--url", url, "--user", "jdoe", "--outbox", outbox, "--timeout", "1", f.toString());
        assertEquals(1, down.code());
        assertTrue(down.out().contains("sent 0, pending 1, failed 0"), down.out());
        assertTrue(down.out().contains("provhooks push --outbox"), down.out());
        assertTrue(Files.exists(dir.resolve("outbox/pending/run-7.prov.json")));

        server = FakeYProv.start(port);
        CliTest.Run later = cli("push", "--url", url, "--user", "jdoe", "--outbox", outbox);
        assertEquals(0, later.code(), later.out() + later.err());
        assertTrue(later.out().contains("sent 1, pending 0, failed 0"), later.out());
        server.verify(1, putRequestedFor(urlEqualTo("/api/v0/documents/run-7")));
    }

    @Test
    void badInputGivesOneLine() throws Exception {
        Path f = dir.resolve("x.prov.json");
        Files.writeString(f, "{\"prefix\": {\"ex\": \"https://e/\"}, \"entity\": {\"ex:e\": {}}}");
        CliTest.Run badId = cli("push", "--url", "http://localhost:1", "--id", "Bad_Id", f.toString());
        assertEquals(1, badId.code());
        assertTrue(badId.err().trim().startsWith("provhooks push: document id 'Bad_Id' is not valid"), badId.err());
        CliTest.Run badUrl = cli("push", "--url", "localhost:3000", f.toString());
        assertEquals(1, badUrl.code());
        assertTrue(badUrl.err().contains("malformed yProv URL"), badUrl.err());
        assertEquals(1, badUrl.err().trim().split("\n").length, badUrl.err());
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        CliTest.Run badOutbox = cli(
                "push",
                "--url",
                "http://localhost:1",
                "--user",
                "jdoe",
                "--outbox",
                file.resolve("o").toString(),
                f.toString());
        assertEquals(1, badOutbox.code());
        assertTrue(badOutbox.err().contains("cannot use outbox directory"), badOutbox.err());
        assertFalse(badOutbox.err().contains("\tat "));
    }

    @Test
    void loginChecksCredentials() throws Exception {
        server = FakeYProv.start();
        CliTest.Run ok = cli("login", "--url", "http://localhost:" + server.port(), "--user", "jdoe");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(
                ok.out()
                        .contains("logged in to the yProv v0 service at http://localhost:" + server.port()
                                + "/api/v0/ as jdoe"),
                ok.out());
        CliTest.Run wrong = cli("login", "--url", "http://localhost:" + server.port(), "--user", "mallory");
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("wrong user or password"), wrong.err());
        assertEquals(1, wrong.err().trim().split("\n").length);
    }

    /** The same commands against yProvStore, found by asking the server. */
    @Test
    void loginAndPushWorkWithYProvStore() throws Exception {
        Path empty = dir.resolve("empty.properties");
        Files.writeString(empty, "");
        Map<String, String> env =
                Map.of(YProvConfig.ENV_PASSWORD, YProvStoreStandIn.PASSWORD, YProvConfig.ENV_CONFIG, empty.toString());
        try (YProvStoreStandIn store = YProvStoreStandIn.start(0)) {
            CliTest.Run login = CliTest.cli(env, "login", "--url", store.url(), "--user", YProvStoreStandIn.EMAIL);
            assertEquals(0, login.code(), login.err());
            assertEquals(
                    "logged in to yProvStore at " + store.url() + "/ as " + YProvStoreStandIn.EMAIL,
                    login.out().trim());

            CliTest.cli("demo", "--out", dir.resolve("p").toString());
            Path wf = dir.resolve("p/demo-workflow.prov.json");
            Path ml = dir.resolve("p/ml/train_0/prov_train_GR0_0.json");
            String[] push = {
                "push",
                "--url",
                store.url(),
                "--user",
                YProvStoreStandIn.EMAIL,
                "--outbox",
                dir.resolve("outbox").toString(),
                wf.toString(),
                ml.toString()
            };
            CliTest.Run r = CliTest.cli(env, push);
            assertEquals(0, r.code(), r.out() + r.err());
            List<YProvStoreStandIn.Stored> docs = store.documents();
            assertEquals(2, docs.size());
            String wfPid = docs.get(1).pid();
            assertTrue(r.out().contains("demo-workflow is on yProvStore as pid " + wfPid + " (version 1)"), r.out());
            assertEquals(
                    Map.of(wfPid, List.of(docs.get(0).pid())),
                    store.related(),
                    "the workflow document finds its run document by the digest its entity records");

            // Pushing the same files again uploads nothing; a changed workflow document is its next version.
            CliTest.Run again = CliTest.cli(env, push);
            assertEquals(0, again.code(), again.err());
            assertEquals(2, store.documents().size());
            Files.writeString(wf, Files.readString(wf).replace("\"Completed\"", "\"Failed\""));
            CliTest.Run changed = CliTest.cli(env, push);
            assertEquals(0, changed.code(), changed.err());
            assertEquals(3, store.documents().size());
            assertEquals(wfPid, store.documents().get(2).parent());
            assertTrue(changed.out().contains("(version 2)"), changed.out());
        }
    }
}
