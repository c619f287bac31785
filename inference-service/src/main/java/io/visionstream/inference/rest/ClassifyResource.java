package io.visionstream.inference.rest;

import io.visionstream.common.events.Prediction;
import io.visionstream.common.image.ImageRejectedException;
import io.visionstream.inference.scoring.PredictionFactory;
import io.visionstream.inference.scoring.Scored;
import io.visionstream.inference.scoring.ScoringRejectedException;
import io.visionstream.inference.budget.InFlightBudgets;
import io.visionstream.inference.serving.ImageIntake;
import io.visionstream.inference.serving.ScoringService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Synchronous classification over HTTP. Images share batches with the Kafka stream (same batchers), so the answer
 * is exactly what the stream would publish for the same bytes.
 */
@Path("/api/classify")
@Produces(MediaType.APPLICATION_JSON)
public class ClassifyResource {

    private final ImageIntake intake;
    private final ScoringService scoring;
    private final PredictionFactory predictions;
    private final InFlightBudgets budgets;

    @Inject
    public ClassifyResource(ImageIntake intake, ScoringService scoring, PredictionFactory predictions, InFlightBudgets budgets) {
        this.intake = intake;
        this.scoring = scoring;
        this.predictions = predictions;
        this.budgets = budgets;
    }

    @POST
    @Consumes({"image/*", MediaType.APPLICATION_OCTET_STREAM, "application/x-raw-u8"})
    @Operation(summary = "Classify the image in the request body (JPEG, PNG or application/x-raw-u8;shape=CxHxW); "
            + "'id' names the image (it also picks the canary bucket)")
    public Prediction classifyBody(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                   @QueryParam("model") String model, @QueryParam("id") String id)
            throws ImageRejectedException, ScoringRejectedException, InterruptedException {
        return classify(body, contentType, model, id);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Classify the image sent as the multipart form field 'image'")
    public Prediction classifyMultipart(@RestForm("image") FileUpload image, @QueryParam("model") String model, @QueryParam("id") String id)
            throws ImageRejectedException, ScoringRejectedException, InterruptedException, IOException {
        if (image == null) {
            throw new ImageRejectedException(io.visionstream.common.image.RejectReason.EMPTY, "the multipart request has no 'image' field");
        }
        return classify(Files.readAllBytes(image.uploadedFile()), image.contentType(), model, id);
    }

    private Prediction classify(byte[] payload, String contentType, String model, String id)
            throws ImageRejectedException, ScoringRejectedException, InterruptedException {
        Instant received = Instant.now();
        String imageId = id == null || id.isBlank() ? "http-" + UUID.randomUUID() : id;
        long reserved = payload.length + scoring.inputBytesPerImage(model);
        budgets.reserveHttp(reserved);
        try {
            Scored scored = intake.decodeAndQueue(budgets.http(), model, imageId, received, payload, contentType).get();
            return predictions.create(imageId, scored, scored.route(), received);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ScoringRejectedException rejected) {
                throw rejected;
            }
            throw new ScoringRejectedException(ScoringRejectedException.Reason.SCORING_FAILED, String.valueOf(e.getCause()), e.getCause());
        } finally {
            budgets.http().release(reserved);
        }
    }
}
