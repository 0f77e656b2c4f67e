package io.hacluster.placement.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.hacluster.events.DesiredState;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.PlacementDecision.Candidate;
import io.hacluster.events.PlacementDecision.Release;
import io.hacluster.events.Resources;

/**
 * The placement engine: a pure function of (cluster snapshot, request) to a {@link Plan}.
 * <p>
 * Filter, then score, then assign greedily. The groups of the request are taken highest priority first, largest
 * first (CPU, then memory), then by id. For each group every candidate node is filtered: not excluded by the request,
 * not the node the group leaves, ACTIVE (and reporting, not self-fenced), reaches the group's volume, among its
 * possible owners, enough free CPU and memory (capacity minus the larger of reported usage and the demand of the
 * groups located there, minus reservations of earlier plans, minus what this plan already placed there), and no group
 * of the same anti-affinity class there, on its way there, or placed there by this plan. Eligible nodes are scored: the
 * rank in the group's preferred owners (listed before unlisted), then spread (the larger share of free capacity left
 * after placement, taking the scarcer of CPU and memory), then the node id. The best one is chosen and its free
 * capacity reduced before the next group. A group that no node can take is unplaceable, with a reason that counts the
 * nodes each filter rejected; because the groups are taken in priority order, capacity runs out for the lowest
 * priorities first.
 */
public final class PlacementEngine {

    private static final int NAMES_IN_REASON = 3;
    private static final Map<NodeState, String> STATE_REASONS = new EnumMap<>(NodeState.class);

    static {
        for (NodeState state : NodeState.values()) {
            STATE_REASONS.put(state, "node is " + state);
        }
    }

    private static final Comparator<GroupView> GREEDY_ORDER = Comparator
            .comparingInt((GroupView g) -> g.spec().priority()).reversed()
            .thenComparing(Comparator.comparingLong((GroupView g) -> g.spec().demand().cpuMillis()).reversed())
            .thenComparing(Comparator.comparingLong((GroupView g) -> g.spec().demand().memoryMb()).reversed())
            .thenComparing(GroupView::groupId);

    /** The plan answering {@code request}. The same snapshot and request always give the same plan. */
    public Plan plan(ClusterSnapshot snapshot, PlacementRequest request) {
        if (request instanceof PlacementRequest.Restart restart) {
            return restartInPlace(snapshot, restart);
        }
        if (request instanceof PlacementRequest.Stop stop) {
            return stop(snapshot, stop);
        }
        Scope scope = scope(snapshot, request);
        Set<String> planned = new HashSet<>();
        scope.groups.forEach(g -> planned.add(g.groupId()));
        Ledger ledger = new Ledger(snapshot, planned);
        List<GroupDecision> decisions = new ArrayList<>(scope.refused);
        scope.groups.stream().sorted(GREEDY_ORDER).forEach(g -> decisions.add(place(g, scope, ledger)));
        return new Plan(request.failoverId(), request.trigger(), scope.sourceNodeId, decisions);
    }

    /** A restart in place: the group stays where it is, under its epoch; nothing is placed. */
    private static Plan restartInPlace(ClusterSnapshot snapshot, PlacementRequest.Restart restart) {
        GroupView group = snapshot.groups().get(restart.groupId());
        String claimedBy = snapshot.claims().get(restart.groupId());
        GroupDecision decision;
        if (group == null) {
            decision = refused(restart.groupId(), restart.nodeId(), "the group is not defined");
        } else if (claimedBy != null) {
            decision = refused(group, restart.nodeId(), "the group is already handled by failover " + claimedBy);
        } else if (!restart.nodeId().equals(group.nodeId())) {
            decision = refused(group, restart.nodeId(), "the group is no longer on " + restart.nodeId());
        } else {
            GroupSpec spec = group.spec();
            decision = new GroupDecision(spec.groupId(), spec.volumeId(), restart.nodeId(), spec.priority(),
                    spec.containers(), spec.demand(), restart.nodeId(), null, List.of(), restart.epoch(),
                    restart.restartFrom());
        }
        return new Plan(restart.failoverId(), restart.trigger(), restart.nodeId(), List.of(decision));
    }

