package io.hacluster.inventory.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.hacluster.events.ContainerSpec;
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.HealthCheck;
import io.hacluster.events.RecoveryPolicy;

/**
 * The rules a group definition obeys on its own (uniqueness across the cluster is the registry's to check). Every
 * broken rule is reported, each with the field it concerns.
 */
public final class GroupRules {

    /** Ids: a letter or digit, then letters, digits, '.', '_' or '-'; at most 64 characters. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final int MIN_PRIORITY = 0;
    public static final int MAX_PRIORITY = 1000;
    public static final int MAX_CONTAINERS = 100;
    public static final long MAX_CPU_MILLIS = 1_000_000;
    public static final long MAX_MEMORY_MB = 4L * 1024 * 1024;
    public static final int MAX_COMMAND_ARGS = 64;
    public static final int MAX_OWNERS = 256;
    public static final long MAX_FAILBACK_DELAY_SECONDS = 7 * 24 * 3600;
    public static final int MAX_RESTART_THRESHOLD = 100;
    public static final long MAX_RESTART_PERIOD_SECONDS = 7 * 24 * 3600;
    public static final int MAX_FAILURE_THRESHOLD = 100;
    public static final long MAX_FAILURE_TIMEOUT_SECONDS = 7 * 24 * 3600;
    public static final long MIN_CHECK_INTERVAL_MS = 100;
    public static final long MAX_CHECK_INTERVAL_MS = 3_600_000;
    public static final long MIN_CHECK_TIMEOUT_MS = 100;
    public static final int MAX_CHECK_FAILURES = 100;
    /** Health check defaults: every 10 s, 5 s to answer (at most the interval), three failures in a row. */
    public static final long DEFAULT_CHECK_INTERVAL_MS = 10_000;
    public static final long DEFAULT_CHECK_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_CHECK_FAILURES = 3;

    private GroupRules() {
    }

