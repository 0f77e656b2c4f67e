package io.hacluster.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.DesiredState;
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.PlacementDecision.NodeFailure;
import io.hacluster.events.RecoveryPolicy;

/** Every rule of the reconciler, on observations built by hand, with a fake clock. */
class ReconcilerTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Reconciler RECONCILER = new Reconciler(new Reconciler.Settings(Duration.ofSeconds(5),
            Duration.ofMinutes(5)));
    private static final NodeFailure FAILURE = new NodeFailure("inc-1", T0.minusSeconds(4), T0.minusSeconds(1), 2000,
            "silent for 3000 ms");

    private static GroupSpec group(String id, int priority, String... possibleOwners) {
        return new GroupSpec(id, "vol-" + id, List.of(new ContainerSpec(id + "-1", 500, 512, List.of()),
                new ContainerSpec(id + "-2", 500, 512, List.of()), new ContainerSpec(id + "-3", 500, 512, List.of())),
                priority, List.of(), List.of(possibleOwners), null, FailbackPolicy.NEVER);
    }

    /** A builder of observations: a healthy group on node-1 unless told otherwise. */
    private static final class Seen {

        GroupSpec spec = group("g", 10);
        DesiredState desired = DesiredState.ONLINE;
        String nodeId = "node-1";
        NodeState state = NodeState.ACTIVE;
        Liveness liveness = Liveness.ALIVE;
        boolean reported = true;
        long epoch = 7;
        List<ContainerStatus> containers = running(spec);
        String claimedBy;
        NodeFailure failure;
        List<Instant> restarts = List.of();
        Instant lastRestart;
        Map<String, String> avoided = Map.of();
        RepairHistory.Streak streak = new RepairHistory.Streak(0, null, -1);
        boolean topologyChanged;
        int next = 4;

        Seen spec(GroupSpec s) {
            spec = s;
            containers = running(s);
            return this;
        }

        Seen container(String id, ContainerState s, String detail) {
            containers = containers.stream().map(c -> c.containerId().equals(id)
                    ? new ContainerStatus(id, c.groupId(), s, detail)
                    : c).toList();
            return this;
        }

        GroupObservation build() {
            return new GroupObservation(spec, desired, nodeId, nodeId == null ? null : state,
                    nodeId == null ? null : liveness, reported, epoch, containers, claimedBy, failure, restarts,
                    lastRestart, avoided, streak, topologyChanged, next);
        }

        static List<ContainerStatus> running(GroupSpec spec) {
            return spec.containers().stream()
                    .map(c -> new ContainerStatus(c.containerId(), spec.groupId(), ContainerState.RUNNING, "pid 1"))
                    .toList();
        }
    }

    private static Optional<PlacementRequest.Repair> decide(Seen seen) {
        return RECONCILER.decide(seen.build(), T0);
    }

    @Test
    void shouldLeaveAHealthyGroupAlone() {
        assertThat(decide(new Seen())).isEmpty();
    }

    @Test
    void shouldLeaveAGroupThatAFailoverHandlesAlone() {
        Seen seen = new Seen().container("g-2", ContainerState.FAILED, "exit code 1");
        seen.claimedBy = "fo-1";
        assertThat(decide(seen)).isEmpty();
    }

    @Test
    void shouldLeaveAnUnmanagedGroupAloneWhateverItsState() {
        Seen seen = new Seen().container("g-2", ContainerState.FAILED, "exit code 1");
        seen.desired = DesiredState.UNMANAGED;
        assertThat(decide(seen)).isEmpty();
        seen.nodeId = null;
        assertThat(decide(seen)).isEmpty();
    }

    @Test
    void shouldRestartTheFailedContainerAndThoseAfterItInPlaceUnderTheEpochItHolds() {
        Seen seen = new Seen().container("g-2", ContainerState.FAILED, "exited with code 1");

        PlacementRequest.Repair repair = decide(seen).orElseThrow();

        assertThat(repair).isInstanceOf(PlacementRequest.Restart.class);
        PlacementRequest.Restart restart = (PlacementRequest.Restart) repair;
        assertThat(restart.nodeId()).isEqualTo("node-1");
        assertThat(restart.epoch()).isEqualTo(7);
        assertThat(restart.restartFrom()).isEqualTo("g-2");
        assertThat(restart.causeEventId()).isEqualTo("repair:g:4");
        assertThat(restart.reason()).contains("container g-2 is FAILED on node-1 (exited with code 1)")
                .contains("restart in place (1 of 1 within 900 s)");
    }

    @Test
    void shouldRestartAContainerThatWasStoppedOrIsMissingWhileTheGroupShouldRun() {
        Seen stopped = new Seen().container("g-1", ContainerState.STOPPED, null);
        assertThat(decide(stopped)).get().isInstanceOf(PlacementRequest.Restart.class)
                .extracting(r -> ((PlacementRequest.Restart) r).restartFrom()).isEqualTo("g-1");

        Seen missing = new Seen();
        missing.containers = missing.containers.subList(0, 2);
        assertThat(decide(missing)).get().extracting(r -> ((PlacementRequest.Restart) r).restartFrom())
                .isEqualTo("g-3");
    }

    @Test
    void shouldNotJudgeContainersThatAreStillStartingOrStopping() {
        Seen seen = new Seen().container("g-1", ContainerState.STARTING, null).container("g-3",
                ContainerState.STOPPING, null);
        assertThat(decide(seen)).isEmpty();
    }

    @Test
    void shouldRelocateOnceTheRestartThresholdIsReachedWithinThePeriod() {
        Seen seen = new Seen().container("g-1", ContainerState.FAILED, "exited with code 1");
        seen.restarts = List.of(T0.minusSeconds(60));
        seen.lastRestart = T0.minusSeconds(60);

        PlacementRequest.Repair repair = decide(seen).orElseThrow();

        assertThat(repair).isInstanceOf(PlacementRequest.Relocate.class);
        PlacementRequest.Relocate relocate = (PlacementRequest.Relocate) repair;
        assertThat(relocate.fromNodeId()).isEqualTo("node-1");
        assertThat(relocate.reason()).contains("restarted 1 time(s) there within 900 s (threshold 1)")
                .endsWith("move the group");
        assertThat(relocate.fallback()).as("60 s after the last restart the back-off of 5 s has passed").isNotNull();
        assertThat(relocate.fallback().restartFrom()).isEqualTo("g-1");
    }

    @Test
    void shouldRestartInPlaceAgainOnlyAfterTheBackOffWhenNoOtherNodeCanTakeIt() {
        Seen seen = new Seen().container("g-1", ContainerState.FAILED, "exited with code 1");
        seen.restarts = List.of(T0.minusSeconds(30), T0.minusSeconds(2));
        seen.lastRestart = T0.minusSeconds(2);

        PlacementRequest.Relocate relocate = (PlacementRequest.Relocate) decide(seen).orElseThrow();

        // two restarts, threshold one: the second extra restart waits 10 s after the last one
        assertThat(relocate.fallback()).isNull();
        seen.lastRestart = T0.minusSeconds(10);
        assertThat(((PlacementRequest.Relocate) decide(seen).orElseThrow()).fallback()).isNotNull();
    }

    @Test
    void shouldRelocateAtTheFirstFailureWhenTheThresholdIsZero() {
        Seen seen = new Seen().spec(group("g", 10).withRecovery(new RecoveryPolicy(0, 900, 2, 900)))
                .container("g-1", ContainerState.FAILED, "exit code 2");
        assertThat(decide(seen)).get().isInstanceOf(PlacementRequest.Relocate.class);
    }

    @Test
    void shouldRelocateWithoutRestartingWhenTheNodeIsAvoidedForTheGroup() {
        Seen seen = new Seen().container("g-1", ContainerState.FAILED, "exit code 1");
        seen.avoided = Map.of("node-1", "avoided: failed 2 time(s) here");

        PlacementRequest.Relocate relocate = (PlacementRequest.Relocate) decide(seen).orElseThrow();

        assertThat(relocate.fallback()).isNull();
        assertThat(relocate.reason()).contains("avoided: failed 2 time(s) here");
    }

    @Test
    void shouldPlaceAGroupThatShouldRunAndRunsNowhere() {
        Seen seen = new Seen();
        seen.nodeId = null;

        PlacementRequest.Recover recover = (PlacementRequest.Recover) decide(seen).orElseThrow();

        assertThat(recover.fromNodeId()).isNull();
        assertThat(recover.failure()).as("nothing to fence").isNull();
        assertThat(recover.reason()).contains("runs nowhere");
    }

    @Test
    void shouldFenceTheFailedNodeFirstWhenTheGroupWasLastOnIt() {
        Seen seen = new Seen();
        seen.state = NodeState.FAILED;
        seen.liveness = Liveness.FAILED;
        seen.failure = FAILURE;

        PlacementRequest.Recover recover = (PlacementRequest.Recover) decide(seen).orElseThrow();

        assertThat(recover.fromNodeId()).isEqualTo("node-1");
        assertThat(recover.failure()).isEqualTo(FAILURE);
        assertThat(recover.trigger().failure()).as("the executor fences when the trigger has a failure")
                .isEqualTo(FAILURE);
    }

    @Test
    void shouldTreatAFailedNodeInMaintenanceAsFailed() {
        Seen seen = new Seen();
        seen.state = NodeState.MAINTENANCE;
        seen.liveness = Liveness.FAILED;
        seen.failure = FAILURE;

        assertThat(decide(seen)).get().isInstanceOf(PlacementRequest.Recover.class);
    }

    @Test
    void shouldWaitOutTheBackOffAfterRepairsThatDidNotWork() {
        Seen seen = new Seen();
        seen.nodeId = null;
        seen.streak = new RepairHistory.Streak(2, T0.minusSeconds(9), 3);

        assertThat(decide(seen)).as("two failures: 10 s after the last one ended").isEmpty();
        seen.streak = new RepairHistory.Streak(2, T0.minusSeconds(10), 3);
        assertThat(decide(seen)).isPresent();
    }

    @Test
    void shouldNotWaitOutTheBackOffWhenTheClusterChangedSinceTheLastRepair() {
        Seen seen = new Seen();
        seen.nodeId = null;
        seen.streak = new RepairHistory.Streak(3, T0.minusSeconds(1), 3);
        seen.topologyChanged = true;

        assertThat(decide(seen)).isPresent();
    }

    @Test
    void shouldDoubleTheBackOffUpToItsMaximum() {
        assertThat(RECONCILER.backoff(0)).isEqualTo(Duration.ZERO);
        assertThat(RECONCILER.backoff(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RECONCILER.backoff(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(RECONCILER.backoff(7)).isEqualTo(Duration.ofMinutes(5));
        assertThat(RECONCILER.backoff(1000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldWaitForTheMonitorsVerdictOnASuspectNode() {
        Seen seen = new Seen().container("g-1", ContainerState.FAILED, "exit code 1");
        seen.state = NodeState.SUSPECT;
        seen.liveness = Liveness.SUSPECT;
        assertThat(decide(seen)).isEmpty();
    }

    @Test
    void shouldWaitForTheNodesOwnStatusBeforeJudgingContainers() {
        Seen seen = new Seen().container("g-1", ContainerState.FAILED, "exit code 1");
        seen.reported = false;
        assertThat(decide(seen)).isEmpty();
    }

    @Test
    void shouldMoveAGroupOffANodeThatIsDrainingOrInMaintenance() {
        Seen seen = new Seen();
        seen.state = NodeState.DRAINING;
        assertThat(decide(seen)).get().isInstanceOf(PlacementRequest.Relocate.class)
                .extracting(PlacementRequest.Repair::reason).asString().contains("node-1 is DRAINING");
        seen.state = NodeState.MAINTENANCE;
        assertThat(decide(seen)).get().isInstanceOf(PlacementRequest.Relocate.class);
    }

    @Test
    void shouldMoveAGroupOffANodeNoLongerAmongItsPossibleOwners() {
        Seen seen = new Seen().spec(group("g", 10, "node-2", "node-3"));

        PlacementRequest.Relocate relocate = (PlacementRequest.Relocate) decide(seen).orElseThrow();

        assertThat(relocate.reason()).contains("not among the group's possible owners [node-2, node-3]");
        assertThat(relocate.fallback()).isNull();
    }

    @Test
    void shouldStopAGroupWhoseDesiredStateIsOfflineWhereItRuns() {
        Seen seen = new Seen();
        seen.desired = DesiredState.OFFLINE;

        PlacementRequest.Stop stop = (PlacementRequest.Stop) decide(seen).orElseThrow();

        assertThat(stop.nodeId()).isEqualTo("node-1");
        assertThat(stop.epoch()).isEqualTo(7);
        assertThat(stop.reason()).contains("desired state OFFLINE");
    }

    @Test
    void shouldNeitherStartNorStopAnOfflineGroupThatRunsNowhereOrOnAFailedNode() {
        Seen nowhere = new Seen();
        nowhere.desired = DesiredState.OFFLINE;
        nowhere.nodeId = null;
        assertThat(decide(nowhere)).isEmpty();

        Seen failed = new Seen();
        failed.desired = DesiredState.OFFLINE;
        failed.state = NodeState.FAILED;
        failed.liveness = Liveness.FAILED;
        failed.failure = FAILURE;
        assertThat(decide(failed)).isEmpty();
    }

    @Test
    void shouldListRepairsHighestPriorityFirstThenLargestThenById() {
        Seen low = new Seen().spec(group("low", 1));
        low.nodeId = null;
        Seen high = new Seen().spec(group("high", 50));
        high.nodeId = null;
        Seen healthy = new Seen().spec(group("fine", 99));
        Seen mid = new Seen().spec(group("mid", 10)).container("mid-1", ContainerState.FAILED, "x");

        List<PlacementRequest.Repair> repairs = RECONCILER.decide(List.of(low.build(), healthy.build(), mid.build(),
                high.build()), T0);

        assertThat(repairs).extracting(PlacementRequest.Repair::groupId).containsExactly("high", "mid", "low");
    }

    @Test
    void shouldBackOffEveryKindOfRepairAfterRepairsThatDidNotWork() {
        Seen stop = new Seen();
        stop.desired = DesiredState.OFFLINE;
        stop.streak = new RepairHistory.Streak(1, T0.minusSeconds(1), 3);
        assertThat(decide(stop)).as("a stop that failed a second ago").isEmpty();

        Seen relocate = new Seen();
        relocate.state = NodeState.DRAINING;
        relocate.streak = new RepairHistory.Streak(1, T0.minusSeconds(1), 3);
        assertThat(decide(relocate)).isEmpty();
        relocate.streak = new RepairHistory.Streak(1, T0.minusSeconds(5), 3);
        assertThat(decide(relocate)).isPresent();
    }

    @Test
    void shouldHoldRepairsThatActOnAFailureWhenFailuresMayNotBeActedOn() {
        Seen failed = new Seen().spec(group("failed", 10));
        failed.state = NodeState.FAILED;
        failed.liveness = Liveness.FAILED;
        failed.failure = FAILURE;
        Seen broken = new Seen().spec(group("broken", 10)).container("broken-1", ContainerState.FAILED, "x");

        assertThat(RECONCILER.decide(List.of(failed.build(), broken.build()), T0, false))
                .extracting(PlacementRequest.Repair::groupId).containsExactly("broken");
        assertThat(RECONCILER.decide(List.of(failed.build(), broken.build()), T0, true)).hasSize(2);
    }
}
