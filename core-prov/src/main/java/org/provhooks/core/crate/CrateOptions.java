package org.provhooks.core.crate;

import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.provhooks.core.config.ConfigFile;
import org.provhooks.core.util.Sizes;

/**
 * What a run crate carries besides its metadata: its license, and how much of the run's data is copied in. The PROV
 * document, the yProv4ML run documents and the workflow's source are always copied; published outputs and metric files
 * are copied when each is at most {@code maxFileBytes} and all of them together stay within {@code maxTotalBytes};
 * everything else is referenced by absolute URI.
 *
 * <pre>{@code
 * CrateOptions options = CrateOptions.DEFAULTS.withLicense("https://spdx.org/licenses/CC0-1.0");
 * }</pre>
 *
 * @param license       the crate's license, a URL (SPDX recommended)
 * @param maxFileBytes  the largest output or metric file copied into the crate (0: none)
 * @param maxTotalBytes the most bytes of outputs and metric files copied into one crate
 */
public record CrateOptions(String license, long maxFileBytes, long maxTotalBytes) {
    public static final String ENV_LICENSE = "PROVHOOKS_CRATE_LICENSE";
    public static final String ENV_MAX_FILE_SIZE = "PROVHOOKS_CRATE_MAX_FILE_SIZE";
    public static final String ENV_MAX_TOTAL_SIZE = "PROVHOOKS_CRATE_MAX_TOTAL_SIZE";
    /** The license a crate gets unless another is given: the run's description is meant to be shared. */
    public static final String DEFAULT_LICENSE = "https://spdx.org/licenses/CC-BY-4.0";

    public static final CrateOptions DEFAULTS = new CrateOptions(DEFAULT_LICENSE, 10L << 20, 100L << 20);

    public CrateOptions {
        if (license == null || license.isBlank()) {
            license = DEFAULT_LICENSE;
        }
        maxFileBytes = Math.max(0, maxFileBytes);
        maxTotalBytes = Math.max(0, maxTotalBytes);
    }

    public CrateOptions withLicense(String url) {
        return new CrateOptions(url, maxFileBytes, maxTotalBytes);
    }

    public CrateOptions withMaxFileBytes(long bytes) {
        return new CrateOptions(license, bytes, maxTotalBytes);
    }

    public CrateOptions withMaxTotalBytes(long bytes) {
        return new CrateOptions(license, maxFileBytes, bytes);
    }

    /**
     * These options with what the system left unset ({@code null} here) taken from {@code env}
     * ({@value #ENV_LICENSE}, {@value #ENV_MAX_FILE_SIZE}, {@value #ENV_MAX_TOTAL_SIZE}), then the config file
     * ({@code crate.license}, {@code crate.maxFileSize}, {@code crate.maxTotalSize}). A bad size is one warning and the
     * default is kept.
     */
    public static CrateOptions resolve(
            String license,
            String maxFileSize,
            String maxTotalSize,
            Map<String, String> env,
            Properties file,
            Consumer<String> warn) {
        String l = ConfigFile.first(license, env.get(ENV_LICENSE), file.getProperty("crate.license"));
        long perFile = size(
                ConfigFile.first(maxFileSize, env.get(ENV_MAX_FILE_SIZE), file.getProperty("crate.maxFileSize")),
                DEFAULTS.maxFileBytes,
                ENV_MAX_FILE_SIZE + " / crate.maxFileSize",
                warn);
        long total = size(
                ConfigFile.first(maxTotalSize, env.get(ENV_MAX_TOTAL_SIZE), file.getProperty("crate.maxTotalSize")),
                DEFAULTS.maxTotalBytes,
                ENV_MAX_TOTAL_SIZE + " / crate.maxTotalSize",
                warn);
        return new CrateOptions(l, perFile, total);
    }

    private static long size(String text, long def, String setting, Consumer<String> warn) {
        if (text == null) {
            return def;
        }
        try {
            return Sizes.parse(text);
        } catch (IllegalArgumentException e) {
            warn.accept("provenance config: " + setting + ": " + e.getMessage() + "; using " + Sizes.format(def));
            return def;
        }
    }
}
