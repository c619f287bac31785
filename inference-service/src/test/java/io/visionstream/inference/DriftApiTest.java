package io.visionstream.inference;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.visionstream.inference.drift.DriftFixtures;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Drift through the running service: a released version with a drift reference ({@link DriftFixtures}) is scored
 * on {@code /api/classify}; {@code GET /api/models/{name}/drift} and the gauge {@code visionstream_drift_score} give a
 * score below 1 after a full window (default 500) of images like its validation set, and above 1 after a window of
 * their inversions. A model released without a reference is listed without a score; an unknown model is a JSON 404.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class DriftApiTest extends KafkaServiceTestSupport {

    @Test
    void theApiAndTheGaugeShowTheScoreOfTheServedStream() {
        String model = unique("drifting");
        kafka.announce(DriftFixtures.publish(registry, model).manifest());
        await().atMost(ARRIVAL).until(() -> routes.routing(model).isPresent());
        given().get("/api/models/" + model + "/drift").then().statusCode(200)
                .body("versions[0].status", equalTo("filling")).body("versions[0].windowSize", equalTo(500));
        Random random = new Random(11);

        classify(model, random, 500, false);
        JsonPath undrifted = awaitDrift(model, 500, report -> report.getLong("versions[0].checks") == 1);

        assertThat(undrifted.getString("versions[0].status")).isEqualTo("scored");
        assertThat(undrifted.getDouble("versions[0].score")).isLessThan(1.0);
        assertThat(undrifted.getInt("versions[0].referenceSamples")).isEqualTo(500);
        assertThat(undrifted.getList("versions[0].classShift.window")).hasSize(10);
        given().get("/q/metrics").then().body(containsString("visionstream_drift_score{model=\"" + model + "\",version=\"1\"}"));

        classify(model, random, 500, true);
        JsonPath drifted = awaitDrift(model, 1000, report -> report.getDouble("versions[0].score") > 1);

        assertThat(drifted.getDouble("versions[0].score")).isGreaterThan(1.0);
        System.out.printf("DRIFT api: undrifted score %.2f, inverted %.1f%n", undrifted.getDouble("versions[0].score"),
                drifted.getDouble("versions[0].score"));
    }

    @Test
    void aVersionWithoutAReferenceHasNoScoreAndAnUnknownModelIsA404() {
        String model = serveStable(unique("plain"));

        given().get("/api/models/" + model + "/drift").then().statusCode(200)
                .body("versions[0].status", equalTo("no-reference")).body("versions[0].score", org.hamcrest.Matchers.nullValue());
        given().get("/api/models/" + unique("nobody") + "/drift").then().statusCode(404).body("reason", equalTo("NOT_FOUND"));
    }

    private String serveStable(String model) {
        serveStable(model, io.visionstream.common.testing.TinyClassifiers.columnClassifier(1, 10));
        return model;
    }

    private static void classify(String model, Random random, int count, boolean inverted) {
        for (int i = 0; i < count; i++) {
            given().contentType(DriftFixtures.CONTENT_TYPE).body(DriftFixtures.image(random, random.nextInt(10), inverted).pixels())
                    .post("/api/classify?model=" + model).then().statusCode(200);
        }
    }

    /** The drift report once the version has seen {@code images} and {@code done} holds (a check is asynchronous). */
    private static JsonPath awaitDrift(String model, long images, java.util.function.Predicate<JsonPath> done) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(ARRIVAL).until(() -> {
            last[0] = given().get("/api/models/" + model + "/drift").then().statusCode(200).extract().jsonPath();
            return last[0].getLong("versions[0].imagesSeen") == images && done.test(last[0]);
        });
        return last[0];
    }
}
