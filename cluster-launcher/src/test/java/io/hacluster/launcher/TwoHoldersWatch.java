package io.hacluster.launcher;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples the inventory's API (at RestAssured's base URI) while a scenario runs, and keeps every answer that showed
 * one volume mounted on two nodes or one container running on two: the storage never lets that happen, so the API
 * must never say it. Samples every {@link #EVERY} until closed; an unanswered request is skipped, not a finding.
 */
final class TwoHoldersWatch implements AutoCloseable {

    static final Duration EVERY = Duration.ofMillis(50);

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> findings = new ArrayList<>();
    private final Thread sampler;
    private volatile int samples;

    TwoHoldersWatch() {
        sampler = new Thread(this::sample, "two-holders-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running.get()) {
            try {
                look("/api/v1/volumes", "volumeId", "mountedOn");
                look("/api/v1/containers", "containerId", "runningOn");
                samples++;
            } catch (RuntimeException | AssertionError e) {
                // the inventory busy or restarting: nothing seen, nothing found
            }
            LockSupport.parkNanos(EVERY.toNanos());
        }
    }

    private void look(String path, String idField, String holdersField) {
        List<Map<String, Object>> items = given().queryParam("size", 500).when().get(path).then().statusCode(200)
                .extract().path("items");
        for (Map<String, Object> item : items == null ? List.<Map<String, Object>>of() : items) {
            Object holders = item.get(holdersField);
            if (holders instanceof List<?> l && l.size() > 1) {
                synchronized (findings) {
                    findings.add(Instant.now() + " " + path + " " + item.get(idField) + " on " + l);
                }
            }
        }
    }

    /** How many full samples were taken. */
    int samples() {
        return samples;
    }

    /** Every answer that showed two holders, with when it was seen. */
    List<String> findings() {
        synchronized (findings) {
            return List.copyOf(findings);
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            sampler.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
