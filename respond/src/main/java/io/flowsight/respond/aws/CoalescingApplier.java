package io.flowsight.respond.aws;

import io.flowsight.respond.policy.AddressFamily;
import io.flowsight.respond.policy.CidrBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Runs a target's passes: the latest wanted list only (a burst of changes is one pass), no two passes of the target at
 * once, each after its turn at the {@link UpdatePacer}, a failed pass retried after {@link #RETRY_DELAY} when it may
 * pass, and the last list applied again every reconcile interval so that edits by hand are undone. A worker thread
 * does it in the background; {@link #runDue} is one step of it, for tests that drive the clock.
 */
final class CoalescingApplier implements AutoCloseable {
    static final Duration RETRY_DELAY = Duration.ofSeconds(30);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(CoalescingApplier.class);

    /** One pass: make the place hold {@code wanted}, and say what changed. */
    interface Pass {
        List<AppliedChange> run(List<CidrBlock> wanted) throws InterruptedException;
    }

    private final String name;
    private final Pass pass;
    private final UpdatePacer pacer;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration reconcileInterval;
    private final Object state = new Object();
    private final Object passing = new Object();
    /** Guarded by {@link #state}. */
    private List<CidrBlock> pending;
    private List<CidrBlock> lastWanted;
    private Instant lastPass;
    private Instant retryAt;
    private boolean closed;
    private Thread worker;

    CoalescingApplier(String name, Pass pass, UpdatePacer pacer, Clock clock, Sleeper sleeper,
                      Duration reconcileInterval) {
        this.name = Objects.requireNonNull(name, "name");
        this.pass = Objects.requireNonNull(pass, "pass");
        this.pacer = Objects.requireNonNull(pacer, "pacer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.reconcileInterval = Objects.requireNonNull(reconcileInterval, "reconcileInterval");
    }

    /** Parses the wanted addresses (oldest first): what is not an address is logged and skipped, repeats dropped. */
    static List<CidrBlock> parse(String target, List<String> addresses) {
        LinkedHashSet<CidrBlock> wanted = new LinkedHashSet<>();
        List<String> skipped = new ArrayList<>();
        for (String address : addresses) {
            try {
                CidrBlock block = CidrBlock.parse(address);
                if (block.prefixLength() == 0) {
                    // The policy never asks for it; a target refuses it anyway, as it would block every address.
                    skipped.add("'" + address + "' would block every address");
                } else {
                    wanted.add(block);
                }
            } catch (IllegalArgumentException e) {
                skipped.add(e.getMessage());
            }
        }
        if (!skipped.isEmpty()) {
            LOG.warn("Blocklist target {}: {} entries are skipped, not being addresses a target can block: {}",
                    target, skipped.size(), String.join("; ", skipped));
        }
        return List.copyOf(wanted);
    }

    /** The list to apply next, replacing any not applied yet. */
    void submit(List<CidrBlock> wanted) {
        synchronized (state) {
            pending = List.copyOf(wanted);
            lastWanted = pending;
            state.notifyAll();
        }
    }

    /**
     * One pass if one is due (a new list, a failed one's retry time, or the reconcile interval since the last pass),
     * after waiting for the pacer's turn; lists submitted while it waits replace the one it was going to apply.
     *
     * @return whether a pass ran
     */
    boolean runDue() throws InterruptedException {
        synchronized (state) {
            if (!due(clock.instant())) {
                return false;
            }
        }
        synchronized (passing) {
            pacer.awaitTurn(clock, sleeper);
            List<CidrBlock> wanted;
            synchronized (state) {
                wanted = pending != null ? pending : lastWanted;
                pending = null;
            }
            try {
                List<AppliedChange> changes = pass.run(wanted);
                synchronized (state) {
                    retryAt = null;
                }
                for (AppliedChange change : changes) {
                    // What was left out is said by the pass itself, as it decides it.
                    if (change.updated()) {
                        LOG.info("Blocklist target {}: {}", name, change);
                    } else {
                        LOG.debug("Blocklist target {}: {}", name, change);
                    }
                }
            } catch (AwsTargetException e) {
                LOG.warn("Blocklist target {}: {}", name, e.getMessage());
                synchronized (state) {
                    if (e.retriable()) {
                        if (pending == null) {
                            pending = wanted;
                        }
                        retryAt = clock.instant().plus(RETRY_DELAY);
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("Blocklist target {}: a pass failed unexpectedly; the list is applied again at the next "
                        + "change or reconcile", name, e);
            } finally {
                synchronized (state) {
                    lastPass = clock.instant();
                }
            }
            return true;
        }
    }

    /**
     * One pass now, in the caller's thread, after the pacer's turn; the list becomes the one reconciled from then on.
     *
     * @throws AwsTargetException when the place could not be brought to the list
     */
    List<AppliedChange> runNow(List<CidrBlock> wanted) throws InterruptedException {
        synchronized (state) {
            lastWanted = List.copyOf(wanted);
        }
        synchronized (passing) {
            pacer.awaitTurn(clock, sleeper);
            try {
                return pass.run(wanted);
            } finally {
                synchronized (state) {
                    lastPass = clock.instant();
                }
            }
        }
    }

    /** Starts the worker thread (a daemon): it runs passes as they fall due until {@link #close}. */
    void start() {
        synchronized (state) {
            if (worker != null) {
                throw new IllegalStateException("The target " + name + " is started already.");
            }
            worker = new Thread(this::work, "flowsight-respond-" + name);
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void work() {
        try {
            while (true) {
                synchronized (state) {
                    if (closed) {
                        return;
                    }
                }
                if (!runDue()) {
                    synchronized (state) {
                        Instant now = clock.instant();
                        if (!closed && !due(now)) {
                            state.wait(millisUntilDue(now));
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Guarded by {@link #state}. */
    private boolean due(Instant now) {
        if (retryAt != null && now.isBefore(retryAt)) {
            return false;
        }
        if (pending != null) {
            return true;
        }
        return lastWanted != null && (lastPass == null || !now.isBefore(lastPass.plus(reconcileInterval)));
    }

    /** Guarded by {@link #state}; 0 (wait until notified) when nothing falls due by itself. */
    private long millisUntilDue(Instant now) {
        Instant next = null;
        if (retryAt != null) {
            next = retryAt;
        } else if (lastWanted != null && lastPass != null) {
            next = lastPass.plus(reconcileInterval);
        }
        return next == null ? 0 : Math.max(1, Duration.between(now, next).toMillis());
    }

    /** Stops the worker; a pass under way gets a few seconds to finish, then is interrupted. */
    @Override
    public void close() {
        Thread running;
        synchronized (state) {
            closed = true;
            state.notifyAll();
            running = worker;
        }
        if (running == null || running == Thread.currentThread()) {
            return;
        }
        try {
            running.join(CLOSE_WAIT.toMillis());
            if (running.isAlive()) {
                running.interrupt();
                running.join(CLOSE_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
