package org.provhooks.core.telemetry;

/** How an energy figure was obtained; written as {@code provhooks:energy_method}. */
public enum EnergyMethod {
    /** Linux RAPL counters (CPU package and DRAM). */
    MEASURED_RAPL("measured-rapl"),
    /** NVIDIA GPUs through nvidia-smi (NVML). */
    MEASURED_NVML("measured-nvml"),
    /** The {@link EnergyModel} estimate. */
    ESTIMATED("estimated"),
    /** The {@link EnergyModel} estimate with the requested CPUs taken as fully used (usage not measured): an upper bound. */
    ESTIMATED_UPPER_BOUND("estimated-upper-bound");

    private final String label;

    EnergyMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
