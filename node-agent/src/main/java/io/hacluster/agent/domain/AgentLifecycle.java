package io.hacluster.agent.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The mode of one node's agent and its isolation watch: the only place that decides when the agent is cut off and
 * must fence itself, and when it may serve again. Pure: time comes with every event.
 *
 * <p>
 * Isolation is measured from the <em>sending</em> time of the latest acknowledged heartbeat: a heartbeat reaches the
 * monitor no earlier than it was sent, so the agent's deadline ({@code sentAt + isolationTimeout}) is never later than
 * the monitor's ({@code arrival + isolationTimeout + margin}).
 */
public final class AgentLifecycle {

    /** What happens to the agent. */
    public sealed interface Event {
    }

    /** Time passes; the isolation watch is checked. */
    public record Tick() implements Event {
    }

    /** The broker acknowledged a heartbeat. */
    public record HeartbeatAcknowledged(String incarnation, Instant sentAt) implements Event {
    }

    /** The broker acknowledged a status report made in the given mode. */
    public record StatusAcknowledged(String incarnation, AgentMode reportedMode) implements Event {
    }

    /** A change of mode, with the reason. */
    public record Transition(AgentMode from, AgentMode to, String why) {
    }

    private final Duration isolationTimeout;
    private AgentMode mode = AgentMode.STARTING;
    private String incarnation;
    private Instant watchStart;
    private Instant lastAcknowledgedSentAt;
    private boolean selfFenceReported;

    public AgentLifecycle(String incarnation, Duration isolationTimeout, Instant now) {
        this.isolationTimeout = Objects.requireNonNull(isolationTimeout, "isolationTimeout");
        beginIncarnation(incarnation, now);
    }

    public AgentMode mode() {
        return mode;
    }

    public String incarnation() {
        return incarnation;
    }

    /** The latest sending time of an acknowledged heartbeat of this incarnation, or null. */
    public Instant lastAcknowledgedSentAt() {
        return lastAcknowledgedSentAt;
    }

    /** When the agent fences itself unless another heartbeat is acknowledged; null unless active. */
    public Instant isolationDeadline() {
        return mode == AgentMode.ACTIVE ? lastAcknowledgedSentAt.plus(isolationTimeout) : null;
    }

    /**
     * A new incarnation begins (at start, and after a self-fence, like a watchdog reboot): its heartbeats are
     * acknowledged from scratch.
     */
    public void beginIncarnation(String newIncarnation, Instant now) {
        this.incarnation = Objects.requireNonNull(newIncarnation, "incarnation");
        this.watchStart = now;
        this.lastAcknowledgedSentAt = null;
        this.selfFenceReported = false;
    }

    /** The transition function. Returns the change of mode this event causes, if any. */
    public Optional<Transition> on(Event event, Instant now) {
        if (event instanceof HeartbeatAcknowledged ack) {
            if (!ack.incarnation().equals(incarnation)) {
                return Optional.empty();
            }
            if (lastAcknowledgedSentAt == null || ack.sentAt().isAfter(lastAcknowledgedSentAt)) {
                lastAcknowledgedSentAt = ack.sentAt();
            }
            if (mode == AgentMode.STARTING) {
                return move(AgentMode.ACTIVE, "first heartbeat of incarnation " + incarnation + " acknowledged");
            }
            if (mode == AgentMode.SELF_FENCED && selfFenceReported) {
                return move(AgentMode.ACTIVE, "self-fence reported and heartbeats of incarnation " + incarnation
                        + " acknowledged again");
            }
            return Optional.empty();
        }
        if (event instanceof StatusAcknowledged ack) {
            if (mode != AgentMode.SELF_FENCED || ack.reportedMode() != AgentMode.SELF_FENCED
                    || !ack.incarnation().equals(incarnation)) {
                return Optional.empty();
            }
            selfFenceReported = true;
            if (lastAcknowledgedSentAt != null) {
                return move(AgentMode.ACTIVE, "self-fence reported and heartbeats of incarnation " + incarnation
                        + " acknowledged again");
            }
            return Optional.empty();
        }
        if (mode == AgentMode.ACTIVE && !now.isBefore(isolationDeadline())) {
            return move(AgentMode.SELF_FENCED, "no heartbeat acknowledged for " + isolationTimeout.toMillis()
                    + " ms (last acknowledged heartbeat sent at " + lastAcknowledgedSentAt + ", now " + now
                    + ")");
        }
        return Optional.empty();
    }

    /** When the watch of this incarnation started (its start, or its last self-fence). */
    public Instant watchStart() {
        return watchStart;
    }

    private Optional<Transition> move(AgentMode to, String why) {
        Transition transition = new Transition(mode, to, why);
        mode = to;
        return Optional.of(transition);
    }
}
