package io.hacluster.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.Candidate;
import io.hacluster.events.PlacementDecision.NodeFailure;
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.PlacementDecision.Unplaceable;

/** One fully populated payload of every registered event type. */
final class SampleEvents {

    static final Instant T0 = Instant.parse("2026-11-27T10:15:30.123Z");

    static final ContainerSpec C101 = new ContainerSpec("101", 500, 512, List.of());
    static final ContainerSpec C102 = new ContainerSpec("102", 250, 256, List.of("/bin/sh", "-c", "sleep 1000"),
            new HealthCheck(List.of("/bin/sh", "-c", "test -f ready"), 2000, 1000, 3));
    static final GroupSpec GROUP = new GroupSpec("g1", "vol-1", List.of(C101, C102), 10, List.of("node-2", "node-3"),
            List.of(), "db", new FailbackPolicy(FailbackPolicy.Mode.PREFERRED_OWNER, 300),
            new RecoveryPolicy(2, 600, 3, 1200));

    private SampleEvents() {
    }

    static List<EventPayload> all() {
        Trigger trigger = new Trigger(TriggerKind.NODE_FAILED, "node-1", null, null, "evt-1",
                new NodeFailure("inc-1", T0, T0.plusSeconds(3), 2000, "silent for 3000 ms"), null,
                "node-1 declared failed");
        Candidate chosen = new Candidate("node-2", true, null, 0, 3250, 7424, true);
        Candidate rejected = new Candidate("node-3", false, "not enough memory", 1, -100, 10, false);
        var timings = new FailoverEvent.Timings(T0, T0.plusMillis(10), T0.plusMillis(20), T0.plusSeconds(2),
                T0.plusSeconds(3));
        var attempt = new FailoverEvent.FencingAttempt("storage-preemption", true, T0, T0.plusMillis(40), "epoch 3 -> 4",
                List.of(new FailoverEvent.EpochChange("vol-1", 3, 4)));
        return List.of(
                new NodeHeartbeat("node-1", "inc-1", 42, T0, 500, 2000, new Resources(4000, 8192),
                        new Resources(750, 768)),
                new NodeStatus("node-1", "inc-1", 7, T0, NodeStatus.Mode.ACTIVE, new Resources(4000, 8192),
                        new Resources(750, 768), List.of("vol-1", "vol-2"),
                        List.of(new ContainerStatus("101", "g1", ContainerState.RUNNING, "pid 4242")),
                        List.of(new VolumeStatus("vol-1", "g1", 3)),
                        new NodeStatus.SelfFence(T0, "isolated", List.of("101"), List.of("vol-1"))),
                new NodeHealthEvent.NodeSuspected("node-1", "inc-1", T0, T0.plusSeconds(1), "silent 1000 ms"),
                new NodeHealthEvent.NodeFailed("node-1", "inc-1", T0, T0.plusSeconds(3), "silent 3000 ms", 500, 2000),
                new NodeHealthEvent.NodeRecovered("node-1", "inc-1", T0.plusSeconds(2), "SUSPECT"),
                new NodeHealthEvent.NodeRejoined("node-1", "inc-1", "inc-2", T0.plusSeconds(60)),
                new NodeHealthEvent.NodeIsolated("node-1", "inc-1", T0, T0.plusSeconds(3), "ACTIVE",
                        "silent on Kafka for 3000 ms; its witness slot changed 400 ms ago"),
                new NodeHealthEvent.MonitorAlert(NodeHealthEvent.MonitorAlert.Kind.MASS_SILENCE, true, 40, 100, 0.3, T0,
                        "40 of 100 nodes silent", List.of("node-1", "node-2")),
                new AdminEvent.GroupDefined(GROUP),
                new AdminEvent.GroupChanged(GROUP),
                new AdminEvent.GroupRemoved("g1", "vol-1"),
                new AdminEvent.NodeDrainRequested("req-1", "node-2", "alice"),
                new AdminEvent.NodeResumeRequested("req-2", "node-2", "alice"),
                new AdminEvent.GroupMoveRequested("req-3", "g1", "node-3", "alice"),
                new AdminEvent.GroupReplanRequested("req-4", "fo-1", "g1", "node-1", List.of("node-2"), "mount refused"),
                new AdminEvent.GroupDesiredStateChanged("req-5", "g1", DesiredState.OFFLINE, "alice"),
                new AdminEvent.GroupFailuresCleared("req-6", "g1", "node-2", "alice"),
                new PlacementDecision.FailoverPlanned("fo-1", trigger, "node-1",
                        List.of(new Assignment("g1", "vol-1", "node-1", "node-2", 10, List.of(C101, C102),
                                List.of(chosen, rejected)),
                                new Assignment("g4", "vol-4", "node-3", "node-3", 5, List.of(C101), List.of(), 6,
                                        "101")),
                        List.of(new Unplaceable("g2", "vol-2", "node-1", 1, "no node has 2048 MiB free",
                                List.of(rejected))),
                        T0.plusMillis(10),
                        List.of(new PlacementDecision.Release("g3", "vol-3", "node-1", 7, List.of(C102)))),
                new PlacementDecision.GroupFailureRecorded("fail-1", "g1", "node-2", T0, "container 101 exited (1)", 2,
                        2, T0.plusSeconds(900)),
                new AgentCommand.FenceVolume("cmd-1", "node-2", "fo-1", "g1", "vol-1", 4, "node-1"),
                new AgentCommand.MountVolume("cmd-2", "node-2", "fo-1", "g1", "vol-1", 4),
                new AgentCommand.StartContainer("cmd-3", "node-2", "fo-1", "g1", "vol-1", 4, C101),
                new AgentCommand.StopContainer("cmd-4", "node-2", "fo-1", "g1", "101", 5000),
                new AgentCommand.UnmountVolume("cmd-5", "node-2", "fo-1", "g1", "vol-1", 4),
                new CommandResult.CommandSucceeded("cmd-1", "node-2", "FenceVolume", "fo-1", "g1", T0,
                        Map.of("epochBefore", "3", "epochAfter", "4")),
                new CommandResult.CommandFailed("cmd-2", "node-2", "MountVolume", "fo-1", "g1", T0,
                        "volume vol-1 has epoch 5, command has 4", false),
                new FailoverEvent.FailoverStarted("fo-1", trigger, "node-1", List.of("g1"), T0, T0.plusMillis(10),
                        T0.plusMillis(20)),
                new FailoverEvent.NodeFenced("fo-1", "node-1", "storage-preemption", List.of(attempt), T0.plusSeconds(2)),
                new FailoverEvent.GroupStepChanged("fo-1", "g1", "MOUNT", "DONE", "node-2", T0, "epoch 4"),
                new FailoverEvent.GroupRelocated("fo-1", "g1", "node-1", "node-2", 4, T0, T0.plusSeconds(3),
                        List.of("101", "102")),
                new FailoverEvent.GroupUnplaceable("fo-1", "g2", "node-1", "no node has 2048 MiB free", T0),
                new FailoverEvent.GroupTargetFailed("fo-1", "g1", "node-3", "mount refused", T0),
                new FailoverEvent.GroupStopped("fo-3", "g3", "node-1", T0),
                new FailoverEvent.FailoverCompleted("fo-1", 1, 1, timings),
                new FailoverEvent.FailoverFailed("fo-2", "every fencing method failed", timings,
                        List.of(new FailoverEvent.FencingAttempt("power", false, T0, T0.plusSeconds(5),
                                "fence-agent exited 1", List.of()))));
    }
}
