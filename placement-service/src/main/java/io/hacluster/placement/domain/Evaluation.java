package io.hacluster.placement.domain;

import java.util.Objects;

import io.hacluster.events.PlacementDecision.Candidate;

/**
 * One node as the engine judged it for one group.
 *
 * @param candidate the judgement as the plan reports it
 * @param rejection the filter that rejected the node, or null when it was eligible
 */
public record Evaluation(Candidate candidate, Rejection rejection) {

    public Evaluation {
        Objects.requireNonNull(candidate, "candidate");
    }

    public boolean eligible() {
        return rejection == null;
    }

    public String nodeId() {
        return candidate.nodeId();
    }
}
