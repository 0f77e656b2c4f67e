package io.hacluster.executor.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.scheduler.Scheduled;

/**
 * One executor at a time: a PostgreSQL advisory lock on the executor's database, held on a connection of its own for
 * the executor's whole life. PostgreSQL releases it when that connection closes, so a crashed executor's successor
 * gets it as soon as the old process is gone. Two executors would split the agents' answers between them and issue
 * epochs from the same failovers.
 */
@ApplicationScoped
public class ExecutorLease {

    private static final Logger LOG = Logger.getLogger(ExecutorLease.class);
    /** The lock key: "ha-cluster failover-executor", hashed once and kept stable. */
    private static final long KEY = 0x6861_6578_6563_0001L;

    private final DataSource dataSource;
    private Connection held;
    /** Set once the lease was taken: only then is it kept. */
    private boolean taken;

    public ExecutorLease(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes the lease, waiting up to {@code wait} for another executor to let go; fails if it does not. */
    public synchronized void acquire(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean logged = false;
        try {
            Connection connection = dataSource.getConnection();
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, KEY);
                while (true) {
                    try (ResultSet rs = lock.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            held = connection;
                            taken = true;
                            LOG.info("executor lease taken: this executor carries out the failovers");
                            return;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        connection.close();
                        throw new IllegalStateException("another failover executor holds the lease on this database "
                                + "and did not let go within " + wait.toSeconds() + " s; only one may run at a time");
                    }
                    if (!logged) {
                        LOG.warn("another failover executor holds the lease; waiting for it to stop");
                        logged = true;
                    }
                    Thread.sleep(500);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the executor lease: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the executor lease", e);
        }
    }

    /** What {@link #renew} found. */
    public enum Renewal {
        /** The lease is held, as before. */
        HELD,
        /** The lease connection was lost (PostgreSQL restarted, say) and the lease has been taken again. */
        RETAKEN,
        /** The lease connection was lost and another executor holds the lease now: this one must stop. */
        LOST,
        /** The lease connection was lost and the database cannot be reached yet. */
        UNREACHABLE
    }

    /** Checks the lease and, if its connection was lost, tries once to take it again. */
    public synchronized Renewal renew() {
        if (isHeld()) {
            return Renewal.HELD;
        }
        closeHeld();
        try {
            Connection connection = dataSource.getConnection();
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, KEY);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        held = connection;
                        return Renewal.RETAKEN;
                    }
                }
            }
            connection.close();
            return Renewal.LOST;
        } catch (SQLException e) {
            return Renewal.UNREACHABLE;
        }
    }

    /** Whether this executor holds the lease, and its connection is still open. */
    public synchronized boolean isHeld() {
        try {
            return held != null && held.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Keeps the lease once taken: if its connection was lost (PostgreSQL restarted), takes it again; if another
     * executor took it meanwhile, this one stops at once, so that two never act on the same failovers.
     */
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void keep() {
        if (!isTaken()) {
            return;
        }
        switch (renew()) {
            case HELD -> {
            }
            case RETAKEN -> LOG.info("executor lease taken again after its database connection was lost");
            case UNREACHABLE -> LOG.warn("executor lease connection lost and the database unreachable: not ready");
            case LOST -> {
                LOG.error("another failover executor took the lease while this one was cut off from its database: "
                        + "stopping");
                Quarkus.asyncExit(1);
            }
        }
    }

    private synchronized boolean isTaken() {
        return taken;
    }

    /** Lets the lease go (at shutdown, or when the executor could not start). */
    @PreDestroy
    public synchronized void release() {
        taken = false;
        closeHeld();
    }

    private void closeHeld() {
        if (held != null) {
            try {
                held.close();
            } catch (SQLException e) {
                LOG.debugf("closing the lease connection: %s", e.getMessage());
            }
            held = null;
        }
    }
}
