package io.visionstream.inference.serving;

import io.visionstream.common.image.DecodedImage;
import io.visionstream.common.image.ImageDecoder;
import io.visionstream.common.image.ImageRejectedException;
import io.visionstream.inference.budget.ByteBudget;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.scoring.Scored;
import io.visionstream.inference.scoring.ScoringRejectedException;
import io.visionstream.inference.scoring.ScoringRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Encoded image to queued scoring, the same for the Kafka stream and HTTP: decodes the payload (a large JPEG straight to
 * about the size the model's preprocessing needs; its CPU time counted as the decode stage), charges the decoded pixels to the caller's byte budget while they are alive (until the
 * model tensor is made) and queues the image through {@link ScoringService}.
 */
@ApplicationScoped
public class ImageIntake {

    private final ImageDecoder decoder;
    private final ScoringService scoring;
    private final InferenceMetrics metrics;

    @Inject
    public ImageIntake(ImageDecoder decoder, ScoringService scoring, InferenceMetrics metrics) {
        this.decoder = decoder;
        this.scoring = scoring;
        this.metrics = metrics;
    }

    public CompletableFuture<Scored> decodeAndQueue(ByteBudget budget, String model, String imageId, Instant eventTime, byte[] payload,
                                                    String contentType) throws ImageRejectedException, ScoringRejectedException, InterruptedException {
        long cpu = metrics.threadCpuNanos();
        DecodedImage image = decoder.decode(payload, contentType, scoring.decodeTarget(model));
        metrics.stageCpu(InferenceMetrics.Stage.DECODE, cpu);
        long pixelBytes = image.pixels().length;
        budget.charge(pixelBytes);
        try {
            return scoring.score(new ScoringRequest(model, imageId, eventTime, image));
        } finally {
            budget.discharge(pixelBytes);
        }
    }
}
