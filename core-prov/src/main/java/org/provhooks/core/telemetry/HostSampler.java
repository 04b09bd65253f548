package org.provhooks.core.telemetry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.provhooks.core.ml.MetricFile;
import org.provhooks.core.sink.FileSink;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Samples the host on a daemon thread (default every second): system and process CPU load, memory and swap,
 * disk and network I/O, load average, CPU temperature when reported; energy from RAPL counters where
 * readable, from NVIDIA GPUs through nvidia-smi when present, otherwise estimated with the
 * {@link EnergyModel}. Each series goes to a CSV file in yProv4ML's metric layout.
 *
 * <!-- given: org.provhooks.core.workflow.WorkflowRecorder recorder -->
 * <pre>{@code
 * HostSampler sampler = HostSampler.start(Path.of("provenance/telemetry"), Duration.ofSeconds(1), EnergyModel.DEFAULT, System.err::println);
 * // ... the workflow runs ...
 * TelemetrySummary t = sampler.stop();
 * recorder.telemetry(t);
 * }</pre>
 */
public final class HostSampler {
    static final String CONTEXT = "Workflow";
    static final String SOURCE = "provhooks";
    private static final double GB = 1e9;

    private final Path dir;
    private final Duration interval;
    private final EnergyModel model;
    private final RaplReader rapl;
    private final NvidiaSmi gpus;
    private final Consumer<String> warn;
    private final Map<String, MetricFile> files = new LinkedHashMap<>();
    private final HardwareAbstractionLayer hal;
    private final OperatingSystem os;
    private final CentralProcessor cpu;
    private final int pid;
    /** Enumerated once: enumerating disks and interfaces rescans the system and dominated the per-sample cost. */
    private final List<HWDiskStore> disks;

    private final List<NetworkIF> nics;
    /** Whether the host reports a CPU temperature; probed once. */
    private boolean temperature = true;

    private long[] prevTicks;
    private OSProcess prevProcess;
    private long prevDiskRead;
    private long prevDiskWrite;
    private long prevNetRecv;
    private long prevNetSent;
    private long lastSampleNanos;
    private final long startNanos;
    private long samples;
    private double energy;
    private double gpuEnergy;
    private boolean measuredCpu;
    private double cpuSum;
    private double cpuMax;
    private double memSum;
    private double memMax;
    private volatile boolean stopped;
    private Thread thread;

    private HostSampler(
            Path dir, Duration interval, EnergyModel model, RaplReader rapl, NvidiaSmi gpus, Consumer<String> warn) {
        this.dir = dir;
        this.interval = interval;
        this.model = model;
        this.rapl = rapl;
        this.gpus = gpus;
        this.warn = warn;
        SystemInfo si = new SystemInfo();
        this.hal = si.getHardware();
        this.os = si.getOperatingSystem();
        this.cpu = hal.getProcessor();
        this.pid = os.getProcessId();
        this.disks = hal.getDiskStores();
        this.nics = hal.getNetworkIFs();
        this.prevTicks = cpu.getSystemCpuLoadTicks();
        this.prevProcess = os.getProcess(pid);
        long[] disk = diskBytes();
        prevDiskRead = disk[0];
        prevDiskWrite = disk[1];
        long[] net = netBytes();
        prevNetRecv = net[0];
        prevNetSent = net[1];
        this.startNanos = System.nanoTime();
        this.lastSampleNanos = startNanos;
    }

    /** Starts sampling with the machine's own sensors ({@code /sys/class/powercap}, nvidia-smi on the PATH). */
    public static HostSampler start(Path dir, Duration interval, EnergyModel model, Consumer<String> warn) {
        return start(
                dir,
                interval,
                model,
                RaplReader.open(Path.of("/sys/class/powercap")),
                NvidiaSmi.find(System.getenv()),
                warn);
    }

    /** Starts sampling with the given sensors (for tests and unusual hosts); {@code gpus} may be null. */
    public static HostSampler start(
            Path dir, Duration interval, EnergyModel model, RaplReader rapl, NvidiaSmi gpus, Consumer<String> warn) {
        HostSampler s = new HostSampler(dir, interval, model, rapl, gpus, warn);
        s.thread = new Thread(s::loop, "provhooks-telemetry");
        s.thread.setDaemon(true);
        s.thread.start();
        return s;
    }

