package io.hacluster.monitor.domain;

import java.util.ArrayList;
import java.util.List;

import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeHealthEvent.MonitorAlert;

/**
 * What one evaluation decided.
 *
 * @param transitions the liveness changes, in the order they are to be published
 * @param alerts the alerts raised or cleared by this evaluation (mass silence, declarations held back), in order;
 *        empty when none changed
 * @param guard the guard's state after this evaluation
 */
public record Evaluation(List<Transition> transitions, List<MonitorAlert> alerts, GuardStatus guard) {

    public Evaluation {
        transitions = List.copyOf(transitions);
        alerts = List.copyOf(alerts);
    }

    /** Every event to publish, in order: the alerts first, then the transitions. */
    public List<NodeHealthEvent> events() {
        List<NodeHealthEvent> events = new ArrayList<>(alerts);
        transitions.forEach(t -> events.add(t.event()));
        return events;
    }
}
