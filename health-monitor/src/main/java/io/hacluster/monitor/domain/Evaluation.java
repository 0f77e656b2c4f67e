package io.hacluster.monitor.domain;

import java.util.ArrayList;
import java.util.List;

import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeHealthEvent.MonitorAlert;

/**
 * What one evaluation decided.
 *
 * @param transitions the liveness changes, in the order they are to be published
 * @param alert a raised or cleared mass-silence alert, or null when the guard did not change
 * @param guard the guard's state after this evaluation
 */
public record Evaluation(List<Transition> transitions, MonitorAlert alert, GuardStatus guard) {

    public Evaluation {
        transitions = List.copyOf(transitions);
    }

    /** Every event to publish, in order: the alert first, then the transitions. */
    public List<NodeHealthEvent> events() {
        List<NodeHealthEvent> events = new ArrayList<>();
        if (alert != null) {
            events.add(alert);
        }
        transitions.forEach(t -> events.add(t.event()));
        return events;
    }
}
