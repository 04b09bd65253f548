package org.provhooks.core.yprov;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side both yProv clients share: one JDK client (TLS verification on, timeouts set, no redirects), and
 * every way a request can fail turned into a one-line {@link YProvException} that names the host, never a credential.
 */
final class YProvHttp {
    static final JsonFactory JSON = JsonFactory.builder().build();

    private final YProvConfig config;
    private final HttpClient http;

    YProvHttp(YProvConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code scheme://host:port} of the server, for messages. */
    String host() {
        URI u = config.server();
        return u.getScheme() + "://" + u.getAuthority();
    }

    HttpResponse<String> send(HttpRequest.Builder b, String what) throws YProvException {
        HttpRequest req = b.timeout(config.requestTimeout()).build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw retryable(
                    what + ": yProv at " + host() + " did not accept a connection within "
                            + config.connectTimeout().toSeconds() + " s",
                    e);
        } catch (HttpTimeoutException e) {
            throw retryable(
                    what + ": yProv at " + host() + " did not answer within "
                            + config.requestTimeout().toSeconds() + " s",
                    e);
        } catch (ConnectException e) {
            throw retryable(
                    what + ": cannot connect to yProv at " + host() + " (is the server running and the URL right?)", e);
        } catch (IOException e) {
            Throwable c = e.getCause();
            if (c instanceof UnresolvedAddressException || e instanceof UnknownHostException) {
                throw retryable(what + ": unknown host in yProv URL " + host(), e);
            }
            throw retryable(
                    what + ": connection to yProv at " + host() + " failed: "
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw retryable(what + ": interrupted", e);
        }
    }

    private static YProvException retryable(String message, Throwable cause) {
        return new YProvException(YProvException.Kind.RETRYABLE, 0, message, null, cause);
    }

    /** What a failed answer means for delivery: 5xx, 408 and 429 are retried, 401 is credentials, the rest refusals. */
    static YProvException.Kind kindOf(int status) {
        return status >= 500 || status == 408 || status == 429
                ? YProvException.Kind.RETRYABLE
                : status == 401 ? YProvException.Kind.AUTH : YProvException.Kind.REJECTED;
    }

    /** The string value of a top-level field of a JSON object, or null. */
    static String field(String body, String name) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (key.equals(name) && v.isScalarValue() && v != JsonToken.VALUE_NULL) {
                    return p.getText();
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** A body's text cut to one short line, for messages. */
    static String excerpt(String body) {
        String b = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return b.length() > 200 ? b.substring(0, 200) + "…" : b;
    }
}