    /**
     * The outcome of a check: a group spec, or the broken rules.
     *
     * @param spec the valid definition, or null
     * @param errors every broken rule; empty when valid
     */
    public record Checked(GroupSpec spec, List<FieldError> errors) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public static Checked check(GroupDraft draft) {
        List<FieldError> errors = new ArrayList<>();
        checkId(errors, "groupId", draft.groupId());
        checkId(errors, "volumeId", draft.volumeId());
        List<ContainerSpec> containers = checkContainers(errors, draft.containers());
        int priority = draft.priority() == null ? 0 : draft.priority();
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            errors.add(new FieldError("priority", "must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY
                    + ", was " + priority));
        }
        List<String> preferred = checkNodeList(errors, "preferredOwners", draft.preferredOwners());
        List<String> possible = checkNodeList(errors, "possibleOwners", draft.possibleOwners());
        if (!possible.isEmpty()) {
            for (int i = 0; i < preferred.size(); i++) {
                if (!possible.contains(preferred.get(i))) {
                    errors.add(new FieldError("preferredOwners[" + i + "]", "node " + preferred.get(i)
                            + " is not among the possible owners"));
                }
            }
        }
        if (draft.antiAffinityClass() != null) {
            checkId(errors, "antiAffinityClass", draft.antiAffinityClass());
        }
        FailbackPolicy failback = checkFailback(errors, draft.failback(), preferred);
        RecoveryPolicy recovery = checkRecovery(errors, draft.recovery());
        if (!errors.isEmpty()) {
            return new Checked(null, List.copyOf(errors));
        }
        return new Checked(new GroupSpec(draft.groupId(), draft.volumeId(), containers, priority, preferred, possible,
                draft.antiAffinityClass(), failback, recovery), List.of());
    }

    private static boolean checkId(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
            return false;
        }
        if (!ID.matcher(value).matches()) {
            errors.add(new FieldError(field, "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit; was '" + value + "'"));
            return false;
        }
        return true;
    }

    private static List<ContainerSpec> checkContainers(List<FieldError> errors,
            List<GroupDraft.ContainerDraft> drafts) {
        if (drafts == null || drafts.isEmpty()) {
            errors.add(new FieldError("containers", "at least one container is required"));
            return List.of();
        }
        if (drafts.size() > MAX_CONTAINERS) {
            errors.add(new FieldError("containers", "at most " + MAX_CONTAINERS + " containers, was " + drafts.size()));
        }
        List<ContainerSpec> specs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < drafts.size(); i++) {
            String at = "containers[" + i + "]";
            GroupDraft.ContainerDraft c = drafts.get(i);
            if (c == null) {
                errors.add(new FieldError(at, "must not be null"));
                continue;
            }
            if (checkId(errors, at + ".containerId", c.containerId()) && !seen.add(c.containerId())) {
                errors.add(new FieldError(at + ".containerId", "container " + c.containerId()
                        + " appears twice in this group"));
            }
            checkAmount(errors, at + ".cpuMillis", c.cpuMillis(), MAX_CPU_MILLIS);
            checkAmount(errors, at + ".memoryMb", c.memoryMb(), MAX_MEMORY_MB);
            List<String> command = c.command() == null ? List.of() : c.command();
            checkCommand(errors, at + ".command", command);
            HealthCheck check = checkHealthCheck(errors, at + ".check", c.check());
            if (c.containerId() != null && c.cpuMillis() != null && c.memoryMb() != null) {
                specs.add(new ContainerSpec(c.containerId(), c.cpuMillis(), c.memoryMb(), command, check));
            }
        }
        return specs;
    }

    private static void checkCommand(List<FieldError> errors, String field, List<String> command) {
        if (command.size() > MAX_COMMAND_ARGS) {
            errors.add(new FieldError(field, "at most " + MAX_COMMAND_ARGS + " arguments, was " + command.size()));
        }
        for (int a = 0; a < command.size(); a++) {
            if (command.get(a) == null || (a == 0 && command.get(a).isBlank())) {
                errors.add(new FieldError(field + "[" + a + "]", a == 0
                        ? "the program must not be blank"
                        : "must not be null"));
            }
        }
    }

    private static HealthCheck checkHealthCheck(List<FieldError> errors, String field, GroupDraft.CheckDraft draft) {
        if (draft == null) {
            return null;
        }
        List<String> command = draft.command() == null ? List.of() : draft.command();
        if (command.isEmpty()) {
            errors.add(new FieldError(field + ".command", "is required: the program and its arguments"));
        }
        checkCommand(errors, field + ".command", command);
        long interval = draft.intervalMs() == null ? DEFAULT_CHECK_INTERVAL_MS : draft.intervalMs();
        boolean intervalValid = inRange(errors, field + ".intervalMs", interval, MIN_CHECK_INTERVAL_MS,
                MAX_CHECK_INTERVAL_MS);
        long timeout = draft.timeoutMs() != null ? draft.timeoutMs() : Math.min(DEFAULT_CHECK_TIMEOUT_MS, interval);
        if (intervalValid && (timeout < MIN_CHECK_TIMEOUT_MS || timeout > interval)) {
            errors.add(new FieldError(field + ".timeoutMs", "must be between " + MIN_CHECK_TIMEOUT_MS
                    + " and the interval (" + interval + "), was " + timeout));
        } else if (!intervalValid && draft.timeoutMs() != null) {
            inRange(errors, field + ".timeoutMs", timeout, MIN_CHECK_TIMEOUT_MS, MAX_CHECK_INTERVAL_MS);
        }
        int failures = draft.failureThreshold() == null ? DEFAULT_CHECK_FAILURES : draft.failureThreshold();
        inRange(errors, field + ".failureThreshold", failures, 1, MAX_CHECK_FAILURES);
        return new HealthCheck(command, interval, timeout, failures);
    }

    private static RecoveryPolicy checkRecovery(List<FieldError> errors, GroupDraft.RecoveryDraft draft) {
        if (draft == null) {
            return RecoveryPolicy.DEFAULT;
        }
        RecoveryPolicy d = RecoveryPolicy.DEFAULT;
        int restarts = draft.restartThreshold() == null ? d.restartThreshold() : draft.restartThreshold();
        long period = draft.restartPeriodSeconds() == null ? d.restartPeriodSeconds() : draft.restartPeriodSeconds();
        int failures = draft.failureThreshold() == null ? d.failureThreshold() : draft.failureThreshold();
        long timeout = draft.failureTimeoutSeconds() == null
                ? d.failureTimeoutSeconds()
                : draft.failureTimeoutSeconds();
        inRange(errors, "recovery.restartThreshold", restarts, 0, MAX_RESTART_THRESHOLD);
        inRange(errors, "recovery.restartPeriodSeconds", period, 1, MAX_RESTART_PERIOD_SECONDS);
        inRange(errors, "recovery.failureThreshold", failures, 1, MAX_FAILURE_THRESHOLD);
        inRange(errors, "recovery.failureTimeoutSeconds", timeout, 0, MAX_FAILURE_TIMEOUT_SECONDS);
        return new RecoveryPolicy(restarts, period, failures, timeout);
    }

    /** Whether {@code min <= value <= max}; reports the field otherwise. */
    private static boolean inRange(List<FieldError> errors, String field, long value, long min, long max) {
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max + ", was " + value));
            return false;
        }
        return true;
    }

    private static void checkAmount(List<FieldError> errors, String field, Long value, long max) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
        } else if (value < 1 || value > max) {
            errors.add(new FieldError(field, "must be between 1 and " + max + ", was " + value));
        }
    }

    private static List<String> checkNodeList(List<FieldError> errors, String field, List<String> nodes) {
        if (nodes == null) {
            return List.of();
        }
        if (nodes.size() > MAX_OWNERS) {
            errors.add(new FieldError(field, "at most " + MAX_OWNERS + " nodes, was " + nodes.size()));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String at = field + "[" + i + "]";
            if (checkId(errors, at, nodes.get(i)) && !seen.add(nodes.get(i))) {
                errors.add(new FieldError(at, "node " + nodes.get(i) + " is listed twice"));
            }
        }
        return nodes;
    }

    private static FailbackPolicy checkFailback(List<FieldError> errors, GroupDraft.FailbackDraft draft,
            List<String> preferred) {
        if (draft == null) {
            return FailbackPolicy.NEVER;
        }
        FailbackPolicy.Mode mode = null;
        if (draft.mode() == null) {
            errors.add(new FieldError("failback.mode", "is required: NEVER or PREFERRED_OWNER"));
        } else {
            try {
                mode = FailbackPolicy.Mode.valueOf(draft.mode());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("failback.mode", "must be NEVER or PREFERRED_OWNER, was '" + draft.mode()
                        + "'"));
            }
        }
        long delay = draft.delaySeconds() == null ? 0 : draft.delaySeconds();
        if (delay < 0 || delay > MAX_FAILBACK_DELAY_SECONDS) {
            errors.add(new FieldError("failback.delaySeconds", "must be between 0 and " + MAX_FAILBACK_DELAY_SECONDS
                    + ", was " + delay));
        }
        if (mode == FailbackPolicy.Mode.PREFERRED_OWNER && preferred.isEmpty()) {
            errors.add(new FieldError("failback.mode", "PREFERRED_OWNER needs at least one preferred owner"));
        }
        return new FailbackPolicy(mode, delay);
    }
}
