package org.provhooks.core.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The estimate used where no sensor measures energy, the model nf-co2footprint and Green Algorithms use:
 * {@code E = t × (n_c × P_c × u_c + n_m × P_m) × PUE}, and {@code CO2e = E × CI}.
 *
 * <pre>{@code
 * EnergyModel m = EnergyModel.fromEnvironment(System.getenv());
 * double joules = m.estimateJoules(3600, 4, 0.5, 8);   // 1 h, 4 cores at 50 %, 8 GB
 * double grams = m.co2eGrams(joules);
 * }</pre>
 *
 * Defaults and their sources:
 * <ul>
 *   <li>{@code P_c} = 12 W per core: the default TDP per core of Green Algorithms' calculator when the CPU model
 *       is unknown (Lannelongue, Grealey, Inouye, "Green Algorithms: Quantifying the Carbon Footprint of
 *       Computation", Adv. Sci. 2021, doi:10.1002/advs.202100707), also nf-co2footprint's fallback;</li>
 *   <li>{@code P_m} = 0.3725 W per GB of memory: Green Algorithms (same paper);</li>
 *   <li>{@code PUE} = 1.0: a machine without data-centre overhead (set 1.67, Green Algorithms' world average for
 *       data centres, or your centre's value);</li>
 *   <li>{@code CI} = 475 gCO2e/kWh: the world-average carbon intensity Green Algorithms uses (IEA 2019); set your
 *       grid's value.</li>
 * </ul>
 * Override with {@value #ENV_CPU_W}, {@value #ENV_MEM_W}, {@value #ENV_PUE}, {@value #ENV_CI}.
 */
public record EnergyModel(double cpuWattsPerCore, double memoryWattsPerGb, double pue, double carbonIntensity) {
    public static final String ENV_CPU_W = "PROVHOOKS_CPU_WATTS_PER_CORE";
    public static final String ENV_MEM_W = "PROVHOOKS_MEMORY_WATTS_PER_GB";
    public static final String ENV_PUE = "PROVHOOKS_PUE";
    public static final String ENV_CI = "PROVHOOKS_CARBON_INTENSITY";
    public static final EnergyModel DEFAULT = new EnergyModel(12.0, 0.3725, 1.0, 475.0);

    public EnergyModel {
        if (cpuWattsPerCore < 0 || memoryWattsPerGb < 0 || pue < 1.0 || carbonIntensity < 0) {
            throw new IllegalArgumentException(
                    "energy model values must be >= 0 and PUE >= 1 (got cpu " + cpuWattsPerCore + " W/core, memory "
                            + memoryWattsPerGb + " W/GB, PUE " + pue + ", CI " + carbonIntensity + " g/kWh)");
        }
    }

    /**
     * The defaults with any of the {@code PROVHOOKS_*} overrides found in {@code env}.
     *
     * @throws IllegalArgumentException naming the variable when a value is not a number
     */
    public static EnergyModel fromEnvironment(Map<String, String> env) {
        return new EnergyModel(
                num(env, ENV_CPU_W, DEFAULT.cpuWattsPerCore),
                num(env, ENV_MEM_W, DEFAULT.memoryWattsPerGb),
                num(env, ENV_PUE, DEFAULT.pue),
                num(env, ENV_CI, DEFAULT.carbonIntensity));
    }

    private static double num(Map<String, String> env, String key, double def) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number (got '" + v + "')");
        }
    }

    /**
     * Estimated energy in joules.
     *
     * @param seconds  running time
     * @param cores    cores used
     * @param usage    core usage factor, 0..1 (values above 1 are capped)
     * @param memoryGb memory in GB
     */
    public double estimateJoules(double seconds, double cores, double usage, double memoryGb) {
        double u = Math.max(0, Math.min(1, usage));
        return seconds * (cores * cpuWattsPerCore * u + memoryGb * memoryWattsPerGb) * pue;
    }

    /**
     * The attributes a task gets from an estimate: {@code energy_j}, {@code co2e_g}, {@code energy_method}
     * ({@code estimated}); the same names on every adapter.
     */
    public Map<String, Object> taskAttributes(double seconds, double cores, double usage, double memoryGb) {
        return taskAttributes(seconds, cores, usage, memoryGb, false);
    }

    /**
     * As {@link #taskAttributes(double, double, double, double)}; with {@code upperBound} the CPU usage was not
     * measured (taken as full use of the requested cores) and the method says so.
     */
    public Map<String, Object> taskAttributes(
            double seconds, double cores, double usage, double memoryGb, boolean upperBound) {
        double j = estimateJoules(seconds, cores, usage, memoryGb);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("energy_j", j);
        m.put("co2e_g", co2eGrams(j));
        m.put("energy_method", (upperBound ? EnergyMethod.ESTIMATED_UPPER_BOUND : EnergyMethod.ESTIMATED).label());
        return m;
    }

    /** Grams of CO2-equivalent for {@code joules} at this model's carbon intensity. */
    public double co2eGrams(double joules) {
        return joules / 3.6e6 * carbonIntensity;
    }
}
