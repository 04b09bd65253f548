package org.provhooks.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The one ProvHooks configuration file: {@value #ENV_CONFIG} when set, else {@code ~/.provhooks/config.properties}.
 * Every module reads it through here, so a broken file gives the same one-line error everywhere.
 *
 * <pre>{@code
 * Properties p = ConfigFile.load(System.getenv());   // empty when the default file does not exist
 * String url = p.getProperty("yprov.url");
 * }</pre>
 *
 * Keys: {@code yprov.url}, {@code yprov.user}, {@code yprov.password}, {@code yprov.token}, {@code outbox},
 * {@code outputs}, {@code push.waitSeconds}, {@code airflow.url}, {@code airflow.user}, {@code airflow.password},
 * {@code airflow.token}.
 */
public final class ConfigFile {
    /** Environment variable naming the configuration file. */
    public static final String ENV_CONFIG = "PROVHOOKS_CONFIG";

    private ConfigFile() {}

    /** The file that {@link #load} reads for this environment. */
    public static Path location(Map<String, String> env) {
        String explicit = env.get(ENV_CONFIG);
        return explicit != null && !explicit.isBlank()
                ? Path.of(explicit)
                : Path.of(System.getProperty("user.home", "."), ".provhooks", "config.properties");
    }

    /**
     * Reads the configuration file.
     *
     * @return its properties; empty when no file is named and the default one does not exist
     * @throws ConfigException (one line) when {@value #ENV_CONFIG} names a missing file or the file cannot be read
     */
    public static Properties load(Map<String, String> env) throws ConfigException {
        Properties p = new Properties();
        Path file = location(env);
        if (!Files.isRegularFile(file)) {
            if (env.get(ENV_CONFIG) != null && !env.get(ENV_CONFIG).isBlank()) {
                throw new ConfigException(
                        ENV_CONFIG + " names " + file + ", which is not a readable file; fix the path or unset it");
            }
            return p;
        }
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return p;
    }

    /** The first of {@code values} that is neither null nor blank, trimmed; null if none. */
    public static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
