package io.visionstream.trainer.rest;

import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelNames;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.config.TrainerConfig;
import io.visionstream.trainer.jobs.ContinualStarts;
import io.visionstream.trainer.jobs.ContinualTrigger;
import io.visionstream.trainer.jobs.ContinualTriggers;
import io.visionstream.trainer.jobs.TrainingJobs;
import io.visionstream.trainer.settings.FreezePolicy;
import io.visionstream.trainer.settings.InvalidSettingException;
import io.visionstream.trainer.settings.OptimizerKind;
import io.visionstream.trainer.settings.TrainingSettings;
import io.visionstream.trainer.settings.TrainingSettingsBuilder;
import io.visionstream.common.events.TrainingTrigger;
import io.visionstream.trainer.train.ContinualJob;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Continual training as a service: fine-tune a registry version on a window of the labelled stream and publish the
 * candidate like any training job (the inference service then canaries it by its release policy); and the triggers so
 * far. Starting one publishes a model, so it needs role {@code ml-admin} ({@link Roles}).
 */
@jakarta.ws.rs.Path("/api/training/continual")
@Produces(MediaType.APPLICATION_JSON)
public class ContinualResource {

    private final ContinualStarts starts;
    private final ContinualTriggers triggers;
    private final ModelRegistry registry;
    private final TrainerConfig config;

    @Inject
    public ContinualResource(ContinualStarts starts, ContinualTriggers triggers, ModelRegistry registry, TrainerConfig config) {
        this.starts = starts;
        this.triggers = triggers;
        this.registry = registry;
        this.config = config;
    }

    /** The Kafka data set: record times in [from, to), the newest {@code last} of them, of {@code classes} (label names). */
    public record Window(Instant from, Instant to, Integer last, List<String> classes) {
    }

    /**
     * A continual job: {@code model} and {@code version} (default: the latest) to fine-tune, the {@code window} of
     * {@code images.labelled} (required, with at least one bound), the training settings (absent ones take
     * {@link TrainingSettings#builder()}'s defaults; {@code valFraction} is the held-out share of the key split),
     * {@code publishAs} (default: the same model) and the trigger's {@code reason} (default {@code manual}).
     */
    public record ContinualRequest(String model, Integer version, Window window, Integer epochs, Integer batchSize, Double lr, String optimizer,
                                   String freeze, Double valFraction, Long seed, String publishAs, String reason) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ML_ADMIN)
    @Operation(summary = "Fine-tune a registry version on a window of images.labelled and publish the candidate; 202 with the job")
    public Response start(ContinualRequest request, @Context SecurityContext caller) {
        if (request == null) {
            throw new InvalidRequestException(ErrorReason.INVALID_BODY, "a JSON body with at least model and window is required");
        }
        RequestLimits.checkHyperParameters(request.epochs(), request.batchSize(), null, request.lr());
        if (request.model() == null || !ModelNames.isValid(request.model())) {
            throw new InvalidRequestException(ErrorReason.INVALID_MODEL, "invalid model name '" + request.model() + "'");
        }
        String publishAs = request.publishAs() == null ? request.model() : request.publishAs();
        if (!ModelNames.isValid(publishAs)) {
            throw new InvalidRequestException(ErrorReason.INVALID_PUBLISHAS, "invalid model name '" + publishAs + "'");
        }
        ModelVersion base = request.version() == null
                ? registry.latest(request.model()).orElseThrow(() -> new InvalidRequestException(ErrorReason.NOT_FOUND, "model",
                        "no model '" + request.model() + "' in the registry"))
                : registry.get(request.model(), request.version());
        NetworkSpec network;
        try {
            network = ContinualJob.network(base);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(ErrorReason.INVALID_MODEL, e.getMessage());
        }
        ModelManifest.KafkaDataset dataset = dataset(request.window(), base.manifest().labels());
        TrainingTrigger.Reason reason;
        try {
            reason = request.reason() == null ? TrainingTrigger.Reason.MANUAL : TrainingTrigger.Reason.parse(request.reason());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(ErrorReason.INVALID_REASON, e.getMessage());
        }
        TrainingSettings settings = settings(request, base, network);
        TrainingJobs.JobView job = starts.start(base, dataset, settings, publishAs, reason,
                caller.getUserPrincipal() == null ? null : caller.getUserPrincipal().getName());
        return Response.accepted(job).location(URI.create("/api/training/jobs/" + job.id())).build();
    }

    @GET
    @jakarta.ws.rs.Path("/triggers")
    @Operation(summary = "The continual-training triggers this service has seen (oldest first): when, base version, reason, who, window, job")
    public List<ContinualTrigger> triggers() {
        return triggers.list();
    }

    private ModelManifest.KafkaDataset dataset(Window window, List<String> labels) {
        if (window == null || window.from() == null && window.to() == null && window.last() == null) {
            throw new InvalidRequestException(ErrorReason.INVALID_WINDOW, "a window is required: from and/or to (ISO-8601 instants), and/or last (a count)");
        }
        if (window.last() != null && window.last() > config.continual().maxImages()) {
            throw new InvalidRequestException(ErrorReason.INVALID_WINDOW, "window.last is " + window.last() + ", more than the "
                    + config.continual().maxImages() + " images a job may hold (visionstream.trainer.continual.max-images)");
        }
        if (window.classes() != null) {
            List<String> unknown = window.classes().stream().filter(c -> !labels.contains(c)).toList();
            if (!unknown.isEmpty()) {
                throw new InvalidRequestException(ErrorReason.INVALID_WINDOW, "window.classes " + unknown + " are not labels of the model; it has " + labels);
            }
        }
        try {
            return new ModelManifest.KafkaDataset(config.continual().labelledTopic(), window.from(), window.to(), window.last(), window.classes());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(ErrorReason.INVALID_WINDOW, "window: " + e.getMessage());
        }
    }

    private TrainingSettings settings(ContinualRequest r, ModelVersion base, NetworkSpec network) {
        try {
            TrainingSettingsBuilder b = starts.settings(base, network);
            ifGiven(r.epochs(), b::optEpochs);
            ifGiven(r.batchSize(), b::optBatchSize);
            ifGiven(r.lr(), b::optLr);
            ifGiven(r.optimizer(), v -> b.optOptimizer(OptimizerKind.parse(v)));
            ifGiven(r.freeze() == null || r.freeze().isBlank() ? null : r.freeze(), v -> b.optFreeze(FreezePolicy.parse(v)));
            ifGiven(r.valFraction(), b::optValFraction);
            ifGiven(r.seed(), b::optSeed);
            return b.build();
        } catch (InvalidSettingException e) {
            throw InvalidRequestException.of(e);
        }
    }

    private static <T> void ifGiven(T value, Consumer<T> use) {
        if (value != null) {
            use.accept(value);
        }
    }
}
