package io.hacluster.executor.domain;

/**
 * One transition, for the log: what changed state, from what, to what, and why.
 *
 * @param subject e.g. {@code failover fo-1} or {@code group g1 of fo-1}
 * @param from the state before
 * @param to the state after
 * @param why the reason, in words an operator understands
 */
public record StateChange(String subject, String from, String to, String why) {

    @Override
    public String toString() {
        return subject + ": " + from + " -> " + to + " (" + why + ")";
    }
}
