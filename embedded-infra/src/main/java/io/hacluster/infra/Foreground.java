package io.hacluster.infra;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Keeps a server of a child process running until the process is stopped, then closes it. A server that stops
 * serving on its own (its PostgreSQL postmaster killed, say) makes the process exit with code 3, so that whoever
 * supervises it starts it again on its data.
 */
final class Foreground {

    /** Failed checks in a row, one a second, after which the server counts as gone. */
    private static final int FAILED_CHECKS = 3;

    private Foreground() {
    }

    /**
     * Prints {@code readyLine} (the parent waits for it) and blocks until the JVM shuts down, or exits with code 3 once
     * {@code serving} has said no {@value #FAILED_CHECKS} times in a row.
     */
    static void serve(AutoCloseable server, String name, String readyLine, BooleanSupplier serving)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println(name + " did not close cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }, name + "-shutdown"));
        System.out.println(readyLine);
        System.out.flush();
        int failed = 0;
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            boolean ok;
            try {
                ok = serving.getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            failed = ok ? 0 : failed + 1;
            if (failed >= FAILED_CHECKS) {
                System.out.println(name + " no longer serves (" + FAILED_CHECKS + " failed checks in a row); exiting "
                        + "so that it is started again on its data");
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }
        }
    }
}
