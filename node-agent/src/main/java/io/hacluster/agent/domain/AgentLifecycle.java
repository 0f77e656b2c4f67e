package io.hacluster.agent.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The mode of one node's agent and its isolation watch: the only place that decides when the agent is cut off and
 * must fence itself, and when it may serve again. Pure: the time, on the agent's monotonic clock, comes with every
 * event.
 *
 * <p>
 * With I the isolation timeout and C the lag allowance (ADR 0014):
 * <ul>
 * <li>An acknowledgement of a heartbeat sent at s and received at r keeps the node in good standing until
 * {@code min(r, s + C) + I}: measured from when the agent saw the acknowledgement, but never from more than C after
 * the heartbeat was sent. The deadline is the latest such time over the incarnation's acknowledgements, so it is
 * never later than {@code s* + I + C}, s* the latest sending time of an acknowledged heartbeat: the
 * <em>isolation bound</em> the agent advertises in its heartbeats.</li>
 * <li>A watch tick that comes at least two watch periods after the previous one finds the agent stalled (GC pause,
 * SIGSTOP, CPU starvation). If the deadline passed during that stall, the agent does not fence at once on the strength
 * of a gap it slept through: it gives in-flight acknowledgements a grace of the measured stall, at most C, and never
 * beyond the isolation bound unless it woke up past it. One grace at most until the node is in good standing again, so
 * stalls cannot postpone the fence for ever.</li>
 * <li>To begin serving (STARTING or SELF_FENCED to ACTIVE) an acknowledgement must come back within I of its sending,
 * so that the node starts with at least C of good standing; to keep serving, within I + C. STARTING never fences:
 * nothing runs before such an acknowledgement.</li>
 * <li>When the deadline has passed, the storage witness ({@link WitnessRule}, given with the tick) decides what the
 * agent does: freeze (FROZEN) when most other nodes are cut off from Kafka too, fence otherwise. It may wait for the
 * others' slots to catch up with the outage, but never beyond the isolation bound (or the end of a grace). Without a
 * witness the agent fences, as before. A FROZEN agent serves again (ACTIVE, same incarnation) on a timely
 * acknowledgement, and fences once its own slot can no longer be written, or once the witness has shown most others
 * acknowledged again for the recovery grace while its own heartbeats still are not.</li>
 * </ul>
 */
public final class AgentLifecycle {

    /**
     * The watch's settings.
     *
     * @param isolationTimeout I: how long after an acknowledgement the node stays in good standing
     * @param lagAllowance C: how much of the agent's own lag (late acknowledgements, stalls) it may add
     * @param watchPeriod how often the watch ticks when the agent is not stalled
     * @param recoveryGrace how long a FROZEN agent, once the witness shows most other nodes acknowledged by Kafka
     *        again, waits for its own heartbeats to be acknowledged too before it concludes it is the one cut off
     */
    public record Settings(Duration isolationTimeout, Duration lagAllowance, Duration watchPeriod,
            Duration recoveryGrace) {

        /** The default of {@code agent.witness.recovery-grace}. */
        public static final Duration DEFAULT_RECOVERY_GRACE = Duration.ofSeconds(10);

        /** With the default recovery grace. */
        public Settings(Duration isolationTimeout, Duration lagAllowance, Duration watchPeriod) {
            this(isolationTimeout, lagAllowance, watchPeriod, DEFAULT_RECOVERY_GRACE);
        }

        public Settings {
            Objects.requireNonNull(isolationTimeout, "isolationTimeout");
            Objects.requireNonNull(lagAllowance, "lagAllowance");
            Objects.requireNonNull(watchPeriod, "watchPeriod");
            Objects.requireNonNull(recoveryGrace, "recoveryGrace");
            if (lagAllowance.isNegative() || notPositive(watchPeriod) || notPositive(isolationTimeout)) {
                throw new IllegalArgumentException("isolation timeout and watch period must be positive and the lag "
                        + "allowance not negative: " + isolationTimeout + ", " + watchPeriod + ", " + lagAllowance);
            }
        }

        private static boolean notPositive(Duration duration) {
            return duration.isNegative() || duration.isZero();
        }

        /** The isolation bound I + C: how long after sending its last delivered heartbeat the agent may fence. */
        public Duration isolationBound() {
            return isolationTimeout.plus(lagAllowance);
        }
    }

