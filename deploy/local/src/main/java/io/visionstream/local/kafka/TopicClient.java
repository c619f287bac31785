package io.visionstream.local.kafka;

import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.common.manifest.ModelManifest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A plain kafka-clients producer and reader of the contract topics, as an external client of the services uses
 * them: sends image events in CloudEvents binary mode and release events, and collects records by key. Used by the
 * tests and the local tools. Each send waits for the broker's acknowledgement. Readers see committed transactions only
 * (the inference service's exactly-once delivery) and every non-transactional record.
 */
public final class TopicClient implements AutoCloseable {

    private static final int MAX_RECORD_BYTES = EmbeddedKafkaBroker.DEFAULT_MAX_MESSAGE_BYTES;
    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;

    public TopicClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends an image event in CloudEvents binary mode; {@code model} and {@code contentType} may be null. */
    public void sendImage(String imageId, byte[] payload, String contentType, String model) {
        send(ImageEvents.record(imageId, payload, contentType, model, "/tests"));
    }

    /**
     * Sends many image events at once (a burst: all in flight together, then every acknowledgement awaited), for
     * loads that must arrive faster than they are served. {@code payloads} maps image ids to bytes.
     */
    public void sendImages(Map<String, byte[]> payloads, String contentType, String model) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(payloads.size());
        payloads.forEach((id, payload) -> sent.add(producer.send(ImageEvents.record(id, payload, contentType, model, "/tests"))));
        producer.flush();
        for (var future : sent) {
            await(future, Topics.IMAGES);
        }
    }

    /** Sends records to {@code topic} as a burst (all in flight together, in order), then awaits every acknowledgement. */
    public void sendRawAll(String topic, List<Map.Entry<String, byte[]>> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        records.forEach(r -> sent.add(producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue()))));
        producer.flush();
        for (var future : sent) {
            await(future, topic);
        }
    }

    /**
     * Sends records to {@code topic} placed where {@code client} would place their keys (a burst, then every
     * acknowledgement awaited), as a labelling team's librdkafka or sarama producer would.
     */
    public void sendPlacedAll(String topic, ForeignPartitioner client, List<Map.Entry<String, byte[]>> records) {
        int partitions = producer.partitionsFor(topic).size();
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        records.forEach(r -> sent.add(producer.send(new ProducerRecord<>(topic, client.partition(r.getKey(), partitions), r.getKey(), r.getValue()))));
        producer.flush();
        for (var future : sent) {
            await(future, topic);
        }
    }

    /** Announces a published version on {@code model-releases}, as the trainer does. */
    public void announce(ModelManifest manifest) {
        send(new ProducerRecord<>(Topics.MODEL_RELEASES, manifest.name(), Json.toBytes(manifest)));
    }

    /** Sends any record, e.g. a malformed one. */
    public void sendRaw(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** Sends a record stamped with {@code time} (the record time stream processors go by), e.g. one from the past. */
    public void sendRawAt(String topic, String key, byte[] value, java.time.Instant time) {
        send(new ProducerRecord<>(topic, null, time.toEpochMilli(), key, value));
    }

    /** Reads {@code topic} from the start until every key has a record or {@code timeout} passes; returns records by key. */
    public Map<String, List<ConsumerRecord<String, byte[]>>> collect(String topic, Collection<String> keys, Duration timeout) {
        return collect(topic, keys, 1, timeout);
    }

    /** Like {@link #collect(String, Collection, Duration)}, until every key has at least {@code perKey} records. */
    public Map<String, List<ConsumerRecord<String, byte[]>>> collect(String topic, Collection<String> keys, int perKey, Duration timeout) {
        Set<String> missing = new HashSet<>(keys);
        Map<String, List<ConsumerRecord<String, byte[]>>> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_RECORD_BYTES), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.contains(record.key())) {
                        List<ConsumerRecord<String, byte[]>> ofKey = found.computeIfAbsent(record.key(), k -> new ArrayList<>());
                        ofKey.add(record);
                        if (ofKey.size() >= perKey) {
                            missing.remove(record.key());
                        }
                    }
                }
            }
        }
        return found;
    }

    /** The sum of the topic's end offsets: grows with every record written, so a caller can wait until writing stops. */
    public long endOffsetSum(String topic, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions, timeout).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Every record on {@code topic} from the start up to its end offsets at the time of the call, in partition order. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_RECORD_BYTES, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The latest record with {@code key} on {@code topic} (e.g. a compacted topic's current value), read from the start. */
    public ConsumerRecord<String, byte[]> latest(String topic, String key, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = collect(topic, List.of(key), timeout).get(key);
        if (records == null) {
            throw new IllegalStateException("no record with key " + key + " on " + topic + " within " + timeout);
        }
        return records.get(records.size() - 1);
    }

    /** The last value of a header as UTF-8 text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }

    private void send(ProducerRecord<String, byte[]> record) {
        await(producer.send(record), record.topic());
    }

    private static void await(Future<RecordMetadata> sent, String topic) {
        try {
            sent.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot produce to " + topic + ": " + e, e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
