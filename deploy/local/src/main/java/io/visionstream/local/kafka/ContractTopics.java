package io.visionstream.local.kafka;

import io.visionstream.common.kafka.Topics;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The topics of the Kafka contract (design.md) with explicit settings, as the local stack creates them: size
 * limits that let a 10 MiB image through, and compaction for the three "latest state per model" topics; as many
 * replicas as the broker's default (three on a cluster of three or more).
 */
public final class ContractTopics {

    /** The broker's default.replication.factor: one on a single node, three on a cluster (two in sync). */
    private static final Optional<Short> BROKER_DEFAULT_REPLICAS = Optional.empty();
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
                new NewTopic(Topics.IMAGES, Optional.of(partitions), BROKER_DEFAULT_REPLICAS).configs(stream),
                new NewTopic(Topics.IMAGES_DLQ, Optional.of(partitions), BROKER_DEFAULT_REPLICAS).configs(stream),
                new NewTopic(Topics.PREDICTIONS, Optional.of(partitions), BROKER_DEFAULT_REPLICAS).configs(Map.of("retention.ms", WEEK_MS)),
                new NewTopic(Topics.PREDICTIONS_SHADOW, Optional.of(partitions), BROKER_DEFAULT_REPLICAS).configs(Map.of("retention.ms", WEEK_MS)),
                new NewTopic(Topics.LABELS, Optional.of(partitions), BROKER_DEFAULT_REPLICAS).configs(Map.of("retention.ms", WEEK_MS)),
                new NewTopic(Topics.IMAGES_LABELLED, Optional.of(partitions), BROKER_DEFAULT_REPLICAS).configs(stream),
                new NewTopic(Topics.PREDICTIONS_LABELLED, Optional.of(partitions), BROKER_DEFAULT_REPLICAS).configs(Map.of("retention.ms", WEEK_MS)),
                new NewTopic(Topics.PREDICTIONS_QUALITY, Optional.of(1), BROKER_DEFAULT_REPLICAS).configs(compacted),
                new NewTopic(Topics.MODEL_RELEASES, Optional.of(1), BROKER_DEFAULT_REPLICAS).configs(compacted),
                new NewTopic(Topics.MODEL_ROLLOUTS, Optional.of(1), BROKER_DEFAULT_REPLICAS).configs(compacted));
    }
}
