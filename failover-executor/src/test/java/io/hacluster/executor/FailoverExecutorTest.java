package io.hacluster.executor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.AgentCommand;
import io.hacluster.events.CommandResult;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.EventPayload;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.NodeFailure;
import io.hacluster.events.PlacementDecision.Release;
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.Resources;
import io.hacluster.events.Topics;
import io.hacluster.events.VolumeStatus;
import io.hacluster.executor.persistence.DatabaseEpochLedger;
import io.hacluster.executor.persistence.ExecutorLease;
import io.hacluster.executor.persistence.FailoverStore;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The executor against the real broker and database, with the test playing the node agents. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class FailoverExecutorTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    FailoverStore store;

    @Inject
    DatabaseEpochLedger epochs;

    final String run = UUID.randomUUID().toString().substring(0, 8);

    @Inject
    DataSource dataSource;

    @Test
    void shouldBeReadyWithItsDatabaseAndItsLease() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.find { it.name == 'failover-executor' }.status", is("UP"));
    }

    @Test
    void shouldRefuseToRunASecondExecutorOnTheSameDatabase() {
        ExecutorLease second = new ExecutorLease(dataSource);

        assertThatThrownBy(() -> second.acquire(Duration.ofMillis(700)))
                .hasMessageContaining("another failover executor holds the lease");
        assertThat(second.renew()).isEqualTo(ExecutorLease.Renewal.LOST);
    }

    @Test
    void shouldStartANewGroupAndReportItOnlineOnceItsTargetShowsItRunning() {
        String node = "node-" + run;
        ContainerSpec c1 = new ContainerSpec("c1-" + run, 100, 64, List.of());
        String failoverId = "fo-start-" + run;
        try (TestKafka kafka = TestKafka.connect()) {
            kafka.send(new FailoverPlanned(failoverId, new Trigger(TriggerKind.GROUP_START, null, "g-" + run, null,
                    "evt-" + run, null, null), null,
                    List.of(new Assignment("g-" + run, "vol-" + run, null, node, 1,
                            List.of(c1), List.of())),
                    List.of(), Instant.now()));

            AgentCommand.MountVolume mount = command(kafka, AgentCommand.MountVolume.class, failoverId);
            assertThat(mount.nodeId()).isEqualTo(node);
            assertThat(mount.epoch()).isEqualTo(1);
            kafka.send(succeeded(mount, Map.of()));
            AgentCommand.StartContainer start = command(kafka, AgentCommand.StartContainer.class, failoverId);
            assertThat(start.container()).isEqualTo(c1);
            kafka.send(succeeded(start, Map.of()));
            kafka.send(status(node, c1.containerId(), "vol-" + run, 1));

            FailoverEvent.GroupRelocated relocated = event(kafka, FailoverEvent.GroupRelocated.class, failoverId);
            assertThat(relocated.toNodeId()).isEqualTo(node);
            FailoverEvent.FailoverCompleted completed = event(kafka, FailoverEvent.FailoverCompleted.class, failoverId);
            assertThat(completed.relocated()).isEqualTo(1);
            assertThat(completed.timings().completedAt()).isNotNull();
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> store.find(failoverId).orElseThrow().phase().name()))
                .isEqualTo("COMPLETED");
    }

    @Test
    void shouldFenceAFailedNodesVolumesBeforeMountingAndPublishTheEvidence() {
        String failed = "node-a-" + run;
        String target = "node-b-" + run;
        String other = "node-c-" + run;
        String failoverId = "fo-fail-" + run;
        ContainerSpec c1 = new ContainerSpec("c2-" + run, 100, 64, List.of());
        ContainerSpec c2 = new ContainerSpec("c3-" + run, 100, 64, List.of());
        FailoverPlanned plan = new FailoverPlanned(failoverId, new Trigger(TriggerKind.NODE_FAILED, failed, null, null,
                "evt-f-" + run, new NodeFailure("inc-1", Instant.now(), Instant.now(), 60_000, "silent"), null), failed,
                List.of(new Assignment("g2-" + run, "vol2-" + run, failed, target, 2, List.of(c1), List.of()),
                        new Assignment("g3-" + run, "vol3-" + run, failed, other, 1, List.of(c2), List.of())),
                List.of(), Instant.now());
        try (TestKafka kafka = TestKafka.connect()) {
            kafka.send(status(failed, c1.containerId(), "vol2-" + run, 6));
            await().atMost(WAIT).until(() -> QuarkusTransaction.requiringNew().call(() -> epochs.highest("vol2-" + run)),
                    is(6L));
            kafka.send(plan);
            kafka.send(plan); // a replayed plan starts nothing twice

            List<AgentCommand.FenceVolume> fences = kafka.awaitEvents(Topics.AGENT_COMMANDS,
                    e -> e.payload() instanceof AgentCommand.FenceVolume f && failoverId.equals(f.failoverId()), 2, WAIT)
                    .stream().map(e -> (AgentCommand.FenceVolume) e.payload()).toList();
            AgentCommand.FenceVolume fence = fences.stream().filter(f -> f.nodeId().equals(target)).findFirst()
                    .orElseThrow();
            assertThat(fence.previousOwner()).isEqualTo(failed);
            assertThat(fence.epoch()).isEqualTo(7);
            for (AgentCommand.FenceVolume f : fences) {
                kafka.send(succeeded(f, Map.of("epochBefore", String.valueOf(f.epoch() - 1), "epochAfter",
                        String.valueOf(f.epoch()))));
            }

            FailoverEvent.NodeFenced fenced = event(kafka, FailoverEvent.NodeFenced.class, failoverId);
            assertThat(fenced.method()).isEqualTo("storage-preemption");
            assertThat(fenced.attempts().get(0).epochs()).contains(new FailoverEvent.EpochChange("vol2-" + run, 6, 7));
            AgentCommand.MountVolume mount = command(kafka, AgentCommand.MountVolume.class, failoverId);
            assertThat(mount.epoch()).isIn(7L, fences.stream().filter(f -> f.nodeId().equals(other)).findFirst()
                    .orElseThrow().epoch());
            assertThat(kafka.readAll(Topics.FAILOVER_EVENTS))
                    .filteredOn(e -> e.payload() instanceof FailoverEvent.FailoverStarted s
                            && s.failoverId().equals(failoverId))
                    .hasSize(1);
        }
    }

    @Test
    void shouldSendAnUnansweredCommandAgainUnderTheSameId() {
        String node = "node-s-" + run;
        String failoverId = "fo-retry-" + run;
        try (TestKafka kafka = TestKafka.connect()) {
            kafka.send(new FailoverPlanned(failoverId, new Trigger(TriggerKind.GROUP_START, null, "g3-" + run, null,
                    "evt-r-" + run, null, null), null,
                    List.of(new Assignment("g3-" + run, "vol3-" + run, null, node, 1,
                            List.of(), List.of())),
                    List.of(), Instant.now()));

            var mounts = kafka.awaitEvents(Topics.AGENT_COMMANDS, e -> e.payload() instanceof AgentCommand.MountVolume m
                    && failoverId.equals(m.failoverId()), 2, WAIT);

            assertThat(mounts).extracting(e -> ((AgentCommand) e.payload()).commandId()).containsOnly(
                    ((AgentCommand) mounts.get(0).payload()).commandId());
            assertThat(mounts.get(0).eventId()).isNotEqualTo(mounts.get(1).eventId());
        }
    }

    @Test
    void shouldRestartAContainerInPlaceUnderItsEpochEndToEnd() {
        String node = "node-rs-" + run;
        String group = "g-rs-" + run;
        String volume = "vol-rs-" + run;
        String failoverId = "fo-restart-" + run;
        ContainerSpec kept = new ContainerSpec("c-rs1-" + run, 100, 64, List.of());
        ContainerSpec restarted = new ContainerSpec("c-rs2-" + run, 100, 64, List.of());
        try (TestKafka kafka = TestKafka.connect()) {
            kafka.send(new FailoverPlanned(failoverId, new Trigger(TriggerKind.RESTART, node, group, null,
                    "evt-rs-" + run, null, null, "container " + restarted.containerId() + " exited"), node,
                    List.of(new Assignment(group, volume, node, node, 1, List.of(kept, restarted), List.of(), 5,
                            restarted.containerId())),
                    List.of(), Instant.now()));

            AgentCommand.StopContainer stop = command(kafka, AgentCommand.StopContainer.class, failoverId);
            assertThat(stop.nodeId()).isEqualTo(node);
            assertThat(stop.containerId()).isEqualTo(restarted.containerId());
            kafka.send(succeeded(stop, Map.of("wasRunning", "false")));
            AgentCommand.StartContainer start = command(kafka, AgentCommand.StartContainer.class, failoverId);
            assertThat(start.nodeId()).isEqualTo(node);
            assertThat(start.container()).isEqualTo(restarted);
            assertThat(start.epoch()).isEqualTo(5);
            kafka.send(succeeded(start, Map.of()));
            kafka.send(status(node, volume, 5, kept.containerId(), restarted.containerId()));

            FailoverEvent.GroupRelocated relocated = event(kafka, FailoverEvent.GroupRelocated.class, failoverId);
            assertThat(relocated.fromNodeId()).isEqualTo(node);
            assertThat(relocated.toNodeId()).isEqualTo(node);
            assertThat(relocated.epoch()).isEqualTo(5);
            assertThat(event(kafka, FailoverEvent.FailoverCompleted.class, failoverId).relocated()).isEqualTo(1);
            assertThat(kafka.readAll(Topics.AGENT_COMMANDS)).extracting(e -> e.payload())
                    .filteredOn(p -> p instanceof AgentCommand c && failoverId.equals(c.failoverId()))
                    .allMatch(p -> p instanceof AgentCommand.StopContainer || p instanceof AgentCommand.StartContainer)
                    .extracting(p -> ((AgentCommand) p).commandId()).containsOnly(stop.commandId(), start.commandId());
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> store.find(failoverId).orElseThrow().trigger().reason()))
                .contains("exited");
    }

    @Test
    void shouldStopAGroupAndReleaseItsVolumeEndToEnd() {
        String node = "node-st-" + run;
        String group = "g-st-" + run;
        String volume = "vol-st-" + run;
        String failoverId = "fo-stop-" + run;
        ContainerSpec first = new ContainerSpec("c-st1-" + run, 100, 64, List.of());
        ContainerSpec second = new ContainerSpec("c-st2-" + run, 100, 64, List.of());
        try (TestKafka kafka = TestKafka.connect()) {
            kafka.send(new FailoverPlanned(failoverId, new Trigger(TriggerKind.GROUP_STOP, node, group, null,
                    "evt-st-" + run, null, null, "desired state OFFLINE"), node, List.of(), List.of(), Instant.now(),
                    List.of(new Release(group, volume, node, 3, List.of(first, second)))));

            AgentCommand.StopContainer stopSecond = command(kafka, AgentCommand.StopContainer.class, failoverId,
                    c -> c.containerId().equals(second.containerId()));
            kafka.send(succeeded(stopSecond, Map.of()));
            AgentCommand.StopContainer stopFirst = command(kafka, AgentCommand.StopContainer.class, failoverId,
                    c -> c.containerId().equals(first.containerId()));
            kafka.send(succeeded(stopFirst, Map.of()));
            AgentCommand.UnmountVolume unmount = command(kafka, AgentCommand.UnmountVolume.class, failoverId);
            assertThat(unmount.nodeId()).isEqualTo(node);
            assertThat(unmount.epoch()).isEqualTo(3);
            kafka.send(succeeded(unmount, Map.of("released", "true")));

            FailoverEvent.GroupStopped stopped = event(kafka, FailoverEvent.GroupStopped.class, failoverId);
            assertThat(stopped.groupId()).isEqualTo(group);
            assertThat(stopped.nodeId()).isEqualTo(node);
            FailoverEvent.FailoverCompleted completed = event(kafka, FailoverEvent.FailoverCompleted.class, failoverId);
            assertThat(completed.relocated()).isZero();
            assertThat(completed.unplaceable()).isZero();
            List<AgentCommand> sent = kafka.readAll(Topics.AGENT_COMMANDS).stream().map(e -> e.payload())
                    .filter(p -> p instanceof AgentCommand c && failoverId.equals(c.failoverId()))
                    .map(AgentCommand.class::cast).toList();
            assertThat(sent).allMatch(c -> c.nodeId().equals(node)
                    && (c instanceof AgentCommand.StopContainer || c instanceof AgentCommand.UnmountVolume));
            assertThat(sent.indexOf(stopSecond)).isLessThan(sent.indexOf(stopFirst));
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> store.find(failoverId).orElseThrow()
                .group(group).orElseThrow().step().name())).isEqualTo("STOPPED");
    }

    @Test
    void shouldAskForAnotherNodeRatherThanMountAGroupOnANodeBeingDrained() {
        String drained = "node-drained-" + run;
        String failoverId = "fo-drained-" + run;
        ContainerSpec c1 = new ContainerSpec("c1-" + run, 100, 64, List.of());
        try (TestKafka kafka = TestKafka.connect()) {
            kafka.send(new AdminEvent.NodeDrainRequested("req-" + run, drained, "it"));
            await().atMost(WAIT).until(() -> QuarkusTransaction.requiringNew()
                    .call(() -> store.drainingNodes().contains(drained)));

            // placement planned this before it read the drain
            kafka.send(new FailoverPlanned(failoverId, new Trigger(TriggerKind.GROUP_START, null, "g-" + run, null,
                    "evt-drained-" + run, null, null), null,
                    List.of(new Assignment("g-" + run, "vol-" + run, null, drained, 1, List.of(c1), List.of())),
                    List.of(), Instant.now()));

            AdminEvent.GroupReplanRequested replan = (AdminEvent.GroupReplanRequested) kafka.awaitEvents(
                    Topics.CLUSTER_ADMIN, e -> e.payload() instanceof AdminEvent.GroupReplanRequested r
                            && failoverId.equals(r.failoverId()),
                    1, WAIT).get(0).payload();
            assertThat(replan.excludedNodes()).containsExactly(drained);
            assertThat(replan.reason()).isEqualTo("its target " + drained + " is being drained");
            assertThat(kafka.readAll(Topics.AGENT_COMMANDS)).as("no command of the failover went to " + drained)
                    .noneMatch(e -> e.payload() instanceof AgentCommand c && failoverId.equals(c.failoverId()));

            kafka.send(new AdminEvent.NodeResumeRequested("req-resume-" + run, drained, "it"));
            await().atMost(WAIT).until(() -> !QuarkusTransaction.requiringNew()
                    .call(() -> store.drainingNodes().contains(drained)));
        }
    }

    static <T extends AgentCommand> T command(TestKafka kafka, Class<T> type, String failoverId) {
        return type.cast(kafka.awaitEvents(Topics.AGENT_COMMANDS, e -> type.isInstance(e.payload())
                && failoverId.equals(((AgentCommand) e.payload()).failoverId()), 1, WAIT).get(0).payload());
    }

    static <T extends AgentCommand> T command(TestKafka kafka, Class<T> type, String failoverId, Predicate<T> which) {
        return type.cast(kafka.awaitEvents(Topics.AGENT_COMMANDS, e -> type.isInstance(e.payload())
                && failoverId.equals(((AgentCommand) e.payload()).failoverId()) && which.test(type.cast(e.payload())), 1,
                WAIT).get(0).payload());
    }

    static <T extends FailoverEvent> T event(TestKafka kafka, Class<T> type, String failoverId) {
        Predicate<EventPayload> match = p -> type.isInstance(p) && failoverId.equals(((FailoverEvent) p).failoverId());
        return type.cast(kafka.awaitEvents(Topics.FAILOVER_EVENTS, e -> match.test(e.payload()), 1, WAIT).get(0)
                .payload());
    }

    static CommandResult succeeded(AgentCommand c, Map<String, String> evidence) {
        return new CommandResult.CommandSucceeded(c.commandId(), c.nodeId(), c.getClass().getSimpleName(),
                c.failoverId(), c.groupId(), Instant.now(), evidence);
    }

    static NodeStatus status(String node, String container, String volume, long epoch) {
        return status(node, volume, epoch, container);
    }

    static NodeStatus status(String node, String volume, long epoch, String... running) {
        return new NodeStatus(node, "inc-1", 1, Instant.now(), NodeStatus.Mode.ACTIVE, new Resources(4000, 8192),
                Resources.NONE, List.of(volume), java.util.Arrays.stream(running)
                        .map(c -> new ContainerStatus(c, "g", ContainerState.RUNNING, "")).toList(),
                List.of(new VolumeStatus(volume, "g", epoch)), null);
    }
}
