package org.provhooks.core.cli;

import java.util.HashMap;
import java.util.Map;
import org.provhooks.core.yprov.YProvConfig;
import org.provhooks.core.yprov.YProvConfigException;
import picocli.CommandLine.Option;

/** The yProv connection options shared by {@code push} and {@code login}; the environment fills the rest. */
final class YProvOptions {
    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "yProv server, e.g. http://localhost:3000 (default: $PROVHOOKS_YPROV_URL)")
    String url;

    @Option(
            names = "--user",
            paramLabel = "USER",
            description = "user name (default: $PROVHOOKS_YPROV_USER); the password "
                    + "comes from $PROVHOOKS_YPROV_PASSWORD or the config file, never from the command line")
    String user;

    @Option(
            names = "--api",
            paramLabel = "API",
            description = "v0 (the yProv v0 service), store (yProvStore) or auto: ask the server"
                    + " (default: $PROVHOOKS_YPROV_API, else auto)")
    String api;

    /** The resolved configuration; a one-line error when none is configured. */
    YProvConfig resolve(Map<String, String> env) throws YProvConfigException {
        Map<String, String> explicit = new HashMap<>();
        if (url != null) {
            explicit.put("url", url);
        }
        if (user != null) {
            explicit.put("user", user);
        }
        if (api != null) {
            explicit.put("api", api);
        }
        YProvConfig cfg = YProvConfig.resolve(explicit, env);
        if (cfg == null) {
            throw new YProvConfigException("no yProv server configured: pass --url or set " + YProvConfig.ENV_URL);
        }
        return cfg;
    }
}
