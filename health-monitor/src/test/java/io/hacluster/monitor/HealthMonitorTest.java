package io.hacluster.monitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.hacluster.events.Envelope;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeHealthEvent.MonitorAlert;
import io.hacluster.events.NodeHealthEvent.NodeFailed;
import io.hacluster.events.NodeHealthEvent.NodeSuspected;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.Resources;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.hacluster.monitor.config.MonitorConfig;
import io.hacluster.monitor.config.MonitorSettings;
import io.hacluster.monitor.domain.FailureDetector;
import io.hacluster.monitor.domain.Liveness;
import io.hacluster.monitor.domain.NodeView;
import io.hacluster.monitor.domain.Transition;
import io.hacluster.monitor.messaging.Judge;
import io.hacluster.monitor.messaging.JudgementLog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;

/**
 * The monitor against a real broker, with heartbeats from simulated agents. Test timings (application.properties,
 * %test): agents beat every 200 ms and advertise an isolation timeout of 1 s; margin 300 ms, failure bound 2.5 s,
 * grace period 1 s, evaluation every 100 ms. The mass-silence test runs last: the agents it stops stay silent.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthMonitorTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final long ISOLATION_MS = 1000;
    /**
     * How much later than the documented bound (plus the monitor's own lag it allows for, at most
     * {@code max-lag-extension}) a declaration may come on a heavily loaded build machine: the evaluation thread may
     * not run for a while even when it is not measured as a stall. Generous, yet a monitor that waited for anything
     * else than its bound (a grace period, a second timeout) would still fail the test.
     */
    private static final Duration SCHEDULING_ALLOWANCE = Duration.ofSeconds(2);

    private static TestKafka kafka;

    @Inject
    Judge judge;

    @Inject
    MonitorConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @BeforeAll
    static void connect() {
        kafka = TestKafka.connect();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    @Order(1)
    void shouldBeReadyOnceItHasRebuiltItsStateFromNodeHealth() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200).body("checks.find { it.name == 'failure-detector' }.status", is("UP")));
    }

    @Test
    @Order(2)
    void shouldDeclareASilentNodeFailedWithinTheBoundAndNotBeforeItFencedItself() {
        String node = unique("silent");
        try (SimulatedAgent agent = SimulatedAgent.steady(kafka, node, INTERVAL, ISOLATION_MS).start()) {
            awaitSettled(node);
            agent.stop();

            NodeFailed failed = (NodeFailed) kafka.awaitEvents(Topics.NODE_HEALTH, failedNode(node), 1,
                    Duration.ofSeconds(15)).get(0).payload();

            // the lower bound is exact whatever the load (both instants are the monitor's); the upper one allows for
            // the monitor's own lag and for a starved evaluation thread
            Duration silence = Duration.between(failed.lastHeartbeatAt(), failed.detectedAt());
            Duration bound = config.failureBound().plus(config.evaluationInterval()).plus(config.maxLagExtension());
            assertThat(silence).isGreaterThanOrEqualTo(Duration.ofMillis(ISOLATION_MS).plus(config.isolationMargin()))
                    .isLessThanOrEqualTo(bound.plus(SCHEDULING_ALLOWANCE));
            // the arrival of its last heartbeat, not of an earlier one nor the take-over (the agent beat for seconds)
            assertThat(Duration.between(failed.lastHeartbeatAt(), agent.lastDeliveredAt()).abs())
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(failed.heartbeatIntervalMs()).isEqualTo(200);
            assertThat(failed.isolationTimeoutMs()).isEqualTo(ISOLATION_MS);
            assertThat(failed.reason()).contains("failure timeout");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertThat(healthEventsOf(node)).hasExactlyElementsOfTypes(NodeSuspected.class,
                            NodeFailed.class));
        }
    }

    @Test
    @Order(3)
    void shouldNeverDeclareAJitteryLossyNodeFailed() {
        String node = unique("jittery");
        try (SimulatedAgent agent = new SimulatedAgent(kafka, node, INTERVAL, ISOLATION_MS, INTERVAL.multipliedBy(3),
                0.05, 42).start()) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
                assertThat(view(node).map(NodeView::state)).isNotEqualTo(java.util.Optional.of(Liveness.FAILED));
                return agent.delivered() + agent.lost() >= 50;
            });
            agent.stop();

            assertThat(agent.lost()).isPositive();
            assertThat(healthEventsOf(node)).noneMatch(e -> e instanceof NodeFailed);
            assertThat(view(node).orElseThrow().state()).isNotEqualTo(Liveness.FAILED);
        }
    }

    @Test
    @Order(4)
    void shouldNotDeclareAnyoneFailedAgainAfterARestart() {
        String dead = unique("dead");
        String alive = unique("alive");
        String quiet = unique("quiet");
        try (SimulatedAgent deadAgent = SimulatedAgent.steady(kafka, dead, INTERVAL, ISOLATION_MS).start();
                SimulatedAgent aliveAgent = SimulatedAgent.steady(kafka, alive, INTERVAL, ISOLATION_MS).start()) {
            awaitSettled(dead);
            deadAgent.stop();
            kafka.awaitEvents(Topics.NODE_HEALTH, failedNode(dead), 1, Duration.ofSeconds(15));

            // A new instance: it rebuilds the last judgements from node-health, reads the heartbeats of the last
            // seconds again as history, and takes every partition over.
            Instant start = Instant.now();
            FailureDetector restarted = new FailureDetector(MonitorSettings.from(config), judge::partitionOf);
            try (JudgementLog log = new JudgementLog(kafkaConfig)) {
                log.replay(e -> restarted.restore((NodeHealthEvent) e.payload(), start));
            }
            restarted.discover(heartbeat(dead, deadAgent.incarnation(), 1), start);
            restarted.discover(heartbeat(alive, aliveAgent.incarnation(), 1), start);
            restarted.discover(heartbeat(quiet, "q-1", 1), start);
            restarted.assign(Set.copyOf(IntStream.range(0, Topics.DATA_PLANE_PARTITIONS).boxed().toList()), start);
            assertThat(restarted.node(dead).orElseThrow().state()).isEqualTo(Liveness.FAILED);

            // Ten seconds of its life: the live node keeps beating; the dead one stays dead; nobody is declared again
            List<Transition> transitions = new ArrayList<>();
            for (int ms = 0; ms <= 10_000; ms += 100) {
                Instant now = start.plusMillis(ms);
                if (ms % 200 == 0) {
                    restarted.heartbeat(heartbeat(alive, aliveAgent.incarnation(), 1_000_000 + ms), now);
                }
                transitions.addAll(restarted.evaluate(now).transitions());
            }

            assertThat(transitions).noneMatch(t -> t.nodeId().equals(dead) || t.nodeId().equals(alive));
            assertThat(restarted.node(dead).orElseThrow().state()).isEqualTo(Liveness.FAILED);
            assertThat(restarted.node(alive).orElseThrow().state()).isEqualTo(Liveness.ALIVE);
            // a node known only from history is judged, but not before the grace period is over
            assertThat(transitions).filteredOn(t -> t.nodeId().equals(quiet)).extracting(Transition::to)
                    .containsExactly(Liveness.SUSPECT, Liveness.FAILED);
            assertThat(((NodeFailed) transitions.get(1).event()).detectedAt())
                    .isAfterOrEqualTo(start.plus(config.gracePeriod()));
        }
    }

    @Test
    @Order(5)
    void shouldRaiseTheGuardInsteadOfDeclaringAMassSilenceFailed() {
        List<SimulatedAgent> agents = IntStream.range(0, 6)
                .mapToObj(i -> SimulatedAgent.steady(kafka, unique("mass" + i), INTERVAL, ISOLATION_MS).start())
                .toList();
        try {
            agents.forEach(a -> awaitSettled(a.nodeId));
            List<SimulatedAgent> cut = agents.subList(0, 4);
            List<String> cutIds = cut.stream().map(a -> a.nodeId).toList();
            Instant cutAt = Instant.now();
            cut.forEach(SimulatedAgent::cutOff);

            MonitorAlert raised = (MonitorAlert) kafka.awaitEvents(Topics.NODE_HEALTH,
                    e -> e.payload() instanceof MonitorAlert a && a.kind() == MonitorAlert.Kind.MASS_SILENCE
                            && a.active() && a.at().isAfter(cutAt),
                    1, Duration.ofSeconds(15)).get(0).payload();
            // raised as soon as enough of them are silent (each falls silent at its own phase): only cut nodes are
            assertThat(cutIds).containsAll(raised.silentNodeIds());
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(judge.guard().silentNodeIds()).containsAll(cutIds));
            given().when().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'failure-detector' }.data.reason", containsString("mass silence"));
            await().during(config.failureBound().plusSeconds(1)).atMost(config.failureBound().plusSeconds(10))
                    .until(() -> cutIds.stream().noneMatch(id -> view(id).orElseThrow().state() == Liveness.FAILED));

            cut.forEach(SimulatedAgent::reconnect);

            kafka.awaitEvents(Topics.NODE_HEALTH,
                    e -> e.payload() instanceof MonitorAlert a && a.kind() == MonitorAlert.Kind.MASS_SILENCE
                            && !a.active() && a.at().isAfter(raised.at()),
                    1,
                    Duration.ofSeconds(15));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                    .statusCode(200));
            assertThat(cutIds).allSatisfy(id -> assertThat(healthEventsOf(id)).noneMatch(e -> e instanceof NodeFailed));
        } finally {
            agents.forEach(SimulatedAgent::stop);
        }
    }

    private void awaitSettled(String nodeId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> view(nodeId).filter(v -> v.judged() && v.heard()
                && v.samples() >= config.detector().minSamples()
                && (v.judgeFrom() == null || v.judgeFrom().isBefore(Instant.now()))).isPresent());
    }

    private java.util.Optional<NodeView> view(String nodeId) {
        return judge.nodes().stream().filter(v -> v.nodeId().equals(nodeId)).findFirst();
    }

    private static List<NodeHealthEvent> healthEventsOf(String nodeId) {
        return kafka.readAllEvents(Topics.NODE_HEALTH, Duration.ofSeconds(15)).stream()
                .map(Envelope::payload).filter(p -> p instanceof NodeHealthEvent).map(p -> (NodeHealthEvent) p)
                .filter(e -> e.key().equals(nodeId)).toList();
    }

    private static Predicate<Envelope<?>> failedNode(String nodeId) {
        return e -> e.payload() instanceof NodeFailed f && f.nodeId().equals(nodeId);
    }

    private static NodeHeartbeat heartbeat(String nodeId, String incarnation, long seq) {
        return new NodeHeartbeat(nodeId, incarnation, seq, Instant.now(), INTERVAL.toMillis(), ISOLATION_MS,
                Resources.NONE, Resources.NONE);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