    /** A stop: the group's containers are stopped where it runs and its volume released; nothing is placed. */
    private static Plan stop(ClusterSnapshot snapshot, PlacementRequest.Stop stop) {
        GroupView group = snapshot.groups().get(stop.groupId());
        if (group == null || snapshot.claims().containsKey(stop.groupId()) || !stop.nodeId().equals(group.nodeId())) {
            return new Plan(stop.failoverId(), stop.trigger(), stop.nodeId(), List.of());
        }
        GroupSpec spec = group.spec();
        return new Plan(stop.failoverId(), stop.trigger(), stop.nodeId(), List.of(),
                List.of(new Release(spec.groupId(), spec.volumeId(), stop.nodeId(), stop.epoch(),
                        spec.containers())));
    }

    /** The groups a request covers and how their candidates are chosen. */
    private static final class Scope {

        String sourceNodeId;
        final List<GroupView> groups = new ArrayList<>();
        final List<GroupDecision> refused = new ArrayList<>();
        String namedTarget;
        Set<String> excluded = Set.of();
        String excludedIn;
        boolean failback;
    }

    private static Scope scope(ClusterSnapshot snapshot, PlacementRequest request) {
        Scope scope = new Scope();
        Map<String, String> reserved = snapshot.claims();
        if (request instanceof PlacementRequest.NodeFailed failed) {
            scope.sourceNodeId = failed.nodeId();
            groupsOn(snapshot, failed.nodeId(), reserved, scope);
        } else if (request instanceof PlacementRequest.NodeDrain drain) {
            scope.sourceNodeId = drain.nodeId();
            NodeView node = snapshot.nodes().get(drain.nodeId());
            if (node != null && node.state() == NodeState.DRAINING) {
                groupsOn(snapshot, drain.nodeId(), reserved, scope);
            }
        } else if (request instanceof PlacementRequest.GroupMove move) {
            GroupView group = snapshot.groups().get(move.groupId());
            scope.sourceNodeId = group == null ? null : group.nodeId();
            scope.namedTarget = move.targetNodeId();
            addMovable(group, move.groupId(), reserved, scope);
        } else if (request instanceof PlacementRequest.GroupStart start) {
            GroupView group = snapshot.groups().get(start.groupId());
            if (group != null && group.nodeId() == null && !reserved.containsKey(group.groupId())
                    && group.desired() == DesiredState.ONLINE) {
                scope.groups.add(group);
            }
        } else if (request instanceof PlacementRequest.Replan replan) {
            GroupView group = snapshot.groups().get(replan.groupId());
            scope.sourceNodeId = replan.fromNodeId() != null
                    ? replan.fromNodeId()
                    : group == null ? null : group.nodeId();
            scope.excluded = new HashSet<>(replan.excludedNodes());
            scope.excludedIn = replan.parentFailoverId();
            if (group == null) {
                scope.refused.add(refused(replan.groupId(), scope.sourceNodeId, "the group is not defined"));
            } else {
                scope.groups.add(group);
            }
        } else if (request instanceof PlacementRequest.Failback failback) {
            GroupView group = snapshot.groups().get(failback.groupId());
            scope.sourceNodeId = group == null ? null : group.nodeId();
            scope.failback = true;
            if (group != null && group.nodeId() == null) {
                scope.refused.add(refused(group, null, "the group runs nowhere: nothing to fail back"));
            } else {
                addMovable(group, failback.groupId(), reserved, scope);
            }
        } else if (request instanceof PlacementRequest.Recover recover) {
            GroupView group = snapshot.groups().get(recover.groupId());
            scope.sourceNodeId = recover.fromNodeId();
            addMovable(group, recover.groupId(), reserved, scope);
        } else if (request instanceof PlacementRequest.Relocate relocate) {
            GroupView group = snapshot.groups().get(relocate.groupId());
            scope.sourceNodeId = relocate.fromNodeId();
            addMovable(group, relocate.groupId(), reserved, scope);
        }
        return scope;
    }

    /** The groups on a node that should run there and no failover is handling (stopped and unmanaged ones stay). */
    private static void groupsOn(ClusterSnapshot snapshot, String nodeId, Map<String, String> reserved,
            Scope scope) {
        for (GroupView g : snapshot.groups().values()) {
            if (nodeId.equals(g.nodeId()) && !reserved.containsKey(g.groupId())
                    && g.desired() == DesiredState.ONLINE) {
                scope.groups.add(g);
            }
        }
    }

