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

    /** Whether this executor holds the lease, and its connection is still open. */
    public synchronized boolean isHeld() {
        try {
            return held != null && held.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @PreDestroy
    synchronized void release() {
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
