package io.visionstream.inference.serving;

import io.visionstream.common.events.Route;
import io.visionstream.common.image.DecodeTarget;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.rollout.CanaryMonitor;
import io.visionstream.inference.rollout.Routing;
import io.visionstream.inference.rollout.RolloutTable;
import io.visionstream.inference.rollout.ShadowScorer;
import io.visionstream.inference.scoring.MicroBatcher;
import io.visionstream.inference.scoring.ModelSession;
import io.visionstream.inference.scoring.Scored;
import io.visionstream.inference.scoring.ScoringRejectedException;
import io.visionstream.inference.scoring.ScoringRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The one entry point for scoring a decoded image, shared by the Kafka stream and HTTP: picks the model (the
 * configured default when none is named) and, through its current {@link Routing}, the version (stable, or the
 * canary for keys in its sticky share); preprocesses with that version's preprocessing and queues the image on its
 * batcher. A canary that fails on an image is recorded against the canary and the image is scored by stable
 * instead, so a broken canary costs no prediction (the canary gate sees the failure through its batch listener).
 * Shadow copies and the gate's side-by-side samples are side effects that never delay or fail the main answer. Callers bound their intake with the byte budgets of {@code budget.InFlightBudgets}.
 */
@ApplicationScoped
public class ScoringService {

    private final RolloutTable routes;
    private final InferenceConfig config;
    private final CanaryMonitor canaryMonitor;
    private final ShadowScorer shadows;
    private final InferenceMetrics metrics;

    @Inject
    public ScoringService(RolloutTable routes, InferenceConfig config, CanaryMonitor canaryMonitor, ShadowScorer shadows, InferenceMetrics metrics) {
        this.routes = routes;
        this.config = config;
        this.canaryMonitor = canaryMonitor;
        this.shadows = shadows;
        this.metrics = metrics;
    }

    /** The model an image goes to: the named one, or the default. */
    public String resolveModel(String requested) {
        return requested == null || requested.isBlank() ? config.defaultModel() : requested.trim();
    }

    /** Bytes of model input one image of {@code model} occupies while scored (0 while the model is not routed yet). */
    public long inputBytesPerImage(String model) {
        return routes.routing(resolveModel(model)).map(Routing::inputBytesPerImage).orElse(0L);
    }

    /**
     * How small a JPEG for {@code model} may be decoded: enough pixels for every version an image may meet, full size
     * while the model is not routed yet.
     */
    public DecodeTarget decodeTarget(String model) {
        return routes.routing(resolveModel(model)).map(Routing::decodeTarget).orElse(DecodeTarget.FULL_SIZE);
    }

    /**
     * Queues an image for scoring; the future's {@link Scored#route()} says which role answered.
     *
     * @throws ScoringRejectedException {@code UNKNOWN_MODEL} for a name never seen, {@code MODEL_UNAVAILABLE}
     *                                  when no version of a known model became servable within the wait timeout
     */
    public CompletableFuture<Scored> score(ScoringRequest request) throws ScoringRejectedException, InterruptedException {
        Routed routed = route(request.model(), request.imageId(), session -> {
            long cpu = metrics.threadCpuNanos();
            float[] input = session.preprocessor().apply(request.image());
            metrics.stageCpu(InferenceMetrics.Stage.PREPROCESS, cpu);
            return input;
        });
        canaryMonitor.sample(routed.routing(), request.image());
        if (routed.routing().shadow() != null) {
            shadows.mirror(routed.routing().shadow(), request, routed.result());
        }
        return routed.result();
    }

    /**
     * Queues an input that is already a model tensor (a client preprocessed it, e.g. over the Open Inference
     * Protocol), routed like an image with {@code key}. {@code input} gives the tensor for the routed version and may
     * throw if it does not fit that version. Without the image there is no shadow copy and no side-by-side sample
     * for the canary gate (both preprocess the image for another version).
     */
    public CompletableFuture<Scored> scoreTensor(String model, String key, Function<ModelSession, float[]> input)
            throws ScoringRejectedException, InterruptedException {
        return route(model, key, input).result();
    }

    private record Routed(Routing routing, CompletableFuture<Scored> result) {
    }

    private Routed route(String model, String key, Function<ModelSession, float[]> input) throws ScoringRejectedException, InterruptedException {
        String name = resolveModel(model);
        if (!routes.isKnown(name) && !name.equals(config.defaultModel())) {
            throw new ScoringRejectedException(ScoringRejectedException.Reason.UNKNOWN_MODEL,
                    "model '" + name + "' is not served here (served: " + routes.routedNames() + ")");
        }
        while (true) {
            Optional<Routing> found = routes.await(name, config.modelWaitTimeout());
            if (found.isEmpty()) {
                throw new ScoringRejectedException(ScoringRejectedException.Reason.MODEL_UNAVAILABLE,
                        "no version of model '" + name + "' became servable within " + config.modelWaitTimeout());
            }
            Routing routing = found.get();
            Route route = routing.pick(key);
            CompletableFuture<Scored> main = submit(routing.batcher(route), input, route);
            if (main == null) {
                continue; // that version was just retired: route again on the new routing
            }
            if (route == Route.CANARY) {
                main = fallBackToStable(routing, input, main);
            }
            return new Routed(routing, main);
        }
    }

    private static CompletableFuture<Scored> fallBackToStable(Routing routing, Function<ModelSession, float[]> input, CompletableFuture<Scored> canary) {
        return canary.handle((scored, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(scored);
            }
            CompletableFuture<Scored> fallback = submit(routing.stable(), input, Route.STABLE);
            return fallback != null ? fallback : CompletableFuture.<Scored>failedFuture(unwrap(failure));
        }).thenCompose(result -> result);
    }

    private static CompletableFuture<Scored> submit(MicroBatcher batcher, Function<ModelSession, float[]> input, Route route) {
        CompletableFuture<Scored> result = batcher.submit(input.apply(batcher.model()));
        return result == null ? null : result.thenApply(scored -> scored.on(route));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
