package io.visionstream.local.load;

import io.visionstream.local.kafka.ImageEvents;
import io.visionstream.common.kafka.Topics;
import io.visionstream.local.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives the {@code images} topic from the outside and times the answers: sends keyed image events (CloudEvents
 * binary mode) as fast as possible or at a fixed rate, and a reader of {@code predictions} records when each key's
 * prediction arrived, keeping the first prediction of each key. Latency is send call to prediction received, both on
 * this machine's monotonic clock. Used by the inference benchmark and the demo.
 */
public final class LoadGenerator implements AutoCloseable {

    /**
     * One run's measurements: when each key was sent and when its first prediction arrived (nanoTime), and that
     * prediction's JSON.
     */
    public record Run(Map<String, Long> sent, Map<String, Long> received, Map<String, byte[]> predictions, long firstSendNanos,
                      long lastReceiveNanos) {
        /** Predictions per second from the first send to the last prediction. */
        public double throughput() {
            return received.size() / ((lastReceiveNanos - firstSendNanos) / 1e9);
        }

        /** End-to-end latency percentiles (0-100) in milliseconds. */
        public double[] latencyPercentilesMs(double... percentiles) {
            long[] latencies = received.entrySet().stream().mapToLong(e -> e.getValue() - sent.get(e.getKey())).sorted().toArray();
            double[] result = new double[percentiles.length];
            for (int i = 0; i < percentiles.length; i++) {
                int index = (int) Math.min(latencies.length - 1, Math.ceil(percentiles[i] / 100.0 * latencies.length) - 1);
                result[i] = latencies[Math.max(0, index)] / 1e6;
            }
            return result;
        }
    }

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<byte[]> images;
    private final String contentType;
    private final String model;

    /** Images are sent round-robin with {@code contentType}; {@code model} (the model header) may be null. */
    public LoadGenerator(String bootstrapServers, List<byte[]> images, String contentType, String model) {
        this.images = images;
        this.contentType = contentType;
        this.model = model;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 1, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafkaBroker.DEFAULT_MAX_MESSAGE_BYTES),
                new StringSerializer(), new ByteArraySerializer());
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "loadgen-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.PREDICTIONS));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
    }

    /**
     * Sends {@code count} images (key {@code keyPrefix + i}, image {@code i} modulo the set) at {@code ratePerSecond}
     * (0 = as fast as the producer goes) and waits until every prediction arrived or {@code timeout} passed.
     */
    public Run run(String keyPrefix, int count, double ratePerSecond, Duration timeout) throws InterruptedException {
        Map<String, Long> sent = new ConcurrentHashMap<>(count * 2);
        Map<String, Long> received = new ConcurrentHashMap<>(count * 2);
        Map<String, byte[]> predictions = new ConcurrentHashMap<>(count * 2);
        AtomicReference<Long> lastReceive = new AtomicReference<>(0L);
        CountDownLatch done = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (received.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    if (record.key() != null && record.key().startsWith(keyPrefix) && received.putIfAbsent(record.key(), System.nanoTime()) == null) {
                        predictions.put(record.key(), record.value());
                        lastReceive.set(System.nanoTime());
                    }
                }
            }
            done.countDown();
        }, "loadgen-reader");
        reader.start();
        Pacer pacer = new Pacer(ratePerSecond);
        for (int i = 0; i < count; i++) {
            pacer.awaitTurn(i);
            String key = keyPrefix + i;
            sent.put(key, System.nanoTime());
            producer.send(record(key, images.get(i % images.size())));
        }
        producer.flush();
        done.await();
        return new Run(sent, received, predictions, pacer.startNanos(), lastReceive.get());
    }

    private ProducerRecord<String, byte[]> record(String key, byte[] image) {
        return ImageEvents.record(key, image, contentType, model, "/loadgen");
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
