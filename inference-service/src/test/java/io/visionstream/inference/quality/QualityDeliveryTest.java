package io.visionstream.inference.quality;

import io.visionstream.common.events.Route;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.local.kafka.EmbeddedKafkaBroker;
import io.visionstream.local.kafka.TopicClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the service's exactly-once delivery the join reads only committed predictions: an answer whose transaction
 * was aborted (a replica failed mid-batch; the batch is scored again) is not counted. The positive control, the same
 * records joined at-least-once, counts it.
 */
class QualityDeliveryTest {

    private static final TestQualityConfig BASE = TestQualityConfig.of(Duration.ofMinutes(30), Duration.ofMinutes(30));
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
        broker.createTopics(List.of(new NewTopic(Topics.PREDICTIONS + "-eos", 2, (short) 1), new NewTopic(Topics.PREDICTIONS_SHADOW + "-eos", 2, (short) 1),
                new NewTopic(Topics.LABELS + "-eos", 2, (short) 1)));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void exactlyOnceCountsOnlyCommittedAnswersAndAtLeastOnceCountsTheAbortedToo() {
        TestQualityConfig exactlyOnce = BASE.on("quality-eos", "-eos");
        TestQualityConfig atLeastOnce = BASE.on("quality-alo", "-eos");
        try (KafkaProducer<String, byte[]> transactional = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "scorer-under-test"), new StringSerializer(), new ByteArraySerializer());
             TopicClient kafka = new TopicClient(broker.bootstrapServers());
             QualityStreams eos = start(exactlyOnce, InferenceConfig.Delivery.EXACTLY_ONCE);
             QualityStreams alo = start(atLeastOnce, InferenceConfig.Delivery.AT_LEAST_ONCE)) {
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional.send(record("aborted", 3));
            transactional.flush();
            transactional.abortTransaction();
            transactional.beginTransaction();
            transactional.send(record("committed", 4));
            transactional.commitTransaction();
            kafka.sendRaw(exactlyOnce.labelsTopic(), "aborted", Json.toBytes(QualityRecords.label("aborted", 3)));
            kafka.sendRaw(exactlyOnce.labelsTopic(), "committed", Json.toBytes(QualityRecords.label("committed", 4)));

            await().atMost(Duration.ofSeconds(90)).until(() -> labelled(alo) == 2 && labelled(eos) >= 1);
            await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
            assertThat(labelled(eos)).as("exactly-once: the committed answer only").isEqualTo(1);
            assertThat(labelled(alo)).as("at-least-once reads the aborted answer too").isEqualTo(2);
        }
    }

    private static ProducerRecord<String, byte[]> record(String id, int answer) {
        return new ProducerRecord<>(Topics.PREDICTIONS + "-eos", id, Json.toBytes(QualityRecords.prediction(id, 1, Route.STABLE, answer, 0.9)));
    }

    private static QualityStreams start(TestQualityConfig config, InferenceConfig.Delivery delivery) {
        return QualityRecords.started(broker.bootstrapServers(), config, delivery, Optional.empty());
    }

    private static long labelled(QualityStreams streams) {
        return QualityRecords.counted(streams, "1/stable").labelled;
    }
}
