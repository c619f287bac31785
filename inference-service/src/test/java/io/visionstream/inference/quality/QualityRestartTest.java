package io.visionstream.inference.quality;

import io.visionstream.common.events.Route;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.local.kafka.ContractTopics;
import io.visionstream.local.kafka.EmbeddedKafkaBroker;
import io.visionstream.local.kafka.TopicClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The join on a real broker survives a restart with its state: the first instance sees every prediction and half of
 * the labels and stops (its local state deleted); a second instance, started afresh, restores the pending
 * predictions from the changelog and joins the other half of the labels with them. No label is lost, none is
 * counted twice. The second instance never reads the predictions (the first committed past them), so the labels
 * of the second half can only meet them through the restored store.
 */
class QualityRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
        broker.createTopics(ContractTopics.all(2));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aRestartedJoinKeepsItsPendingPredictionsAndLosesNoLabel() {
        TestQualityConfig config = TestQualityConfig.of(Duration.ofMinutes(30), Duration.ofMinutes(30));
        int images = 200;
        Random random = new Random(3);
        int[] answer = new int[images];
        int[] truth = new int[images];
        long correct = 0;
        try (TopicClient kafka = new TopicClient(broker.bootstrapServers())) {
            try (QualityStreams first = start(config)) {
                for (int i = 0; i < images; i++) {
                    answer[i] = random.nextInt(10);
                    truth[i] = random.nextDouble() < 0.7 ? answer[i] : random.nextInt(10);
                    correct += answer[i] == truth[i] ? 1 : 0;
                    kafka.sendRaw(Topics.PREDICTIONS, "img-" + i, Json.toBytes(QualityRecords.prediction("img-" + i, 1, Route.STABLE, answer[i], 0.8)));
                }
                for (int i = 0; i < images / 2; i++) {
                    kafka.sendRaw(Topics.LABELS, "img-" + i, Json.toBytes(QualityRecords.label("img-" + i, truth[i])));
                }
                await().atMost(WAIT).until(() -> labelled(first) == images / 2);
            }
            try (QualityStreams second = start(config)) {
                for (int i = images / 2; i < images; i++) {
                    kafka.sendRaw(Topics.LABELS, "img-" + i, Json.toBytes(QualityRecords.label("img-" + i, truth[i])));
                }
                kafka.sendRaw(Topics.LABELS, "img-0", Json.toBytes(QualityRecords.label("img-0", truth[0])));
                await().atMost(WAIT).until(() -> labelled(second) == images && duplicates(second) == 1);
                VersionQuality v1 = second.sums("fashion").orElseThrow().versions.get("1/stable");
                assertThat(v1.correct).isEqualTo(correct);
                assertThat(second.sums(ModelQuality.UNATTRIBUTED)).as("no label went unmatched").isEmpty();
            }
            assertThat(kafka.readAll(config.applicationId() + "-" + LabelJoin.PENDING_STORE + "-changelog", Duration.ofSeconds(5)))
                    .as("the pending predictions the second instance restored").hasSizeGreaterThanOrEqualTo(images);
        }
    }

    private static QualityStreams start(TestQualityConfig config) {
        return QualityRecords.started(broker.bootstrapServers(), config, InferenceConfig.Delivery.AT_LEAST_ONCE, Optional.empty());
    }

    private static long labelled(QualityStreams streams) {
        return QualityRecords.counted(streams, "1/stable").labelled;
    }

    private static long duplicates(QualityStreams streams) {
        return QualityRecords.counted(streams, "1/stable").duplicate;
    }
}
