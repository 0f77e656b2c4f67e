package io.hacluster.placement.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.hacluster.events.PlacementDecision.Candidate;

/**
 * Which of the evaluated candidates a published plan lists for each group. In a small cluster, all of them. In a
 * large one a plan would otherwise carry thousands of candidates per group, so it keeps what explains the decision:
 * the chosen node and the next best ones, every preferred owner, and a few examples of each reason for rejection (the
 * reason of an unplaceable group counts them all).
 *
 * @param listAllUpTo list every candidate when at most this many were evaluated
 * @param runnersUp how many eligible nodes besides the chosen one to list
 * @param examplesPerRejection how many rejected nodes to list per filter
 */
public record CandidateListing(int listAllUpTo, int runnersUp, int examplesPerRejection) {

    /** Everything, whatever the size. */
    public static final CandidateListing ALL = new CandidateListing(Integer.MAX_VALUE, 0, 0);

    public CandidateListing {
        if (listAllUpTo < 0 || runnersUp < 0 || examplesPerRejection < 0) {
            throw new IllegalArgumentException("candidate listing limits must not be negative");
        }
    }

    /** The candidates to publish for one decision, in the decision's order. */
    public List<Candidate> select(GroupDecision decision) {
        List<Evaluation> evaluations = decision.evaluations();
        List<Candidate> kept = new ArrayList<>();
        if (evaluations.size() <= listAllUpTo) {
            evaluations.forEach(e -> kept.add(e.candidate()));
            return kept;
        }
        int eligibleKept = 0;
        Map<Rejection, Integer> rejectedKept = new EnumMap<>(Rejection.class);
        for (Evaluation e : evaluations) {
            boolean keep;
            if (e.candidate().chosen() || e.candidate().preferredRank() >= 0) {
                keep = true;
            } else if (e.eligible()) {
                keep = eligibleKept < runnersUp;
                eligibleKept += keep ? 1 : 0;
            } else {
                int n = rejectedKept.getOrDefault(e.rejection(), 0);
                keep = n < examplesPerRejection;
                rejectedKept.put(e.rejection(), n + (keep ? 1 : 0));
            }
            if (keep) {
                kept.add(e.candidate());
            }
        }
        return kept;
    }
}
