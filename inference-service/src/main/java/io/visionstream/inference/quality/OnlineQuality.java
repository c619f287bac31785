package io.visionstream.inference.quality;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.visionstream.common.events.LabelledPrediction;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.kafka.JoinLayout;
import io.visionstream.common.kafka.KafkaClientSettings;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.metrics.InferenceMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the online-quality join on this replica (when enabled) and answers what it measured: the report behind
 * {@code GET /api/models/{name}/quality} and the gauges on {@code /q/metrics}. The join's Kafka client settings are
 * the service's own {@code kafka.*} settings (bootstrap servers, security), so it reaches the same brokers.
 */
@ApplicationScoped
public class OnlineQuality {

    private static final Logger LOG = Logger.getLogger(OnlineQuality.class);
    private static final long GAUGE_REFRESH_SECONDS = 2;

    private final InferenceConfig.Quality config;
    private final InferenceConfig.Delivery delivery;
    private final ModelRegistry registry;
    private final InferenceMetrics metrics;
    private final Instance<LabelledListener> listeners;
    private final Config allConfig;
    private final QualityGauges gauges;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "quality-gauges");
        thread.setDaemon(true);
        return thread;
    });
    private volatile QualityStreams streams;

    @Inject
    public OnlineQuality(InferenceConfig config, ModelRegistry registry, InferenceMetrics metrics, MeterRegistry meters,
                         Instance<LabelledListener> listeners, Config allConfig) {
        this.config = config.quality();
        this.delivery = config.delivery();
        this.registry = registry;
        this.metrics = metrics;
        this.listeners = listeners;
        this.allConfig = allConfig;
        this.gauges = new QualityGauges(meters, this.config.confidenceLevel());
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("online quality is disabled (visionstream.inference.quality.enabled=false)");
            return;
        }
        Map<String, String> kafka = kafkaSettings();
        JoinLayout layout;
        try {
            layout = QualityTopology.topics(config).ensure(kafka);
            if (!layout.created().isEmpty()) {
                LOG.infof("online quality: created %s", layout.created());
            }
        } catch (IllegalStateException e) {
            LOG.errorf("online quality NOT started: %s (GET /api/models/{name}/quality answers 503)", e.getMessage());
            return;
        }
        QualityStreams started = new QualityStreams(config, delivery, kafka,
                QualityTopology.build(config, layout, this::labelsOf, this::tellListeners, this::rejected));
        started.start();
        streams = started;
        refresher.scheduleWithFixedDelay(this::refreshGauges, GAUGE_REFRESH_SECONDS, GAUGE_REFRESH_SECONDS, TimeUnit.SECONDS);
        LOG.infof("online quality: joining %s with %s within %s over %d partitions, repartitioning %s (application id %s, %s)",
                config.predictionTopics(), config.labelsTopic(), config.window(), layout.partitions(), layout.repartitioned(),
                config.applicationId(), delivery);
    }

    /** Whether this replica runs the join (enabled, and its topics were there or could be made). */
    public boolean enabled() {
        return streams != null;
    }

    /** {@code model}'s online quality as this replica has read it; empty when the join is not running yet. */
    public Optional<QualityReport> report(String model) {
        QualityStreams running = streams;
        if (running == null) {
            return Optional.empty();
        }
        return running.view().map(view -> QualityReport.of(model, config.window(), view.get(model), view.get(ModelQuality.UNATTRIBUTED),
                config.confidenceLevel()));
    }

    private void refreshGauges() {
        try {
            streams.view().ifPresent(view -> {
                try (KeyValueIterator<String, ModelQuality> all = view.all()) {
                    while (all.hasNext()) {
                        KeyValue<String, ModelQuality> entry = all.next();
                        gauges.update(entry.key, entry.value);
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("online-quality gauges not refreshed: %s", e.getMessage());
        }
    }

    private List<String> labelsOf(ModelRef model) {
        try {
            return registry.get(model.name(), model.version()).manifest().labels();
        } catch (RuntimeException e) {
            LOG.warnf("labels of %s unknown (%s): labels given by name cannot be matched for it", model, e.getMessage());
            return List.of();
        }
    }

    private void tellListeners(LabelledPrediction labelled) {
        for (LabelledListener listener : listeners) {
            try {
                listener.labelled(labelled);
            } catch (RuntimeException e) {
                LOG.warnf(e, "a listener failed on the labelled prediction of %s", labelled.imageId());
            }
        }
    }

    private void rejected(String topic, String key, QualityTopology.RejectedInput.Reason reason, String message) {
        metrics.rejected(reason.name(), topic);
        LOG.warnf("online quality: %s record %s not joined (%s): %s", topic, key, reason, message);
    }

    private Map<String, String> kafkaSettings() {
        return KafkaClientSettings.of(allConfig.getPropertyNames(), name -> allConfig.getOptionalValue(name, String.class));
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
        if (streams != null) {
            streams.close();
        }
    }
}
