package io.visionstream.trainer.rest;

import io.smallrye.mutiny.Multi;
import io.visionstream.common.registry.ModelNames;
import io.visionstream.trainer.arch.LayerSpec;
import io.visionstream.trainer.arch.NetworkAnalysis;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.arch.ZooOptions;
import io.visionstream.trainer.config.TrainerConfig;
import io.visionstream.trainer.data.Datasets;
import io.visionstream.trainer.data.ImageFolder;
import io.visionstream.trainer.jobs.TrainingJobs;
import io.visionstream.trainer.settings.FreezePolicy;
import io.visionstream.trainer.settings.InvalidSettingException;
import io.visionstream.trainer.settings.OptimizerKind;
import io.visionstream.trainer.settings.Recipe;
import io.visionstream.trainer.settings.ScheduleKind;
import io.visionstream.trainer.settings.TrainingSettings;
import io.visionstream.trainer.settings.TrainingSettingsBuilder;
import io.visionstream.trainer.train.RunState;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Training as a service: submit a job, list jobs, follow one (status, curves, live events), cancel it. Submitting
 * and cancelling need role {@code ml-trainer} or {@code ml-admin}, publishing {@code ml-admin} ({@link Roles}); every
 * path a request names must lie in the allowed roots ({@link AllowedRoots}); sizes are bounded ({@link RequestLimits}).
 */
