package io.hacluster.launcher;

import java.util.Optional;
import java.util.stream.Collectors;

import io.hacluster.events.Envelope;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.PlacementDecision;
import io.hacluster.events.PlacementDecision.Candidate;

/** Turns the cluster's events into sentences for an operator watching a failover. */
final class Narrator {

    private Narrator() {
    }

    static Optional<String> describe(Envelope<?> envelope) {
        Object p = envelope.payload();
        if (p instanceof NodeHealthEvent.NodeSuspected s) {
            return Optional.of(s.nodeId() + " suspected: " + s.reason());
        }
        if (p instanceof NodeHealthEvent.NodeFailed f) {
            return Optional.of(f.nodeId() + " declared FAILED: " + f.reason());
        }
        if (p instanceof NodeHealthEvent.NodeRecovered r) {
            return Optional.of(r.nodeId() + " recovered (was " + r.previousState() + ")");
        }
        if (p instanceof NodeHealthEvent.NodeRejoined r) {
            return Optional.of(r.nodeId() + " rejoined with a new incarnation (" + r.incarnation() + ")");
        }
        if (p instanceof NodeHealthEvent.MonitorAlert a) {
            return Optional.of("monitor alert " + a.kind() + (a.active() ? " raised: " : " cleared: ") + a.message());
        }
        if (p instanceof PlacementDecision.FailoverPlanned plan) {
            StringBuilder sb = new StringBuilder("planned " + plan.failoverId() + " (" + plan.trigger().kind() + "):");
            for (PlacementDecision.Assignment a : plan.assignments()) {
                sb.append("\n        ").append(a.groupId()).append(" -> ").append(a.toNodeId()).append("  ")
                        .append(reasons(a.candidates().stream().filter(c -> c.nodeId().equals(a.toNodeId())).findFirst()
                                .orElse(null),
                                a.candidates().stream().filter(c -> !c.chosen()).map(Narrator::rejected)
                                        .collect(Collectors.joining("; "))));
            }
            for (PlacementDecision.Unplaceable u : plan.unplaceable()) {
                sb.append("\n        ").append(u.groupId()).append(" UNPLACEABLE: ").append(u.reason());
            }
            return Optional.of(sb.toString());
        }
        if (p instanceof FailoverEvent.FailoverStarted s) {
            return Optional.of("executor started " + s.failoverId() + " for " + s.groupIds().size() + " group(s)");
        }
        if (p instanceof FailoverEvent.NodeFenced f) {
            String evidence = f.attempts().stream().map(a -> a.method() + (a.succeeded() ? " OK" : " failed") + ": "
                    + a.detail()).collect(Collectors.joining("; "));
            return Optional.of(f.nodeId() + " fenced by " + f.method() + " [" + evidence + "]");
        }
        if (p instanceof FailoverEvent.GroupStepChanged step) {
            return switch (step.step()) {
                case "MOUNTING", "STARTING", "STOPPING", "UNMOUNTING", "REPLANNING" -> Optional.of(step.groupId() + ": "
                        + step.step().toLowerCase(java.util.Locale.ROOT) + " on " + step.targetNodeId() + " ("
                        + step.detail() + ")");
                default -> Optional.empty();
            };
        }
        if (p instanceof FailoverEvent.GroupRelocated r) {
            return Optional.of(r.groupId() + " ONLINE on " + r.toNodeId() + " (containers " + r.containerIds()
                    + ", volume epoch " + r.epoch() + ")");
        }
        if (p instanceof FailoverEvent.GroupUnplaceable u) {
            return Optional.of(u.groupId() + " stays OFFLINE: " + u.reason());
        }
        if (p instanceof FailoverEvent.FailoverCompleted c) {
            return Optional.of(c.failoverId() + " completed: " + c.relocated() + " group(s) online, " + c.unplaceable()
                    + " offline");
        }
        if (p instanceof FailoverEvent.FailoverFailed f) {
            return Optional.of(f.failoverId() + " FAILED: " + f.reason());
        }
        return Optional.empty();
    }

    private static String reasons(Candidate chosen, String others) {
        String why = chosen == null
                ? ""
                : "(preferred rank " + (chosen.preferredRank() < 0 ? "-" : chosen.preferredRank()) + ", free after: "
                        + chosen.freeCpuAfter() + " mCPU, " + chosen.freeMemoryAfterMb() + " MiB)";
        return others.isEmpty() ? why : why + "; others: " + others;
    }

    private static String rejected(Candidate c) {
        return c.nodeId() + (c.eligible() ? " scored lower" : " rejected: " + c.rejectedBecause());
    }
}
