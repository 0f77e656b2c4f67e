package io.hacluster.events;

import java.util.List;
import java.util.Objects;

/**
 * One container of a resource group, as the registry defines it.
 *
 * @param containerId cluster-wide unique id, e.g. {@code 101}
 * @param cpuMillis CPU it needs, in millicores
 * @param memoryMb memory it needs, in MiB
 * @param command the process to run, or empty for the built-in demo workload
 * @param check the health check the agent runs, or null for none
 */
public record ContainerSpec(String containerId, long cpuMillis, long memoryMb, List<String> command,
        HealthCheck check) {

    public ContainerSpec {
        Objects.requireNonNull(containerId, "containerId");
        command = command == null ? List.of() : List.copyOf(command);
    }

    /** A container without a health check. */
    public ContainerSpec(String containerId, long cpuMillis, long memoryMb, List<String> command) {
        this(containerId, cpuMillis, memoryMb, command, null);
    }

    public Resources demand() {
        return new Resources(cpuMillis, memoryMb);
    }
}
