package io.visionstream.inference.quality;

import io.visionstream.common.events.Route;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.JoinLayout;
import io.visionstream.common.kafka.Topics;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.local.kafka.EmbeddedKafkaBroker;
import io.visionstream.local.kafka.ForeignPartitioner;
import io.visionstream.local.kafka.Kcat;
import io.visionstream.local.kafka.TopicClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Labels from clients that are not Java's meet their predictions on a real broker: placed by librdkafka's CRC32
 * (computed, and from the real kcat) and by sarama's FNV-1a, on label topics with partition counts unlike the
 * predictions', and shadow predictions partitioned unlike the live ones. Every labelled image is counted once, every
 * second label as a duplicate. The positive control runs the join reading labels as written (the topology before the
 * repartition): it counts exactly the labels that happen to lie on their prediction's partition number, about half.
 */
class ForeignLabelsJoinTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int IMAGES = 400;
    private static final TestQualityConfig BASE = TestQualityConfig.of(Duration.ofMinutes(30), Duration.ofMinutes(30));
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void librdkafkaLabelsOnTwoPartitionsAllMeetTheirPredictionsAndTheUnrepartitionedJoinLosesTheirShare() {
        Stream stream = Stream.create("-crc32", 2, 2, 2, new Random(1));
        TestQualityConfig config = BASE.on("quality-crc32", stream.suffix());
        TestQualityConfig asWritten = BASE.on("quality-crc32-as-written", stream.suffix());
        try (TopicClient kafka = new TopicClient(broker.bootstrapServers());
             QualityStreams join = start(config, null);
             QualityStreams control = start(asWritten, new JoinLayout(2, Set.of(), List.of()))) {
            stream.send(kafka, labels -> kafka.sendPlacedAll(config.labelsTopic(), ForeignPartitioner.LIBRDKAFKA_CRC32, labels));
            stream.awaitCounted(join);

            long onTheirPredictionsPartition = stream.labelledIds().stream()
                    .filter(id -> ForeignPartitioner.LIBRDKAFKA_CRC32.partition(id, 2) == ForeignPartitioner.JAVA_MURMUR2.partition(id, 2)).count();
            await().atMost(WAIT).until(() -> stable(control).labelled == onTheirPredictionsPartition);
            await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
            assertThat(stable(control).labelled).as("the join reading labels as written counts only the co-located ones")
                    .isEqualTo(onTheirPredictionsPartition).isLessThan(stream.labelledIds().size() * 7L / 10);
        }
    }

    @Test
    void saramaLabelsOnFivePartitionsMeetPredictionsOnTwelveAndShadowsOnThree() {
        Stream stream = Stream.create("-fnv", 12, 3, 5, new Random(2));
        TestQualityConfig config = BASE.on("quality-fnv", stream.suffix());
        try (TopicClient kafka = new TopicClient(broker.bootstrapServers()); QualityStreams join = start(config, null)) {
            stream.send(kafka, labels -> kafka.sendPlacedAll(config.labelsTopic(), ForeignPartitioner.SARAMA_FNV1A, labels));
            stream.awaitCounted(join);
        }
    }

    @Test
    void labelsFromTheRealKcatOnSevenPartitionsMeetPredictionsOnThree() {
        Stream stream = Stream.create("-kcat", 3, 3, 7, new Random(3));
        TestQualityConfig config = BASE.on("quality-kcat", stream.suffix());
        try (TopicClient kafka = new TopicClient(broker.bootstrapServers()); QualityStreams join = start(config, null)) {
            stream.send(kafka, labels -> Kcat.produce(broker.bootstrapServers(), config.labelsTopic(), labels));
            stream.awaitCounted(join);
        }
    }

    private static QualityStreams start(TestQualityConfig config, JoinLayout layout) {
        return QualityRecords.started(broker.bootstrapServers(), config, InferenceConfig.Delivery.AT_LEAST_ONCE, Optional.ofNullable(layout));
    }

    private static VersionQuality stable(QualityStreams streams) {
        return QualityRecords.counted(streams, "1/stable");
    }

    private static VersionQuality shadow(QualityStreams streams) {
        return QualityRecords.counted(streams, "2/shadow");
    }

    /**
     * Predictions of {@code fashion} v1 for every image and v2 shadow predictions for a quarter, as the service writes
     * them; labels for nine in ten images, one in nine of those twice, in a random order.
     */
    private record Stream(String suffix, List<Map.Entry<String, byte[]>> predictions, List<Map.Entry<String, byte[]>> shadows,
                          List<Map.Entry<String, byte[]>> labels, List<String> labelledIds, long correct, long shadowLabelled, long duplicates,
                          long shadowDuplicates) {

        static Stream create(String suffix, int predictionPartitions, int shadowPartitions, int labelPartitions, Random random) {
            broker.createTopics(List.of(new NewTopic(Topics.PREDICTIONS + suffix, predictionPartitions, (short) 1),
                    new NewTopic(Topics.PREDICTIONS_SHADOW + suffix, shadowPartitions, (short) 1),
                    new NewTopic(Topics.LABELS + suffix, labelPartitions, (short) 1)));
            List<Map.Entry<String, byte[]>> predictions = new ArrayList<>();
            List<Map.Entry<String, byte[]>> shadows = new ArrayList<>();
            List<Map.Entry<String, byte[]>> labels = new ArrayList<>();
            List<String> labelled = new ArrayList<>();
            long correct = 0;
            long shadowLabelled = 0;
            long duplicates = 0;
            long shadowDuplicates = 0;
            for (int i = 0; i < IMAGES; i++) {
                String id = "img" + suffix + "-" + i;
                int answer = random.nextInt(10);
                int truth = random.nextDouble() < 0.7 ? answer : random.nextInt(10);
                predictions.add(Map.entry(id, Json.toBytes(QualityRecords.prediction(id, 1, Route.STABLE, answer, 0.8))));
                boolean shadowed = i % 4 == 0;
                if (shadowed) {
                    shadows.add(Map.entry(id, Json.toBytes(QualityRecords.prediction(id, 2, Route.SHADOW, answer, 0.8))));
                }
                if (i % 10 == 9) {
                    continue;
                }
                labelled.add(id);
                correct += answer == truth ? 1 : 0;
                shadowLabelled += shadowed ? 1 : 0;
                byte[] label = Json.toBytes(QualityRecords.label(id, truth));
                labels.add(Map.entry(id, label));
                if (i % 9 == 0) {
                    labels.add(Map.entry(id, label));
                    duplicates++;
                    shadowDuplicates += shadowed ? 1 : 0;
                }
            }
            java.util.Collections.shuffle(labels, random);
            return new Stream(suffix, predictions, shadows, labels, labelled, correct, shadowLabelled, duplicates, shadowDuplicates);
        }

        void send(TopicClient kafka, Consumer<List<Map.Entry<String, byte[]>>> sendLabels) {
            kafka.sendRawAll(Topics.PREDICTIONS + suffix, predictions);
            kafka.sendRawAll(Topics.PREDICTIONS_SHADOW + suffix, shadows);
            sendLabels.accept(labels);
        }

        /**
         * Waits until the join counted every labelled image once, the shadow's too, and every second label as a duplicate
         * of the live answer. A shadow answer read after both labels of its image (it may come through a repartition
         * topic) meets the first only, so its duplicates are at most one per second label.
         */
        void awaitCounted(QualityStreams join) {
            await().atMost(WAIT).until(() -> stable(join).labelled == labelledIds.size() && shadow(join).labelled == shadowLabelled
                    && stable(join).duplicate == duplicates);
            await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            assertThat(stable(join).labelled).as("labelled answers counted").isEqualTo(labelledIds.size());
            assertThat(stable(join).correct).as("correct answers counted").isEqualTo(correct);
            assertThat(shadow(join).labelled).as("labelled shadow answers counted").isEqualTo(shadowLabelled);
            assertThat(stable(join).duplicate).as("second labels").isEqualTo(duplicates);
            assertThat(shadow(join).duplicate).as("second labels of shadowed images").isBetween(0L, shadowDuplicates);
            assertThat(join.sums(ModelQuality.UNATTRIBUTED)).as("no label went unmatched").isEmpty();
        }
    }
}
