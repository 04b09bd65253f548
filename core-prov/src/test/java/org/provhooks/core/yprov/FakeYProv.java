package org.provhooks.core.yprov;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/** WireMock stubs that answer like the yProv v0 service (facts from its API description). */
public final class FakeYProv {
    private FakeYProv() {}

    public static WireMockServer start() {
        return start(0);
    }

    /** Starts on {@code port} (0: any free port). */
    public static WireMockServer start(int port) {
        WireMockServer s = new WireMockServer(
                port == 0
                        ? WireMockConfiguration.options().dynamicPort()
                        : WireMockConfiguration.options().port(port));
        happyPath(s); // before start: no request may see a server without its stubs
        s.start();
        return s;
    }

    /** Login gives token tok-1; uploads with it succeed; deletes of missing documents answer 404. */
    public static void happyPath(WireMockServer s) {
        s.stubFor(post(urlPathEqualTo("/api/v0/auth/login"))
                .atPriority(10)
                .willReturn(aResponse().withStatus(401).withBody("{\"error\": \"Please register!\"}")));
        s.stubFor(post(urlPathEqualTo("/api/v0/auth/login"))
                .withRequestBody(equalTo("{\"user\":\"jdoe\",\"password\":\"s3cret\"}"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"result\": \"tok-1\"}")));
        s.stubFor(put(urlMatching("/api/v0/documents/[^/]+"))
                .withHeader("Authorization", equalTo("Bearer tok-1"))
                .withHeader("Content-Type", equalTo("application/json"))
                .willReturn(aResponse().withStatus(201).withBody("{\"message\": \"Document uploaded\"}")));
        s.stubFor(delete(urlMatching("/api/v0/documents/[^/]+"))
                .withHeader("Authorization", equalTo("Bearer tok-1"))
                .willReturn(aResponse().withStatus(404).withBody("{\"error\": \"Document not found\"}")));
    }

    public static YProvConfig config(WireMockServer s) throws YProvConfigException {
        return YProvConfig.of("http://localhost:" + s.port(), "jdoe", "s3cret", null);
    }
}
