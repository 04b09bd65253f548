package org.provhooks.core.yprov;

import java.util.Locale;

/**
 * Which yProv service a URL leads to: the v0 service (Flask + Neo4j, documents under {@code /api/v0} with ids chosen
 * by the client) or yProvStore (FastAPI, server-assigned persistent identifiers and immutable versions). Set with
 * {@value YProvConfig#ENV_API} ({@code v0}, {@code store} or {@code auto}) or the system's own setting; {@code auto}
 * asks the server ({@link YProvDetector}).
 *
 * <pre>{@code
 * YProvApi api = YProvApi.parse(System.getenv("PROVHOOKS_YPROV_API"));   // null: detect from the server
 * }</pre>
 */
public enum YProvApi {
    /** The v0 REST service: {@code PUT /api/v0/documents/{id}}. */
    V0("v0"),
    /** yProvStore ("yProv 2"): {@code POST /documents}, PIDs and versions. */
    STORE("store");

    private final String setting;

    YProvApi(String setting) {
        this.setting = setting;
    }

    /** The value users write for it. */
    public String setting() {
        return setting;
    }

    /** Words for messages. */
    public String describe() {
        return this == V0 ? "yProv v0 service" : "yProvStore";
    }

    /**
     * @return the API named by {@code value}, or null for {@code auto} / unset (detect)
     * @throws YProvConfigException (one line) for anything else
     */
    public static YProvApi parse(String value) throws YProvConfigException {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("auto")) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (YProvApi a : values()) {
            if (a.setting.equals(v)) {
                return a;
            }
        }
        if (v.equals("yprovstore") || v.equals("yprov2") || v.equals("2")) {
            return STORE;
        }
        throw new YProvConfigException("unknown yProv API '" + value + "': set " + YProvConfig.ENV_API
                + " (or the system's setting) to v0, store or auto");
    }
}
