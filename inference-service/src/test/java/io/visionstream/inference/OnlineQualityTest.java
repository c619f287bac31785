package io.visionstream.inference;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.visionstream.common.events.ClassScore;
import io.visionstream.common.events.GateCriterion;
import io.visionstream.common.events.GateDecision;
import io.visionstream.common.events.GroundTruth;
import io.visionstream.common.events.LabelledPrediction;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.events.Route;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Online quality on a real broker: the API and the metrics equal the accuracy computed independently from what was
 * put on the topics (with duplicate and missing labels), and labelled accuracy decides the canary gate both ways:
 * a canary that answers wrongly is rolled back on accuracy, an identical one is promoted.
 */
@QuarkusTest
@TestProfile(QualityProfile.class)
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class OnlineQualityTest extends KafkaServiceTestSupport {

    private static final Duration DECISION = Duration.ofSeconds(120);

    @Test
    void theApiAndTheMetricsEqualTheAccuracyComputedFromTheTopics() {
        String model = unique("quality");
        // In the registry (not served): the join reads the model's labels from it to place labels given by name.
        registry.publish(TinyClassifiers.manifest(model, ColourMode.GREY, DIGITS),
                dir -> java.nio.file.Files.write(dir.resolve("model.onnx"), TinyClassifiers.columnClassifier(1, 10)));
        Random random = new Random(7);
        int predicted = 300;
        long labelled = 0;
        long correct = 0;
        long duplicates = 0;
        for (int i = 0; i < predicted; i++) {
            String id = model + "-" + i;
            int answer = random.nextInt(10);
            int truth = random.nextDouble() < 0.8 ? answer : random.nextInt(10);
            kafka.sendRaw(Topics.PREDICTIONS, id, Json.toBytes(new Prediction(id, new ModelRef(model, 1), Route.STABLE,
                    List.of(new ClassScore(answer, DIGITS.get(answer), 0.5 + random.nextDouble() / 2)), null, 1)));
            if (i % 10 == 9) {
                continue; // never labelled
            }
            GroundTruth label = i % 2 == 0 ? new GroundTruth(id, truth, null, Instant.now(), "test")
                    : new GroundTruth(id, null, DIGITS.get(truth), Instant.now(), "test");
            kafka.sendRaw(Topics.LABELS, id, Json.toBytes(label));
            labelled++;
            correct += truth == answer ? 1 : 0;
            if (i % 7 == 0) {
                kafka.sendRaw(Topics.LABELS, id, Json.toBytes(label));
                duplicates++;
            }
        }
        long expectedLabelled = labelled;
        await().atMost(ARRIVAL).until(() -> stable(model).map(v -> v.getLong("labelled") == expectedLabelled
                && v.getLong("duplicate") >= 0).orElse(false));
        JsonPath v1 = stable(model).orElseThrow();
        assertThat(v1.getLong("labelled")).isEqualTo(labelled);
        assertThat(Math.round(v1.getDouble("top1") * labelled)).as("right answers").isEqualTo(correct);
        assertThat(v1.getLong("duplicate")).isEqualTo(duplicates);
        assertThat(v1.getDouble("top1Interval.low")).isLessThan(v1.getDouble("top1")).isGreaterThan(0.0);
        assertThat(v1.getDouble("top1Interval.high")).isGreaterThan(v1.getDouble("top1")).isLessThan(1.0);
        List<List<Integer>> confusion = v1.getList("confusion");
        assertThat(v1.getLong("unknownLabels")).as("labels by name placed through the registry's labels").isZero();
        assertThat(confusion.stream().flatMap(List::stream).mapToLong(Integer::longValue).sum()).isEqualTo(labelled);
        long diagonal = 0;
        for (int c = 0; c < confusion.size(); c++) {
            diagonal += confusion.get(c).get(c);
        }
        assertThat(diagonal).isEqualTo(correct);

        List<LabelledPrediction> joined = kafka.readAll(Topics.PREDICTIONS_LABELLED, Duration.ofSeconds(5)).stream()
                .map(r -> Json.fromBytes(r.value(), LabelledPrediction.class)).filter(l -> l.model().name().equals(model)).toList();
        assertThat(joined).hasSize((int) labelled);
        assertThat(joined.stream().filter(LabelledPrediction::correct).count()).isEqualTo(correct);

        double accuracy = correct / (double) labelled;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(metric("visionstream_online_accuracy", model))
                .isCloseTo(accuracy, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(metric("visionstream_online_labelled", model)).isEqualTo((double) labelled);

        given().get("/api/models/" + unique("nobody") + "/quality").then().statusCode(404).body("reason", equalTo("NOT_FOUND"));
    }

    /**
     * Each kind of label on the broker, with record times as producers would stamp them (window 10 min, late retention
     * 1 h): early, duplicate, late (20 min after its prediction, whose window therefore closed without a label: also
     * missing, whichever of the two the join reads first), and - closed by the join's wall-clock sweep - a prediction
     * never labelled and a label whose prediction never came. Each is counted once.
     */
    @Test
    void earlyDuplicateLateMissingAndUnmatchedLabelsAreEachCountedOnce() {
        String model = unique("outcomes");
        Instant now = Instant.now();
        kafka.sendRawAt(Topics.LABELS, model + "-early", label(model + "-early", 3), now);
        kafka.sendRawAt(Topics.PREDICTIONS, model + "-early", prediction(model, model + "-early", 3), now.plusSeconds(1));
        await().atMost(ARRIVAL).until(() -> stable(model).isPresent());
        long unmatchedBefore = given().get("/api/models/" + model + "/quality").jsonPath().getLong("unmatchedLabels");
        kafka.sendRawAt(Topics.PREDICTIONS, model + "-twice", prediction(model, model + "-twice", 4), now);
        kafka.sendRawAt(Topics.LABELS, model + "-twice", label(model + "-twice", 5), now.plusSeconds(2));
        kafka.sendRawAt(Topics.LABELS, model + "-twice", label(model + "-twice", 5), now.plusSeconds(3));
        kafka.sendRawAt(Topics.PREDICTIONS, model + "-late", prediction(model, model + "-late", 6), now.minus(Duration.ofMinutes(20)));
        kafka.sendRawAt(Topics.LABELS, model + "-late", label(model + "-late", 6), now);
        kafka.sendRawAt(Topics.PREDICTIONS, model + "-missing", prediction(model, model + "-missing", 7), now.minus(Duration.ofMinutes(11)));
        kafka.sendRawAt(Topics.LABELS, model + "-nobody", label(model + "-nobody", 8), now.minus(Duration.ofMinutes(11)));

        // missing: the never-labelled prediction and the late one, whose window closed with no label in it
        await().atMost(ARRIVAL).until(() -> stable(model).map(v -> v.getLong("labelled") == 2 && v.getLong("missing") == 2
                && v.getLong("late") == 1 && v.getLong("duplicate") == 1).orElse(false));
        JsonPath v1 = stable(model).orElseThrow();
        assertThat(v1.getLong("early")).isEqualTo(1);
        assertThat(v1.getLong("labelled")).as("early and twice, once each").isEqualTo(2);
        assertThat(Math.round(v1.getDouble("top1") * 2)).as("early was right, twice was wrong").isEqualTo(1);
        await().atMost(ARRIVAL).until(() -> given().get("/api/models/" + model + "/quality").jsonPath().getLong("unmatchedLabels")
                == unmatchedBefore + 1);
    }

    private static byte[] prediction(String model, String id, int answer) {
        return Json.toBytes(new Prediction(id, new ModelRef(model, 1), Route.STABLE, List.of(new ClassScore(answer, DIGITS.get(answer), 0.9)), null, 1));
    }

    private static byte[] label(String id, int truth) {
        return Json.toBytes(new GroundTruth(id, truth, null, Instant.now(), "test"));
    }

    @Test
    void aCanaryThatAnswersWronglyIsRolledBackOnLabelledAccuracy() {
        String model = stableWithCanary(unique("wrong"), TinyClassifiers.shiftedColumnClassifier(1, 10), 50);
        policy(model, Map.of("criteria", List.of("accuracy"), "minSamples", 20));

        sendLabelledUntil(model, state -> state.canary() == null);

        RolloutState decided = lastRollout(model);
        assertThat(decided.changedBy()).isEqualTo("canary-gate");
        assertThat(decided.rolledBack()).containsExactly(2);
        assertThat(decided.decision().verdict()).isEqualTo(GateDecision.Verdict.WORSE);
        assertThat(decided.decision().criterion()).isEqualTo(GateCriterion.ACCURACY);
        assertThat(decided.reason()).startsWith("canary worse on accuracy");
    }

    @Test
    void aCanaryAsAccurateAsStableIsPromotedOnLabelledAccuracy() {
        String model = stableWithCanary(unique("right"), TinyClassifiers.columnClassifier(1, 10), 50);
        policy(model, Map.of("criteria", List.of("accuracy"), "minSamples", 20, "onHealthy", "promote"));

        sendLabelledUntil(model, state -> state.canary() == null);

        RolloutState decided = lastRollout(model);
        assertThat(decided.changedBy()).isEqualTo("canary-gate");
        assertThat(decided.stable()).as("promoted").isEqualTo(2);
        assertThat(decided.decision().verdict()).isEqualTo(GateDecision.Verdict.NOT_WORSE);
        assertThat(decided.decision().evidence()).singleElement().satisfies(e -> {
            assertThat(e.criterion()).isEqualTo(GateCriterion.ACCURACY);
            assertThat(e.pairs()).isGreaterThanOrEqualTo(20);
        });
    }

    /** Sends images, each followed by its true label (its hot column), until the rollout satisfies {@code done}. */
    private void sendLabelledUntil(String model, java.util.function.Predicate<RolloutState> done) {
        long deadline = System.nanoTime() + DECISION.toNanos();
        List<String> keys = new ArrayList<>();
        while (!routes.state(model).map(done::test).orElse(false)) {
            assertThat(System.nanoTime()).as("the gate decided within %s (%d images sent; analysis %s)", DECISION, keys.size(),
                    given().get("/api/models/" + model + "/rollout/analysis").asString()).isLessThan(deadline);
            String key = unique(model);
            int column = keys.size() % 10;
            keys.add(key);
            kafka.sendImage(key, TinyClassifiers.pngWithHotColumn(10, column), "image/png", model);
            kafka.sendRaw(Topics.LABELS, key, Json.toBytes(new GroundTruth(key, column, null, Instant.now(), "test")));
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void policy(String model, Map<String, Object> policy) {
        admin().contentType(ContentType.JSON).body(Map.of("policy", policy)).put("/api/models/" + model + "/rollout").then().statusCode(200);
    }

    private static java.util.Optional<JsonPath> stable(String model) {
        var response = given().get("/api/models/" + model + "/quality");
        if (response.statusCode() != 200) {
            return java.util.Optional.empty();
        }
        JsonPath body = response.jsonPath();
        List<Map<String, Object>> versions = body.getList("versions");
        if (versions.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new JsonPath(Json.toJson(versions.get(0))));
    }

    private static double metric(String name, String model) {
        String prefix = name + "{model=\"" + model + "\",route=\"stable\",version=\"1\"}";
        return given().get("/q/metrics").asString().lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).trim())).findFirst().orElse(Double.NaN);
    }
}
