package io.hacluster.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.hacluster.events.AgentCommand;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.executor.domain.ExecutorSettings;
import io.hacluster.executor.domain.Failover;
import io.hacluster.executor.domain.FailoverMachine;
import io.hacluster.executor.domain.FencingMethod;
import io.hacluster.executor.domain.GroupTask;
import io.hacluster.executor.domain.Input;
import io.hacluster.executor.domain.Phase;
import io.hacluster.executor.domain.Step;
import io.hacluster.executor.domain.Transition;
import io.hacluster.executor.persistence.FailoverStore;

/**
 * The stored form of a failover in flight is a contract with the next version of the executor: what one version
 * wrote, the next must read and resume.
 */
class FailoverStateCodecTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    FailoverMachineTest.MemoryLedger ledger = new FailoverMachineTest.MemoryLedger();

    FailoverMachine machine() {
        return new FailoverMachine(new ExecutorSettings(Duration.ofSeconds(2), 3, Duration.ofSeconds(5),
                Duration.ofSeconds(1), 8, 2, Duration.ofSeconds(10), List.of(FencingMethod.STORAGE_PREEMPTION), false,
                Duration.ofSeconds(1)),
                ledger);
    }

    static String resource(String name) {
        try (InputStream in = FailoverStateCodecTest.class.getResourceAsStream("/stored-failovers/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldStoreAFailoverInFlightAndReadItBackUnchanged() {
        Failover f = machine().start(FailoverMachineTest.nodeFailedPlan(FailoverMachineTest.groupA("node-2"),
                FailoverMachineTest.groupB("node-3")), T0).failover();

        String json = FailoverStore.encode(f);
        Failover back = FailoverStore.decode(json);

        assertThat(FailoverStore.encode(back)).isEqualTo(json);
        assertThat(back.phase()).isEqualTo(f.phase());
        assertThat(back.group("g-a").orElseThrow().pending()).isEqualTo(f.group("g-a").orElseThrow().pending());
        assertThat(back.trigger()).isEqualTo(f.trigger());
    }

    /**
     * Written by the executor before the reconciler's plans existed (no trigger reason, no container checks): a node
     * failure fenced by storage preemption, g-a starting its first container on node-2, g-b waiting for a re-plan
     * after node-3 refused its mount, g-c unplaceable.
     */
    @Test
    void shouldReadAndResumeAFailoverStoredByThePreviousVersion() {
        Failover f = FailoverStore.decode(resource("v1-node-failed-in-flight.json"));
        ledger.observe("vol-a", 4);
        ledger.observe("vol-b", 1);
        FailoverMachine m = machine();

        assertThat(f.phase()).isEqualTo(Phase.RECOVERING);
        assertThat(f.fencedBy()).isEqualTo("storage-preemption");
        assertThat(f.trigger().kind()).isEqualTo(TriggerKind.NODE_FAILED);
        assertThat(f.groups()).extracting(GroupTask::step).containsExactly(Step.STARTING, Step.REPLANNING,
                Step.UNPLACEABLE);
        GroupTask a = f.group("g-a").orElseThrow();
        assertThat(a.pending().commandId()).isEqualTo("fo-1/g-a/start-101@node-2#3");

        Transition started = m.handle(f, new Input.ResultReceived(FailoverMachineTest.ok(new AgentCommand.StartContainer(
                a.pending().commandId(), "node-2", "fo-1", "g-a", "vol-a", 4, FailoverMachineTest.C101)),
                T0.plusSeconds(1)));
        AgentCommand.StartContainer next = FailoverMachineTest.sent(started, AgentCommand.StartContainer.class).get(0);
        assertThat(next.commandId()).isEqualTo("fo-1/g-a/start-102@node-2#4");
        assertThat(next.epoch()).isEqualTo(4);

        FailoverPlanned answer = new FailoverPlanned("fo-2", new Trigger(TriggerKind.REPLAN, null, "g-b",
                "fo-1/g-b/replan-1", "evt-2", null, "fo-1"), "node-1", List.of(FailoverMachineTest.groupB("node-4")),
                List.of(), T0.plusSeconds(1));
        AgentCommand.MountVolume mount = FailoverMachineTest.sent(m.handle(f, new Input.ReplanReceived(answer,
                T0.plusSeconds(1))), AgentCommand.MountVolume.class).get(0);
        assertThat(mount.nodeId()).isEqualTo("node-4");
        assertThat(mount.epoch()).isEqualTo(2);
    }

    /**
     * A restart in place (g-r: 103 stopped, 102 being stopped, under epoch 7) and a release (g-a: 102 being stopped on
     * node-1) of one plan, with the reconciler's reason: the stored form of this version, field for field.
     */
    Failover restartAndRelease(FailoverMachine m) {
        ledger.observe("vol-r", 7);
        FailoverPlanned plan = new FailoverPlanned("fo-1", new Trigger(TriggerKind.RESTART, "node-1", "g-r", null,
                "evt-1", null, null, "container 102 of g-r exited"), "node-1",
                List.of(FailoverMachineTest.restartInPlace("102", 7)), List.of(), T0,
                List.of(FailoverMachineTest.releaseOfA(5)));
        var started = m.start(plan, T0);
        Failover f = started.failover();
        AgentCommand.StopContainer stop103 = FailoverMachineTest.sent(started.transition(),
                AgentCommand.StopContainer.class).get(0);
        m.handle(f, new Input.ResultReceived(FailoverMachineTest.ok(stop103), T0.plusMillis(100)));
        return f;
    }

    @Test
    void shouldStoreAFailoverInFlightInTheFormOfTheGoldenFileFieldForField() throws Exception {
        Failover f = restartAndRelease(machine());

        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(FailoverStore.encode(f))).isEqualTo(json.readTree(resource(
                "v3-restart-and-release-in-flight.json")));
    }

    @Test
    void shouldReadAndResumeARestartInPlaceAndAReleaseFromTheirStoredForm() {
        Failover f = FailoverStore.decode(resource("v2-restart-and-release-in-flight.json"));
        FailoverMachine m = machine();

        assertThat(f.trigger().reason()).isEqualTo("container 102 of g-r exited");
        GroupTask restart = f.group("g-r").orElseThrow();
        GroupTask release = f.group("g-a").orElseThrow();
        assertThat(restart.kind()).isEqualTo(GroupTask.Kind.RESTART_IN_PLACE);
        assertThat(release.kind()).isEqualTo(GroupTask.Kind.RELEASE);
        Transition restarting = m.handle(f, new Input.ResultReceived(FailoverMachineTest.ok(new AgentCommand.StopContainer(
                restart.pending().commandId(), "node-1", "fo-1", "g-r", "102", 1000)), T0.plusSeconds(1)));
        AgentCommand.StartContainer start = FailoverMachineTest.sent(restarting, AgentCommand.StartContainer.class)
                .get(0);
        assertThat(start.container().containerId()).isEqualTo("102");
        assertThat(start.epoch()).isEqualTo(7);
        Transition releasing = m.handle(f, new Input.ResultReceived(FailoverMachineTest.ok(new AgentCommand.StopContainer(
                release.pending().commandId(), "node-1", "fo-1", "g-a", "102", 1000)), T0.plusSeconds(1)));
        assertThat(FailoverMachineTest.sent(releasing, AgentCommand.StopContainer.class))
                .extracting(AgentCommand.StopContainer::containerId).containsExactly("101");
    }
}
