package org.provhooks.core.telemetry;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * NVIDIA GPU readings through {@code nvidia-smi --query-gpu=...} when the command is on the PATH: power (W),
 * utilisation (%), memory used (MiB) and temperature (°C) per GPU.
 *
 * <pre>{@code
 * NvidiaSmi smi = NvidiaSmi.find(System.getenv());
 * if (smi != null) { List<NvidiaSmi.Gpu> gpus = smi.query(); }
 * }</pre>
 */
public final class NvidiaSmi {
    static final String QUERY = "--query-gpu=power.draw,utilization.gpu,memory.used,temperature.gpu";

    /** One GPU's reading; NaN where the GPU reports "[N/A]". */
    public record Gpu(double powerWatts, double utilisationPct, double memoryUsedMib, double temperatureC) {}

    private final Path executable;

    private NvidiaSmi(Path executable) {
        this.executable = executable;
    }

    /** The command found on {@code PATH} of {@code env}, or null. */
    public static NvidiaSmi find(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "nvidia-smi");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return new NvidiaSmi(p);
            }
        }
        return null;
    }

    /** Current readings; empty when the command fails or times out (2 s). */
    public List<Gpu> query() {
        try {
            Process p = new ProcessBuilder(executable.toString(), QUERY, "--format=csv,noheader,nounits")
                    .redirectErrorStream(true)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            return p.exitValue() == 0 ? parse(new String(out, StandardCharsets.UTF_8)) : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    static List<Gpu> parse(String csv) {
        List<Gpu> gpus = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            String[] f = line.split(",");
            if (f.length < 4) {
                continue;
            }
            gpus.add(new Gpu(num(f[0]), num(f[1]), num(f[2]), num(f[3])));
        }
        return gpus;
    }

    private static double num(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
