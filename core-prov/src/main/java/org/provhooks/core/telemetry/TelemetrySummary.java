package org.provhooks.core.telemetry;

import java.util.List;
import org.provhooks.core.ml.MetricFile;

/**
 * What the host sampler measured over a run: energy and its method, CO2e, CPU and memory statistics, and the
 * metric files holding the sampled time series.
 *
 * @param energyJoules   energy of the run, GPUs included (measured where a sensor exists, else estimated)
 * @param co2eGrams      CO2-equivalent of that energy
 * @param method         how the host (CPU and memory) part was obtained: RAPL or the estimate
 * @param gpuEnergyJoules energy of NVIDIA GPUs read through nvidia-smi (0 when none)
 * @param samples        number of samples taken
 * @param seconds        time covered
 * @param cpuMeanPct     mean system CPU load, percent
 * @param cpuMaxPct      highest system CPU load, percent
 * @param memoryMeanGb   mean memory in use, GB
 * @param memoryMaxGb    highest memory in use, GB
 * @param files          the time-series files (yProv4ML metric layout)
 */
public record TelemetrySummary(
        double energyJoules,
        double co2eGrams,
        EnergyMethod method,
        double gpuEnergyJoules,
        long samples,
        double seconds,
        double cpuMeanPct,
        double cpuMaxPct,
        double memoryMeanGb,
        double memoryMaxGb,
        List<MetricFile> files) {}
