package io.visionstream.inference.scoring;

import io.visionstream.inference.config.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.Semaphore;

/**
 * Bounds the images accepted but not yet answered, across the Kafka stream and HTTP. Intake blocks when the bound is
 * reached, which slows the Kafka consumer down under overload instead of letting queues (and memory) grow.
 */
@ApplicationScoped
public class InFlightLimiter {

    private final Semaphore permits;

    @Inject
    public InFlightLimiter(InferenceConfig config) {
        this.permits = new Semaphore(config.batching().maxInFlight());
    }

    /** Waits for room for one more image. */
    public void acquire() throws InterruptedException {
        permits.acquire();
    }

    /** One image was answered (predicted or refused). */
    public void release() {
        permits.release();
    }
}