    /** What happens to the agent. */
    public sealed interface Event {
    }

    /**
     * Time passes; the isolation watch is checked.
     *
     * @param witness what the storage witness shows now; null when the agent has none, or when it was not asked for
     *        ({@link #needsWitness})
     */
    public record Tick(WitnessView witness) implements Event {

        /** A tick without a witness. */
        public Tick() {
            this(null);
        }
    }

    /** The broker acknowledged a heartbeat sent at {@code sentAt}; the event's time is when the agent learnt it. */
    public record HeartbeatAcknowledged(String incarnation, MonotonicTime sentAt) implements Event {
    }

    /** The broker acknowledged a status report made in the given mode. */
    public record StatusAcknowledged(String incarnation, AgentMode reportedMode) implements Event {
    }

    /** A change of mode, with the reason. */
    public record Transition(AgentMode from, AgentMode to, String why) {
    }

    /**
     * What an event led to: a change of mode, and something worth telling the operator that is not one (a grace
     * after a stall, an acknowledgement too late to begin serving).
     */
    public record Result(Optional<Transition> transition, Optional<String> notice) {

        static final Result NOTHING = new Result(Optional.empty(), Optional.empty());

        static Result of(Transition transition) {
            return new Result(Optional.of(transition), Optional.empty());
        }

        static Result notice(String notice) {
            return new Result(Optional.empty(), Optional.of(notice));
        }
    }

    private final Settings settings;
    private AgentMode mode = AgentMode.STARTING;
    private String incarnation;
    private boolean selfFenceReported;
    private boolean timelyAckSeen;
    private boolean lateAckNoticed;
    // the isolation watch of this incarnation
    private MonotonicTime ackDeadline;
    private MonotonicTime lastAckSentAt;
    private MonotonicTime lastAckReceivedAt;
    private MonotonicTime graceUntil;
    private boolean graceSpent;
    // the latest receipt of an acknowledgement of this incarnation, whatever its heartbeat's sending time
    private MonotonicTime lastAckAt;
    // the witness, once the deadline has passed
    private boolean witnessWaitNoticed;
    private MonotonicTime othersBackSince;
    private boolean othersBackNoticed;
    // the watch's own rhythm, across incarnations
    private MonotonicTime lastTick;

    public AgentLifecycle(String incarnation, Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        beginIncarnation(incarnation);
    }

    public AgentMode mode() {
        return mode;
    }

    public String incarnation() {
        return incarnation;
    }

    public Settings settings() {
        return settings;
    }

    /** The latest sending time of an acknowledged heartbeat of this incarnation, or null. */
    public MonotonicTime lastAcknowledgedSentAt() {
        return lastAckSentAt;
    }

    /**
     * When the agent fences itself unless another heartbeat is acknowledged in time (including a grace after a
     * stall); null unless active.
     */
    public MonotonicTime isolationDeadline() {
        return mode == AgentMode.ACTIVE ? deadline() : null;
    }

    /**
     * Whether Kafka acknowledges this agent, as it reports on its witness slot: an acknowledgement of this
     * incarnation arrived within half the isolation timeout, and it is not FROZEN. Shorter than the isolation
     * timeout so that, when the broker goes down for everyone, each agent's slot says so before the others' isolation
     * deadlines pass and they look at it (ADR 0016).
     */
    public boolean kafkaReachable(MonotonicTime now) {
        return mode != AgentMode.FROZEN && lastAckAt != null
                && now.isBefore(lastAckAt.plus(settings.isolationTimeout().dividedBy(2)));
    }

    /**
     * Whether the next tick needs the witness: the agent is FROZEN, or ACTIVE past its isolation deadline. The shell
     * reads the witness afresh then, and passes it with the tick.
     */
    public boolean needsWitness(MonotonicTime now) {
        return mode == AgentMode.FROZEN || (mode == AgentMode.ACTIVE && ackDeadline != null
                && !now.isBefore(deadline()));
    }

