package io.hacluster.launcher;

import java.time.Duration;
import java.time.Instant;

/** What the launcher tells its user, with the time since it started. */
final class Console {

    private final Instant started = Instant.now();

    void step(String message) {
        System.out.println(stamp() + message);
        System.out.flush();
    }

    void error(String message) {
        System.err.println(stamp() + "ERROR " + message);
        System.err.flush();
    }

    void raw(String text) {
        System.out.println(text);
        System.out.flush();
    }

    private String stamp() {
        Duration d = Duration.between(started, Instant.now());
        return String.format("[%3d.%01ds] ", d.toSeconds(), d.toMillisPart() / 100);
    }
}
