package io.visionstream.trainer.rest;

import io.smallrye.mutiny.Multi;
import io.visionstream.trainer.arch.NetworkAnalysis;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.data.Datasets;
import io.visionstream.trainer.train.TrainingJobs;
import io.visionstream.trainer.train.TrainingSettings;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** Training as a service: submit a job, list jobs, follow one (status, curves, live events), cancel it. */
@jakarta.ws.rs.Path("/api/training/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class TrainingResource {

    private final TrainingJobs jobs;
    private final io.visionstream.trainer.config.TrainerConfig config;

    @Inject
    public TrainingResource(TrainingJobs jobs, io.visionstream.trainer.config.TrainerConfig config) {
        this.jobs = jobs;
        this.config = config;
    }

    /**
     * A job request; absent fields take the CLI's defaults. Either {@code arch} names a zoo network, or {@code spec}
     * gives a custom layer tree (trained under the name {@code arch}, default "custom"). {@code dataPath} names a
     * local directory of data files ({@code dataset} {@code imagefolder:/path} names an image tree);
     * {@code publishAs} publishes the trained model under that name (export, parity, registry, release event);
     * {@code resume} names an earlier job's run directory (under the runs root) to continue with its own settings,
     * optionally up to {@code epochs}.
     */
    public record TrainingRequest(String arch, io.visionstream.trainer.arch.LayerSpec spec, String dataset, Integer epochs, Integer batchSize, Double lr, String optimizer,
                                  Double momentum, Boolean nesterov, Double weightDecay, String schedule, Integer stepEpochs, Double gamma,
                                  Integer warmupEpochs, Double valFraction, Long seed, Integer limitTrain, Integer patience,
                                  Integer inputSize, String augment, java.util.List<Integer> milestones, Double labelSmoothing,
                                  String initFrom, String freeze, String dataPath, String publishAs, String resume) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue a training job (zoo architecture, data set, hyper-parameters); 202 with the job")
    public Response submit(TrainingRequest request) {
        TrainingSettings settings = validate(request);
        if (request.publishAs() != null && !io.visionstream.common.registry.ModelNames.isValid(request.publishAs())) {
            throw new InvalidRequestException("publishAs", 400, "invalid model name '" + request.publishAs() + "'");
        }
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
        return jobs.get(id).orElseThrow(() -> new InvalidRequestException("id", 404, "no training job " + id));
    }

    @GET
    @jakarta.ws.rs.Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events: one per finished epoch, then the final status")
    public Multi<TrainingJobs.JobEvent> events(@PathParam("id") String id) {
        return jobs.events(id).orElseThrow(() -> new InvalidRequestException("id", 404, "no training job " + id));
    }

    @POST
    @jakarta.ws.rs.Path("/{id}/cancel")
    public TrainingJobs.JobView cancel(@PathParam("id") String id) {
        if (!jobs.cancel(id)) {
            throw new InvalidRequestException("id", 409, "training job " + id + " is unknown or already finished");
        }
        return get(id);
    }

    private TrainingSettings validate(TrainingRequest r) {
        if (r == null) {
            throw new InvalidRequestException("body", 400, "a JSON body with at least arch and dataset is required");
        }
        if (r.resume() != null) {
            return resumed(r);
        }
        String arch = r.arch() == null && r.spec() != null ? "custom" : r.arch();
        if (r.spec() == null && (arch == null || !Zoo.names().contains(arch))) {
            throw new InvalidRequestException("arch", 400, "unknown architecture '" + arch + "'; the zoo has " + Zoo.names()
                    + ", or give a custom layer tree as 'spec'");
        }
        try {
            Datasets.requireKnown(r.dataset());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("dataset", 400, e.getMessage());
        }
        int classes = Datasets.classes(r.dataset());
        int size = r.inputSize() == null || r.inputSize() == 0 ? Datasets.side(r.dataset()) : r.inputSize();
        int channels = Datasets.channels(r.dataset());
        if (r.spec() != null) {
            try {
                NetworkAnalysis.of(new NetworkSpec(arch, channels, size, size, classes, r.spec()));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("spec", 400, e.getMessage());
            }
        } else {
            try {
                Zoo.build(arch, channels, size, classes);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("inputSize", 400, e.getMessage());
            }
        }
        Path out = config.runsRoot().resolve(arch + "-" + System.currentTimeMillis());
        try {
            return new TrainingSettings(arch, r.spec(), r.dataset(), or(r.epochs(), 10), or(r.batchSize(), 256), or(r.lr(), 0.001),
                    r.optimizer() == null ? "adam" : r.optimizer(), or(r.momentum(), 0.9), or(r.nesterov(), false), or(r.weightDecay(), 0.0),
                    r.schedule() == null ? "fixed" : r.schedule(), or(r.stepEpochs(), 10), or(r.gamma(), 0.1), or(r.warmupEpochs(), 0),
                    or(r.valFraction(), 0.2), r.seed() == null ? 42 : r.seed(), or(r.limitTrain(), 0), or(r.patience(), 0),
                    r.inputSize() == null ? 0 : r.inputSize(), r.augment(), r.milestones(), or(r.labelSmoothing(), 0.0),
                    r.initFrom() == null ? null : Path.of(r.initFrom()), r.freeze(), out, config.dataDir(), r.dataPath() == null ? null : Path.of(r.dataPath()), false);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new InvalidRequestException(message.substring(0, Math.max(0, message.indexOf(' '))), 400, message);
        }
    }

    private TrainingSettings resumed(TrainingRequest r) {
        Path runsRoot = config.runsRoot().toAbsolutePath().normalize();
        Path run = runsRoot.resolve(r.resume()).normalize();
        if (!run.startsWith(runsRoot)) {
            throw new InvalidRequestException("resume", 400, "resume must name a run directory under the runs root, not '" + r.resume() + "'");
        }
        try {
            return TrainingSettings.resuming(run, or(r.epochs(), 0));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("resume", 400, e.getMessage());
        }
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
