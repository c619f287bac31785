package io.visionstream.trainer.stream;

import io.visionstream.common.kafka.JoinLayout;
import io.visionstream.common.kafka.JoinTopics;
import io.visionstream.common.kafka.StreamsApp;
import io.visionstream.common.kafka.Topics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import io.visionstream.trainer.config.TrainerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * Starts the labelled-images join ({@link LabelledImagesTopology}) with its topics made sure of, exactly once (a pair's
 * output record and its entry in the written-ids store commit together, so a restart never writes an image twice; the
 * output is transactional: readers use {@code read_committed}). Run as every join of the product is
 * ({@link StreamsApp}).
 */
public final class LabelledImagesStreams {

    private static final Logger LOG = Logger.getLogger(LabelledImagesStreams.class);

    private LabelledImagesStreams() {
    }

    /**
     * Starts the join; {@code kafka} holds the client settings (bootstrap servers, security).
     *
     * @throws IllegalStateException when its topics are missing and cannot be made
     */
    public static StreamsApp start(TrainerConfig.Continual config, Map<String, String> kafka) {
        JoinLayout layout = new JoinTopics(config.imagesTopic(), List.of(), List.of(config.imagesTopic(), config.labelsTopic()),
                List.of(config.labelledTopic()), List.of()).ensure(kafka);
        if (!layout.created().isEmpty()) {
            LOG.infof("labelled images: created %s", layout.created());
        }
        LOG.infof("labelled images: joining %s with %s over %d partitions, repartitioning %s", config.imagesTopic(), config.labelsTopic(),
                layout.partitions(), layout.repartitioned());
        return new StreamsApp("labelled-images", LabelledImagesTopology.build(config, layout), kafka, config.applicationId(), config.stateDir(),
                config.commitInterval(), Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                // the join stores images and writes them: image-sized records in its producer and its state topics
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Integer.toString(Topics.IMAGE_MESSAGE_MAX_BYTES),
                StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(Topics.IMAGE_MESSAGE_MAX_BYTES))).start();
    }
}
