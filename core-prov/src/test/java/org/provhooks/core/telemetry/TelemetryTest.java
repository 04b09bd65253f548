package org.provhooks.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provhooks.core.ml.MetricFile;
import org.provhooks.core.model.Document;
import org.provhooks.core.model.Literal;
import org.provhooks.core.model.ProvRecord;
import org.provhooks.core.model.RecordKind;
import org.provhooks.core.validate.Validator;
import org.provhooks.core.workflow.Vocab;
import org.provhooks.core.workflow.WorkflowRecorder;

class TelemetryTest {
    @TempDir
    Path dir;

    private static void zone(Path z, String name, long energy, long max) throws Exception {
        Files.createDirectories(z);
        Files.writeString(z.resolve("name"), name + "\n");
        Files.writeString(z.resolve("energy_uj"), energy + "\n");
        Files.writeString(z.resolve("max_energy_range_uj"), max + "\n");
    }

    @Test
    void raplCountsPackageAndDramAndHandlesWrapAround() throws Exception {
        Path root = dir.resolve("powercap");
        zone(root.resolve("intel-rapl:0"), "package-0", 5_000_000, 10_000_000);
        zone(root.resolve("intel-rapl:0/intel-rapl:0:0"), "core", 1_000, 10_000_000); // not counted: inside the package
        zone(root.resolve("intel-rapl:0/intel-rapl:0:1"), "dram", 2_000_000, 10_000_000);
        RaplReader r = RaplReader.open(root);
        assertTrue(r.available());
        assertEquals(2, r.domains());
        Files.writeString(root.resolve("intel-rapl:0/energy_uj"), "7000000"); // +2 J
        Files.writeString(root.resolve("intel-rapl:0/intel-rapl:0:1/energy_uj"), "2500000"); // +0.5 J
        assertEquals(2.5, r.joulesSinceLast(), 1e-9);
        Files.writeString(root.resolve("intel-rapl:0/energy_uj"), "1000000"); // wrapped: 3 J to max, then 1 J
        Files.writeString(root.resolve("intel-rapl:0/intel-rapl:0:1/energy_uj"), "2500000"); // unchanged
        assertEquals(4.0, r.joulesSinceLast(), 1e-9);
    }

    @Test
    void raplAbsentOrUnreadableIsUnavailable() throws Exception {
        assertFalse(RaplReader.open(dir.resolve("none")).available());
        Path root = dir.resolve("pc");
        Files.createDirectories(root.resolve("intel-rapl:0"));
        Files.writeString(root.resolve("intel-rapl:0/energy_uj"), "not a number");
        assertFalse(RaplReader.open(root).available());
    }

