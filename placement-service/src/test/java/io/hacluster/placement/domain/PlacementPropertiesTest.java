package io.hacluster.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.hacluster.events.GroupSpec;
import io.hacluster.events.Resources;
import io.hacluster.placement.domain.RandomClusters.Case;

/**
 * The rules of placement, checked on hundreds of generated clusters and requests (see {@link PropertyCheck}). The
 * expectations are computed here from the snapshot, independently of the engine.
 */
class PlacementPropertiesTest {

    private final PlacementEngine engine = new PlacementEngine();

    @Test
    void shouldNeverExceedTheFreeCapacityOfANode() {
        PropertyCheck.forAll(RandomClusters::generate, c -> {
            Plan plan = engine.plan(c.snapshot(), c.request());
            Set<String> scope = scope(c);
            for (NodeView node : c.snapshot().nodes().values()) {
                Resources placed = Resources.NONE;
                for (GroupDecision d : plan.placed()) {
                    if (d.toNodeId().equals(node.nodeId())) {
                        placed = placed.plus(d.demand());
                    }
                }
                assertThat(placed.equals(Resources.NONE) || placed.fitsIn(freeBefore(c.snapshot(), node.nodeId(), scope)))
                        .as("groups placed on %s (%s) fit in its free capacity %s", node.nodeId(), placed,
                                freeBefore(c.snapshot(), node.nodeId(), scope))
                        .isTrue();
            }
        });
    }

    @Test
    void shouldPlaceGroupsOnlyWhereEveryFilterAllows() {
        PropertyCheck.forAll(RandomClusters::generate, c -> {
            Plan plan = engine.plan(c.snapshot(), c.request());
            for (GroupDecision d : plan.placed()) {
                GroupSpec spec = c.snapshot().groups().get(d.groupId()).spec();
                NodeView target = c.snapshot().nodes().get(d.toNodeId());
                assertThat(target).as("target of %s is a known node", d.groupId()).isNotNull();
                assertThat(target.state()).isEqualTo(NodeState.ACTIVE);
                assertThat(target.statusKnown()).isTrue();
                assertThat(target.selfFenced()).isFalse();
                assertThat(target.reachableVolumes()).contains(spec.volumeId());
                assertThat(spec.mayRunOn(target.nodeId())).as("%s may run on %s", spec.groupId(), target.nodeId())
                        .isTrue();
                assertThat(target.nodeId()).isNotEqualTo(plan.sourceNodeId());
                if (c.request() instanceof PlacementRequest.Replan replan) {
                    assertThat(replan.excludedNodes()).doesNotContain(target.nodeId());
                }
                if (c.request() instanceof PlacementRequest.GroupMove move && move.targetNodeId() != null) {
                    assertThat(target.nodeId()).isEqualTo(move.targetNodeId());
                }
                if (c.request() instanceof PlacementRequest.Failback) {
                    int now = spec.preferredOwners().indexOf(plan.sourceNodeId());
                    int rank = spec.preferredOwners().indexOf(target.nodeId());
                    assertThat(rank).isGreaterThanOrEqualTo(0);
                    assertThat(now < 0 || rank < now).as("fails back to a better-ranked owner").isTrue();
                }
            }
        });
    }

    @Test
    void shouldNeverPutAGroupBesideAnotherOfItsAntiAffinityClass() {
        PropertyCheck.forAll(RandomClusters::generate, c -> {
            Plan plan = engine.plan(c.snapshot(), c.request());
            Set<String> scope = scope(c);
            for (GroupDecision d : plan.placed()) {
                String cls = c.snapshot().groups().get(d.groupId()).spec().antiAffinityClass();
                if (cls == null) {
                    continue;
                }
                assertThat(classesOn(c.snapshot(), d.toNodeId(), scope)).as("classes staying on %s", d.toNodeId())
                        .doesNotContain(cls);
                for (GroupDecision other : plan.placed()) {
                    if (other != d && other.toNodeId().equals(d.toNodeId())) {
                        assertThat(c.snapshot().groups().get(other.groupId()).spec().antiAffinityClass())
                                .as("%s and %s on %s", d.groupId(), other.groupId(), d.toNodeId()).isNotEqualTo(cls);
                    }
                }
            }
        });
    }

    @Test
    void shouldGiveTheSamePlanForTheSameInputWhateverTheOrderItWasGatheredIn() {
        PropertyCheck.forAll(random -> {
            Case c = RandomClusters.generate(random);
            List<NodeView> nodes = new ArrayList<>(c.snapshot().nodes().values());
            List<GroupView> groups = new ArrayList<>(c.snapshot().groups().values());
            List<Reservation> reservations = new ArrayList<>(c.snapshot().reservations());
            Collections.shuffle(nodes, random);
            Collections.shuffle(groups, random);
            Collections.shuffle(reservations, random);
            return new Case[]{c, new Case(ClusterSnapshot.of(nodes, groups, reservations), c.request())};
        }, pair -> {
            Plan first = engine.plan(pair[0].snapshot(), pair[0].request());
            Plan again = engine.plan(pair[0].snapshot(), pair[0].request());
            Plan shuffled = engine.plan(pair[1].snapshot(), pair[1].request());
            assertThat(again).isEqualTo(first);
            assertThat(shuffled).isEqualTo(first);
            Instant at = Instant.EPOCH;
            assertThat(shuffled.toEvent(at, CandidateListing.ALL)).isEqualTo(first.toEvent(at, CandidateListing.ALL));
        });
    }

