package io.visionstream.inference.rollout;

import io.quarkus.runtime.StartupEvent;
import io.visionstream.common.kafka.KafkaClientSettings;
import io.visionstream.common.kafka.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Whether this replica has read the fleet's rollout state: {@code model-rollouts} up to the end offsets it had when the
 * replica started, as applied by the {@link RolloutFollower}. Until then the replica neither acts on a release (a
 * replayed release looks new to a replica that has not yet read the state naming it, and its release policy would
 * publish a change for the whole fleet), nor scores an image (a replay passes through states the fleet has left), nor
 * serves a registry version of its own accord; readiness waits for it. Once caught up, the registry's newest loadable
 * version serves as stable only for a model the topic has never named.
 */
@ApplicationScoped
public class RolloutCatchUp {

    private static final Logger LOG = Logger.getLogger(RolloutCatchUp.class);
    private static final String TOPIC_PROPERTY = "mp.messaging.incoming." + RolloutFollower.CHANNEL + ".topic";
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    private static final long RETRY_MILLIS = 2000;

    private final RolloutTable table;
    private final Config config;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    /** Partition to [beginning, end) offsets when this replica started; null until read. */
    private Map<Integer, long[]> startRange;
    /** Partition to the highest offset the follower has applied. */
    private final Map<Integer, Long> applied = new HashMap<>();
    private Thread reader;

    @Inject
    public RolloutCatchUp(RolloutTable table, Config config) {
        this.table = table;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        reader = new Thread(this::readStartRange, "rollout-catch-up");
        reader.setDaemon(true);
        reader.start();
    }

    /** Asks the brokers for the topic's offsets, again every 2 s while they cannot be reached. */
    private void readStartRange() {
        String topic = config.getOptionalValue(TOPIC_PROPERTY, String.class).orElse(Topics.MODEL_ROLLOUTS);
        Map<String, Object> settings = new HashMap<>(KafkaClientSettings.of(config.getPropertyNames(), name -> config.getOptionalValue(name, String.class)));
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        while (!Thread.currentThread().isInterrupted()) {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, ASK_TIMEOUT).stream()
                        .map((PartitionInfo p) -> new TopicPartition(topic, p.partition())).toList();
                Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, ASK_TIMEOUT);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, ASK_TIMEOUT);
                Map<Integer, long[]> range = new HashMap<>();
                partitions.forEach(p -> range.put(p.partition(), new long[]{beginning.get(p), end.get(p)}));
                LOG.infof("rollout state: reading %s to its end offsets %s before acting on releases", topic, end.values());
                started(range);
                return;
            } catch (RuntimeException e) {
                LOG.warnf("rollout state: cannot read the offsets of %s yet (%s); the replica is not ready", topic, e.getMessage());
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private synchronized void started(Map<Integer, long[]> range) {
        startRange = range;
        completeIfCaughtUp();
    }

    /** Called by the follower once it applied (or skipped) the record at {@code offset} of {@code partition}. */
    synchronized void applied(int partition, long offset) {
        applied.merge(partition, offset, Math::max);
        completeIfCaughtUp();
    }

    private void completeIfCaughtUp() {
        if (startRange == null || caughtUp.isDone()) {
            return;
        }
        // a partition is read when it was empty at start or the follower applied its last record then
        boolean read = startRange.entrySet().stream()
                .allMatch(e -> e.getValue()[0] >= e.getValue()[1] || applied.getOrDefault(e.getKey(), -1L) >= e.getValue()[1] - 1);
        if (read) {
            List<String> served = table.fleetStateRead();
            LOG.infof("rollout state read to its end offsets at start%s", served.isEmpty() ? "" : "; never named there, served from the registry: " + served);
            caughtUp.complete(null);
        }
    }

    /** Whether the rollout state this replica started with has been applied. */
    public boolean caughtUp() {
        return caughtUp.isDone();
    }

    /** Waits until {@link #caughtUp()}. */
    void await() throws InterruptedException {
        try {
            caughtUp.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @PreDestroy
    void stop() {
        if (reader != null) {
            reader.interrupt();
        }
    }
}