    private Path fakeNvidiaSmi(String output) throws Exception {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(
                smi, "#!/bin/sh\ncase \"$1\" in --query-gpu=*) printf '" + output + "' ;; *) exit 2 ;; esac\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void nvidiaSmiAbsentIsNullAndPresentIsParsed() throws Exception {
        assertNull(NvidiaSmi.find(Map.of("PATH", dir.toString())));
        Path bin = fakeNvidiaSmi("250.50, 87, 10240, 65\\n[N/A], 3, 512, 40\\n");
        NvidiaSmi smi = NvidiaSmi.find(Map.of("PATH", "/nonexistent:" + bin));
        List<NvidiaSmi.Gpu> gpus = smi.query();
        assertEquals(2, gpus.size());
        assertEquals(new NvidiaSmi.Gpu(250.5, 87, 10240, 65), gpus.get(0));
        assertTrue(Double.isNaN(gpus.get(1).powerWatts()));
    }

    @Test
    void estimateAndCo2eMatchHandComputedValues() {
        EnergyModel m = EnergyModel.DEFAULT;
        // 1 h, 4 cores at 50 %, 8 GB: 3600 × (4 × 12 × 0.5 + 8 × 0.3725) = 3600 × 26.98 = 97,128 J
        assertEquals(97_128.0, m.estimateJoules(3600, 4, 0.5, 8), 1e-6);
        // 97,128 J = 0.02698 kWh; × 475 g/kWh = 12.8155 g
        assertEquals(12.8155, m.co2eGrams(97_128.0), 1e-9);
        // usage is capped at 1; PUE multiplies
        EnergyModel dc = new EnergyModel(12.0, 0.3725, 1.67, 475);
        assertEquals(3600 * (2 * 12.0 + 0) * 1.67, dc.estimateJoules(3600, 2, 1.7, 0), 1e-6);
        Map<String, Object> attrs = m.taskAttributes(10, 1, 1, 0);
        assertEquals(120.0, (double) attrs.get("energy_j"), 1e-9);
        assertEquals("estimated", attrs.get("energy_method"));
    }

    @Test
    void modelIsConfigurableAndBadValuesAreNamed() {
        EnergyModel m = EnergyModel.fromEnvironment(Map.of(EnergyModel.ENV_CI, "56", EnergyModel.ENV_PUE, "1.2"));
        assertEquals(56, m.carbonIntensity());
        assertEquals(1.2, m.pue());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EnergyModel.fromEnvironment(Map.of(EnergyModel.ENV_CPU_W, "twelve")));
        assertTrue(e.getMessage().startsWith(EnergyModel.ENV_CPU_W + " must be a number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EnergyModel(12, 0.37, 0.5, 475));
    }

    @Test
    void samplerWritesMetricFilesAndTheRecorderLinksThem() throws Exception {
        Path bin = fakeNvidiaSmi("100, 50, 2048, 55\\n");
        List<String> warnings = new ArrayList<>();
        HostSampler s = HostSampler.start(
                dir.resolve("telemetry"),
                Duration.ofMillis(50),
                EnergyModel.DEFAULT,
                RaplReader.open(dir.resolve("no-powercap")),
                NvidiaSmi.find(Map.of("PATH", bin.toString())),
                warnings::add);
        // Wait for the samples, not for a fixed time: on a loaded machine the thread may run late.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (s.samplesTaken() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        TelemetrySummary t = s.stop();
        assertEquals(List.of(), warnings);
        assertTrue(t.samples() >= 3, "samples: " + t.samples());
        assertEquals(EnergyMethod.ESTIMATED, t.method(), "no RAPL here: the host part is estimated");
        assertTrue(t.gpuEnergyJoules() > 0, "the fake GPU draws 100 W");
        assertTrue(t.energyJoules() > t.gpuEnergyJoules());
        assertEquals(EnergyModel.DEFAULT.co2eGrams(t.energyJoules()), t.co2eGrams(), 1e-12);
        MetricFile cpu = t.files().stream()
                .filter(f -> f.name().equals("cpu_usage_pct"))
                .findFirst()
                .orElseThrow();
        List<String> lines = Files.readAllLines(cpu.file());
        assertEquals("cpu_usage_pct,Workflow,provhooks", lines.get(0));
        assertEquals(t.samples(), lines.size() - 1);
        assertTrue(lines.get(1).matches("0,[0-9.E-]+,[0-9]{13}"), lines.get(1));
        assertTrue(t.files().stream().anyMatch(f -> f.name().equals("gpu_power")));

        WorkflowRecorder rec = WorkflowRecorder.start("Nextflow", "energy", "e", Instant.now());
        rec.telemetry(t);
        Document d = rec.finish("Completed", Instant.now().plusSeconds(1));
        assertEquals(List.of(), Validator.validate(d));
        ProvRecord wf = d.element(rec.workflowId());
        assertEquals(
                "estimated", wf.attributes().first(Vocab.ph("energy_method")).lexical());
        assertEquals(Literal.of(t.energyJoules()), wf.attributes().first(Vocab.ph("energy_j")));
        assertEquals(
                "measured-nvml",
                wf.attributes().first(Vocab.ph("gpu_energy_method")).lexical());
        long metrics = d.records(RecordKind.ENTITY).stream()
                .filter(e -> e.id().local().startsWith("telemetry-"))
                .count();
        assertEquals(t.files().size(), metrics);
    }
}
