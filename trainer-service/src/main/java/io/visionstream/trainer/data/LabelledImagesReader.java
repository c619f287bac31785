package io.visionstream.trainer.data;

import io.visionstream.common.events.GroundTruth;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.KafkaHeaders;
import io.visionstream.common.manifest.ModelManifest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Reads a bounded selection of {@code images.labelled} ({@link ModelManifest.KafkaDataset}): the topic as it stands when
 * reading starts (its end offsets then), from the first record at or after {@code from} (located by time, per
 * partition), records before {@code to}, of the wanted classes, and of them the newest {@code last} by record time.
 * A plain consumer on assigned partitions, without a consumer group: a job commits nothing and leaves no trace on the
 * broker; it reads committed records only (the join writes in transactions). Unreadable records (no value, a {@code ground-truth} header that is not a label) are counted and skipped.
 */
public final class LabelledImagesReader {

    private static final Logger LOG = Logger.getLogger(LabelledImagesReader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private LabelledImagesReader() {
    }

    /** What was read: the selected records, oldest first, and how many were unreadable. */
    public record Selection(List<LabelledRecord> records, int unreadable) {
    }

    /**
     * Reads {@code dataset}; {@code wanted} says whether a label is of a wanted class; a window without {@code last}
     * that holds more than {@code maxImages} records is refused (with {@code last}, at most that many are kept).
     *
     * @throws IllegalArgumentException when the selection holds more than {@code maxImages} images
     */
    public static Selection read(ModelManifest.KafkaDataset dataset, Predicate<GroundTruth> wanted, Map<String, String> kafka, int maxImages) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
            List<TopicPartition> partitions = partitions(consumer, dataset.topic());
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            seekToStart(consumer, partitions, dataset.from());
            // a min-heap by record time: past `last`, the oldest kept record makes room
            PriorityQueue<LabelledRecord> kept = new PriorityQueue<>(Comparator.comparing(LabelledRecord::time));
            int unreadable = 0;
            int limit = dataset.last() != null ? Math.min(dataset.last(), maxImages) : maxImages;
            while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    Instant time = Instant.ofEpochMilli(record.timestamp());
                    if (dataset.from() != null && time.isBefore(dataset.from()) || dataset.to() != null && !time.isBefore(dataset.to())) {
                        continue;
                    }
                    LabelledRecord labelled = parse(record);
                    if (labelled == null) {
                        unreadable++;
                    } else if (wanted.test(labelled.label())) {
                        kept.add(labelled);
                        if (kept.size() > limit) {
                            if (dataset.last() == null) {
                                throw new IllegalArgumentException("the selection holds more than " + maxImages
                                        + " images (visionstream.trainer.continual.max-images): narrow the window or give 'last'");
                            }
                            kept.poll();
                        }
                    }
                }
            }
            List<LabelledRecord> records = new ArrayList<>(kept);
            records.sort(Comparator.comparing(LabelledRecord::time));
            if (unreadable > 0) {
                LOG.warnf("%s: %d unreadable record(s) skipped", dataset.topic(), unreadable);
            }
            return new Selection(records, unreadable);
        }
    }

    /**
     * How many committed records {@code topic} holds from {@code from} on (from its beginning when null), counted from
     * offsets without reading a record: cheap however large the images. An upper bound by the few offsets that
     * transaction markers take (one per partition and commit of the join).
     */
    public static long recordsSince(String topic, Instant from, Map<String, String> kafka) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> start = startOffsets(consumer, partitions, from);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            return partitions.stream().mapToLong(p -> end.get(p) - start.get(p)).sum();
        }
    }

    /** A consumer of committed records without a group (it commits nothing). */
    private static KafkaConsumer<String, byte[]> consumer(Map<String, String> kafka) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist");
        }
        return partitions;
    }

    private static void seekToStart(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, Instant from) {
        startOffsets(consumer, partitions, from).forEach(consumer::seek);
    }

    /** Each partition's first offset at or after {@code from} (the beginning when null; the end when none is). */
    private static Map<TopicPartition, Long> startOffsets(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, Instant from) {
        if (from == null) {
            return consumer.beginningOffsets(partitions, TIMEOUT);
        }
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times, TIMEOUT);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = found.get(p);
            start.put(p, at == null ? end.get(p) : at.offset());
        }
        return start;
    }

    private static LabelledRecord parse(ConsumerRecord<String, byte[]> record) {
        Header label = record.headers().lastHeader(KafkaHeaders.GROUND_TRUTH);
        if (record.key() == null || record.value() == null || label == null) {
            return null;
        }
        try {
            Header type = record.headers().lastHeader(KafkaHeaders.CONTENT_TYPE);
            return new LabelledRecord(record.key(), Instant.ofEpochMilli(record.timestamp()),
                    type == null ? null : new String(type.value(), StandardCharsets.UTF_8), record.value(), Json.fromBytes(label.value(), GroundTruth.class));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
