package io.visionstream.trainer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.visionstream.trainer.data.ImageFolder;
import io.visionstream.trainer.train.EpochRecord;
import io.visionstream.trainer.train.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The trainer's Prometheus meters, so the dashboard can draw training curves while service-mode jobs run: the
 * latest finished epoch of each architecture and dataset as gauges (epoch, losses, accuracies, learning rate,
 * images/s), a counter of jobs by final status and one of continual-training triggers by model and reason. Tags are the architecture and the dataset kind only - never a job
 * id or a path - so the number of series stays small however many jobs run; a later job on the same pair continues
 * the same series.
 */
@ApplicationScoped
public class TrainingMetrics {

    private final MeterRegistry registry;
    private final Map<Tags, Curve> curves = new ConcurrentHashMap<>();
    private final Map<JobStatus, Counter> finishedJobs = new EnumMap<>(JobStatus.class);

    /** The latest epoch of one architecture and dataset; its gauges read it. */
    private static final class Curve {
        volatile EpochRecord latest;
    }

    @Inject
    public TrainingMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (JobStatus status : EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)) {
            // registered up front, so the first finished job is an increase Prometheus can see
            finishedJobs.put(status, Counter.builder("visionstream.training.jobs").description("Training jobs finished, by final status")
                    .tag("status", status.name().toLowerCase(Locale.ROOT)).register(registry));
        }
    }

    /** An epoch of a job training {@code arch} on {@code dataset} finished. */
    public void epochFinished(String arch, String dataset, EpochRecord epoch) {
        curves.computeIfAbsent(Tags.of("arch", arch, "dataset", datasetKind(dataset)), this::register).latest = epoch;
    }

    /** A job ended with {@code status} (succeeded, failed or cancelled). */
    public void jobFinished(JobStatus status) {
        Counter counter = finishedJobs.get(status);
        if (counter == null) {
            throw new IllegalArgumentException(status + " is not a final job status");
        }
        counter.increment();
    }

    /** A continual training job was triggered for {@code model}: {@code visionstream_continual_triggers_total{model,reason}}. */
    public void continualTriggered(String model, io.visionstream.common.events.TrainingTrigger.Reason reason) {
        Counter.builder("visionstream.continual.triggers").description("Continual training jobs triggered, by model and reason")
                .tag("model", model).tag("reason", reason.wireName()).register(registry).increment();
    }

    /** {@code imagefolder:/some/path} is tagged {@code imagefolder}: a path per series would grow without bound. */
    static String datasetKind(String dataset) {
        return ImageFolder.matches(dataset) ? "imagefolder" : dataset;
    }

    private Curve register(Tags tags) {
        Curve curve = new Curve();
        curveGauge("visionstream.training.epoch", "Last finished epoch", tags, curve, EpochRecord::epoch);
        curveGauge("visionstream.training.train.loss", "Training loss of the last finished epoch", tags, curve, EpochRecord::trainLoss);
        curveGauge("visionstream.training.train.accuracy", "Training accuracy of the last finished epoch", tags, curve, EpochRecord::trainAccuracy);
        curveGauge("visionstream.training.validation.loss", "Validation loss of the last finished epoch", tags, curve, EpochRecord::valLoss);
        curveGauge("visionstream.training.validation.accuracy", "Validation accuracy of the last finished epoch", tags, curve,
                EpochRecord::valAccuracy);
        curveGauge("visionstream.training.learning.rate", "Learning rate at the end of the last finished epoch", tags, curve,
                EpochRecord::learningRate);
        curveGauge("visionstream.training.images.per.second", "Training throughput of the last finished epoch", tags, curve,
                EpochRecord::imagesPerSecond);
        return curve;
    }

    private void curveGauge(String name, String description, Tags tags, Curve curve, ToDoubleFunction<EpochRecord> value) {
        Gauge.builder(name, curve, c -> c.latest == null ? Double.NaN : value.applyAsDouble(c.latest)).description(description).tags(tags).register(registry);
    }
}
