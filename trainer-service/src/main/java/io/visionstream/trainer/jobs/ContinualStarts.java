package io.visionstream.trainer.jobs;

import io.visionstream.common.events.TrainingTrigger;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.config.TrainerConfig;
import io.visionstream.trainer.settings.TrainingSettings;
import io.visionstream.trainer.settings.TrainingSettingsBuilder;
import io.visionstream.trainer.stream.LabelledImagesJoin;
import io.visionstream.trainer.train.ContinualJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;

/**
 * Starts continual jobs the one way, whoever asks (the REST API or a trigger from {@code training-triggers}): the
 * settings start from the base version (its architecture, its weights) and the stream data set, the trigger is
 * recorded with its reason, and the job is queued like any training job.
 */
@ApplicationScoped
public class ContinualStarts {

    private final TrainingJobs jobs;
    private final LabelledImagesJoin join;
    private final TrainerConfig config;

    @Inject
    public ContinualStarts(TrainingJobs jobs, LabelledImagesJoin join, TrainerConfig config) {
        this.jobs = jobs;
        this.join = join;
        this.config = config;
    }

    /** Settings that fine-tune {@code base} on the labelled stream; the caller may set more before building. */
    public TrainingSettingsBuilder settings(ModelVersion base, NetworkSpec network) {
        return TrainingSettings.builder().setArch(network.arch()).setDataset("kafka:" + config.continual().labelledTopic())
                .setOut(config.runsRoot().resolve("continual-" + base.manifest().name() + "-" + System.currentTimeMillis()))
                .setDataDir(config.dataDir()).optInitFrom(base.directory());
    }

    /** The data set of the newest {@code last} labelled images since {@code from} (of any time when null). */
    public ModelManifest.KafkaDataset newest(int last, Instant from) {
        return new ModelManifest.KafkaDataset(config.continual().labelledTopic(), from, null, last, null);
    }

    /** Queues a job that fine-tunes {@code base} on {@code dataset} and publishes the candidate as {@code publishAs}. */
    public TrainingJobs.JobView start(ModelVersion base, ModelManifest.KafkaDataset dataset, TrainingSettings settings, String publishAs,
                                      TrainingTrigger.Reason reason, String requestedBy) {
        ContinualTrigger trigger = new ContinualTrigger(Instant.now(), base.manifest().ref(), reason, requestedBy, dataset, null);
        return jobs.submitContinual(settings, publishAs, trigger, (onEpoch, cancelled) -> new ContinualJob(settings, base, dataset,
                reason.wireName(), join.kafkaSettings(), config.continual().maxImages(), onEpoch, cancelled).run());
    }
}
