package io.visionstream.local.kafka;

import io.visionstream.common.kafka.Topics;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;

/**
 * The topics of the Kafka contract (design.md) with explicit settings, as the local stack creates them: size
 * limits that let a 10 MiB image through, and compaction for the three "latest state per model" topics.
 */
public final class ContractTopics {

    private static final short ONE_REPLICA = 1;
    private static final String IMAGE_SIZED = Integer.toString(EmbeddedKafkaBroker.DEFAULT_MAX_MESSAGE_BYTES);
    private static final String WEEK_MS = Long.toString(7L * 24 * 3600 * 1000);

    private ContractTopics() {
    }

    /** All contract topics; stream topics get {@code partitions} partitions, the compacted ones a single one. */
    public static List<NewTopic> all(int partitions) {
        Map<String, String> stream = Map.of("max.message.bytes", IMAGE_SIZED, "retention.ms", WEEK_MS);
        Map<String, String> compacted = Map.of("cleanup.policy", "compact", "max.message.bytes", "1048576",
                "min.compaction.lag.ms", "0");
        return List.of(
                new NewTopic(Topics.IMAGES, partitions, ONE_REPLICA).configs(stream),
                new NewTopic(Topics.IMAGES_DLQ, partitions, ONE_REPLICA).configs(stream),
                new NewTopic(Topics.PREDICTIONS, partitions, ONE_REPLICA).configs(Map.of("retention.ms", WEEK_MS)),
                new NewTopic(Topics.PREDICTIONS_SHADOW, partitions, ONE_REPLICA).configs(Map.of("retention.ms", WEEK_MS)),
                new NewTopic(Topics.LABELS, partitions, ONE_REPLICA).configs(Map.of("retention.ms", WEEK_MS)),
                new NewTopic(Topics.IMAGES_LABELLED, partitions, ONE_REPLICA).configs(stream),
                new NewTopic(Topics.PREDICTIONS_LABELLED, partitions, ONE_REPLICA).configs(Map.of("retention.ms", WEEK_MS)),
                new NewTopic(Topics.PREDICTIONS_QUALITY, 1, ONE_REPLICA).configs(compacted),
                new NewTopic(Topics.MODEL_RELEASES, 1, ONE_REPLICA).configs(compacted),
                new NewTopic(Topics.MODEL_ROLLOUTS, 1, ONE_REPLICA).configs(compacted));
    }
}
