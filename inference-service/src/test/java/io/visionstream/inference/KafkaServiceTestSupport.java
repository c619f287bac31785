package io.visionstream.inference;

import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.local.kafka.TopicClient;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.UUID;

/** What the service's Kafka tests share: the registry, a plain Kafka client on the embedded broker, unique names. */
abstract class KafkaServiceTestSupport {

    static final Duration ARRIVAL = Duration.ofSeconds(60);

    @Inject
    ModelRegistry registry;

    @ConfigProperty(name = EmbeddedKafkaTestResource.BOOTSTRAP_SERVERS)
    String bootstrapServers;

    TopicClient kafka;

    @BeforeEach
    void connect() {
        kafka = new TopicClient(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