    private static void addMovable(GroupView group, String groupId, Map<String, String> reserved, Scope scope) {
        if (group == null) {
            scope.refused.add(refused(groupId, null, "the group is not defined"));
        } else if (reserved.containsKey(groupId)) {
            scope.refused.add(refused(group, scope.sourceNodeId,
                    "the group is already being moved by failover " + reserved.get(groupId)));
        } else if (group.desired() == DesiredState.UNMANAGED) {
            scope.refused.add(refused(group, scope.sourceNodeId, "the group is unmanaged: the cluster leaves it"));
        } else if (group.desired() == DesiredState.OFFLINE) {
            scope.refused.add(refused(group, scope.sourceNodeId, "the group's desired state is OFFLINE"));
        } else {
            scope.groups.add(group);
        }
    }

    private static GroupDecision refused(String groupId, String fromNodeId, String reason) {
        return new GroupDecision(groupId, null, fromNodeId, 0, List.of(), Resources.NONE, null, reason, List.of());
    }

    private static GroupDecision refused(GroupView group, String fromNodeId, String reason) {
        GroupSpec spec = group.spec();
        return new GroupDecision(spec.groupId(), spec.volumeId(), fromNodeId, spec.priority(), spec.containers(),
                spec.demand(), null, reason, List.of());
    }

    /**
     * Free capacity and anti-affinity classes per node, as the plan goes: the state before the plan, then each
     * placement of this plan on top.
     */
    private static final class Ledger {

        final List<NodeView> nodes;
        final Map<String, Integer> index = new HashMap<>();
        final long[] freeCpu;
        final long[] freeMemory;
        final List<Map<String, String>> classes;

        Ledger(ClusterSnapshot snapshot, Set<String> planned) {
            nodes = new ArrayList<>(snapshot.nodes().values());
            int n = nodes.size();
            freeCpu = new long[n];
            freeMemory = new long[n];
            classes = new ArrayList<>(n);
            long[] locatedCpu = new long[n];
            long[] locatedMemory = new long[n];
            for (int i = 0; i < n; i++) {
                index.put(nodes.get(i).nodeId(), i);
                classes.add(null);
            }
            for (GroupView g : snapshot.groups().values()) {
                Integer i = g.nodeId() == null ? null : index.get(g.nodeId());
                if (i == null) {
                    continue;
                }
                Resources demand = g.spec().demand();
                locatedCpu[i] += demand.cpuMillis();
                locatedMemory[i] += demand.memoryMb();
                if (!planned.contains(g.groupId())) {
                    addClass(i, g.spec().antiAffinityClass(), "group " + g.groupId() + " runs there");
                }
            }
            for (int i = 0; i < n; i++) {
                NodeView node = nodes.get(i);
                freeCpu[i] = node.capacity().cpuMillis() - Math.max(node.usage().cpuMillis(), locatedCpu[i]);
                freeMemory[i] = node.capacity().memoryMb() - Math.max(node.usage().memoryMb(), locatedMemory[i]);
            }
            for (Reservation r : snapshot.reservations()) {
                GroupView g = snapshot.groups().get(r.groupId());
                Integer i = index.get(r.nodeId());
                if (i == null || planned.contains(r.groupId()) || (g != null && r.nodeId().equals(g.nodeId()))) {
                    continue;
                }
                freeCpu[i] -= r.demand().cpuMillis();
                freeMemory[i] -= r.demand().memoryMb();
                if (g != null) {
                    addClass(i, g.spec().antiAffinityClass(),
                            "group " + r.groupId() + " is on its way there in failover " + r.failoverId());
                }
            }
        }

        void addClass(int i, String antiAffinityClass, String why) {
            if (antiAffinityClass == null) {
                return;
            }
            Map<String, String> here = classes.get(i);
            if (here == null) {
                here = new HashMap<>(4);
                classes.set(i, here);
            }
            here.putIfAbsent(antiAffinityClass, why);
        }

        String classHolder(int i, String antiAffinityClass) {
            Map<String, String> here = classes.get(i);
            return antiAffinityClass == null || here == null ? null : here.get(antiAffinityClass);
        }

