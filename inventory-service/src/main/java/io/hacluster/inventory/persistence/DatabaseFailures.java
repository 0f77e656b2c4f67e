package io.hacluster.inventory.persistence;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.hibernate.exception.JDBCConnectionException;

/** Tells a database that does not answer from a request that failed for a reason of its own. */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /**
     * True when {@code e} says the database could not be reached: no connection could be opened or borrowed (the
     * pool's acquisition timeout), or one broke. Such a failure passes when the database is back; the request may be
     * tried again.
     */
    public static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                // 08: connection exception (refused, broken, lost); 57P01-03: the server shuts down or restarts
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
                    return true;
                }
                // Agroal's pool, when no connection could be had within quarkus.datasource.jdbc.acquisition-timeout
                if (String.valueOf(sql.getMessage()).startsWith("Acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }
}
