package io.hacluster.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.PlacementDecision.Assignment;
import io.hacluster.events.PlacementDecision.FailoverPlanned;
import io.hacluster.events.PlacementDecision.GroupFailureRecorded;
import io.hacluster.events.Resources;
import io.hacluster.events.VolumeStatus;

/**
 * Random concurrent operator actions, as many operators (or scripts) send them: drains, resumes and moves arrive while
 * earlier plans are still being carried out, and the executor finishes the plans in any order. The leader is driven
 * as in {@link ReconcileScenarioTest}: every change applied to the model, then every waiting cause planned and every
 * due repair. Checked after every step: no plan sends a group to a node that is draining or in maintenance, and no
 * group is claimed by two failovers at once; once the operators stop and the executor has finished everything: no
 * group runs on a draining or maintenance node while an active node exists, and every group runs on exactly one node.
 */
class OperatorConcurrencyPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    /** One random run: the cluster's size and the seed of its operations. */
    record Run(int nodes, int groups, int steps, long seed) {
    }

    @Test
    void shouldNeverPlaceOnADrainingOrMaintenanceNodeWhateverTheOperatorsDoConcurrently() {
        PropertyCheck.forAll(r -> new Run(2 + r.nextInt(4), 1 + r.nextInt(8), 10 + r.nextInt(40), r.nextLong()),
                run -> new Harness(run).check());
    }

    /** The model, the engine and the reconciler, and a world that carries out their plans. */
    static final class Harness {

        private final Run run;
        private final Random random;
        private final ClusterModel model = new ClusterModel(Duration.ofMinutes(5));
        private final PlacementEngine engine = new PlacementEngine();
        private final Reconciler reconciler = new Reconciler(new Reconciler.Settings(Duration.ofSeconds(5),
                Duration.ofMinutes(1)));
        /** Where each group runs in the world, and at which epoch. */
        private final Map<String, String> runsOn = new LinkedHashMap<>();
        private final Map<String, Long> epochs = new LinkedHashMap<>();
        /** Plans published and not yet carried out by the executor. */
        private final List<FailoverPlanned> inFlight = new ArrayList<>();
        private final Map<String, Long> seqs = new LinkedHashMap<>();
        private Instant now = T0;
        /** What happened, for the message of a falsified sample. */
        private final List<String> log = new ArrayList<>();
        private int events;
        private int requests;

        Harness(Run run) {
            this.run = run;
            this.random = new Random(run.seed());
            model.countFailuresFromStatus(true);
        }

        void check() {
            for (int g = 1; g <= run.groups(); g++) {
                String group = "g" + g;
                model.onAdmin(id(), now, new AdminEvent.GroupDefined(new GroupSpec(group, "vol-" + group,
                        List.of(new ContainerSpec(group + "-c", 500, 512, List.of())), 1 + random.nextInt(20),
                        List.of(), List.of(), null, FailbackPolicy.NEVER)));
                runsOn.put(group, node(1 + random.nextInt(run.nodes())));
                epochs.put(group, 1L);
            }
            reportAll();
            lead();
            for (int step = 0; step < run.steps(); step++) {
                act();
                now = now.plusSeconds(1 + random.nextInt(10));
                reportAll();
                lead();
            }
            // the operators stop; the executor finishes whatever is left, and the reconciler repairs what it finds
            for (int round = 0; round < 50 && !(inFlight.isEmpty() && settled()); round++) {
                while (!inFlight.isEmpty()) {
                    execute(inFlight.remove(0));
                }
                now = now.plusSeconds(30);
                reportAll();
                lead();
            }
            assertThat(inFlight).as("plans still published after the operators stopped").isEmpty();
            boolean anyActive = model.nodes().values().stream().anyMatch(n -> n.state() == NodeState.ACTIVE);
            if (anyActive) {
                runsOn.forEach((group, node) -> assertThat(model.node(node).state())
                        .as("%s runs on %s while an active node exists; observed %s; repair %s; nodes %s; plan %s",
                                group, node, model.observation(group, now),
                                reconciler.decide(model.observation(group, now), now), model.nodes(),
                                reconciler.decide(model.observation(group, now), now)
                                        .map(r -> engine.plan(model.snapshot(now), r).toEvent(now,
                                                CandidateListing.ALL))
                                        .orElse(null))
                        .isEqualTo(NodeState.ACTIVE));
            }
        }

        private boolean settled() {
            boolean anyActive = model.nodes().values().stream().anyMatch(n -> n.state() == NodeState.ACTIVE);
            return !anyActive || runsOn.values().stream().allMatch(n -> model.node(n).state() == NodeState.ACTIVE);
        }

        /** One operator action, or the executor finishing one of the plans in flight. */
        private void act() {
            int what = random.nextInt(10);
            String node = node(1 + random.nextInt(run.nodes()));
            log.add(now + " act " + what + " " + node);
            if (what < 3) {
                model.onAdmin(id(), now, new AdminEvent.NodeDrainRequested("req-" + (++requests), node, "op"));
            } else if (what < 5) {
                model.onAdmin(id(), now, new AdminEvent.NodeResumeRequested("req-" + (++requests), node, "op"));
            } else if (what < 7) {
                String group = "g" + (1 + random.nextInt(run.groups()));
                model.onAdmin(id(), now, new AdminEvent.GroupMoveRequested("req-" + (++requests), group,
                        random.nextBoolean() ? node : null, "op"));
            } else if (!inFlight.isEmpty()) {
                execute(inFlight.remove(random.nextInt(inFlight.size())));
            }
        }

        /** The executor carries out a plan: each assigned group stops where it ran and starts on its target. */
        private void execute(FailoverPlanned plan) {
            log.add(now + " executed " + plan.failoverId());
            for (Assignment a : plan.assignments()) {
                long epoch = a.inPlace() ? a.epoch() : epochs.get(a.groupId()) + 1;
                runsOn.put(a.groupId(), a.toNodeId());
                epochs.put(a.groupId(), epoch);
                model.onFailoverEvent(id(), now, new FailoverEvent.GroupRelocated(plan.failoverId(), a.groupId(),
                        a.fromNodeId(), a.toNodeId(), epoch, now, now, List.of()));
            }
            plan.unplaceable().forEach(u -> model.onFailoverEvent(id(), now, new FailoverEvent.GroupUnplaceable(
                    plan.failoverId(), u.groupId(), u.fromNodeId(), u.reason(), now)));
            model.onFailoverEvent(id(), now, new FailoverEvent.FailoverCompleted(plan.failoverId(),
                    plan.assignments().size(), plan.unplaceable().size(), null));
            reportAll();
        }

        /** Every node reports what runs on it in the world. */
        private void reportAll() {
            List<String> reachable = runsOn.keySet().stream().map(g -> "vol-" + g).toList(); // shared storage
            for (int i = 1; i <= run.nodes(); i++) {
                String node = node(i);
                List<VolumeStatus> volumes = new ArrayList<>();
                List<ContainerStatus> containers = new ArrayList<>();
                runsOn.forEach((group, on) -> {
                    if (on.equals(node)) {
                        volumes.add(new VolumeStatus("vol-" + group, group, epochs.get(group)));
                        containers.add(new ContainerStatus(group + "-c", group, ContainerState.RUNNING, "pid 1"));
                    }
                });
                long seq = seqs.merge(node, 1L, Long::sum);
                model.onNodeStatus(id(), now, new NodeStatus(node, "inc-" + node, seq, now, NodeStatus.Mode.ACTIVE,
                        new Resources(64000, 65536), Resources.NONE, reachable, containers, volumes, null));
            }
        }

        /** The leader: plans every waiting cause and every due repair, checking each plan as it is published. */
        private void lead() {
            while (model.nextRequest().isPresent()) {
                publish(engine.plan(model.snapshot(now), model.nextRequest().orElseThrow()));
            }
            for (GroupFailureRecorded notice : model.unannouncedFailures()) {
                model.onFailureRecorded(notice);
            }
            for (PlacementRequest.Repair repair : reconciler.decide(model.observations(now), now)) {
                var again = reconciler.decide(model.observation(repair.groupId(), now), now);
                if (again.isEmpty() || !again.get().causeEventId().equals(repair.causeEventId())) {
                    continue;
                }
                Plan plan = engine.plan(model.snapshot(now), again.get());
                if (!plan.actsOnSomething() && again.get() instanceof PlacementRequest.Relocate r
                        && r.fallback() != null) {
                    plan = engine.plan(model.snapshot(now), r.fallback());
                }
                if (plan.actsOnSomething()) {
                    publish(plan);
                }
            }
        }

        private void publish(Plan plan) {
            FailoverPlanned event = plan.toEvent(now, CandidateListing.ALL);
            log.add(now + " planned " + event.trigger().kind() + " " + event.failoverId() + " " + event.assignments()
                    .stream().map(a -> a.groupId() + "->" + a.toNodeId()).toList() + " unplaced "
                    + event.unplaceable()
                            .stream().map(u -> u.groupId()).toList()
                    + " nodes " + model.nodes());
            for (Assignment a : event.assignments()) {
                assertThat(model.node(a.toNodeId()).state())
                        .as("%s sent to %s by %s %s", a.groupId(), a.toNodeId(), event.trigger().kind(),
                                event.failoverId())
                        .isNotIn(NodeState.DRAINING, NodeState.MAINTENANCE, NodeState.FAILED);
                for (FailoverPlanned other : inFlight) {
                    assertThat(other.assignments()).as("%s planned by %s %s at %s while %s %s of %s still moves it\n%s",
                            a.groupId(), event.trigger().kind(), event.failoverId(), now, other.trigger().kind(),
                            other.failoverId(), other.plannedAt(), String.join("\n", log))
                            .noneMatch(o -> o.groupId().equals(a.groupId()));
                }
            }
            model.onPlanned(id(), now, event);
            if (!event.assignments().isEmpty() || !event.unplaceable().isEmpty()) {
                inFlight.add(event);
            } else {
                model.onFailoverEvent(id(), now, new FailoverEvent.FailoverCompleted(event.failoverId(), 0, 0, null));
            }
        }

        private String id() {
            return "evt-" + (++events);
        }

        private static String node(int i) {
            return "node-" + i;
        }
    }
}
