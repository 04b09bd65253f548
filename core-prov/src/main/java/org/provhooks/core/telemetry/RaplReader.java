package org.provhooks.core.telemetry;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Linux RAPL energy counters under {@code /sys/class/powercap}: every package domain
 * ({@code intel-rapl:N}, also {@code amd-rapl}) and its DRAM sub-domain. Counters are microjoules that wrap
 * at {@code max_energy_range_uj}; {@link #joulesSinceLast()} handles the wrap. When nothing is readable the
 * reader is {@linkplain #available() unavailable} and callers fall back to the estimate, silently.
 *
 * <pre>{@code
 * RaplReader rapl = RaplReader.open(Path.of("/sys/class/powercap"));
 * if (rapl.available()) { double j = rapl.joulesSinceLast(); }
 * }</pre>
 */
public final class RaplReader {
    private static final class Domain {
        final Path energy;
        final long max;
        long last;

        Domain(Path energy, long max, long last) {
            this.energy = energy;
            this.max = max;
            this.last = last;
        }
    }

    private final List<Domain> domains;

    private RaplReader(List<Domain> domains) {
        this.domains = domains;
    }

    /** Opens the package and DRAM domains under {@code root}; unreadable ones are left out. */
    public static RaplReader open(Path root) {
        List<Domain> ds = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> zones = Files.newDirectoryStream(root, "*-rapl:*")) {
                for (Path zone : zones) {
                    String n = zone.getFileName().toString();
                    if (n.chars().filter(c -> c == ':').count() != 1) {
                        continue; // sub-zones are reached through their package below
                    }
                    add(ds, zone);
                    try (DirectoryStream<Path> subs = Files.newDirectoryStream(zone, n + ":*")) {
                        for (Path sub : subs) {
                            if ("dram".equals(read(sub.resolve("name")))) {
                                add(ds, sub);
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no RAPL: the estimate is used
            }
        }
        return new RaplReader(List.copyOf(ds));
    }

    private static void add(List<Domain> ds, Path zone) {
        try {
            long max = Long.parseLong(read(zone.resolve("max_energy_range_uj")));
            long now = Long.parseLong(read(zone.resolve("energy_uj")));
            ds.add(new Domain(zone.resolve("energy_uj"), max, now));
        } catch (IOException | RuntimeException e) {
            // unreadable (often permissions): left out
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p).trim();
    }

    public boolean available() {
        return !domains.isEmpty();
    }

    /** Number of domains read (packages and DRAM). */
    public int domains() {
        return domains.size();
    }

    /** Joules used by all domains since the previous call (or since {@link #open}). */
    public synchronized double joulesSinceLast() {
        long total = 0;
        for (Domain d : domains) {
            try {
                long now = Long.parseLong(read(d.energy));
                long delta = now >= d.last ? now - d.last : (d.max - d.last) + now; // the counter wrapped
                d.last = now;
                total += delta;
            } catch (IOException | RuntimeException e) {
                // a counter that became unreadable adds nothing this interval
            }
        }
        return total / 1e6;
    }
}
