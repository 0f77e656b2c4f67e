package io.hacluster.monitor.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.hacluster.events.NodeStatus;
import io.hacluster.events.WitnessSlot;
import io.hacluster.events.WitnessView;

/**
 * What the monitor does with a node silent on Kafka past its failure timeout, given its slot on the storage witness
 * (docs/failure-handling.md, "The second witness"). One row per case:
 *
 * <pre>
 * witness slot                                   | the monitor
 * -----------------------------------------------+----------------------------------------------------------------
 * none configured                                | NodeFailed, as before
 * stale or absent                                | NodeFailed
 * fresh, SELF_FENCED or holding no volume        | NodeFailed: the node released its groups itself
 * fresh, ACTIVE or FROZEN, holding volumes       | NodeIsolated; NodeFailed once its self-fence deadline (isolation
 *                                                | bound + margin after its last heartbeat) has passed and the slot
 *                                                | is not FROZEN (or once a later row applies)
 * </pre>
 *
 * Pure: a function of its arguments.
 */
public final class WitnessRule {

    /**
     * The verdict.
     *
     * @param isolated the node is alive on the storage and holds volumes: it is (or stays) ISOLATED first
     * @param failed it is to be declared failed now
     * @param why the witness's evidence, in words (empty when no witness is configured)
     * @param witnessMode the mode its slot reports, or null
     */
    public record Verdict(boolean isolated, boolean failed, String why, String witnessMode) {
    }

    private WitnessRule() {
    }

    /**
     * @param witness what the witness shows now
     * @param nodeId the silent node
     * @param selfFenceDeadline its last heartbeat's arrival + the isolation bound it advertises + the margin
     * @param now the monitor's time (the same clock as the deadline)
     */
    public static Verdict decide(WitnessView witness, String nodeId, Instant selfFenceDeadline, Instant now) {
        if (!witness.enabled()) {
            return new Verdict(false, true, "", null);
        }
        Optional<WitnessView.Slot> found = witness.of(nodeId);
        if (found.isEmpty() || found.get().slot() == null) {
            return new Verdict(false, true, "its witness slot is absent", null);
        }
        WitnessView.Slot slot = found.get();
        WitnessSlot s = slot.slot();
        String mode = s.mode().name();
        if (!slot.fresh()) {
            return new Verdict(false, true, "its witness slot is stale (" + unchanged(slot.unchangedFor()) + ")",
                    mode);
        }
        if (s.mode() == NodeStatus.Mode.SELF_FENCED) {
            return new Verdict(false, true, "its witness slot is fresh and shows it SELF_FENCED: it released its "
                    + "groups itself", mode);
        }
        if (s.heldVolumes().isEmpty()) {
            return new Verdict(false, true, "its witness slot is fresh, " + mode + ", holding no volume", mode);
        }
        String alive = "its witness slot is fresh, " + mode + ", holding " + s.heldVolumes().size() + " volume"
                + (s.heldVolumes().size() == 1 ? "" : "s") + " " + s.heldVolumes();
        if (s.mode() == NodeStatus.Mode.FROZEN) {
            return new Verdict(true, false, alive + ": frozen while the control plane is down, it keeps its "
                    + "workloads; not taken over while it stays so", mode);
        }
        if (now.isBefore(selfFenceDeadline)) {
            return new Verdict(true, false, alive + ": cut off from Kafka, not taken over before its self-fence "
                    + "deadline " + selfFenceDeadline, mode);
        }
        return new Verdict(true, true, alive + ", and its self-fence deadline " + selfFenceDeadline + " has passed",
                mode);
    }

    private static String unchanged(Duration unchangedFor) {
        return unchangedFor == null ? "never seen to change" : "unchanged for " + unchangedFor.toMillis() + " ms";
    }
}
