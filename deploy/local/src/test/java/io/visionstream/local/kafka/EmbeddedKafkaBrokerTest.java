package io.visionstream.local.kafka;

import io.visionstream.common.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaBrokerTest {

    @Test
    void createsContractTopicsWithExplicitSettingsAndCarriesImageSizedRecords() throws Exception {
        Path dataDir;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            dataDir = broker.dataDir();
            broker.createTopics(ContractTopics.all(3));
            broker.createTopics(ContractTopics.all(3)); // idempotent

            try (Admin admin = broker.admin()) {
                Map<String, TopicDescription> topics = admin.describeTopics(List.of(Topics.IMAGES, Topics.MODEL_RELEASES))
                        .allTopicNames().get(30, TimeUnit.SECONDS);
                assertThat(topics.get(Topics.IMAGES).partitions()).hasSize(3);
                assertThat(topics.get(Topics.MODEL_RELEASES).partitions()).hasSize(1);
                Config releases = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.MODEL_RELEASES)))
                        .all().get(30, TimeUnit.SECONDS).values().iterator().next();
                assertThat(releases.get("cleanup.policy").value()).isEqualTo("compact");
            }

            byte[] nineMiB = new byte[9 * 1024 * 1024];
            nineMiB[nineMiB.length - 1] = 42;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafkaBroker.DEFAULT_MAX_MESSAGE_BYTES),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.IMAGES, 0, "big".getBytes(), nineMiB)).get(30, TimeUnit.SECONDS);
            }
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "size-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, EmbeddedKafkaBroker.DEFAULT_MAX_MESSAGE_BYTES),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(Topics.IMAGES));
                List<ConsumerRecord<byte[], byte[]>> received = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (received.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                }
                assertThat(received).hasSize(1);
                assertThat(received.get(0).value()).hasSize(nineMiB.length).endsWith(42);
            }
        }
        assertThat(dataDir).doesNotExist();
    }
}
