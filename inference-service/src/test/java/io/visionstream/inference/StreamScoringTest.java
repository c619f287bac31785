package io.visionstream.inference;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.Route;
import io.visionstream.common.image.TestImages;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.KafkaHeaders;
import io.visionstream.common.kafka.Topics;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.inference.rollout.RolloutTable;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.local.kafka.TopicClient;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The stream path end to end on a real broker: images in, predictions or dead letters out, nothing lost. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class StreamScoringTest extends KafkaServiceTestSupport {

    private static final List<String> DIGITS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
    private static final List<String> COLOURS = List.of("left", "middle", "right");

    @Inject
    RolloutTable routes;

    @Test
    void goodImagesBecomePredictionsWithTheRightVersionAndLabelOrder() {
        String model = serve(unique("digits"), ColourMode.GREY, DIGITS);
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (int i = 0; i < 25; i++) {
            String id = unique("img");
            expected.put(id, i % 10);
            kafka.sendImage(id, TinyClassifiers.pngWithHotColumn(10, i % 10), "image/png", model);
        }

        Map<String, List<ConsumerRecord<String, byte[]>>> predictions = kafka.collect(Topics.PREDICTIONS, expected.keySet(), ARRIVAL);

        assertThat(predictions).containsOnlyKeys(expected.keySet());
        expected.forEach((id, column) -> {
            ConsumerRecord<String, byte[]> record = predictions.get(id).get(0);
            Prediction prediction = Json.fromBytes(record.value(), Prediction.class);
            assertThat(prediction.imageId()).isEqualTo(id);
            assertThat(prediction.model().name()).isEqualTo(model);
            assertThat(prediction.model().version()).isEqualTo(1);
            assertThat(prediction.route()).isEqualTo(Route.STABLE);
            assertThat(prediction.best().index()).isEqualTo(column);
            assertThat(prediction.best().label()).isEqualTo(DIGITS.get(column));
            assertThat(prediction.best().probability()).isGreaterThan(0.99);
            assertThat(prediction.top()).hasSize(5).isSortedAccordingTo((a, b) -> Double.compare(b.probability(), a.probability()));
            assertThat(prediction.timings().totalMs()).isPositive();
            assertThat(TopicClient.header(record, KafkaHeaders.MODEL)).isEqualTo(model);
        });
    }

    @Test
    void everyRejectionReasonLandsInTheDlqWithTheOriginalBytesAndItsHeaders() {
        String model = serve(unique("digits"), ColourMode.GREY, DIGITS);
        byte[] png = TinyClassifiers.pngWithHotColumn(10, 1);
        Map<String, Rejection> cases = new LinkedHashMap<>();
        cases.put(unique("empty"), new Rejection(new byte[0], "image/png", model, "EMPTY"));
        cases.put(unique("large"), new Rejection(new byte[10 * 1024 * 1024 + 1], "image/png", model, "TOO_LARGE"));
        cases.put(unique("bomb"), new Rejection(TestImages.pngDeclaring(100_000, 100_000), "image/png", model, "TOO_MANY_PIXELS"));
        cases.put(unique("gif"), new Rejection("GIF89a......".getBytes(StandardCharsets.US_ASCII), "image/gif", model, "UNSUPPORTED_FORMAT"));
        cases.put(unique("truncated"), new Rejection(Arrays.copyOf(png, png.length / 2), "image/png", model, "CORRUPT"));
        cases.put(unique("raw-short"), new Rejection(new byte[19], "application/x-raw-u8;shape=1x2x10", model, "SHAPE_MISMATCH"));
        cases.put(unique("raw-noshape"), new Rejection(new byte[20], "application/x-raw-u8", model, "BAD_CONTENT_TYPE"));
        cases.put(unique("nomodel"), new Rejection(png, "image/png", unique("no-such-model"), "UNKNOWN_MODEL"));
        cases.forEach((id, c) -> kafka.sendImage(id, c.payload(), c.contentType(), c.model()));

        Map<String, List<ConsumerRecord<String, byte[]>>> dead = kafka.collect(Topics.IMAGES_DLQ, cases.keySet(), ARRIVAL);

        assertThat(dead).containsOnlyKeys(cases.keySet());
        cases.forEach((id, c) -> {
            ConsumerRecord<String, byte[]> record = dead.get(id).get(0);
            assertThat(TopicClient.header(record, KafkaHeaders.DEAD_LETTER_REASON)).as(id).isEqualTo(c.reason());
            assertThat(TopicClient.header(record, KafkaHeaders.DEAD_LETTER_MESSAGE)).as(id).isNotBlank();
            assertThat(TopicClient.header(record, KafkaHeaders.DEAD_LETTER_TOPIC)).isEqualTo(Topics.IMAGES);
            assertThat(TopicClient.header(record, KafkaHeaders.DEAD_LETTER_PARTITION)).matches("\\d+");
            assertThat(TopicClient.header(record, KafkaHeaders.DEAD_LETTER_OFFSET)).matches("\\d+");
            assertThat(TopicClient.header(record, KafkaHeaders.CE_ID)).isEqualTo(id);
            assertThat(record.value()).as("original bytes of %s", id).isEqualTo(c.payload());
        });
        assertThat(kafka.collect(Topics.PREDICTIONS, cases.keySet(), Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aMixedStreamLosesNothing() {
        String model = serve(unique("digits"), ColourMode.GREY, DIGITS);
        List<String> good = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String id = unique("mix");
            if (i % 4 == 3) {
                bad.add(id);
                kafka.sendImage(id, ("junk " + i).getBytes(StandardCharsets.UTF_8), "image/jpeg", model);
            } else {
                good.add(id);
                kafka.sendImage(id, TinyClassifiers.pngWithHotColumn(10, i % 10), "image/png", model);
            }
        }

        assertThat(kafka.collect(Topics.PREDICTIONS, good, ARRIVAL)).containsOnlyKeys(good);
        assertThat(kafka.collect(Topics.IMAGES_DLQ, bad, ARRIVAL)).containsOnlyKeys(bad);
    }

    @Test
    void twoModelsAreServedSideBySideChosenByHeader() {
        String digits = serve(unique("digits"), ColourMode.GREY, DIGITS);
        String colours = serve(unique("colours"), ColourMode.RGB, COLOURS);
        String toDigits = unique("d");
        String toColours = unique("c");

        kafka.sendImage(toDigits, TinyClassifiers.pngWithHotColumn(10, 7), "image/png", digits);
        kafka.sendImage(toColours, TinyClassifiers.pngWithHotColumn(3, 2), "image/png", colours);

        var predictions = kafka.collect(Topics.PREDICTIONS, List.of(toDigits, toColours), ARRIVAL);
        Prediction d = Json.fromBytes(predictions.get(toDigits).get(0).value(), Prediction.class);
        Prediction c = Json.fromBytes(predictions.get(toColours).get(0).value(), Prediction.class);
        assertThat(d.model().name()).isEqualTo(digits);
        assertThat(d.best().label()).isEqualTo("seven");
        assertThat(c.model().name()).isEqualTo(colours);
        assertThat(c.best().label()).isEqualTo("right");
        assertThat(c.top()).hasSize(3);
    }

    @Test
    void classifiesOverHttpWithTheSameAnswerAndJsonErrors() {
        String model = serve(unique("digits"), ColourMode.GREY, DIGITS);
        byte[] png = TinyClassifiers.pngWithHotColumn(10, 4);

        given().contentType("image/png").body(png).queryParam("model", model).queryParam("id", "http-1")
                .post("/api/classify").then().statusCode(200)
                .body("imageId", equalTo("http-1")).body("model.name", equalTo(model)).body("model.version", equalTo(1))
                .body("top[0].label", equalTo("four")).body("route", equalTo("stable"));
        given().multiPart("image", "four.png", png, "image/png").queryParam("model", model)
                .post("/api/classify").then().statusCode(200).body("top[0].index", equalTo(4));

        given().contentType("image/gif").body("GIF89a......".getBytes(StandardCharsets.US_ASCII)).queryParam("model", model)
                .post("/api/classify").then().statusCode(415).body("reason", equalTo("UNSUPPORTED_FORMAT"));
        given().contentType("image/png").body(Arrays.copyOf(png, 30)).queryParam("model", model)
                .post("/api/classify").then().statusCode(400).body("reason", equalTo("CORRUPT"));
        given().contentType("image/png").body(TestImages.pngDeclaring(100_000, 100_000)).queryParam("model", model)
                .post("/api/classify").then().statusCode(413).body("reason", equalTo("TOO_MANY_PIXELS"));
        given().contentType("image/png").body(png).queryParam("model", "no-such-model")
                .post("/api/classify").then().statusCode(404).body("reason", equalTo("UNKNOWN_MODEL"))
                .body("message", containsString("'no-such-model' is not served here"));
    }

    @Test
    void reportsServedModelsReadinessAndHistograms() {
        String model = serve(unique("digits"), ColourMode.GREY, DIGITS);
        String id = unique("metric");
        kafka.sendImage(id, TinyClassifiers.pngWithHotColumn(10, 0), "image/png", model);
        assertThat(kafka.collect(Topics.PREDICTIONS, List.of(id), ARRIVAL)).containsKey(id);

        given().get("/api/models").then().statusCode(200).body("name", hasItem(model))
                .body("find { it.name == '" + model + "' }.provider", equalTo("cpu"))
                .body("find { it.name == '" + model + "' }.input.width", equalTo(10))
                .body("find { it.name == '" + model + "' }.labels[9]", equalTo("nine"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("models"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("visionstream_predictions_total{model=\"" + model + "\",route=\"stable\",version=\"1\"}")
                .contains("visionstream_prediction_latency_seconds_bucket{model=\"" + model + "\"")
                .contains("visionstream_batch_size_bucket{model=\"" + model + "\"")
                .contains("visionstream_scoring_latency_seconds_bucket")
                .contains("visionstream_queue_wait_seconds_bucket")
                .contains("visionstream_model_loaded{model=\"" + model + "\",provider=\"cpu\",version=\"1\"} 1.0")
                .contains("visionstream_rollout_stable_version{model=\"" + model + "\"} 1.0")
                .contains("kafka_consumer_fetch_manager_records_lag");
    }

    private record Rejection(byte[] payload, String contentType, String model, String reason) {
    }

    private String serve(String name, ColourMode colour, List<String> labels) {
        ModelVersion version = TinyClassifiers.publish(registry, name, colour, labels);
        kafka.announce(version.manifest());
        await().atMost(ARRIVAL).until(() -> routes.routing(name).isPresent());
        return name;
    }

}
