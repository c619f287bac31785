package io.visionstream.bench.reliability;

import io.visionstream.common.kafka.Topics;
import io.visionstream.local.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts, per image key, the predictions and dead letters that came out of the service: read from the positions the
 * topics had when the scenario started, so every output of the scenario is seen, duplicates included.
 */
final class OutcomeCollector implements AutoCloseable {

    /** After every key has an outcome, keep reading this long so late duplicates are counted too. */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Integer> predictions = new HashMap<>();
    private final Map<String, Integer> deadLetters = new HashMap<>();

    /** Starts at the current end of {@code predictions} and {@code images.dlq}. */
    OutcomeCollector(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, EmbeddedKafkaBroker.DEFAULT_MAX_MESSAGE_BYTES,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new java.util.ArrayList<>();
        for (String topic : List.of(Topics.PREDICTIONS, Topics.IMAGES_DLQ)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start positions now, before the scenario's first image
    }

    /**
     * Reads until every key in {@code expected} has an outcome (then {@link #SETTLE} more) or {@code timeout} passes;
     * returns when the last of them arrived (System.nanoTime), or -1 if some never did.
     */
    long collect(Set<String> expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long settleUntil = Long.MAX_VALUE;
        long completedAt = -1;
        while (System.nanoTime() < Math.min(deadline, settleUntil)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Map<String, Integer> counts = record.topic().equals(Topics.PREDICTIONS) ? predictions : deadLetters;
                counts.merge(record.key(), 1, Integer::sum);
            }
            if (settleUntil == Long.MAX_VALUE && expected.stream().allMatch(this::hasOutcome)) {
                completedAt = System.nanoTime();
                settleUntil = completedAt + SETTLE.toNanos();
            }
        }
        return completedAt;
    }

    boolean hasOutcome(String key) {
        return predictions.containsKey(key) || deadLetters.containsKey(key);
    }

    int predictions(String key) {
        return predictions.getOrDefault(key, 0);
    }

    int deadLetters(String key) {
        return deadLetters.getOrDefault(key, 0);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
