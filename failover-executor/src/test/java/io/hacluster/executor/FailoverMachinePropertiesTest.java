package io.hacluster.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.hacluster.events.AdminEvent.GroupReplanRequested;
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
import io.hacluster.events.PlacementDecision.Trigger;
import io.hacluster.events.PlacementDecision.TriggerKind;
import io.hacluster.events.PlacementDecision.Unplaceable;
import io.hacluster.events.Resources;
import io.hacluster.executor.domain.Effect;
import io.hacluster.executor.domain.ExecutorSettings;
import io.hacluster.executor.domain.Failover;
import io.hacluster.executor.domain.FailoverMachine;
import io.hacluster.executor.domain.FencingMethod;
import io.hacluster.executor.domain.GroupTask;
import io.hacluster.executor.domain.Input;
import io.hacluster.executor.domain.Phase;
import io.hacluster.executor.domain.Step;
import io.hacluster.executor.domain.Transition;

/**
 * The failover machine's invariants over many generated failovers, each driven to its end by simulated agents that
 * answer, refuse or stay silent at random, simulated placement that answers re-plans or not, and a clock that jumps.
 * Seeded: a failing seed reproduces exactly.
 */
class FailoverMachinePropertiesTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final List<String> NODES = List.of("node-2", "node-3", "node-4", "node-5");

    static java.util.stream.IntStream seeds() {
        return java.util.stream.IntStream.range(0, 400);
    }

    /** Everything the simulated world saw, in order. */
    static final class World {

        final Random random;
        final FailoverMachineTest.MemoryLedger ledger = new FailoverMachineTest.MemoryLedger();
        final List<EventPayload> published = new ArrayList<>();
        final List<AgentCommand> sent = new ArrayList<>();
        final Deque<Input> inbox = new ArrayDeque<>();
        /** node → volume → epoch it holds mounted, per the simulated agents. */
        final Map<String, Map<String, Long>> mounted = new HashMap<>();
        final Set<String> answered = new HashSet<>();
        Instant now = T0;
        boolean fenced;
        final List<String> violations = new ArrayList<>();

        World(long seed) {
            this.random = new Random(seed);
        }

        void record(Transition t) {
            for (Effect e : t.effects()) {
                if (e instanceof Effect.Publish p) {
                    published.add(p.payload());
                    if (p.payload() instanceof FailoverEvent.NodeFenced) {
                        fenced = true;
                    }
                    if (p.payload() instanceof GroupReplanRequested r) {
                        replan(r);
                    }
                } else if (e instanceof Effect.SendCommand s) {
                    sent.add(s.command());
                    agent(s.command());
                } else if (e instanceof Effect.RunPowerFence) {
                    boolean ok = random.nextInt(3) > 0;
                    inbox.add(new Input.PowerFenceDone(ok, ok ? "exit 0" : "exit 1", now, now));
                }
            }
        }

        /** A simulated agent: carries the command out (under the epoch rules), refuses it, or never hears of it. */
        void agent(AgentCommand c) {
            int fate = random.nextInt(100);
            if (fate < 15) {
                return; // lost: the machine must send it again
            }
            if (fate < 20) {
                inbox.add(new Input.ResultReceived(new CommandResult.CommandFailed(c.commandId(), c.nodeId(),
                        c.getClass().getSimpleName(), c.failoverId(), c.groupId(), now, "busy", true), now));
                return;
            }
            if (fate < 24) {
                inbox.add(new Input.ResultReceived(new CommandResult.CommandFailed(c.commandId(), c.nodeId(),
                        c.getClass().getSimpleName(), c.failoverId(), c.groupId(), now, "refused", false), now));
                return;
            }
            Map<String, String> evidence = Map.of();
            if (c instanceof AgentCommand.MountVolume m) {
                mounted.computeIfAbsent(m.nodeId(), n -> new HashMap<>()).put(m.volumeId(), m.epoch());
            } else if (c instanceof AgentCommand.StartContainer s) {
                Long held = mounted.getOrDefault(s.nodeId(), Map.of()).get(s.volumeId());
                if (held == null || held != s.epoch()) {
                    violations.add("started " + s.container().containerId() + " on " + s.nodeId() + " at epoch "
                            + s.epoch() + " without that mount answered first");
                }
                if (random.nextInt(10) > 0) {
                    ContainerState state = random.nextInt(20) == 0 ? ContainerState.FAILED : ContainerState.RUNNING;
                    NodeStatus status = new NodeStatus(s.nodeId(), "inc", 1, now, NodeStatus.Mode.ACTIVE,
                            new Resources(4000, 8192), Resources.NONE, List.of(), List.of(new ContainerStatus(
                                    s.container().containerId(), s.groupId(), state, "")),
                            List.of(), null);
                    inbox.add(new Input.StatusReceived(status, now.plusMillis(1), now.plusMillis(1)));
                }
            } else if (c instanceof AgentCommand.FenceVolume f) {
                evidence = Map.of("epochBefore", String.valueOf(f.epoch() - 1), "epochAfter", String.valueOf(f.epoch()));
            }
            if (c instanceof AgentCommand.MountVolume || c instanceof AgentCommand.StartContainer) {
                if (!fencedOrNotNeeded()) {
                    violations.add(c.getClass().getSimpleName() + " " + c.commandId() + " sent before the source "
                            + "was fenced");
                }
            }
            inbox.add(new Input.ResultReceived(new CommandResult.CommandSucceeded(c.commandId(), c.nodeId(),
                    c.getClass().getSimpleName(), c.failoverId(), c.groupId(), now, evidence), now));
        }

        boolean needsFencing;

        boolean fencedOrNotNeeded() {
            return !needsFencing || fenced;
        }

        /** Simulated placement: another node, or none, or no answer at all. */
        void replan(GroupReplanRequested r) {
            int fate = random.nextInt(10);
            if (fate == 0) {
                return; // never answered: the machine must give up in time
            }
            List<String> others = NODES.stream().filter(n -> !r.excludedNodes().contains(n)).toList();
            Trigger trigger = new Trigger(TriggerKind.REPLAN, null, r.groupId(), r.requestId(), "evt-" + r.requestId(),
                    null, r.failoverId());
            FailoverPlanned plan = others.isEmpty() || fate == 1
                    ? new FailoverPlanned("fo-re", trigger, r.fromNodeId(), List.of(), List.of(new Unplaceable(r.groupId(),
                            null, r.fromNodeId(), 1, "no other node", List.of())), now)
                    : new FailoverPlanned("fo-re", trigger, r.fromNodeId(), List.of(new Assignment(r.groupId(), null,
                            r.fromNodeId(), others.get(random.nextInt(others.size())), 1, List.of(), List.of())),
                            List.of(), now);
            inbox.add(new Input.ReplanReceived(plan, now));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldEndEveryFailoverSafelyWhateverTheAgentsDo(int seed) {
        World w = new World(seed);
        Random r = w.random;
        List<FencingMethod> methods = new ArrayList<>(List.of(FencingMethod.values()));
        java.util.Collections.shuffle(methods, r);
        methods = methods.subList(0, 1 + r.nextInt(methods.size()));
        FailoverMachine machine = new FailoverMachine(new ExecutorSettings(Duration.ofSeconds(2), 1 + r.nextInt(3),
                Duration.ofSeconds(5), Duration.ofSeconds(1), 1 + r.nextInt(4), r.nextInt(3), Duration.ofSeconds(20),
                methods, r.nextBoolean(), Duration.ofSeconds(1)), w.ledger);

        TriggerKind kind = List.of(TriggerKind.NODE_FAILED, TriggerKind.NODE_DRAIN, TriggerKind.GROUP_START)
                .get(r.nextInt(3));
        List<Assignment> assignments = new ArrayList<>();
        int groups = 1 + r.nextInt(6);
        for (int g = 0; g < groups; g++) {
            List<ContainerSpec> containers = new ArrayList<>();
            for (int c = 0; c < r.nextInt(4); c++) {
                containers.add(new ContainerSpec("c" + g + "-" + c, 100, 64, List.of()));
            }
            assignments.add(new Assignment("g" + g, "vol-" + g, kind == TriggerKind.GROUP_START ? null : "node-1",
                    NODES.get(r.nextInt(NODES.size())), groups - g, containers, List.of()));
        }
        NodeFailure failure = kind == TriggerKind.NODE_FAILED && r.nextInt(5) > 0
                ? new NodeFailure("inc", T0.minusSeconds(3), T0.minusMillis(r.nextInt(3000)), 2000, "silent")
                : null;
        FailoverPlanned plan = new FailoverPlanned("fo-" + seed, new Trigger(kind, "node-1", null, null, "evt", failure,
                null), kind == TriggerKind.GROUP_START ? null : "node-1", assignments, List.of(), T0);
        w.needsFencing = kind == TriggerKind.NODE_FAILED;

        FailoverMachine.Started started = machine.start(plan, w.now);
        Failover f = started.failover();
        w.record(started.transition());
        for (int step = 0; step < 20_000 && !f.phase().isFinal(); step++) {
            Input input;
            if (!w.inbox.isEmpty() && r.nextInt(4) > 0) {
                input = w.inbox.poll();
            } else {
                w.now = w.now.plusMillis(100 + r.nextInt(1900));
                input = new Input.Tick(w.now);
            }
            w.record(machine.handle(f, input));
        }

        assertThat(w.violations).as("seed %d", seed).isEmpty();
        assertThat(f.phase().isFinal()).as("seed %d: failover ended, phase %s", seed, f.phase()).isTrue();
        long ends = w.published.stream().filter(p -> p instanceof FailoverEvent.FailoverCompleted
                || p instanceof FailoverEvent.FailoverFailed).count();
        assertThat(ends).as("seed %d: one end", seed).isEqualTo(1);
        for (GroupTask g : f.groups()) {
            assertThat(g.step()).as("seed %d: group %s", seed, g.groupId()).isIn(Step.ONLINE, Step.UNPLACEABLE);
            if (g.step() == Step.UNPLACEABLE) {
                assertThat(g.reason()).as("seed %d: reason for %s", seed, g.groupId()).isNotBlank();
            }
            long relocations = w.published.stream().filter(p -> p instanceof FailoverEvent.GroupRelocated rel
                    && rel.groupId().equals(g.groupId())).count();
            assertThat(relocations).as("seed %d: relocations of %s", seed, g.groupId())
                    .isEqualTo(g.step() == Step.ONLINE ? 1 : 0);
        }
        if (f.phase() == Phase.FAILED) {
            assertThat(w.sent).as("seed %d: nothing mounted or started when fencing failed", seed)
                    .noneMatch(c -> c instanceof AgentCommand.MountVolume || c instanceof AgentCommand.StartContainer);
        }
        Map<String, Map<String, Long>> mountsByVolume = new HashMap<>();
        for (AgentCommand c : w.sent) {
            if (c instanceof AgentCommand.MountVolume m) {
                Map<String, Long> byNode = mountsByVolume.computeIfAbsent(m.volumeId(), v -> new HashMap<>());
                Long previous = byNode.values().stream().max(Long::compare).orElse(0L);
                if (!byNode.containsKey(m.nodeId())) {
                    assertThat(m.epoch()).as("seed %d: a new target of %s gets a higher epoch", seed, m.volumeId())
                            .isGreaterThan(previous);
                }
                byNode.merge(m.nodeId(), m.epoch(), Math::max);
            }
        }
    }
}
