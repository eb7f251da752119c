package io.flowsight.app.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C or SIGTERM as a flag that a command's loop polls. The JVM's shutdown then waits up to a minute for the thread
 * that installed the signal to finish (commit what it read) before it exits. Close the signal when the loop ended on
 * its own, so that exiting does not wait for that thread, which is the one exiting.
 */
final class ShutdownSignal implements AutoCloseable {
    private static final long GRACE_MILLIS = 60_000;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final Thread hook;

    private ShutdownSignal(String name) {
        Thread loop = Thread.currentThread();
        hook = new Thread(() -> {
            requested.set(true);
            try {
                loop.join(GRACE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A signal for the calling thread's loop; {@code name} names the hook thread. */
    static ShutdownSignal install(String name) {
        return new ShutdownSignal(name);
    }

    boolean requested() {
        return requested.get();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: the loop ended because of it.
        }
    }
}
