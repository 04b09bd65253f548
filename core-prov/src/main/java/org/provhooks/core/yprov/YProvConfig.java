package org.provhooks.core.yprov;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.provhooks.core.config.ConfigException;
import org.provhooks.core.config.ConfigFile;

/**
 * Where and how to reach a yProv server, the v0 service or yProvStore. Built from explicit values, then the
 * environment ({@value #ENV_URL}, {@value #ENV_USER}, {@value #ENV_PASSWORD}, {@value #ENV_TOKEN}, {@value #ENV_API}),
 * then a properties file ({@value #ENV_CONFIG} or {@code ~/.provhooks/config.properties}, keys {@code yprov.url},
 * {@code yprov.user}, {@code yprov.password}, {@code yprov.token}, {@code yprov.api}). On yProvStore the user is the
 * account's email. The password and token are never printed by {@link #toString()}.
 *
 * <pre>{@code
 * YProvConfig cfg = YProvConfig.resolve(Map.of(), System.getenv());   // empty when no URL is configured
 * }</pre>
 *
 * @param apiBase        the v0 API base, e.g. {@code http://localhost:3000/api/v0/}
 * @param server         the server's root as the user gave it, e.g. {@code http://localhost:8000/} (yProvStore's base)
 * @param api            which service it is, or null to ask the server ({@link YProvDetector})
 * @param user           user name (yProvStore: email) for {@code /auth/login}, or null
 * @param password       password, or null
 * @param token          a ready bearer token, or null
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout time allowed for one request and its answer
 */
public record YProvConfig(
        URI apiBase,
        URI server,
        YProvApi api,
        String user,
        String password,
        String token,
        Duration connectTimeout,
        Duration requestTimeout) {
    public static final String ENV_URL = "PROVHOOKS_YPROV_URL";
    public static final String ENV_USER = "PROVHOOKS_YPROV_USER";
    public static final String ENV_PASSWORD = "PROVHOOKS_YPROV_PASSWORD";
    public static final String ENV_TOKEN = "PROVHOOKS_YPROV_TOKEN";
    /** {@code v0}, {@code store} or {@code auto} (the default: ask the server). */
    public static final String ENV_API = "PROVHOOKS_YPROV_API";

    public static final String ENV_CONFIG = ConfigFile.ENV_CONFIG;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** A configuration for {@code url} with credentials; the URL is checked and normalised. */
    public static YProvConfig of(String url, String user, String password, String token) throws YProvConfigException {
        return new YProvConfig(
                apiBase(url),
                server(url),
                url.trim().replaceAll("/+$", "").endsWith("/api/v0") ? YProvApi.V0 : null,
                blankToNull(user),
                blankToNull(password),
                blankToNull(token),
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT);
    }

    public YProvConfig withTimeouts(Duration connect, Duration request) {
        return new YProvConfig(apiBase, server, api, user, password, token, connect, request);
    }

    /** This configuration for a known service ({@code null}: ask the server); a URL ending in /api/v0 stays v0. */
    public YProvConfig withApi(YProvApi api) {
        YProvApi a = this.api == YProvApi.V0 && api == null ? YProvApi.V0 : api;
        return new YProvConfig(apiBase, server, a, user, password, token, connectTimeout, requestTimeout);
    }

    /**
     * Resolves the configuration: {@code explicit} values (keys {@code url}, {@code user}, {@code password},
     * {@code token}, {@code api}) win over the environment, which wins over the config file.
     *
     * @return null when no URL is configured anywhere (pushing is off)
     * @throws YProvConfigException with one line when a value is malformed or credentials are missing
     */
    public static YProvConfig resolve(Map<String, String> explicit, Map<String, String> env)
            throws YProvConfigException {
        Properties file = loadFile(env);
        String url = first(explicit.get("url"), env.get(ENV_URL), file.getProperty("yprov.url"));
        if (url == null) {
            return null;
        }
        String user = first(explicit.get("user"), env.get(ENV_USER), file.getProperty("yprov.user"));
        String password = first(explicit.get("password"), env.get(ENV_PASSWORD), file.getProperty("yprov.password"));
        String token = first(explicit.get("token"), env.get(ENV_TOKEN), file.getProperty("yprov.token"));
        String api = first(explicit.get("api"), env.get(ENV_API), file.getProperty("yprov.api"));
        return configured(url, user, password, token).withApi(YProvApi.parse(api));
    }

    /**
     * A configuration for a server the user configured: a malformed URL is reported first, then missing credentials
     * (a token, or a user and a password).
     *
     * @throws YProvConfigException with one line saying what to set
     */
    public static YProvConfig configured(String url, String user, String password, String token)
            throws YProvConfigException {
        apiBase(url);
        if (blankToNull(token) == null && (blankToNull(user) == null || blankToNull(password) == null)) {
            throw new YProvConfigException("yProv server " + url + " is configured but no credentials are: set "
                    + ENV_USER + " and " + ENV_PASSWORD + " (or " + ENV_TOKEN + ")");
        }
        return of(url, user, password, token);
    }

    /** The server's root URL, with a trailing slash and without {@code /api/v0}. */
    static URI server(String url) throws YProvConfigException {
        URI v0 = apiBase(url);
        String path = v0.getPath().substring(0, v0.getPath().length() - "api/v0/".length());
        try {
            return new URI(v0.getScheme(), null, v0.getHost(), v0.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new YProvConfigException("malformed yProv URL '" + url + "': " + e.getReason());
        }
    }

    private static Properties loadFile(Map<String, String> env) throws YProvConfigException {
        try {
            return ConfigFile.load(env);
        } catch (ConfigException e) {
            throw new YProvConfigException(e.getMessage());
        }
    }

    /**
     * The API base for a server URL: {@code http://host:3000} and {@code http://host:3000/api/v0} both give
     * {@code http://host:3000/api/v0/}.
     */
    static URI apiBase(String url) throws YProvConfigException {
        if (url == null || url.isBlank()) {
            throw new YProvConfigException("the yProv URL is empty; set it like http://localhost:3000");
        }
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new YProvConfigException(
                    "malformed yProv URL '" + url + "': " + e.getReason() + " (expected e.g. http://localhost:3000)");
        }
        if (u.getScheme() == null
                || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                || u.getHost() == null) {
            throw new YProvConfigException("malformed yProv URL '" + url
                    + "': use http:// or https:// with a host, e.g. http://localhost:3000");
        }
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("/+$", "");
        if (!path.endsWith("/api/v0")) {
            path = path + "/api/v0";
        }
        try {
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), path + "/", null, null);
        } catch (URISyntaxException e) {
            throw new YProvConfigException("malformed yProv URL '" + url + "': " + e.getReason());
        }
    }

    private static String first(String... values) {
        return ConfigFile.first(values);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "YProvConfig[" + server + (api == null ? "" : " " + api.setting()) + ", user=" + user + ", password="
                + (password == null ? "none" : "***") + ", token=" + (token == null ? "none" : "***") + "]";
    }
}
