package io.visionstream.local.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The placements the joins' tests produce with are the clients' own: librdkafka's (the real kcat, Debian's package
 * {@code kcat}) and Java's are read back from a real broker, sarama's FNV-1a from its published test vector.
 */
class ForeignPartitionerTest {

    private static final int PARTITIONS = 12;
    private static final List<String> KEYS = IntStream.range(0, 300).mapToObj(i -> "img-" + i).toList();
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
        broker.createTopics(List.of(new NewTopic("placed-by-kcat", PARTITIONS, (short) 1), new NewTopic("placed-by-java", PARTITIONS, (short) 1)));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void kcatPlacesKeysByCrc32() {
        Kcat.produce(broker.bootstrapServers(), "placed-by-kcat",
                KEYS.stream().map(k -> Map.entry(k, ("{\"imageId\":\"" + k + "\"}").getBytes(StandardCharsets.UTF_8))).toList());

        Map<String, Integer> placed = partitions("placed-by-kcat");
        assertThat(placed).hasSize(KEYS.size());
        KEYS.forEach(k -> assertThat(placed.get(k)).as(k).isEqualTo(ForeignPartitioner.LIBRDKAFKA_CRC32.partition(k, PARTITIONS)));
        long likeJava = KEYS.stream().filter(k -> placed.get(k) == ForeignPartitioner.JAVA_MURMUR2.partition(k, PARTITIONS)).count();
        assertThat(likeJava).as("keys kcat places where Java would: about one in twelve").isLessThan(KEYS.size() / 4);
    }

    @Test
    void javaPlacesKeysByMurmur2() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (String key : KEYS) {
                RecordMetadata sent = producer.send(new ProducerRecord<>("placed-by-java", key, "{}")).get(30, TimeUnit.SECONDS);
                assertThat(sent.partition()).as(key).isEqualTo(ForeignPartitioner.JAVA_MURMUR2.partition(key, PARTITIONS));
            }
        }
    }

    @Test
    void saramaPlacesKeysByFnv1a() {
        // FNV-1a 32 of "a" is 0xe40c292c (the reference test vector); as int32 it is -468965076, and -76 % 1000 is negated
        assertThat(ForeignPartitioner.SARAMA_FNV1A.partition("a", 1000)).isEqualTo(76);
        // FNV-1a 32 of "foobar" is 0xbf9cf968 = -1080231576 as int32
        assertThat(ForeignPartitioner.SARAMA_FNV1A.partition("foobar", 7)).isEqualTo(Math.abs(-1080231576 % 7));
    }

    private static Map<String, Integer> partitions(String topic) {
        try (TopicClient kafka = new TopicClient(broker.bootstrapServers())) {
            return kafka.readAll(topic, Duration.ofSeconds(30)).stream().collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::partition));
        }
    }
}
