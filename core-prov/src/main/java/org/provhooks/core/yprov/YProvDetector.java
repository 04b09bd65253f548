package org.provhooks.core.yprov;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Tells which yProv service a URL leads to, when the configuration does not say: yProvStore answers
 * {@code GET /status} with {@code {"status":"ok"}}; anything else (the v0 service has no such endpoint) is taken as v0,
 * as ProvHooks always did. A URL ending in {@code /api/v0} is v0 without asking.
 *
 * <!-- given: YProvConfig config -->
 * <pre>{@code
 * YProvApi api = YProvDetector.detect(config);   // YProvApi.STORE or YProvApi.V0
 * }</pre>
 */
public final class YProvDetector {
    private YProvDetector() {}

    /**
     * @return the configured API, or the one the server shows
     * @throws YProvException (RETRYABLE) when the server cannot be reached to ask: try again later
     */
    public static YProvApi detect(YProvConfig config) throws YProvException {
        if (config.api() != null) {
            return config.api();
        }
        YProvHttp http = new YProvHttp(config);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(config.server().resolve("status")).GET(), "detecting the yProv API");
        if (r.statusCode() >= 500) {
            throw new YProvException(
                    YProvException.Kind.RETRYABLE,
                    r.statusCode(),
                    "detecting the yProv API: " + http.host() + " answered " + r.statusCode() + " to GET /status; set "
                            + YProvConfig.ENV_API + "=v0 or store to skip the question",
                    r.body(),
                    null);
        }
        return r.statusCode() == 200 && "ok".equalsIgnoreCase(YProvHttp.field(r.body(), "status"))
                ? YProvApi.STORE
                : YProvApi.V0;
    }
}