        void place(int i, GroupSpec spec) {
            freeCpu[i] -= spec.demand().cpuMillis();
            freeMemory[i] -= spec.demand().memoryMb();
            addClass(i, spec.antiAffinityClass(), "group " + spec.groupId() + " is placed there by this plan");
        }
    }

    /** One evaluated node with what is needed to rank it. */
    private record Scored(int index, Evaluation evaluation, double spread) {
    }

    private static final Comparator<Scored> BEST_FIRST = Comparator
            .comparingInt((Scored s) -> rankKey(s.evaluation.candidate().preferredRank()))
            .thenComparing(Comparator.comparingDouble(Scored::spread).reversed())
            .thenComparing(s -> s.evaluation.nodeId());

    private static int rankKey(int rank) {
        return rank < 0 ? Integer.MAX_VALUE : rank;
    }

    private static GroupDecision place(GroupView group, Scope scope, Ledger ledger) {
        GroupSpec spec = group.spec();
        Map<String, Integer> ranks = new HashMap<>();
        for (int r = spec.preferredOwners().size() - 1; r >= 0; r--) {
            ranks.put(spec.preferredOwners().get(r), r);
        }
        List<Scored> eligible = new ArrayList<>();
        List<Evaluation> rejected = new ArrayList<>();
        for (String nodeId : candidates(spec, scope, ledger)) {
            Integer i = ledger.index.get(nodeId);
            int rank = ranks.getOrDefault(nodeId, -1);
            if (i == null) {
                rejected.add(new Evaluation(new Candidate(nodeId, false, "unknown node", rank, 0, 0, false),
                        Rejection.UNKNOWN_NODE));
                continue;
            }
            Scored scored = evaluate(group, i, rank, scope, ledger);
            if (scored.evaluation.eligible()) {
                eligible.add(scored);
            } else {
                rejected.add(scored.evaluation);
            }
        }
        eligible.sort(BEST_FIRST);
        List<Evaluation> evaluations = new ArrayList<>(eligible.size() + rejected.size());
        String toNodeId = null;
        String reason = null;
        if (eligible.isEmpty()) {
            reason = unplaceableReason(scope, rejected);
        } else {
            Scored best = eligible.get(0);
            Candidate c = best.evaluation.candidate();
            evaluations.add(new Evaluation(new Candidate(c.nodeId(), true, null, c.preferredRank(), c.freeCpuAfter(),
                    c.freeMemoryAfterMb(), true), null));
            toNodeId = c.nodeId();
            ledger.place(best.index, spec);
        }
        for (int k = toNodeId == null ? 0 : 1; k < eligible.size(); k++) {
            evaluations.add(eligible.get(k).evaluation);
        }
        evaluations.addAll(rejected);
        return new GroupDecision(spec.groupId(), spec.volumeId(), scope.sourceNodeId, spec.priority(),
                spec.containers(), spec.demand(), toNodeId, reason, evaluations);
    }

    /** The node ids considered for a group, in the order they are evaluated. */
    private static List<String> candidates(GroupSpec spec, Scope scope, Ledger ledger) {
        if (scope.namedTarget != null) {
            return List.of(scope.namedTarget);
        }
        if (scope.failback) {
            int current = spec.preferredOwners().indexOf(scope.sourceNodeId);
            int above = current < 0 ? spec.preferredOwners().size() : current;
            return spec.preferredOwners().subList(0, above).stream().distinct().toList();
        }
        List<String> all = new ArrayList<>(ledger.nodes.size());
        ledger.nodes.forEach(n -> all.add(n.nodeId()));
        return all;
    }

