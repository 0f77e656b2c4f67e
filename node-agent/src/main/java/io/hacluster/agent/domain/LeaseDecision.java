package io.hacluster.agent.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The answer of a lease rule: the new record to write, or a refusal. */
public sealed interface LeaseDecision {

    /**
     * The change is allowed.
     *
     * @param action what was done: fence, mount, release, renew
     * @param before the record before, or null for a volume never leased
     * @param after the record to write (equal to {@code before} when nothing changes; null when there is nothing)
     */
    record Granted(String action, LeaseRecord before, LeaseRecord after) implements LeaseDecision {

        /** True when ownership, epoch or state changes (a renewal or a repeat changes none of them). */
        public boolean changesOwnership() {
            if (after == null) {
                return false;
            }
            return before == null || before.state() != after.state() || before.epoch() != after.epoch()
                    || !Objects.equals(before.owner(), after.owner());
        }

        /** True when the record must be written (anything changed, the renewal time included). */
        public boolean writes() {
            return after != null && !after.equals(before);
        }

        public long epochAfter() {
            return after == null ? epochBefore() : after.epoch();
        }

        public long epochBefore() {
            return before == null ? 0 : before.epoch();
        }

        public String ownerBefore() {
            return before == null ? null : before.owner();
        }

        /** The facts a command result carries: epoch and owner before and after. */
        public Map<String, String> evidence() {
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("epochBefore", Long.toString(epochBefore()));
            evidence.put("epochAfter", Long.toString(epochAfter()));
            evidence.put("ownerBefore", ownerBefore() == null ? "" : ownerBefore());
            evidence.put("stateBefore", before == null ? "" : before.state().name());
            evidence.put("stateAfter", after == null ? "" : after.state().name());
            return evidence;
        }
    }

    /**
     * The change is refused.
     *
     * @param reason why, naming the epochs involved
     * @param retryable false when the same request can never succeed (a stale epoch)
     */
    record Refused(String reason, boolean retryable) implements LeaseDecision {
    }
}
