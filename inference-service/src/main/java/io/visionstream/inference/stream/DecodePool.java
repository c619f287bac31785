package io.visionstream.inference.stream;

import io.visionstream.inference.config.InferenceConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The worker threads that decode and preprocess images (CPU-bound work kept off the Vert.x event loop). */
@ApplicationScoped
public class DecodePool {

    private final ExecutorService executor;

    @Inject
    public DecodePool(InferenceConfig config) {
        int threads = config.decode().threads() > 0 ? config.decode().threads() : Runtime.getRuntime().availableProcessors();
        // one more than the decoders: the thread taking in a poll batch may block on the in-flight limit
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "decode-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = Executors.newFixedThreadPool(threads + 1, factory);
    }

    public ExecutorService executor() {
        return executor;
    }

    @PreDestroy
    void shutdown() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
