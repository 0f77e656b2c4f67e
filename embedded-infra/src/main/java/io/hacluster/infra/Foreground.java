package io.hacluster.infra;

import java.util.concurrent.CountDownLatch;

/** Keeps a server of a child process running until the process is stopped, then closes it. */
final class Foreground {

    private Foreground() {
    }

    /** Prints {@code readyLine} (the parent waits for it) and blocks until the JVM shuts down. */
    static void serve(AutoCloseable server, String name, String readyLine) throws InterruptedException {
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
        stopped.await();
    }
}
