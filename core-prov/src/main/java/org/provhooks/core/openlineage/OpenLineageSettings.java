package org.provhooks.core.openlineage;

import io.openlineage.client.Clients;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.provhooks.core.config.ConfigFile;

/**
 * Where the {@code openlineage} output sends its events. The system's own settings come first (Nextflow
 * {@code provhooks.openlineage { … }}, Beam options), then the variables OpenLineage users already set
 * ({@code OPENLINEAGE_URL}, {@code OPENLINEAGE_API_KEY}, {@code OPENLINEAGE_ENDPOINT}, {@code OPENLINEAGE_NAMESPACE}),
 * then the ProvHooks config file ({@code openlineage.url}, …). With none of these, OpenLineage's own configuration is
 * used as its client reads it: {@code OPENLINEAGE_CONFIG}, {@code openlineage.yml} in the working directory or
 * {@code ~/.openlineage/}, and {@code OPENLINEAGE__TRANSPORT__…} variables (any transport: HTTP, Kafka, file, console).
 *
 * <pre>{@code
 * OpenLineageSettings s = OpenLineageSettings.of("http://localhost:5000", null, null, "genomics", null);
 * }</pre>
 *
 * @param url       an HTTP backend (Marquez: {@code http://host:5000}), or null
 * @param endpoint  its endpoint path, null for {@code api/v1/lineage}
 * @param apiKey    a bearer API key, or null
 * @param namespace the job namespace, or null for the engine's name ({@code nextflow}, {@code beam}, {@code airflow})
 * @param file      a file to append events to (one JSON per line) instead of HTTP, or null
 * @param ownConfiguration whether OpenLineage's own configuration decides (none of the above set, and it exists)
 */
public record OpenLineageSettings(
        String url, String endpoint, String apiKey, String namespace, String file, boolean ownConfiguration) {
    public static final OpenLineageSettings UNSET = new OpenLineageSettings(null, null, null, null, null, false);

    /** The system's own settings; unset ones are null. */
    public static OpenLineageSettings of(String url, String endpoint, String apiKey, String namespace, String file) {
        return new OpenLineageSettings(url, endpoint, apiKey, namespace, file, false);
    }

    @Override
    public String toString() {
        return "OpenLineageSettings[" + url + ", endpoint=" + endpoint + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", namespace=" + namespace + ", file=" + file + "]";
    }

    /** These settings, what is unset taken from {@code env} and then the ProvHooks config file. */
    public OpenLineageSettings resolve(Map<String, String> env, Properties configFile) {
        String u = ConfigFile.first(url, env.get("OPENLINEAGE_URL"), configFile.getProperty("openlineage.url"));
        String f = absolute(ConfigFile.first(file, configFile.getProperty("openlineage.file")));
        return new OpenLineageSettings(
                u,
                ConfigFile.first(
                        endpoint, env.get("OPENLINEAGE_ENDPOINT"), configFile.getProperty("openlineage.endpoint")),
                ConfigFile.first(apiKey, env.get("OPENLINEAGE_API_KEY"), configFile.getProperty("openlineage.apiKey")),
                ConfigFile.first(
                        namespace, env.get("OPENLINEAGE_NAMESPACE"), configFile.getProperty("openlineage.namespace")),
                f,
                u == null && f == null && hasOwnConfiguration(env));
    }

    /**
     * A relative events file is taken from the working directory (Nextflow's launch directory), and made absolute:
     * OpenLineage's file transport cannot write a bare file name, and the summary names a path the user can open.
     */
    private static String absolute(String file) {
        return file == null ? null : Path.of(file).toAbsolutePath().normalize().toString();
    }

    /** The namespace for an engine's jobs. */
    public String namespaceFor(String engine) {
        if (namespace != null) {
            return namespace;
        }
        return org.provhooks.core.workflow.EngineKind.of(engine).shortName(engine);
    }

    /** Where events go, in words, for the summary line. */
    public String describe() {
        if (file != null) {
            return file;
        }
        if (url != null) {
            return url;
        }
        return "the backend in OpenLineage's own configuration";
    }

    /**
     * A client for these settings, or null when nothing says where events should go.
     *
     * @throws IllegalArgumentException (one line) when a setting is malformed, e.g. a URL without scheme
     */
    public OpenLineageClient client() {
        if (file != null) {
            Path events = Path.of(absolute(file));
            try {
                Files.createDirectories(events.getParent());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot create the directory of the OpenLineage events file "
                        + events + " (" + e.getMessage() + "); choose another file");
            }
            return new OpenLineageClient(new FileTransport(new FileConfig(events.toString())));
        }
        if (url != null) {
            URI u = httpUrl();
            HttpConfig http = new HttpConfig();
            http.setUrl(u);
            if (endpoint != null) {
                http.setEndpoint(endpoint);
            }
            http.setTimeoutInMillis(5000);
            if (apiKey != null) {
                ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
                auth.setApiKey(apiKey);
                http.setAuth(auth);
            }
            return new OpenLineageClient(new HttpTransport(http));
        }
        if (!ownConfiguration) {
            return null;
        }
        // OpenLineage finds its transports with ServiceLoader on the context class loader; inside a plugin (Nextflow)
        // that loader does not see the plugin's classes.
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(OpenLineageSettings.class.getClassLoader());
        try {
            return Clients.newClient();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /**
     * Whether these settings say where events go, checked without building a client (that loads OpenLineage's
     * transports, half a second that should not sit on the workflow's start).
     *
     * @throws IllegalArgumentException (one line) when the URL is malformed
     */
    public boolean configured() {
        if (file != null) {
            return true;
        }
        if (url != null) {
            httpUrl();
            return true;
        }
        return ownConfiguration;
    }

    private URI httpUrl() {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "OpenLineage URL '" + url + "' is not a URL (e.g. http://localhost:5000)");
        }
        if (u.getScheme() == null || !u.getScheme().startsWith("http") || u.getHost() == null) {
            throw new IllegalArgumentException(
                    "OpenLineage URL '" + url + "' must be an http(s) URL with a host, e.g. http://localhost:5000");
        }
        return u;
    }

    /** Whether OpenLineage's own configuration (file or {@code OPENLINEAGE__} variables) is there. */
    static boolean hasOwnConfiguration(Map<String, String> env) {
        if (env.containsKey("OPENLINEAGE_CONFIG")) {
            return true;
        }
        for (String k : env.keySet()) {
            if (k.startsWith("OPENLINEAGE__")) {
                return true;
            }
        }
        return Files.isRegularFile(Path.of("openlineage.yml"))
                || Files.isRegularFile(
                        Path.of(System.getProperty("user.home", "."), ".openlineage", "openlineage.yml"));
    }
}