    private static Scored evaluate(GroupView group, int i, int rank, Scope scope, Ledger ledger) {
        GroupSpec spec = group.spec();
        NodeView node = ledger.nodes.get(i);
        String nodeId = node.nodeId();
        Resources demand = spec.demand();
        long cpuAfter = ledger.freeCpu[i] - demand.cpuMillis();
        long memoryAfter = ledger.freeMemory[i] - demand.memoryMb();
        Rejection rejection = null;
        String why = null;
        String holder;
        if (scope.excluded.contains(nodeId)) {
            rejection = Rejection.EXCLUDED;
            why = "excluded: failed or refused earlier in failover " + scope.excludedIn;
        } else if (nodeId.equals(scope.sourceNodeId)) {
            rejection = Rejection.SOURCE;
            why = "the group leaves this node";
        } else if (node.state() != NodeState.ACTIVE) {
            rejection = Rejection.NOT_ACTIVE;
            why = STATE_REASONS.get(node.state());
        } else if (!node.statusKnown()) {
            rejection = Rejection.NOT_ACTIVE;
            why = "no status received from this node yet";
        } else if (node.selfFenced()) {
            rejection = Rejection.NOT_ACTIVE;
            why = "node reports it has fenced itself";
        } else if (!node.reachableVolumes().contains(spec.volumeId())) {
            rejection = Rejection.VOLUME;
            why = "cannot reach volume " + spec.volumeId();
        } else if (!spec.mayRunOn(nodeId)) {
            rejection = Rejection.POSSIBLE_OWNER;
            why = "not among the group's possible owners";
        } else if ((holder = group.avoided().get(nodeId)) != null) {
            rejection = Rejection.AVOIDED;
            why = holder;
        } else if (cpuAfter < 0 || memoryAfter < 0) {
            rejection = Rejection.CAPACITY;
            why = "not enough free capacity: needs " + demand.cpuMillis() + "m CPU and " + demand.memoryMb()
                    + " MiB, " + ledger.freeCpu[i] + "m CPU and " + ledger.freeMemory[i] + " MiB free";
        } else if ((holder = ledger.classHolder(i, spec.antiAffinityClass())) != null) {
            rejection = Rejection.ANTI_AFFINITY;
            why = "anti-affinity class " + spec.antiAffinityClass() + ": " + holder;
        }
        Candidate candidate = new Candidate(nodeId, rejection == null, why, rank, cpuAfter, memoryAfter, false);
        double spread = rejection == null
                ? spread(cpuAfter, node.capacity().cpuMillis(), memoryAfter,
                        node.capacity().memoryMb())
                : 0;
        return new Scored(i, new Evaluation(candidate, rejection), spread);
    }

    /** The share of capacity left free after placement, on the scarcer of the two resources. */
    private static double spread(long cpuAfter, long cpuCapacity, long memoryAfter, long memoryCapacity) {
        double cpu = cpuCapacity <= 0 ? 0 : (double) cpuAfter / cpuCapacity;
        double memory = memoryCapacity <= 0 ? 0 : (double) memoryAfter / memoryCapacity;
        return Math.min(cpu, memory);
    }

    private static String unplaceableReason(Scope scope, List<Evaluation> rejected) {
        if (scope.namedTarget != null) {
            Evaluation e = rejected.get(0);
            if (e.rejection() == Rejection.SOURCE) {
                return "the group already runs on the requested node " + scope.namedTarget;
            }
            return "the requested node " + scope.namedTarget + " cannot take it: " + e.candidate().rejectedBecause();
        }
        if (rejected.isEmpty()) {
            return scope.failback
                    ? "no preferred owner is ranked above " + scope.sourceNodeId
                    : "no node is known to placement";
        }
        String opening = scope.failback
                ? "no preferred owner ranked above " + scope.sourceNodeId + " can take it (" + rejected.size()
                        + " considered): "
                : "no node can take it (" + rejected.size() + " considered): ";
        Map<Rejection, List<String>> byFilter = new EnumMap<>(Rejection.class);
        for (Evaluation e : rejected) {
            byFilter.computeIfAbsent(e.rejection(), k -> new ArrayList<>()).add(e.nodeId());
        }
        Map<String, String> parts = new LinkedHashMap<>();
        byFilter.forEach((filter, nodes) -> parts.put(filter.summary(), names(nodes)));
        StringBuilder reason = new StringBuilder(opening);
        parts.forEach((summary, names) -> {
            if (reason.length() > opening.length()) {
                reason.append("; ");
            }
            reason.append(summary).append(": ").append(names);
        });
        return reason.toString();
    }

    private static String names(List<String> nodes) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < Math.min(NAMES_IN_REASON, nodes.size()); k++) {
            s.append(k == 0 ? "" : ", ").append(nodes.get(k));
        }
        if (nodes.size() > NAMES_IN_REASON) {
            s.append(" and ").append(nodes.size() - NAMES_IN_REASON).append(" more");
        }
        return s.toString();
    }
}