    private void loop() {
        while (!stopped) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (!stopped) {
                sample();
            }
        }
    }

    /** Samples taken so far. */
    synchronized long samplesTaken() {
        return samples;
    }

    /** Takes one sample now (the thread calls this every interval). */
    synchronized void sample() {
        try {
            long now = System.nanoTime();
            double seconds = (now - lastSampleNanos) / 1e9;
            lastSampleNanos = now;
            long ts = System.currentTimeMillis();
            long epoch = samples++;
            double load = cpu.getSystemCpuLoadBetweenTicks(prevTicks);
            prevTicks = cpu.getSystemCpuLoadTicks();
            OSProcess p = os.getProcess(pid);
            double procLoad = p == null || prevProcess == null ? 0 : p.getProcessCpuLoadBetweenTicks(prevProcess);
            prevProcess = p;
            GlobalMemory mem = hal.getMemory();
            double usedGb = (mem.getTotal() - mem.getAvailable()) / GB;
            double swapGb = mem.getVirtualMemory().getSwapUsed() / GB;
            put("cpu_usage_pct", epoch, load * 100, ts);
            put("process_cpu_pct", epoch, procLoad * 100, ts);
            put("ram_usage_gb", epoch, usedGb, ts);
            put("ram_usage_pct", epoch, 100.0 * usedGb * GB / mem.getTotal(), ts);
            put("swap_used_gb", epoch, swapGb, ts);
            double[] la = cpu.getSystemLoadAverage(1);
            if (la.length > 0 && la[0] >= 0) {
                put("load_average", epoch, la[0], ts);
            }
            if (temperature) {
                double temp = hal.getSensors().getCpuTemperature();
                if (temp > 0 && !Double.isNaN(temp)) {
                    put("cpu_temperature_c", epoch, temp, ts);
                } else {
                    temperature = false;
                }
            }
            long[] disk = diskBytes();
            put("disk_read_bytes", epoch, disk[0] - prevDiskRead, ts);
            put("disk_write_bytes", epoch, disk[1] - prevDiskWrite, ts);
            prevDiskRead = disk[0];
            prevDiskWrite = disk[1];
            long[] net = netBytes();
            put("net_recv_bytes", epoch, net[0] - prevNetRecv, ts);
            put("net_sent_bytes", epoch, net[1] - prevNetSent, ts);
            prevNetRecv = net[0];
            prevNetSent = net[1];

            double cpuEnergy;
            if (rapl.available()) {
                cpuEnergy = rapl.joulesSinceLast();
                measuredCpu = true;
            } else {
                cpuEnergy = model.estimateJoules(seconds, cpu.getPhysicalProcessorCount(), load, usedGb);
            }
            put("cpu_energy", epoch, cpuEnergy, ts);
            energy += cpuEnergy;
            if (gpus != null) {
                int i = 0;
                for (NvidiaSmi.Gpu g : gpus.query()) {
                    if (!Double.isNaN(g.powerWatts())) {
                        double j = g.powerWatts() * seconds;
                        put("gpu_power" + suffix(i), epoch, g.powerWatts(), ts);
                        put("gpu_energy" + suffix(i), epoch, j, ts);
                        energy += j;
                        gpuEnergy += j;
                    }
                    if (!Double.isNaN(g.utilisationPct())) {
                        put("gpu_usage_pct" + suffix(i), epoch, g.utilisationPct(), ts);
                    }
                    if (!Double.isNaN(g.memoryUsedMib())) {
                        put("gpu_memory_usage_gb" + suffix(i), epoch, g.memoryUsedMib() * 1048576 / GB, ts);
                    }
                    if (!Double.isNaN(g.temperatureC())) {
                        put("gpu_temperature_c" + suffix(i), epoch, g.temperatureC(), ts);
                    }
                    i++;
                }
            }
            cpuSum += load * 100;
            cpuMax = Math.max(cpuMax, load * 100);
            memSum += usedGb;
            memMax = Math.max(memMax, usedGb);
        } catch (IOException | RuntimeException e) {
            warn.accept("telemetry: a sample failed ("
                    + (e instanceof IOException io ? FileSink.describe(io) : e.toString()) + "); sampling goes on");
        }
    }

    private static String suffix(int gpu) {
        return gpu == 0 ? "" : "_" + gpu;
    }

    private void put(String name, long epoch, double value, long ts) throws IOException {
        MetricFile f = files.get(name);
        if (f == null) {
            f = MetricFile.create(dir, name, CONTEXT, SOURCE);
            files.put(name, f);
        }
        f.append(epoch, value, ts);
    }

    private long[] diskBytes() {
        long r = 0;
        long w = 0;
        for (HWDiskStore d : disks) {
            d.updateAttributes();
            r += d.getReadBytes();
            w += d.getWriteBytes();
        }
        return new long[] {r, w};
    }

    private long[] netBytes() {
        long r = 0;
        long s = 0;
        for (NetworkIF n : nics) {
            n.updateAttributes();
            r += n.getBytesRecv();
            s += n.getBytesSent();
        }
        return new long[] {r, s};
    }

    /** Stops sampling (after one last sample) and closes the files. */
    public TelemetrySummary stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (samples == 0 || (System.nanoTime() - lastSampleNanos) > 50_000_000L) {
                sample();
            }
            List<MetricFile> list = new ArrayList<>(files.values());
            for (MetricFile f : list) {
                try {
                    f.close();
                } catch (IOException e) {
                    warn.accept("telemetry: cannot close " + f.file() + ": " + e.getMessage());
                }
            }
            EnergyMethod method = measuredCpu ? EnergyMethod.MEASURED_RAPL : EnergyMethod.ESTIMATED;
            double seconds = (lastSampleNanos - startNanos) / 1e9;
            return new TelemetrySummary(
                    energy,
                    model.co2eGrams(energy),
                    method,
                    gpuEnergy,
                    samples,
                    seconds,
                    samples == 0 ? 0 : cpuSum / samples,
                    cpuMax,
                    samples == 0 ? 0 : memSum / samples,
                    memMax,
                    list);
        }
    }
}
