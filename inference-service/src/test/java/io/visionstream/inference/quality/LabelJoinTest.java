package io.visionstream.inference.quality;

import io.visionstream.common.events.LabelledPrediction;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.Route;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The join's rules on a test driver: every label and every prediction ends in exactly one count, none twice. */
class LabelJoinTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Duration RETENTION = Duration.ofHours(1);

    private final List<LabelledPrediction> heard = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> predictions;
    private TestInputTopic<String, String> shadow;
    private TestInputTopic<String, String> labels;
    private TestOutputTopic<String, String> labelled;
    private Path stateDir;
    private Duration clock = Duration.ZERO;

    @BeforeEach
    void start() throws Exception {
        stateDir = Files.createTempDirectory("label-join-test");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "label-join-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(QualityTopology.build(TestQualityConfig.of(WINDOW, RETENTION), QualityRecords.ONE_PARTITION, ref -> QualityRecords.LABELS, heard::add,
                (topic, key, reason, message) -> rejected.add(topic + ":" + key + ":" + reason)), props, T0);
        StringSerializer s = new StringSerializer();
        predictions = driver.createInputTopic(Topics.PREDICTIONS, s, s, T0, Duration.ZERO);
        shadow = driver.createInputTopic(Topics.PREDICTIONS_SHADOW, s, s, T0, Duration.ZERO);
        labels = driver.createInputTopic(Topics.LABELS, s, s, T0, Duration.ZERO);
        labelled = driver.createOutputTopic(Topics.PREDICTIONS_LABELLED, new StringDeserializer(), new StringDeserializer());
    }

    @AfterEach
    void stop() throws Exception {
        driver.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void predict(String id, int version, Route route, int predicted, Duration at) {
        (route == Route.SHADOW ? shadow : predictions).pipeInput(id, Json.toJson(QualityRecords.prediction(id, version, route, predicted, 0.9)),
                T0.plus(at));
    }

    private void label(String id, int truth, Duration at) {
        labels.pipeInput(id, Json.toJson(QualityRecords.label(id, truth)), T0.plus(at));
    }

    /** Moves the wall clock to {@code at} after the start, which closes every window that ended before it. */
    private void clockAt(Duration at) {
        driver.advanceWallClockTime(at.minus(clock));
        clock = at;
    }

    private VersionQuality sums(int version, Route route) {
        KeyValueStore<String, ModelQuality> view = driver.getKeyValueStore(QualityTopology.VIEW_STORE);
        ModelQuality model = view.get("fashion");
        assertThat(model).as("sums of fashion").isNotNull();
        return model.versions.get(version + "/" + route.wireName());
    }

    private ModelQuality unattributed() {
        KeyValueStore<String, ModelQuality> view = driver.getKeyValueStore(QualityTopology.VIEW_STORE);
        return view.get(ModelQuality.UNATTRIBUTED);
    }

    @Test
    void aLabelHoursLaterWithinTheWindowIsScoredOnce() {
        predict("a", 1, Route.STABLE, 3, Duration.ZERO);
        label("a", 3, Duration.ofMinutes(50));
        predict("b", 1, Route.STABLE, 4, Duration.ofSeconds(1));
        label("b", 2, Duration.ofMinutes(59));

        VersionQuality v1 = sums(1, Route.STABLE);
        assertThat(v1.labelled).isEqualTo(2);
        assertThat(v1.correct).isEqualTo(1);
        assertThat(v1.early).isZero();
        assertThat(v1.confusion[3][3]).isEqualTo(1);
        assertThat(v1.confusion[2][4]).isEqualTo(1);
        List<LabelledPrediction> out = labelled.readValuesToList().stream().map(v -> Json.fromJson(v, LabelledPrediction.class)).toList();
        assertThat(out).extracting(LabelledPrediction::imageId, LabelledPrediction::correct).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", true), org.assertj.core.groups.Tuple.tuple("b", false));
        assertThat(heard).hasSize(2);
    }

    @Test
    void anEarlyLabelWaitsForItsPredictionAndCountsAsEarly() {
        label("a", 7, Duration.ZERO);
        predict("a", 1, Route.STABLE, 7, Duration.ofMinutes(5));

        VersionQuality v1 = sums(1, Route.STABLE);
        assertThat(v1.labelled).isEqualTo(1);
        assertThat(v1.correct).isEqualTo(1);
        assertThat(v1.early).isEqualTo(1);
        clockAt(Duration.ofHours(3));
        assertThat(unattributed()).as("the early label was matched, so nothing is unmatched").satisfiesAnyOf(
                u -> assertThat(u).isNull(), u -> assertThat(u.unmatched).isZero());
    }

    @Test
    void duplicatesAreCountedAndNeverScoredTwice() {
        predict("a", 1, Route.STABLE, 3, Duration.ZERO);
        label("a", 3, Duration.ofMinutes(1));
        label("a", 3, Duration.ofMinutes(2));
        label("a", 5, Duration.ofMinutes(3));

        VersionQuality v1 = sums(1, Route.STABLE);
        assertThat(v1.labelled).isEqualTo(1);
        assertThat(v1.correct).isEqualTo(1);
        assertThat(v1.duplicate).isEqualTo(2);
        assertThat(labelled.readValuesToList()).hasSize(1);
    }

    @Test
    void aPredictionWithoutLabelIsMissingOnceItsWindowCloses() {
        predict("a", 1, Route.STABLE, 3, Duration.ZERO);
        clockAt(Duration.ofMinutes(59));
        assertThat(driver.getKeyValueStore(QualityTopology.VIEW_STORE).get("fashion")).as("window still open: nothing counted yet").isNull();
        clockAt(Duration.ofMinutes(61));

        VersionQuality v1 = sums(1, Route.STABLE);
        assertThat(v1.missing).isEqualTo(1);
        assertThat(v1.labelled).isZero();
        clockAt(Duration.ofHours(5));
        assertThat(sums(1, Route.STABLE).missing).as("counted once, also when forgotten").isEqualTo(1);
    }

    @Test
    void aLabelAfterTheWindowIsLateNotScoredAndAfterRetentionUnmatched() {
        predict("a", 1, Route.STABLE, 3, Duration.ZERO);
        predict("b", 1, Route.STABLE, 3, Duration.ZERO);
        clockAt(Duration.ofMinutes(90));
        label("a", 3, Duration.ofMinutes(90));

        VersionQuality v1 = sums(1, Route.STABLE);
        assertThat(v1.late).isEqualTo(1);
        assertThat(v1.labelled).isZero();
        assertThat(v1.missing).as("both windows closed without a label").isEqualTo(2);

        clockAt(Duration.ofHours(3));
        label("b", 3, Duration.ofHours(3));
        clockAt(Duration.ofHours(4).plusMinutes(1));
        assertThat(unattributed().unmatched).as("b was forgotten after window + retention: its label matches nothing").isEqualTo(1);
        assertThat(sums(1, Route.STABLE).late).isEqualTo(1);
        assertThat(labelled.readValuesToList()).isEmpty();
    }

    /**
     * The same late label read before its prediction (a repartitioned label and a prediction come from different
     * partitions, read in no fixed order): counted exactly as in record-time order, late, with the prediction missing.
     * Positive control: before, the label ended in no count at all.
     */
    @Test
    void aLateLabelReadBeforeItsPredictionIsLateAndThePredictionMissing() {
        label("a", 3, Duration.ofMinutes(90));
        predict("a", 1, Route.STABLE, 3, Duration.ZERO);
        clockAt(Duration.ofMinutes(91));

        VersionQuality v1 = sums(1, Route.STABLE);
        assertThat(v1.late).isEqualTo(1);
        assertThat(v1.labelled).isZero();
        assertThat(v1.missing).as("its window closed without a label").isEqualTo(1);
        assertThat(labelled.readValuesToList()).isEmpty();
        clockAt(Duration.ofHours(4));
        assertThat(sums(1, Route.STABLE).late).as("counted once, also when forgotten").isEqualTo(1);
        assertThat(sums(1, Route.STABLE).missing).isEqualTo(1);
    }

    @Test
    void aLabelWhosePredictionNeverComesIsUnmatched() {
        label("ghost", 3, Duration.ZERO);
        label("ghost", 3, Duration.ofMinutes(1));
        clockAt(Duration.ofMinutes(61));

        assertThat(unattributed().unmatched).isEqualTo(1);
        assertThat(unattributed().unmatchedDuplicates).isEqualTo(1);
    }

    @Test
    void oneLabelScoresTheLiveAnswerAndTheShadowEachOnce() {
        predict("a", 1, Route.STABLE, 3, Duration.ZERO);
        predict("a", 2, Route.SHADOW, 4, Duration.ofMillis(5));
        label("a", 4, Duration.ofMinutes(10));
        predict("c", 1, Route.STABLE, 4, Duration.ofMinutes(11));
        label("c", 4, Duration.ofMinutes(11));
        predict("c", 2, Route.SHADOW, 4, Duration.ofMinutes(12));

        assertThat(sums(1, Route.STABLE).labelled).isEqualTo(2);
        assertThat(sums(1, Route.STABLE).correct).isEqualTo(1);
        assertThat(sums(2, Route.SHADOW).labelled).isEqualTo(2);
        assertThat(sums(2, Route.SHADOW).correct).isEqualTo(2);
        assertThat(heard).extracting(l -> l.model()).containsExactlyInAnyOrder(new ModelRef("fashion", 1), new ModelRef("fashion", 2),
                new ModelRef("fashion", 1), new ModelRef("fashion", 2));
    }

    @Test
    void unreadableInputIsRefusedWithItsReasonAndTheJoinGoesOn() {
        labels.pipeInput("x", "{not json", T0);
        predictions.pipeInput("y", Json.toJson(QualityRecords.prediction("other-id", 1, Route.STABLE, 1, 0.9)), T0);
        predict("a", 1, Route.STABLE, 3, Duration.ZERO);
        labels.pipeInput("a", new String(Json.toBytes(QualityRecords.label("a", 3)), StandardCharsets.UTF_8), T0.plusSeconds(1));

        assertThat(rejected).containsExactly("labels:x:MALFORMED", "predictions:y:KEY_NOT_IMAGE_ID");
        assertThat(sums(1, Route.STABLE).labelled).isEqualTo(1);
    }

    /** A label's key does not matter (a kcat user may send none): the join keys it by the image id its document names. */
    @Test
    void aLabelIsJoinedByTheImageIdItNamesWhateverItsRecordKey() {
        predict("a", 1, Route.STABLE, 3, Duration.ZERO);
        predict("b", 1, Route.STABLE, 4, Duration.ZERO);
        labels.pipeInput(null, Json.toJson(QualityRecords.label("a", 3)), T0.plusSeconds(1));
        labels.pipeInput("not-b", Json.toJson(QualityRecords.label("b", 5)), T0.plusSeconds(1));

        assertThat(rejected).isEmpty();
        assertThat(sums(1, Route.STABLE).labelled).isEqualTo(2);
        assertThat(sums(1, Route.STABLE).correct).isEqualTo(1);
        assertThat(labelled.readKeyValuesToList()).extracting(kv -> kv.key).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void calibrationAndTopFiveFollowTheLabelledPredictions() {
        for (int i = 0; i < 10; i++) {
            predict("p" + i, 1, Route.STABLE, 1, Duration.ZERO);
            label("p" + i, i < 9 ? 1 : 2, Duration.ofSeconds(1));
        }
        VersionQuality v1 = sums(1, Route.STABLE);
        assertThat(v1.top5Labelled).isEqualTo(10);
        assertThat(v1.top5Correct).as("class 2 is the second of the top five").isEqualTo(10);
        assertThat(v1.binImages[9]).isEqualTo(10);
        assertThat(v1.expectedCalibrationError()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
