package io.hacluster.events;

/**
 * An amount of CPU and memory: a node's capacity or usage, or a container's demand.
 *
 * @param cpuMillis CPU in millicores (1000 = one core)
 * @param memoryMb memory in MiB
 */
public record Resources(long cpuMillis, long memoryMb) {

    public static final Resources NONE = new Resources(0, 0);

    public Resources plus(Resources other) {
        return new Resources(cpuMillis + other.cpuMillis, memoryMb + other.memoryMb);
    }

    public Resources minus(Resources other) {
        return new Resources(cpuMillis - other.cpuMillis, memoryMb - other.memoryMb);
    }

    /** True when this amount fits in {@code other} on both dimensions. */
    public boolean fitsIn(Resources other) {
        return cpuMillis <= other.cpuMillis && memoryMb <= other.memoryMb;
    }

    public boolean isNegative() {
        return cpuMillis < 0 || memoryMb < 0;
    }
}
