package io.hacluster.executor.domain;

import java.util.Arrays;
import java.util.Locale;

/** The ways a failed node is cut off from its groups, tried in the configured order until one succeeds. */
public enum FencingMethod {

    /**
     * Record a new, higher epoch on each group's volume through the node taking it over; the old node can no longer
     * mount the volume or write to it (the analogue of a SCSI-3 persistent reservation preempt).
     */
    STORAGE_PREEMPTION("storage-preemption"),
    /** Run the configured fence agent command (IPMI-style power off); success by exit code 0 within its timeout. */
    POWER("power"),
    /** Wait until the node's self-fence deadline: it stops everything after its isolation timeout without Kafka. */
    SELF_FENCE_DEADLINE("self-fence-deadline");

    private final String label;

    FencingMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static FencingMethod parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.label.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fencing method '" + text + "'; known: "
                        + Arrays.stream(values()).map(FencingMethod::label).toList()));
    }
}