    @Test
    void shouldNeverLeaveAHigherPriorityGroupOutWhileALowerOneTakesItsPlace() {
        PropertyCheck.forAll(RandomClusters::generate, c -> {
            Plan plan = engine.plan(c.snapshot(), c.request());
            Set<String> scope = scope(c);
            List<GroupDecision> decided = plan.decisions().stream().filter(d -> scope.contains(d.groupId())).toList();
            for (int k = 1; k < decided.size(); k++) {
                assertThat(decided.get(k).priority()).as("decisions in priority order")
                        .isLessThanOrEqualTo(decided.get(k - 1).priority());
            }
            for (int u = 0; u < decided.size(); u++) {
                GroupDecision left = decided.get(u);
                if (left.placed()) {
                    continue;
                }
                for (GroupDecision lower : decided) {
                    if (lower.placed() && lower.priority() < left.priority()) {
                        assertThat(couldTake(c, plan, decided.subList(0, u), left, lower.toNodeId(), scope))
                                .as("%s (priority %d) left out while %s (priority %d) took %s", left.groupId(),
                                        left.priority(), lower.groupId(), lower.priority(), lower.toNodeId())
                                .isFalse();
                    }
                }
            }
        });
    }

    @Test
    void shouldDecideEveryGroupOfTheRequestExactlyOnce() {
        PropertyCheck.forAll(RandomClusters::generate, c -> {
            Plan plan = engine.plan(c.snapshot(), c.request());
            List<String> decided = plan.decisions().stream().map(GroupDecision::groupId).toList();
            assertThat(new HashSet<>(decided)).hasSameSizeAs(decided);
            assertThat(new HashSet<>(decided)).isEqualTo(expectedGroups(c));
        });
    }

    @Test
    void shouldExplainEveryDecision() {
        PropertyCheck.forAll(RandomClusters::generate, c -> {
            Plan plan = engine.plan(c.snapshot(), c.request());
            for (GroupDecision d : plan.decisions()) {
                if (d.placed()) {
                    Evaluation chosen = d.evaluations().get(0);
                    assertThat(chosen.candidate().chosen()).isTrue();
                    assertThat(chosen.nodeId()).isEqualTo(d.toNodeId());
                    assertThat(chosen.candidate().freeCpuAfter()).isNotNegative();
                    assertThat(chosen.candidate().freeMemoryAfterMb()).isNotNegative();
                } else {
                    assertThat(d.reason()).isNotBlank();
                }
                for (Evaluation e : d.evaluations()) {
                    assertThat(e.eligible()).isEqualTo(e.candidate().eligible());
                    assertThat(e.candidate().rejectedBecause() == null).isEqualTo(e.eligible());
                    assertThat(e.candidate().chosen()).isEqualTo(e.nodeId().equals(d.toNodeId()));
                }
            }
        });
    }

    // ---------------------------------------------------------------- oracle

    /** The groups the request is about and that the engine must try to place. */
    private static Set<String> scope(Case c) {
        ClusterSnapshot s = c.snapshot();
        Set<String> reserved = new HashSet<>();
        s.reservations().forEach(r -> reserved.add(r.groupId()));
        Set<String> scope = new HashSet<>();
        PlacementRequest r = c.request();
        if (r instanceof PlacementRequest.NodeFailed f) {
            s.groups().values().stream().filter(g -> f.nodeId().equals(g.nodeId()) && !reserved.contains(g.groupId()))
                    .forEach(g -> scope.add(g.groupId()));
        } else if (r instanceof PlacementRequest.NodeDrain d) {
            NodeView node = s.nodes().get(d.nodeId());
            if (node != null && node.state() == NodeState.DRAINING) {
                s.groups().values().stream()
                        .filter(g -> d.nodeId().equals(g.nodeId()) && !reserved.contains(g.groupId()))
                        .forEach(g -> scope.add(g.groupId()));
            }
        } else {
            String id = groupOf(r);
            GroupView g = s.groups().get(id);
            boolean in = g != null && (r instanceof PlacementRequest.Replan || !reserved.contains(id));
            if (r instanceof PlacementRequest.GroupStart || r instanceof PlacementRequest.Failback) {
                in = in && (r instanceof PlacementRequest.GroupStart) == (g.nodeId() == null);
            }
            if (in) {
                scope.add(id);
            }
        }
        return scope;
    }

