package io.streamcast.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Ctrl-C or SIGTERM for a command that runs until stopped. The JVM halts once its shutdown hooks return, so the
 * hook waits (a bounded time) for the command to say it has closed what it runs, instead of cutting that short.
 */
final class StopSignal {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    StopSignal() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            requested.countDown();
            try {
                closed.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "streamcast-stop"));
    }

    void await() throws InterruptedException {
        requested.await();
    }

    /** Called when everything is closed (in a finally), so the hook lets the JVM halt. */
    void closed() {
        closed.countDown();
    }
}
