package io.visionstream.inference.scoring;

import io.visionstream.common.image.DecodedImage;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.models.ServedModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The one entry point for scoring a decoded image, shared by the Kafka stream and HTTP: picks the model (the
 * configured default when none is named), preprocesses on the caller's thread with that version's preprocessing,
 * and queues the image on the version's batcher. Callers bound their intake with {@link InFlightLimiter}.
 */
@ApplicationScoped
public class ScoringService {

    private final ServedModels models;
    private final InferenceConfig config;

    @Inject
    public ScoringService(ServedModels models, InferenceConfig config) {
        this.models = models;
        this.config = config;
    }

    /** The model an image goes to: the named one, or the default. */
    public String resolveModel(String requested) {
        return requested == null || requested.isBlank() ? config.defaultModel() : requested.trim();
    }

    /**
     * Queues an image for scoring.
     *
     * @throws ScoringRejectedException {@code UNKNOWN_MODEL} for a name never announced, {@code MODEL_UNAVAILABLE}
     *                                  when no version of a known model became servable within the wait timeout
     */
    public CompletableFuture<Scored> score(String requestedModel, DecodedImage image) throws ScoringRejectedException, InterruptedException {
        String name = resolveModel(requestedModel);
        if (!models.isKnown(name) && !name.equals(config.defaultModel())) {
            throw new ScoringRejectedException(ScoringRejectedException.Reason.UNKNOWN_MODEL,
                    "model '" + name + "' is not served here (served: " + models.servedNames() + ")");
        }
        while (true) {
            Optional<MicroBatcher> batcher = models.await(name, config.modelWaitTimeout());
            if (batcher.isEmpty()) {
                throw new ScoringRejectedException(ScoringRejectedException.Reason.MODEL_UNAVAILABLE,
                        "no version of model '" + name + "' became servable within " + config.modelWaitTimeout());
            }
            float[] input = batcher.get().model().preprocessor().apply(image);
            CompletableFuture<Scored> result = batcher.get().submit(input);
            if (result != null) {
                return result;
            }
            // that version was just replaced: preprocess again for the new one
        }
    }
}
