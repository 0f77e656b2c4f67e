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
import io.hacluster.events.PlacementDecision.Release;
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
        /** Commands and events together, in the order the machine decided them. */
        final List<Object> log = new ArrayList<>();
        /** node → container → state, per the simulated agents; every status reports all of a node's containers. */
        final Map<String, Map<String, ContainerState>> containers = new HashMap<>();
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
                    log.add(p.payload());
                    if (p.payload() instanceof FailoverEvent.NodeFenced) {
                        fenced = true;
                    }
                    if (p.payload() instanceof GroupReplanRequested r) {
                        replan(r);
                    }
                } else if (e instanceof Effect.SendCommand s) {
                    sent.add(s.command());
                    log.add(s.command());
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
                ContainerState state = random.nextInt(20) == 0 ? ContainerState.FAILED : ContainerState.RUNNING;
                containers.computeIfAbsent(s.nodeId(), n -> new HashMap<>()).put(s.container().containerId(), state);
                if (random.nextInt(10) > 0) {
                    inbox.add(new Input.StatusReceived(status(s.nodeId()), now.plusMillis(1), now.plusMillis(1)));
                }
            } else if (c instanceof AgentCommand.StopContainer s) {
                containers.getOrDefault(s.nodeId(), new HashMap<>()).remove(s.containerId());
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

        NodeStatus status(String node) {
            return new NodeStatus(node, "inc", 1, now, NodeStatus.Mode.ACTIVE, new Resources(4000, 8192),
                    Resources.NONE, List.of(), containers.getOrDefault(node, Map.of()).entrySet().stream()
                            .map(e -> new ContainerStatus(e.getKey(), "g", e.getValue(), "")).toList(),
                    List.of(), null);
        }

        /** A group that runs on a node before the failover starts: its volume mounted there, its containers up. */
        void runs(String node, String volumeId, long epoch, List<ContainerSpec> specs) {
            if (epoch > 0) {
                mounted.computeIfAbsent(node, n -> new HashMap<>()).put(volumeId, epoch);
                ledger.observe(volumeId, epoch);
            }
            specs.forEach(c -> containers.computeIfAbsent(node, n -> new HashMap<>()).put(c.containerId(),
                    ContainerState.RUNNING));
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

        List<TriggerKind> kinds = List.of(TriggerKind.NODE_FAILED, TriggerKind.NODE_DRAIN, TriggerKind.GROUP_START,
                TriggerKind.RESTART, TriggerKind.RELOCATE, TriggerKind.RECOVER, TriggerKind.GROUP_STOP);
        TriggerKind kind = kinds.get(r.nextInt(kinds.size()));
        boolean firstStart = kind == TriggerKind.GROUP_START;
        List<Assignment> assignments = new ArrayList<>();
        int groups = kind == TriggerKind.GROUP_STOP ? 0 : r.nextInt(7);
        for (int g = 0; g < groups; g++) {
            List<ContainerSpec> containers = containers(r, "c" + g);
            String to = NODES.get(r.nextInt(NODES.size()));
            if (kind == TriggerKind.RESTART && !containers.isEmpty() && r.nextInt(4) > 0) {
                long epoch = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(5); // now and then a plan without the epoch
                w.runs(to, "vol-" + g, epoch, containers);
                assignments.add(new Assignment("g" + g, "vol-" + g, to, to, groups - g, containers, List.of(), epoch,
                        containers.get(r.nextInt(containers.size())).containerId()));
            } else {
                assignments.add(new Assignment("g" + g, "vol-" + g, firstStart ? null : "node-1", to, groups - g,
                        containers, List.of()));
            }
        }
        List<Unplaceable> unplaceable = new ArrayList<>();
        if (!firstStart && kind != TriggerKind.GROUP_STOP && (groups == 0 || r.nextInt(4) == 0)) {
            unplaceable.add(new Unplaceable("u0", "vol-u0", "node-1", 0, "no node has room", List.of()));
        }
        List<Release> releases = new ArrayList<>();
        int released = kind == TriggerKind.GROUP_STOP ? 1 + r.nextInt(4) : r.nextInt(4) == 0 ? 1 : 0;
        for (int g = 0; g < released; g++) {
            List<ContainerSpec> containers = containers(r, "s" + g);
            String on = NODES.get(r.nextInt(NODES.size()));
            long epoch = 1 + r.nextInt(5);
            w.runs(on, "vol-s" + g, epoch, containers);
            releases.add(new Release("s" + g, "vol-s" + g, on, epoch, containers));
        }
        boolean failed = kind == TriggerKind.NODE_FAILED || kind == TriggerKind.RECOVER && r.nextBoolean();
        NodeFailure failure = failed && (kind == TriggerKind.RECOVER || r.nextInt(5) > 0)
                ? new NodeFailure("inc", T0.minusSeconds(3), T0.minusMillis(r.nextInt(3000)), 2000, "silent")
                : null;
        FailoverPlanned plan = new FailoverPlanned("fo-" + seed, new Trigger(kind, "node-1", null, null, "evt", failure,
                null, "generated"), firstStart ? null : "node-1", assignments, unplaceable, T0, releases);
        w.needsFencing = (kind == TriggerKind.NODE_FAILED || kind == TriggerKind.RECOVER && failure != null)
                && (!assignments.isEmpty() || !unplaceable.isEmpty());

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
        if (w.needsFencing && f.phase() == Phase.COMPLETED) {
            assertThat(w.published).as("seed %d: a failed source is fenced, whatever could be placed", seed)
                    .anyMatch(p -> p instanceof FailoverEvent.NodeFenced);
        }
        w.published.stream().filter(p -> p instanceof FailoverEvent.FailoverCompleted).findFirst()
                .map(FailoverEvent.FailoverCompleted.class::cast).ifPresent(c -> {
                    assertThat(c.relocated()).as("seed %d: relocated", seed).isEqualTo(count(f, Step.ONLINE));
                    assertThat(c.unplaceable()).as("seed %d: unplaceable", seed).isEqualTo(count(f, Step.UNPLACEABLE));
                });
        for (GroupTask g : f.groups()) {
            if (g.kind() == GroupTask.Kind.RELEASE) {
                assertThat(g.step()).as("seed %d: release %s", seed, g.groupId()).isIn(Step.STOPPED, Step.STOP_FAILED);
            } else {
                assertThat(g.step()).as("seed %d: group %s", seed, g.groupId()).isIn(Step.ONLINE, Step.UNPLACEABLE);
            }
            if (g.step() == Step.UNPLACEABLE || g.step() == Step.STOP_FAILED) {
                assertThat(g.reason()).as("seed %d: reason for %s", seed, g.groupId()).isNotBlank();
            }
            long relocations = w.published.stream().filter(p -> p instanceof FailoverEvent.GroupRelocated rel
                    && rel.groupId().equals(g.groupId())).count();
            assertThat(relocations).as("seed %d: relocations of %s", seed, g.groupId())
                    .isEqualTo(g.step() == Step.ONLINE ? 1 : 0);
            long stops = w.published.stream().filter(p -> p instanceof FailoverEvent.GroupStopped st
                    && st.groupId().equals(g.groupId())).count();
            assertThat(stops).as("seed %d: stops of %s", seed, g.groupId()).isEqualTo(g.step() == Step.STOPPED ? 1 : 0);
            long targetFailures = w.published.stream().filter(p -> p instanceof FailoverEvent.GroupTargetFailed tf
                    && tf.groupId().equals(g.groupId())).count();
            long replans = w.published.stream().filter(p -> p instanceof GroupReplanRequested rr
                    && rr.groupId().equals(g.groupId())).count();
            assertThat(targetFailures).as("seed %d: every re-plan of %s follows a target failure", seed, g.groupId())
                    .isGreaterThanOrEqualTo(replans);
        }
        for (Release rel : releases) {
            List<AgentCommand> its = w.sent.stream().filter(c -> rel.groupId().equals(c.groupId())).toList();
            assertThat(its).as("seed %d: release %s only stops and unmounts, on its node", seed, rel.groupId())
                    .allMatch(c -> c.nodeId().equals(rel.nodeId()) && (c instanceof AgentCommand.StopContainer
                            || c instanceof AgentCommand.UnmountVolume u && u.epoch() == rel.epoch()));
            List<String> stopOrder = its.stream().filter(c -> c instanceof AgentCommand.StopContainer)
                    .map(c -> ((AgentCommand.StopContainer) c).containerId()).distinct().toList();
            List<String> lastFirst = new ArrayList<>(rel.containers().stream().map(ContainerSpec::containerId).toList());
            java.util.Collections.reverse(lastFirst);
            assertThat(lastFirst.subList(0, stopOrder.size())).as("seed %d: %s stopped last first", seed, rel.groupId())
                    .isEqualTo(stopOrder);
        }
        for (Assignment a : assignments) {
            if (!a.inPlace() || a.epoch() <= 0) {
                continue;
            }
            String node = a.toNodeId();
            List<AgentCommand> onNode = w.sent.stream().filter(c -> a.groupId().equals(c.groupId())
                    && node.equals(c.nodeId())).toList();
            assertThat(onNode).as("seed %d: restart of %s mounts nothing on %s", seed, a.groupId(), node)
                    .noneMatch(c -> c instanceof AgentCommand.MountVolume || c instanceof AgentCommand.FenceVolume);
            assertThat(onNode).as("seed %d: restart of %s starts under epoch %d", seed, a.groupId(), a.epoch())
                    .allMatch(c -> !(c instanceof AgentCommand.StartContainer s) || s.epoch() == a.epoch());
            List<String> kept = a.containers().stream().map(ContainerSpec::containerId)
                    .takeWhile(id -> !id.equals(a.restartFrom())).toList();
            boolean targetFailed = false;
            for (Object o : w.log) {
                if (o instanceof FailoverEvent.GroupTargetFailed tf && tf.groupId().equals(a.groupId())) {
                    targetFailed = true;
                }
                if (o instanceof AgentCommand.StopContainer stop && stop.groupId().equals(a.groupId())
                        && kept.contains(stop.containerId())) {
                    assertThat(targetFailed).as("seed %d: %s stopped on %s only once the restart failed there", seed,
                            stop.containerId(), stop.nodeId()).isTrue();
                }
            }
        }
        if (f.phase() == Phase.FAILED) {
            assertThat(w.sent).as("seed %d: nothing mounted or started when fencing failed", seed)
                    .noneMatch(c -> c instanceof AgentCommand.MountVolume || c instanceof AgentCommand.StartContainer);
        }
        Map<String, Map<String, Long>> mountsByVolume = new HashMap<>();
        for (Assignment a : assignments) {
            if (a.inPlace() && a.epoch() > 0) {
                mountsByVolume.computeIfAbsent(a.volumeId(), v -> new HashMap<>()).put(a.toNodeId(), a.epoch());
            }
        }
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

    static List<ContainerSpec> containers(Random r, String prefix) {
        List<ContainerSpec> containers = new ArrayList<>();
        int n = r.nextInt(4);
        for (int c = 0; c < n; c++) {
            containers.add(new ContainerSpec(prefix + "-" + c, 100, 64, List.of()));
        }
        return containers;
    }

    static int count(Failover f, Step step) {
        return (int) f.groups().stream().filter(g -> g.step() == step).count();
    }
}
