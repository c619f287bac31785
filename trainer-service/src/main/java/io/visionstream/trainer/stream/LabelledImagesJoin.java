package io.visionstream.trainer.stream;

import io.quarkus.runtime.StartupEvent;
import io.visionstream.common.kafka.KafkaClientSettings;
import io.visionstream.common.kafka.StreamsApp;
import io.visionstream.trainer.config.TrainerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * Runs the labelled-images join in the trainer service, continuously, rather than once per continual job: labels
 * arrive up to a window after their images, and only a join that was running when both came can pair them without
 * re-reading the whole {@code images} topic for every job; it also makes {@code images.labelled} a durable, bounded
 * data set that any job - the service's or the CLI's, which runs no join - reads by time or count. Replicas share the
 * work by partition (one Kafka Streams application id). Off with {@code visionstream.trainer.continual.join-enabled=false};
 * the CLI never starts it. The Kafka client settings are the service's own {@code kafka.*} settings.
 */
@ApplicationScoped
public class LabelledImagesJoin {

    private static final Logger LOG = Logger.getLogger(LabelledImagesJoin.class);

    private final TrainerConfig.Continual config;
    private final Config allConfig;
    private volatile StreamsApp streams;

    @Inject
    public LabelledImagesJoin(TrainerConfig config, Config allConfig) {
        this.config = config.continual();
        this.allConfig = allConfig;
    }

    void start(@Observes StartupEvent event) {
        if (!config.joinEnabled()) {
            LOG.info("labelled-images join is off (visionstream.trainer.continual.join-enabled=false)");
            return;
        }
        try {
            streams = LabelledImagesStreams.start(config, kafkaSettings());
            LOG.infof("labelled images: joining %s with %s within %s into %s (application id %s)", config.imagesTopic(), config.labelsTopic(),
                    config.window(), config.labelledTopic(), config.applicationId());
        } catch (IllegalStateException e) {
            LOG.errorf("labelled-images join NOT started: %s", e.getMessage());
        }
    }

    /** The settings of the service's Kafka clients ({@code kafka.*}), for the join's clients and the jobs' readers. */
    public Map<String, String> kafkaSettings() {
        return KafkaClientSettings.of(allConfig.getPropertyNames(), name -> allConfig.getOptionalValue(name, String.class));
    }

    @PreDestroy
    void stop() {
        if (streams != null) {
            streams.close();
        }
    }
}
