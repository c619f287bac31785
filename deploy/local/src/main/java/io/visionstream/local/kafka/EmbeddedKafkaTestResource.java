package io.visionstream.local.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real embedded broker with the contract topics: annotate the test with
 * {@code @QuarkusTestResource(EmbeddedKafkaTestResource.class)} (or {@code @WithTestResource}); the application's
 * {@code kafka.bootstrap.servers} then points at it. Dev Services must be off (they need Docker).
 */
public class EmbeddedKafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** Config key holding the broker address, as SmallRye Reactive Messaging Kafka reads it. */
    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    private static final int TEST_PARTITIONS = 2;

    private EmbeddedKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        broker = EmbeddedKafkaBroker.start();
        broker.createTopics(ContractTopics.all(TEST_PARTITIONS));
        return Map.of(BOOTSTRAP_SERVERS, broker.bootstrapServers());
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