    /**
     * A new incarnation begins (at start, and after a self-fence, like a watchdog reboot): its heartbeats are
     * acknowledged from scratch.
     */
    public void beginIncarnation(String newIncarnation) {
        this.incarnation = Objects.requireNonNull(newIncarnation, "incarnation");
        this.selfFenceReported = false;
        this.timelyAckSeen = false;
        this.lateAckNoticed = false;
        this.ackDeadline = null;
        this.lastAckSentAt = null;
        this.lastAckReceivedAt = null;
        this.graceUntil = null;
        this.graceSpent = false;
        this.lastAckAt = null;
        this.witnessWaitNoticed = false;
        this.othersBackSince = null;
        this.othersBackNoticed = false;
    }

    /** The transition function. */
    public Result on(Event event, MonotonicTime now) {
        if (event instanceof HeartbeatAcknowledged ack) {
            return acknowledged(ack, now);
        }
        if (event instanceof StatusAcknowledged ack) {
            if (mode != AgentMode.SELF_FENCED || ack.reportedMode() != AgentMode.SELF_FENCED
                    || !ack.incarnation().equals(incarnation)) {
                return Result.NOTHING;
            }
            selfFenceReported = true;
            if (timelyAckSeen && inGoodStanding(now)) {
                return Result.of(move(AgentMode.ACTIVE, "self-fence reported and heartbeats of incarnation "
                        + incarnation + " acknowledged again"));
            }
            return Result.NOTHING;
        }
        return tick(now, ((Tick) event).witness());
    }

    private Result acknowledged(HeartbeatAcknowledged ack, MonotonicTime now) {
        if (!ack.incarnation().equals(incarnation)) {
            return Result.NOTHING;
        }
        MonotonicTime counted = MonotonicTime.min(now, ack.sentAt().plus(settings.lagAllowance()));
        MonotonicTime until = counted.plus(settings.isolationTimeout());
        if (ackDeadline == null || until.isAfter(ackDeadline)) {
            ackDeadline = until;
        }
        if (lastAckAt == null || now.isAfter(lastAckAt)) {
            lastAckAt = now;
        }
        if (lastAckSentAt == null || ack.sentAt().isAfter(lastAckSentAt)) {
            lastAckSentAt = ack.sentAt();
            lastAckReceivedAt = now;
        }
        boolean timely = now.isBefore(ack.sentAt().plus(settings.isolationTimeout()));
        timelyAckSeen |= timely;
        if (inGoodStanding(now)) {
            graceUntil = null;
            graceSpent = false;
            witnessWaitNoticed = false;
        }
        if (mode == AgentMode.ACTIVE) {
            return Result.NOTHING;
        }
        if (!timely) {
            if (lateAckNoticed) {
                return Result.NOTHING;
            }
            lateAckNoticed = true;
            return Result.notice("heartbeat acknowledged " + millis(now.since(ack.sentAt()))
                    + " ms after it was sent: too late to begin serving (the isolation timeout is "
                    + settings.isolationTimeout().toMillis() + " ms); still " + mode
                    + " (told once per incarnation)");
        }
        if (mode == AgentMode.STARTING) {
            return Result.of(move(AgentMode.ACTIVE, "first heartbeat of incarnation " + incarnation
                    + " acknowledged " + millis(now.since(ack.sentAt())) + " ms after it was sent"));
        }
        if (mode == AgentMode.FROZEN) {
            othersBackSince = null;
            othersBackNoticed = false;
            return Result.of(move(AgentMode.ACTIVE, "heartbeat of incarnation " + incarnation + " acknowledged "
                    + millis(now.since(ack.sentAt())) + " ms after it was sent: serves again with everything it kept"));
        }
        if (selfFenceReported) {
            return Result.of(move(AgentMode.ACTIVE, "self-fence reported and heartbeats of incarnation "
                    + incarnation + " acknowledged again"));
        }
        return Result.NOTHING;
    }

