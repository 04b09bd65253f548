package org.provhooks.core.openlineage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineageClientUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * A local OpenLineage HTTP backend for tests (WireMock on {@code /api/v1/lineage}), answering every event with one
 * status; what it received is read back with openlineage-java's own model. Shared with the engine modules' tests
 * (core-prov's test jar).
 *
 * <pre>{@code
 * try (LineageBackend backend = LineageBackend.start(201)) {
 *     // ... run with openlineage { url = backend.url() } ...
 *     List<OpenLineage.RunEvent> events = backend.events();
 * }
 * }</pre>
 */
public final class LineageBackend implements AutoCloseable {
    public static final String PATH = "/api/v1/lineage";
    private final WireMockServer server;

    private LineageBackend(WireMockServer server) {
        this.server = server;
    }

    public static LineageBackend start(int status) {
        WireMockServer s = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        s.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(status)));
        s.start();
        return new LineageBackend(s);
    }

    public String url() {
        return "http://localhost:" + server.port();
    }

    public WireMockServer server() {
        return server;
    }

    /** The events received so far, in order, parsed by openlineage-java. */
    public List<RunEvent> events() {
        List<RunEvent> out = new ArrayList<>();
        for (String body : bodies()) {
            out.add(OpenLineageClientUtils.runEventFromJson(body));
        }
        return out;
    }

    /** The request bodies received so far, as sent. */
    public List<String> bodies() {
        List<String> out = new ArrayList<>();
        server.findAll(postRequestedFor(urlPathEqualTo(PATH))).forEach(r -> out.add(r.getBodyAsString()));
        return out;
    }

    @Override
    public void close() {
        server.stop();
    }
}
