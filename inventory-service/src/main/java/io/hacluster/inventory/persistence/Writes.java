package io.hacluster.inventory.persistence;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;

import org.jboss.logging.Logger;

import io.hacluster.inventory.domain.Rejection;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Every change to the inventory's tables goes through here: one transaction at a time in this process (consumers of
 * five topics and REST requests would otherwise contend for the same rows), retried a few times when the database
 * reports a transient failure (a lost connection, a serialization failure, a concurrent change by another instance),
 * so that a passing database hiccup does not send a good event to the dead-letter topic. A consumer whose database
 * does not answer at all waits for it as long as it takes (ADR 0035); an operator's request is answered at once.
 */
@ApplicationScoped
public class Writes {

    private static final Logger LOG = Logger.getLogger(Writes.class);
    static final int ATTEMPTS = 5;
    /** The longest pause between two attempts. */
    static final long MAX_PAUSE_MS = 2000;
    /** While the database does not answer, one warning per this many attempts (about a minute). */
    static final int UNREACHABLE_REPORT_EVERY = 30;

    private final ReentrantLock lock = new ReentrantLock(true);

    /** Runs {@code work} in a new transaction and commits it; returns its result. */
    public <T> T inTransaction(String what, Supplier<T> work) {
        return run(what, work, true);
    }

    /**
     * The same for an operator's request, which someone waits for: a database that does not answer is reported at
     * once (the API answers 503 and when to try again) rather than after every retry has waited for a connection;
     * conflicts with a concurrent change are retried as for the consumers.
     */
    public <T> T forRequest(String what, Supplier<T> work) {
        return run(what, work, false);
    }

    private <T> T run(String what, Supplier<T> work, boolean waitForTheDatabase) {
        for (int attempt = 1;; attempt++) {
            lock.lock();
            try {
                return QuarkusTransaction.requiringNew().call(work::get);
            } catch (RuntimeException e) {
                Rejection rejection = find(e, Rejection.class);
                if (rejection != null) {
                    throw rejection;
                }
                boolean unreachable = DatabaseFailures.unreachable(e);
                if (unreachable && waitForTheDatabase) {
                    // an event is never parked because the database is down: its consumer waits here (Kafka keeps
                    // the records behind it) until the database answers again, however long that takes
                    if (attempt == 1 || attempt % UNREACHABLE_REPORT_EVERY == 0) {
                        LOG.warnf("%s: the database does not answer (attempt %d), waiting for it: %s", what, attempt,
                                rootMessage(e));
                    }
                } else if (attempt >= ATTEMPTS || !isTransient(e) || unreachable) {
                    throw e;
                } else {
                    LOG.warnf("%s: transient database failure (attempt %d of %d), retrying: %s", what, attempt,
                            ATTEMPTS, rootMessage(e));
                }
            } finally {
                lock.unlock();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(MAX_PAUSE_MS, 50L << Math.min(attempt, 10))));
        }
    }

    public void inTransaction(String what, Runnable work) {
        run(what, () -> {
            work.run();
            return null;
        }, true);
    }

    /** True for failures that may pass: connection loss, serialization failures, deadlocks, concurrent changes. */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof PessimisticLockException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof org.hibernate.exception.LockAcquisitionException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof org.hibernate.StaleStateException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 40: transaction rollback (serialization failure, deadlock);
                // 23505: unique violation, i.e. another instance inserted the same row concurrently
                if (state.startsWith("08") || state.startsWith("40") || state.equals("23505")) {
                    return true;
                }
            }
        }
        return false;
    }

    static <X extends Throwable> X find(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
