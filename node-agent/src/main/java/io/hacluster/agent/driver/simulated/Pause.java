package io.hacluster.agent.driver.simulated;

import java.time.Duration;

/** The simulated drivers' configurable delays. */
final class Pause {

    private Pause() {
    }

    static void of(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
