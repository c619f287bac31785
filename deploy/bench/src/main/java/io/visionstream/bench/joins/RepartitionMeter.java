package io.visionstream.bench.joins;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads the joins' repartition topics as they are written (Kafka Streams purges them once committed, so they are
 * read from the start while the run goes on) and sums what each record carries: key, value and headers.
 */
final class RepartitionMeter implements AutoCloseable {

    /** The repartition topics of the default application ids, by the figure they give. */
    private static final Map<String, String> TOPICS = Map.of(
            "labelRepartition", "visionstream-quality-labels-rekeyed-repartition",
            "trainerLabelRepartition", "visionstream-trainer-labelled-labels-rekeyed-repartition",
            "imageRepartition", "visionstream-trainer-labelled-images-rekeyed-repartition");

    private final String bootstrapServers;
    private final Map<String, long[]> sums = new LinkedHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread reader;

    RepartitionMeter(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void start() {
        reader = new Thread(this::read, "repartition-meter");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS.values()) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    long bytes = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
                    for (Header header : record.headers()) {
                        bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
                    }
                    synchronized (sums) {
                        long[] sum = sums.computeIfAbsent(record.topic(), t -> new long[2]);
                        sum[0]++;
                        sum[1] += bytes;
                    }
                }
            }
        } catch (RuntimeException e) {
            ForeignProducerBench.log("repartition meter stopped: %s", e);
        }
    }

    /** Per figure: the records read and their mean bytes (key + value + headers). */
    Map<String, Object> perRecord() {
        Map<String, Object> figures = new LinkedHashMap<>();
        synchronized (sums) {
            TOPICS.forEach((figure, topic) -> {
                long[] sum = sums.getOrDefault(topic, new long[2]);
                figures.put(figure + "Records", sum[0]);
                figures.put(figure + "BytesPerRecord", sum[0] == 0 ? null : Math.round(sum[1] / (double) sum[0]));
            });
        }
        return figures;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (reader != null) {
            reader.join(5000);
        }
    }
}
