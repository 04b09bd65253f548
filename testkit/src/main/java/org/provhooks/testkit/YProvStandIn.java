package org.provhooks.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;

/**
 * A yProv v0 server over real HTTP on a free loopback port, answering as the service does: login of {@value #USER} /
 * {@value #PASSWORD} gives a bearer token, uploads with it and {@code Content-Type: application/json} are accepted,
 * deletes of missing documents answer 404. WireMock is a test dependency of the modules that use this class.
 *
 * <!-- given: | import static org.junit.jupiter.api.Assertions.assertEquals -->
 * <pre>{@code
 * try (YProvStandIn yprov = YProvStandIn.start()) {
 *     // run a pipeline pushing to yprov.url() as user YProvStandIn.USER
 *     assertEquals(2, yprov.uploadedIds().size());
 * }
 * }</pre>
 */
public final class YProvStandIn implements AutoCloseable {
    public static final String USER = "jdoe";
    public static final String PASSWORD = "s3cret";
    private static final String TOKEN = "tok";

    private final WireMockServer server;

    private YProvStandIn(WireMockServer server) {
        this.server = server;
    }

    public static YProvStandIn start() {
        WireMockServer s = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        s.stubFor(post(urlPathEqualTo("/api/v0/auth/login"))
                .withRequestBody(equalTo("{\"user\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}"))
                .willReturn(aResponse().withStatus(200).withBody("{\"result\": \"" + TOKEN + "\"}")));
        s.stubFor(delete(urlMatching("/api/v0/documents/.*"))
                .willReturn(aResponse().withStatus(404)));
        s.stubFor(put(urlMatching("/api/v0/documents/.*"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .willReturn(aResponse().withStatus(201)));
        s.start();
        return new YProvStandIn(s);
    }

    /** The server's URL, e.g. {@code http://localhost:41234}. */
    public String url() {
        return "http://localhost:" + server.port();
    }

    /** The document ids uploaded so far, in order. */
    public List<String> uploadedIds() {
        return uploads().stream()
                .map(r -> r.getUrl().substring("/api/v0/documents/".length()))
                .toList();
    }

    /** The bodies uploaded so far, in order. */
    public List<String> uploadedBodies() {
        return uploads().stream().map(LoggedRequest::getBodyAsString).toList();
    }

    private List<LoggedRequest> uploads() {
        return server.findAll(putRequestedFor(urlMatching("/api/v0/documents/.*")));
    }

    @Override
    public void close() {
        server.stop();
    }
}