    private static Set<String> expectedGroups(Case c) {
        Set<String> expected = new HashSet<>(scope(c));
        PlacementRequest r = c.request();
        if (r instanceof PlacementRequest.GroupMove || r instanceof PlacementRequest.Replan
                || r instanceof PlacementRequest.Failback) {
            expected.add(groupOf(r));
        }
        return expected;
    }

    private static String groupOf(PlacementRequest r) {
        if (r instanceof PlacementRequest.GroupMove m) {
            return m.groupId();
        }
        if (r instanceof PlacementRequest.GroupStart s) {
            return s.groupId();
        }
        if (r instanceof PlacementRequest.Replan p) {
            return p.groupId();
        }
        return ((PlacementRequest.Failback) r).groupId();
    }

    /**
     * Free capacity of a node before the plan: capacity, minus the larger of reported usage and the demand of the
     * groups on it, minus reservations of groups that are not part of the plan and not already on it.
     */
    private static Resources freeBefore(ClusterSnapshot s, String nodeId, Set<String> scope) {
        NodeView node = s.nodes().get(nodeId);
        Resources located = Resources.NONE;
        for (GroupView g : s.groups().values()) {
            if (nodeId.equals(g.nodeId())) {
                located = located.plus(g.spec().demand());
            }
        }
        Resources used = new Resources(Math.max(node.usage().cpuMillis(), located.cpuMillis()),
                Math.max(node.usage().memoryMb(), located.memoryMb()));
        Resources free = node.capacity().minus(used);
        for (Reservation r : s.reservations()) {
            GroupView g = s.groups().get(r.groupId());
            if (r.nodeId().equals(nodeId) && !scope.contains(r.groupId()) && (g == null || !nodeId.equals(g.nodeId()))) {
                free = free.minus(r.demand());
            }
        }
        return free;
    }

    /** Anti-affinity classes that stay on a node or are on their way to it, apart from the plan's own groups. */
    private static Set<String> classesOn(ClusterSnapshot s, String nodeId, Set<String> scope) {
        Set<String> classes = new HashSet<>();
        for (GroupView g : s.groups().values()) {
            if (nodeId.equals(g.nodeId()) && !scope.contains(g.groupId()) && g.spec().antiAffinityClass() != null) {
                classes.add(g.spec().antiAffinityClass());
            }
        }
        for (Reservation r : s.reservations()) {
            GroupView g = s.groups().get(r.groupId());
            if (r.nodeId().equals(nodeId) && !scope.contains(r.groupId()) && g != null
                    && g.spec().antiAffinityClass() != null) {
                classes.add(g.spec().antiAffinityClass());
            }
        }
        return classes;
    }

    /** Whether {@code group} fits on {@code nodeId} given only the placements decided before it. */
    private static boolean couldTake(Case c, Plan plan, List<GroupDecision> before, GroupDecision group,
            String nodeId, Set<String> scope) {
        ClusterSnapshot s = c.snapshot();
        NodeView node = s.nodes().get(nodeId);
        GroupSpec spec = s.groups().get(group.groupId()).spec();
        if (nodeId.equals(plan.sourceNodeId()) || node.state() != NodeState.ACTIVE || !node.statusKnown()
                || node.selfFenced() || !node.reachableVolumes().contains(spec.volumeId())
                || !spec.mayRunOn(nodeId)) {
            return false;
        }
        Resources free = freeBefore(s, nodeId, scope);
        Set<String> classes = classesOn(s, nodeId, scope);
        for (GroupDecision d : before) {
            if (d.placed() && d.toNodeId().equals(nodeId)) {
                free = free.minus(d.demand());
                String cls = s.groups().get(d.groupId()).spec().antiAffinityClass();
                if (cls != null) {
                    classes.add(cls);
                }
            }
        }
        return spec.demand().fitsIn(free) && (spec.antiAffinityClass() == null
                || !classes.contains(spec.antiAffinityClass()));
    }

    @Test
    void shouldGenerateCasesWhereCapacityRunsOutAndEveryRequestKindOccurs() {
        int unplaced = 0;
        int placed = 0;
        Set<Class<?>> kinds = new HashSet<>();
        for (int i = 0; i < PropertyCheck.TRIES; i++) {
            Case c = RandomClusters.generate(new Random(PropertyCheck.FIRST_SEED + i));
            Plan plan = engine.plan(c.snapshot(), c.request());
            kinds.add(c.request().getClass());
            unplaced += plan.unplaced().stream().anyMatch(d -> d.reason().contains("not enough free capacity"))
                    ? 1
                    : 0;
            placed += plan.placed().size();
        }
        System.out.printf("generated %d cases: %d groups placed, %d cases where capacity ran out%n",
                PropertyCheck.TRIES, placed, unplaced);
        assertThat(kinds).hasSize(6);
        assertThat(unplaced).as("cases where capacity ran out").isGreaterThan(PropertyCheck.TRIES / 20);
        assertThat(placed).as("groups placed in all cases").isGreaterThan(PropertyCheck.TRIES / 2);
    }
}
