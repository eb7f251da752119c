package io.flowsight.app.http;

import io.flowsight.queries.sql.LakeQueryService;
import io.flowsight.queries.sql.QueryConfig;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the HTTP API runs SQL over the lake: a few threads of its own, as many as
 * {@link QueryConfig#MAX_CONCURRENT_CONFIG}, and no queue, so that a heavy query holds neither the threads that
 * answer {@code /health} and the live endpoints nor a growing line of requests behind it. Each query keeps to
 * {@link QueryConfig#TIMEOUT_CONFIG}; closing the pool cancels the queries still running.
 */
final class LakeQueryPool implements AutoCloseable {
    /** The work of one request, given the lake opened within the query limits. */
    @FunctionalInterface
    interface LakeWork {
        void run(LakeQueryService service) throws Exception;
    }

    /** Told when the lake cannot be opened or the work fails, on the pool's thread. */
    @FunctionalInterface
    interface Failure {
        void handle(Exception e);
    }

    private final QueryConfig config;
    private final ThreadPoolExecutor executor;
    private final Set<LakeQueryService> running = ConcurrentHashMap.newKeySet();

    LakeQueryPool(QueryConfig config) {
        this.config = config;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(config.maxConcurrent(), config.maxConcurrent(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "flowsight-http-sql-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code work} on the lake at once on a free thread of the pool.
     *
     * @throws RejectedExecutionException when {@link QueryConfig#maxConcurrent()} queries run already
     */
    void submit(Path lake, LakeWork work, Failure failure) {
        executor.execute(() -> {
            try (LakeQueryService service = LakeQueryService.open(lake, config)) {
                running.add(service);
                try {
                    work.run(service);
                } finally {
                    running.remove(service);
                }
            } catch (Exception e) {
                failure.handle(e);
            }
        });
    }

    /** How many queries hold a thread of the pool now. */
    int running() {
        return executor.getActiveCount();
    }

    /** The sentence for a request over the cap. */
    String busy() {
        return config.maxConcurrent() + " SQL queries are running already, as many as "
                + QueryConfig.MAX_CONCURRENT_CONFIG + " allows: retry when one has finished, or raise it.";
    }

    @Override
    public void close() {
        executor.shutdownNow();
        running.forEach(LakeQueryService::cancel);
    }
}
