package org.provhooks.nextflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.session.RunSettings;

/** The {@code provhooks} scope read from a parsed config map, without running Nextflow. */
class NextflowSettingsTest {
    private final List<String> warnings = new ArrayList<>();

    @TempDir
    Path dir;

    /** No config file, whatever the machine has in ~/.provhooks. */
    private String emptyConfig() throws Exception {
        Path f = dir.resolve("empty.properties");
        Files.writeString(f, "");
        return f.toString();
    }

    private NextflowSettings read(Map<String, Object> scope) {
        return NextflowSettings.from(Map.of("provhooks", scope), warnings::add);
    }

    @Test
    void noScopeGivesTheDefaults() {
        NextflowSettings s = NextflowSettings.from(Map.of(), warnings::add);
        assertEquals(NextflowSettings.defaults(), s);
        assertEquals(NextflowSettings.Metrics.AUTO, s.metrics());
        assertEquals(List.of(), warnings);
    }

    @Test
    void metricsAutoFollowsTraceReportAndTimeline() {
        NextflowSettings auto = NextflowSettings.defaults();
        assertFalse(auto.metricsEnabled(Map.of()));
        assertTrue(auto.metricsEnabled(Map.of("trace", Map.of("enabled", true))));
        assertTrue(auto.metricsEnabled(Map.of("report", Map.of("enabled", "true"))));
        assertTrue(auto.metricsEnabled(Map.of("timeline", Map.of("enabled", true))));
        assertFalse(auto.metricsEnabled(Map.of("trace", Map.of("enabled", false))));
        assertTrue(read(Map.of("metrics", true)).metricsEnabled(Map.of()));
        assertFalse(read(Map.of("metrics", "false")).metricsEnabled(Map.of("trace", Map.of("enabled", true))));
        assertEquals(
                NextflowSettings.Metrics.AUTO,
                read(Map.of("metrics", "sometimes")).metrics());
        assertEquals(
                List.of(
                        "provhooks config: 'provhooks.metrics' must be true, false or 'auto' (got 'sometimes'); using 'auto'"),
                warnings);
    }

    @Test
    void outputsAndPushBecomeTypedRunSettings() throws Exception {
        NextflowSettings s = read(Map.of(
                "outputs",
                List.of("prov", "tarball"),
                "push",
                Map.of("url", "http://localhost:3000", "user", "jdoe", "waitSeconds", 5, "outbox", "/tmp/box"),
                "redact",
                List.of("sheet"),
                "telemetry",
                Map.of("enabled", false)));
        assertEquals(
                List.of(
                        "provhooks config: unknown output 'tarball' in 'provhooks.outputs' (ignored); known: prov, crate, report, openlineage, yprov"),
                warnings);
        assertEquals(List.of("prov"), s.outputs());
        RunSettings rs = s.runSettings(Path.of("out"))
                .outbox(null)
                .resolve(Map.of("PROVHOOKS_YPROV_PASSWORD", "pw", "PROVHOOKS_CONFIG", emptyConfig()), warnings::add);
        assertEquals(
                new RunSettings.Push("http://localhost:3000", "jdoe", "pw", null),
                rs.push(),
                "scope first, then the environment");
        assertEquals(List.of("prov", "yprov"), rs.outputs());
        assertEquals(Duration.ofSeconds(5), rs.pushWait());
        assertEquals(List.of("sheet"), rs.redact());
        assertFalse(rs.telemetry());
        assertFalse(s.push().toString().contains("pw"));
    }

    @Test
    void theServersApiIsASettingCheckedInOneWarning() throws Exception {
        NextflowSettings store = read(Map.of("push", Map.of("url", "http://localhost:8000", "api", "store")));
        assertEquals(List.of(), warnings);
        RunSettings rs = store.runSettings(Path.of("out"))
                .resolve(Map.of("PROVHOOKS_YPROV_PASSWORD", "pw", "PROVHOOKS_CONFIG", emptyConfig()), warnings::add);
        assertEquals("store", rs.push().api());
        NextflowSettings bad = read(Map.of("push", Map.of("url", "http://localhost:8000", "api", "yprov3")));
        assertEquals(
                List.of("provhooks.push.api: 'yprov3' is not v0, store or auto; the server is asked which it is"),
                warnings);
        assertNull(bad.push().api());
    }

    @Test
    void unsetPushValuesAreLeftToTheEnvironment() throws Exception {
        NextflowSettings s = read(Map.of("enabled", true));
        assertNull(s.push().url());
        assertNull(s.push().waitSeconds());
        RunSettings rs = s.runSettings(Path.of("out"))
                .resolve(
                        Map.of(
                                "PROVHOOKS_CONFIG",
                                emptyConfig(),
                                "PROVHOOKS_YPROV_URL",
                                "http://env:3000",
                                "PROVHOOKS_YPROV_TOKEN",
                                "t",
                                "PROVHOOKS_PUSH_WAIT_SECONDS",
                                "9"),
                        warnings::add);
        assertEquals("http://env:3000", rs.push().url());
        assertEquals(Duration.ofSeconds(9), rs.pushWait());
        assertEquals(List.of(), warnings);
    }

    @Test
    void badValuesAreNamedInOneWarningEachAndTheDefaultIsUsed() {
        NextflowSettings s = read(Map.of(
                "enabled", "maybe", "colour", "blue", "push", "http://x", "telemetry", Map.of("intervalSeconds", -3)));
        assertTrue(s.enabled());
        assertEquals(4, warnings.size(), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("unknown setting 'provhooks.colour'")));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("'provhooks.push' must be a block")));
        assertTrue(warnings.stream()
                .anyMatch(w -> w.contains("'provhooks.telemetry.intervalSeconds' must be a whole number >= 0")));
    }
}
