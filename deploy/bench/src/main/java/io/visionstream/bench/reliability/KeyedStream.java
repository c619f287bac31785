package io.visionstream.bench.reliability;

import io.visionstream.local.kafka.EmbeddedKafkaBroker;
import io.visionstream.local.kafka.ImageEvents;
import io.visionstream.local.load.Pacer;
import io.visionstream.local.load.PoisonPayloads;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A producer of keyed image events at a steady rate on its own thread, like a camera fleet: idempotent, acks=all, and
 * patient enough (two-minute delivery timeout) to ride out a broker restart. A key counts as sent once the broker
 * acknowledged it; optionally every {@code poisonEvery}-th event is a bad payload, whose key is remembered.
 */
final class KeyedStream implements AutoCloseable {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);
    private static final String SOURCE = "/reliability";

    private final KafkaProducer<String, byte[]> producer;
    private final Workload workload;
    private final List<PoisonPayloads.Poison> poisons;
    private final int poisonEvery;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, PoisonPayloads.Poison> poisonKeys = new ConcurrentHashMap<>();
    private final Map<String, String> sendFailures = new ConcurrentHashMap<>();
    private final AtomicInteger attempted = new AtomicInteger();
    private volatile boolean stopRequested;
    private Thread thread;

    KeyedStream(String bootstrapServers, Workload workload, List<PoisonPayloads.Poison> poisons, int poisonEvery) {
        this.workload = workload;
        this.poisons = poisons;
        this.poisonEvery = poisonEvery;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis(), ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafkaBroker.DEFAULT_MAX_MESSAGE_BYTES),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Starts sending {@code count} events keyed {@code prefix + i} at {@code ratePerSecond}. */
    void start(String prefix, int count, double ratePerSecond) {
        thread = new Thread(() -> send(prefix, count, ratePerSecond), "keyed-stream-" + prefix);
        thread.start();
    }

    /** Waits until every event was handed to the producer and every send settled (acknowledged or failed). */
    void awaitSent() throws InterruptedException {
        thread.join();
        producer.flush();
    }

    int attempted() {
        return attempted.get();
    }

    /** Keys the broker acknowledged: the images that must each get a prediction or a dead letter. */
    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    Map<String, PoisonPayloads.Poison> poisonKeys() {
        return Map.copyOf(poisonKeys);
    }

    Map<String, String> sendFailures() {
        return Map.copyOf(sendFailures);
    }

    private void send(String prefix, int count, double ratePerSecond) {
        Pacer pacer = new Pacer(ratePerSecond);
        for (int i = 0; i < count && !stopRequested; i++) {
            try {
                pacer.awaitTurn(i);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            String key = prefix + i;
            ProducerRecord<String, byte[]> record;
            if (poisonEvery > 0 && i % poisonEvery == poisonEvery - 1) {
                PoisonPayloads.Poison poison = poisons.get((i / poisonEvery) % poisons.size());
                poisonKeys.put(key, poison);
                record = ImageEvents.record(key, poison.payload(), poison.contentType(), poison.model(), SOURCE);
            } else {
                record = ImageEvents.record(key, workload.images().get(i % workload.images().size()), workload.contentType(), workload.model(), SOURCE);
            }
            attempted.incrementAndGet();
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acknowledged.add(key);
                } else {
                    sendFailures.put(key, error.toString());
                }
            });
        }
    }

    @Override
    public void close() {
        stopRequested = true;
        producer.close(Duration.ofSeconds(30));
    }
}
