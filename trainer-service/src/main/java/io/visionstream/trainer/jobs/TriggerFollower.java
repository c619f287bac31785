package io.visionstream.trainer.jobs;

import io.quarkus.runtime.StartupEvent;
import io.visionstream.common.events.TrainingTrigger;
import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.trainer.config.TrainerConfig;
import io.visionstream.trainer.data.LabelledImagesReader;
import io.visionstream.trainer.settings.TrainingSettings;
import io.visionstream.trainer.stream.LabelledImagesJoin;
import io.visionstream.trainer.train.ContinualJob;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Acts on {@code training-triggers}: each trigger (from the inference service's retrain policy, or anyone who produces
 * the contract) starts a continual job that fine-tunes the trigger's base version on the newest labelled images since
 * the trigger's evidence began, and publishes the candidate, which then enters as a canary. A trigger usually fires
 * before most labels of the stream it judged have arrived, so it first waits (up to {@code triggered-wait}) until
 * the window holds {@code triggered-last} images: trained at once, the job would learn the stream as it was before the
 * change. Offsets are committed after a trigger was acted on (or
 * refused with its reason in the log), so a restarted trainer loses none (one it was waiting for when stopped is acted on again). Off with
 * {@code visionstream.trainer.continual.follow-triggers=false}.
 */
@ApplicationScoped
public class TriggerFollower {

    private static final Logger LOG = Logger.getLogger(TriggerFollower.class);
    private static final String GROUP = "visionstream-trainer-triggers";
    private static final Duration RECOUNT = Duration.ofSeconds(2);
    private static final Duration POLL_SLACK = Duration.ofMinutes(5);

    private final TrainerConfig.Continual config;
    private final ContinualStarts starts;
    private final ModelRegistry registry;
    private final LabelledImagesJoin join;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;
    private volatile boolean stopping;

    @Inject
    public TriggerFollower(TrainerConfig config, ContinualStarts starts, ModelRegistry registry, LabelledImagesJoin join) {
        this.config = config.continual();
        this.starts = starts;
        this.registry = registry;
        this.join = join;
    }

    void start(@Observes StartupEvent event) {
        if (!config.followTriggers()) {
            LOG.info("training triggers are not followed (visionstream.trainer.continual.follow-triggers=false)");
            return;
        }
        Map<String, Object> props = new HashMap<>(join.kafkaSettings());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(config.triggeredWait().plus(POLL_SLACK).toMillis()));
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(config.triggersTopic()));
        thread = new Thread(this::follow, "training-triggers");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("following %s: each trigger fine-tunes its base version on the newest %d labelled images since its evidence began (waiting "
                + "up to %s for them) for %d epochs", config.triggersTopic(), config.triggeredLast(), config.triggeredWait(), config.triggeredEpochs());
    }

    private void follow() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(1));
                if (!records.isEmpty()) {
                    records.forEach(this::act);
                    if (stopping) {
                        return;
                    }
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.errorf(e, "training triggers no longer followed");
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Starts the trigger's job, or says in the log why not; never throws (one bad trigger must not stop the rest). */
    void act(ConsumerRecord<String, String> record) {
        try {
            TrainingTrigger trigger = Json.fromJson(record.value(), TrainingTrigger.class);
            ModelVersion base = registry.get(trigger.model(), trigger.baseVersion());
            TrainingSettings settings = starts.settings(base, ContinualJob.network(base)).optEpochs(config.triggeredEpochs()).build();
            ModelManifest.KafkaDataset window = starts.newest(config.triggeredLast(), trigger.evidenceSince());
            if (!awaitImages(window)) {
                return;
            }
            TrainingJobs.JobView job = starts.start(base, window, settings, trigger.model(), trigger.reason(), trigger.triggeredBy());
            LOG.infof("training trigger for %s v%d (%s: %s) started continual job %s", trigger.model(), trigger.baseVersion(),
                    trigger.reason().wireName(), trigger.evidence(), job.id());
        } catch (RuntimeException e) {
            LOG.errorf("training trigger at %s-%d offset %d NOT acted on: %s (value %s)", record.topic(), record.partition(), record.offset(),
                    e.getMessage(), record.value());
        }
    }

    /**
     * Waits until {@code window} holds {@code triggered-last} labelled images, or {@code triggered-wait} has passed;
     * false when the service stops meanwhile (the trigger is then not committed, and acted on after a restart).
     */
    private boolean awaitImages(ModelManifest.KafkaDataset window) {
        long deadline = System.nanoTime() + config.triggeredWait().toNanos();
        long held = 0;
        while (!stopping) {
            held = LabelledImagesReader.recordsSince(window.topic(), window.from(), join.kafkaSettings());
            if (held >= config.triggeredLast() || System.nanoTime() >= deadline) {
                break;
            }
            LOG.infof("training trigger: %d of %d labelled images since %s so far; waiting for more (at most %s in all)", held,
                    config.triggeredLast(), window.from(), config.triggeredWait());
            try {
                Thread.sleep(RECOUNT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (stopping) {
            return false;
        }
        if (held < config.triggeredLast()) {
            LOG.warnf("training trigger: only %d of %d labelled images since %s after %s; training on them", held, config.triggeredLast(),
                    window.from(), config.triggeredWait());
        }
        return true;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        if (consumer != null) {
            thread.interrupt();
            consumer.wakeup();
            thread.join(10_000);
        }
    }
}