@jakarta.ws.rs.Path("/api/training/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class TrainingResource {

    private final TrainingJobs jobs;
    private final TrainerConfig config;

    @Inject
    public TrainingResource(TrainingJobs jobs, TrainerConfig config) {
        this.jobs = jobs;
        this.config = config;
    }

    /**
     * A job request; absent fields take the settings of {@code recipe} ({@code d2l}, {@code paper} or {@code modern},
     * {@link Recipe}) when one is named, otherwise the defaults of {@link TrainingSettings#builder()}, shared with the CLI. Either
     * {@code arch} names a zoo network, or {@code spec} gives a custom layer tree (trained under the name {@code arch},
     * default "custom"). {@code dataPath} names a local directory of data files ({@code dataset} {@code imagefolder:/path} names an image tree);
     * {@code publishAs} publishes the trained model under that name (export, parity, registry, release event);
     * {@code resume} names an earlier job's run directory (under the runs root) to continue with its own settings,
     * optionally up to {@code epochs}. Every path must lie in the allowed roots; sizes are bounded by {@link RequestLimits}.
     */
    public record TrainingRequest(String arch, io.visionstream.trainer.arch.LayerSpec spec, String dataset, Integer epochs, Integer batchSize, Double lr, String optimizer,
                                  Double momentum, Boolean nesterov, Double weightDecay, String schedule, Integer stepEpochs, Double gamma,
                                  Integer warmupEpochs, Double valFraction, Long seed, Integer limitTrain, Integer patience,
                                  Integer inputSize, String augment, java.util.List<Integer> milestones, Double labelSmoothing,
                                  String initFrom, String freeze, String dataPath, String publishAs, String resume, String recipe,
                                  Integer widthDivisor) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ML_ADMIN, Roles.ML_TRAINER})
    @Operation(summary = "Queue a training job (zoo architecture, data set, hyper-parameters); 202 with the job, 429 when the queue is full")
    public Response submit(TrainingRequest request, @Context SecurityContext caller) {
        if (request != null && request.publishAs() != null) {
            if (!caller.isUserInRole(Roles.ML_ADMIN)) {
                throw new InvalidRequestException(ErrorReason.FORBIDDEN, "publishAs", "publishAs publishes a model, which needs role " + Roles.ML_ADMIN);
            }
            if (!ModelNames.isValid(request.publishAs())) {
                throw new InvalidRequestException(ErrorReason.INVALID_PUBLISHAS, "invalid model name '" + request.publishAs() + "'");
            }
        }
        TrainingSettings settings = validate(request);
        TrainingJobs.JobView job = jobs.submit(settings, request.publishAs());
        return Response.accepted(job).location(URI.create("/api/training/jobs/" + job.id())).build();
    }

    @GET
    public List<TrainingJobs.JobView> list() {
        return jobs.list();
    }

    @GET
    @jakarta.ws.rs.Path("/{id}")
    public TrainingJobs.JobView get(@PathParam("id") String id) {
        return jobs.get(id).orElseThrow(() -> new InvalidRequestException(ErrorReason.NOT_FOUND, "id", "no training job " + id));
    }

    @GET
    @jakarta.ws.rs.Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events: one per finished epoch, then the final status; 429 when too many streams are open")
    public Multi<TrainingJobs.JobEvent> events(@PathParam("id") String id) {
        return jobs.events(id).orElseThrow(() -> new InvalidRequestException(ErrorReason.NOT_FOUND, "id", "no training job " + id));
    }

    @POST
    @jakarta.ws.rs.Path("/{id}/cancel")
    @RolesAllowed({Roles.ML_ADMIN, Roles.ML_TRAINER})
    public TrainingJobs.JobView cancel(@PathParam("id") String id) {
        if (!jobs.cancel(id)) {
            throw new InvalidRequestException(ErrorReason.CONFLICT, "id", "training job " + id + " is unknown or already finished");
        }
        return get(id);
    }

    private TrainingSettings validate(TrainingRequest r) {
        if (r == null) {
            throw new InvalidRequestException(ErrorReason.INVALID_BODY, "a JSON body with at least arch and dataset is required");
        }
        RequestLimits.checkHyperParameters(r.epochs(), r.batchSize(), r.inputSize(), r.lr());
        AllowedRoots allowed = AllowedRoots.of(config);
        if (r.resume() != null) {
            return resumed(r, allowed);
        }
        String arch = r.arch() == null && r.spec() != null ? "custom" : r.arch();
        if (r.spec() != null && !ModelNames.isValid(arch)) {
            throw new InvalidRequestException(ErrorReason.INVALID_ARCH, "arch names a custom network's run directory: use 1-" + ModelNames.MAX_LENGTH
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (r.spec() == null && (arch == null || !Zoo.names().contains(arch))) {
            throw new InvalidRequestException(ErrorReason.INVALID_ARCH, "unknown architecture '" + arch + "'; the zoo has " + Zoo.names()
                    + ", or give a custom layer tree as 'spec'");
        }
        String dataset = confinedDataset(r.dataset(), allowed);
        try {
            Datasets.requireKnown(dataset);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(ErrorReason.INVALID_DATASET, e.getMessage());
        }
        if (r.spec() != null) {
            RequestLimits.checkSpecSize(r.spec());
        }
        Path initFrom = r.initFrom() == null ? null : allowed.require("initFrom", r.initFrom());
        Path dataPath = r.dataPath() == null ? null : allowed.require("dataPath", r.dataPath());
        Path out = config.runsRoot().resolve(arch + "-" + System.currentTimeMillis());
        TrainingSettings settings;
        try {
            TrainingSettingsBuilder b = TrainingSettings.builder().setArch(arch).optNetwork(r.spec()).setDataset(dataset).setOut(out)
                    .setDataDir(config.dataDir()).optInitFrom(initFrom).optLocalData(dataPath);
            ifGiven(r.recipe(), v -> b.optRecipe(Recipe.parse(v)));
            ifGiven(r.epochs(), b::optEpochs);
            ifGiven(r.batchSize(), b::optBatchSize);
            ifGiven(r.lr(), b::optLr);
            ifGiven(r.optimizer(), v -> b.optOptimizer(OptimizerKind.parse(v)));
            ifGiven(r.momentum(), b::optMomentum);
            ifGiven(r.nesterov(), b::optNesterov);
            ifGiven(r.weightDecay(), b::optWeightDecay);
            ifGiven(r.schedule(), v -> b.optSchedule(ScheduleKind.parse(v)));
            ifGiven(r.stepEpochs(), b::optStepEpochs);
            ifGiven(r.gamma(), b::optGamma);
            ifGiven(r.warmupEpochs(), b::optWarmupEpochs);
            ifGiven(r.valFraction(), b::optValFraction);
            ifGiven(r.seed(), b::optSeed);
            ifGiven(r.limitTrain(), b::optLimitTrain);
            ifGiven(r.patience(), b::optPatience);
            ifGiven(r.inputSize(), b::optInputSize);
            ifGiven(r.augment(), b::optAugment);
            ifGiven(r.milestones(), b::optMilestones);
            ifGiven(r.labelSmoothing(), b::optLabelSmoothing);
            ifGiven(r.freeze() == null || r.freeze().isBlank() ? null : r.freeze(), v -> b.optFreeze(FreezePolicy.parse(v))); // blank = none
            ifGiven(r.widthDivisor(), b::optWidthDivisor);
            settings = b.build();
        } catch (InvalidSettingException e) {
            throw InvalidRequestException.of(e);
        }
        checkCost(settings, r.spec());
        return settings;
    }

    /** Refuses a network too large to train here, at the input size and width the settings (and their recipe) give it. */
    private static void checkCost(TrainingSettings settings, LayerSpec spec) {
        String dataset = settings.dataset();
        int classes = Datasets.classes(dataset);
        int size = settings.inputSize() == 0 ? Datasets.side(dataset) : settings.inputSize();
        int channels = Datasets.channels(dataset);
        if (spec != null) {
            try {
                RequestLimits.checkCost(ErrorReason.INVALID_SPEC, NetworkAnalysis.of(new NetworkSpec(settings.arch(), channels, size, size, classes, spec)));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(ErrorReason.INVALID_SPEC, e.getMessage());
            }
        } else {
            NetworkAnalysis.Result zoo;
            try {
                zoo = NetworkAnalysis.of(Zoo.build(settings.arch(), channels, size, classes, new ZooOptions(settings.widthDivisor(), false, false)));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(builds(settings.arch(), channels, size, classes) ? ErrorReason.INVALID_WIDTHDIVISOR
                        : ErrorReason.INVALID_INPUTSIZE, e.getMessage());
            }
            RequestLimits.checkCost(ErrorReason.INVALID_ARCH, zoo);
        }
    }

    /** Whether the zoo network builds at its full width: if so, a failure at the requested width is the width divisor's. */
    private static boolean builds(String arch, int channels, int size, int classes) {
        try {
            NetworkAnalysis.of(Zoo.build(arch, channels, size, classes));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** An image-folder data set with its folder checked and replaced by its real path; other names as they are. */
    private static String confinedDataset(String dataset, AllowedRoots allowed) {
        if (dataset == null || !ImageFolder.matches(dataset)) {
            return dataset;
        }
        Path root;
        try {
            root = ImageFolder.root(dataset);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(ErrorReason.INVALID_DATASET, e.getMessage());
        }
        return ImageFolder.PREFIX + allowed.require("dataset", root);
    }

    /**
     * The settings of the run {@code resume} names under the runs root; the paths that run recorded (it may have been
     * started by the CLI) must lie in the allowed roots as well.
     */
    private TrainingSettings resumed(TrainingRequest r, AllowedRoots allowed) {
        AllowedRoots runs = new AllowedRoots(List.of(config.runsRoot()), "the runs root (visionstream.trainer.runs-root)");
        Path run;
        try {
            run = runs.require("resume", config.runsRoot().resolve(r.resume()));
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidRequestException(ErrorReason.PATH_NOT_ALLOWED, "resume", "resume '" + r.resume() + "' is not a path");
        }
        TrainingSettings settings;
        try {
            settings = RunState.resuming(run, or(r.epochs(), 0));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(ErrorReason.INVALID_RESUME, e.getMessage());
        }
        for (Path recorded : java.util.Arrays.asList(settings.initFrom(), settings.localData(), settings.dataDir(),
                ImageFolder.matches(settings.dataset()) ? ImageFolder.root(settings.dataset()) : null)) {
            if (recorded != null) {
                allowed.require("resume", recorded);
            }
        }
        return settings;
    }

    /** Passes a request field on when it is present; otherwise the settings builder's default holds. */
    private static <T> void ifGiven(T value, java.util.function.Consumer<T> use) {
        if (value != null) {
            use.accept(value);
        }
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
