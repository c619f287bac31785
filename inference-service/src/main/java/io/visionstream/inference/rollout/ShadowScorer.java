package io.visionstream.inference.rollout;

import io.visionstream.common.events.Route;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.scoring.MicroBatcher;
import io.visionstream.inference.scoring.PredictionFactory;
import io.visionstream.inference.scoring.Scored;
import io.visionstream.inference.scoring.ScoringRequest;
import io.visionstream.inference.kafka.StreamPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Scores images a second time on the shadow version and publishes the result to {@code predictions.shadow} only.
 * The shadow never affects the main stream: it is not part of the input's acknowledgement, its failures are only
 * logged and counted, and when {@code shadow-max-in-flight} shadow scorings are pending, images skip the shadow.
 * When both answers are in, top-1 agreement and the latency ratio (shadow / main) are recorded, and the agreement is
 * evidence for the canary gate when the shadow is the canary.
 */
@ApplicationScoped
public class ShadowScorer {

    private static final Logger LOG = Logger.getLogger(ShadowScorer.class);

    private final StreamPublisher publisher;
    private final PredictionFactory predictions;
    private final InferenceMetrics metrics;
    private final CanaryMonitor gate;
    private final Semaphore permits;

    @Inject
    public ShadowScorer(StreamPublisher publisher, PredictionFactory predictions, InferenceMetrics metrics, CanaryMonitor gate, InferenceConfig config) {
        this.publisher = publisher;
        this.predictions = predictions;
        this.metrics = metrics;
        this.gate = gate;
        this.permits = new Semaphore(config.rollout().shadowMaxInFlight());
    }

    public void mirror(MicroBatcher shadow, ScoringRequest request, CompletableFuture<Scored> main) {
        if (!permits.tryAcquire()) {
            metrics.shadowSkipped(shadow.model().ref());
            return;
        }
        CompletableFuture<Scored> scored = shadow.submit(shadow.model().preprocessor().apply(request.image()));
        if (scored == null) {
            permits.release();
            return;
        }
        scored.whenComplete((result, failure) -> permits.release());
        // keep only what the prediction needs: the decoded image is not held while the shadow waits
        String imageId = request.imageId();
        Instant eventTime = request.eventTime();
        scored.thenApply(result -> result.on(Route.SHADOW))
                .thenCompose(result -> publisher.publish(predictions.create(imageId, result, Route.SHADOW, eventTime)))
                .exceptionally(failure -> {
                    metrics.shadowFailed(shadow.model().ref());
                    LOG.debugf("shadow %s failed for %s: %s", shadow.model().ref(), imageId, failure);
                    return null;
                });
        scored.thenAcceptBoth(main, (shadowResult, mainResult) -> {
            boolean agree = shadowResult.top1() == mainResult.top1();
            metrics.shadowCompared(shadow.model().ref(), agree, mainResult.scoreMs() > 0 ? shadowResult.scoreMs() / mainResult.scoreMs() : Double.NaN);
            gate.shadowCompared(shadow.model().ref(), mainResult.model(), agree);
        });
    }
}