    private Result tick(MonotonicTime now, WitnessView witness) {
        MonotonicTime previous = lastTick;
        lastTick = now;
        if (mode == AgentMode.FROZEN) {
            return frozenTick(now, witness);
        }
        if (mode != AgentMode.ACTIVE) {
            return Result.NOTHING;
        }
        MonotonicTime deadline = deadline();
        if (now.isBefore(deadline)) {
            return Result.NOTHING;
        }
        Duration gap = previous == null ? Duration.ZERO : now.since(previous);
        boolean stalled = gap.compareTo(settings.watchPeriod().multipliedBy(2)) >= 0;
        if (stalled && !graceSpent && previous.isBefore(deadline)) {
            // the deadline passed while the watch itself was not running: give in-flight acknowledgements a chance
            graceSpent = true;
            Duration stall = gap.minus(settings.watchPeriod());
            Duration grace = stall.compareTo(settings.lagAllowance()) < 0 ? stall : settings.lagAllowance();
            MonotonicTime bound = lastAckSentAt.plus(settings.isolationBound());
            MonotonicTime until = now.plus(grace);
            if (now.isBefore(bound)) {
                until = MonotonicTime.min(until, bound);
            }
            if (until.isAfter(now)) {
                graceUntil = until;
                return Result.notice("the isolation watch stalled for " + millis(stall) + " ms across its deadline "
                        + "(last acknowledged heartbeat sent " + millis(now.since(lastAckSentAt)) + " ms ago): "
                        + "waiting " + millis(until.since(now)) + " ms for acknowledgements before fencing");
            }
        }
        String cutOff = "no heartbeat acknowledged in time: isolation timeout " + settings.isolationTimeout().toMillis()
                + " ms; last acknowledged heartbeat sent " + millis(now.since(lastAckSentAt)) + " ms ago, acknowledged "
                + millis(now.since(lastAckReceivedAt)) + " ms ago"
                + (graceUntil != null ? "; the grace after a stall of the watch is over" : "");
        MonotonicTime bound = MonotonicTime.max(deadline, lastAckSentAt.plus(settings.isolationBound()));
        WitnessRule.Verdict verdict = WitnessRule.cutOff(witness, !now.isBefore(bound));
        switch (verdict.action()) {
            case FREEZE -> {
                othersBackSince = null;
                othersBackNoticed = false;
                return Result.of(move(AgentMode.FROZEN, cutOff + "; freezes: " + verdict.why()));
            }
            case WAIT -> {
                if (witnessWaitNoticed) {
                    return Result.NOTHING;
                }
                witnessWaitNoticed = true;
                return Result.notice(cutOff + "; " + verdict.why() + ": waiting for them until its isolation bound, "
                        + millis(bound.since(now)) + " ms from now");
            }
            default -> {
                return Result.of(move(AgentMode.SELF_FENCED,
                        witness == null ? cutOff : cutOff + "; fences: " + verdict.why()));
            }
        }
    }

    private Result frozenTick(MonotonicTime now, WitnessView witness) {
        Duration backFor = Duration.ZERO;
        if (witness != null && witness.othersMostlyCarryOn()) {
            if (othersBackSince == null) {
                othersBackSince = now;
            }
            backFor = now.since(othersBackSince);
        } else {
            othersBackSince = null;
            othersBackNoticed = false;
        }
        WitnessRule.Verdict verdict = WitnessRule.frozen(witness, backFor, settings.recoveryGrace());
        if (verdict.action() == WitnessRule.Action.FENCE) {
            return Result.of(move(AgentMode.SELF_FENCED, verdict.why()));
        }
        if (othersBackSince != null && !othersBackNoticed) {
            othersBackNoticed = true;
            return Result.notice(verdict.why());
        }
        return Result.NOTHING;
    }

    private MonotonicTime deadline() {
        return graceUntil == null ? ackDeadline : MonotonicTime.max(ackDeadline, graceUntil);
    }

    private boolean inGoodStanding(MonotonicTime now) {
        return ackDeadline != null && ackDeadline.isAfter(now);
    }

    private static long millis(Duration duration) {
        return duration.toMillis();
    }

    private Transition move(AgentMode to, String why) {
        Transition transition = new Transition(mode, to, why);
        mode = to;
        return transition;
    }
}
