package io.visionstream.trainer.metrics;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.trainer.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** A job run through the API shows up on /q/metrics: its last epoch as gauges, and its final status counted. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class TrainingMetricsTest {

    /** A custom architecture name of its own, so other tests' jobs cannot touch these series. */
    private static final String ARCH = "metrics-probe";
    private static final String LABELS = "arch=\"" + ARCH + "\",dataset=\"mnist\"";

    private static Path data;

    @BeforeAll
    static void generateData() throws Exception {
        data = TestData.writeIdx(TestData.allowedDirectory("bands-"), TestData.bands(300, 1), TestData.bands(100, 2));
    }

    @Test
    void aFinishedJobsLastEpochAndStatusAreExported() {
        double succeededBefore = value("visionstream_training_jobs_total", "status=\"succeeded\"").orElse(0);
        String id = submit(2);

        await().atMost(Duration.ofSeconds(120)).until(() -> "SUCCEEDED".equals(trainer().get("/api/training/jobs/" + id).path("status")));

        Map<String, Number> last = trainer().get("/api/training/jobs/" + id).path("epochs[1]");
        assertThat(value("visionstream_training_epoch", LABELS)).hasValue(2.0);
        assertThat(value("visionstream_training_train_loss", LABELS).orElseThrow()).isCloseTo(last.get("trainLoss").doubleValue(), within(1e-6));
        assertThat(value("visionstream_training_train_accuracy", LABELS).orElseThrow())
                .isCloseTo(last.get("trainAccuracy").doubleValue(), within(1e-6));
        assertThat(value("visionstream_training_validation_loss", LABELS).orElseThrow()).isCloseTo(last.get("valLoss").doubleValue(), within(1e-6));
        assertThat(value("visionstream_training_validation_accuracy", LABELS).orElseThrow())
                .isCloseTo(last.get("valAccuracy").doubleValue(), within(1e-6));
        assertThat(value("visionstream_training_learning_rate", LABELS).orElseThrow()).isCloseTo(last.get("learningRate").doubleValue(), within(1e-9));
        assertThat(value("visionstream_training_images_per_second", LABELS).orElseThrow()).isPositive()
                .isCloseTo(last.get("imagesPerSecond").doubleValue(), within(1e-3));
        assertThat(value("visionstream_training_jobs_total", "status=\"succeeded\"")).hasValue(succeededBefore + 1);
    }

    @Test
    void aCancelledJobIsCountedAsCancelled() {
        double cancelledBefore = value("visionstream_training_jobs_total", "status=\"cancelled\"").orElse(0);
        double succeededBefore = value("visionstream_training_jobs_total", "status=\"succeeded\"").orElse(0);
        String id = submit(500);

        trainer().post("/api/training/jobs/" + id + "/cancel").then().statusCode(200);

        await().atMost(Duration.ofSeconds(120)).until(() -> "CANCELLED".equals(trainer().get("/api/training/jobs/" + id).path("status")));
        assertThat(value("visionstream_training_jobs_total", "status=\"cancelled\"")).hasValue(cancelledBefore + 1);
        assertThat(value("visionstream_training_jobs_total", "status=\"succeeded\"")).hasValue(succeededBefore);
    }

    @Test
    void anImageFolderIsTaggedByKindNotByPath() {
        assertThat(TrainingMetrics.datasetKind("imagefolder:/data/flowers")).isEqualTo("imagefolder");
        assertThat(TrainingMetrics.datasetKind("fashion-mnist")).isEqualTo("fashion-mnist");
    }

    /** A caller with role ml-trainer: trains and cancels (without publishing). */
    private static io.restassured.specification.RequestSpecification trainer() {
        return given().auth().oauth2(DevJwtTestResource.token("trainer@example", "ml-trainer"));
    }

    private static String submit(int epochs) {
        Map<String, Object> tiny = Map.of("type", "sequential", "layers", List.of(
                Map.of("type", "conv", "filters", 4, "kernel", 5, "stride", 2), Map.of("type", "activation", "kind", "relu"),
                Map.of("type", "flatten"), Map.of("type", "dense", "units", 10)));
        return trainer().contentType(ContentType.JSON)
                .body(Map.of("arch", ARCH, "spec", tiny, "dataset", "mnist", "epochs", epochs, "batchSize", 32, "dataPath", data.toString()))
                .post("/api/training/jobs").then().statusCode(202).extract().path("id");
    }

    /** The value of the series {@code name} whose labels include {@code labels}, from the Prometheus text on /q/metrics. */
    private static OptionalDouble value(String name, String labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        while (matcher.find()) {
            if (matcher.group(1).contains(labels)) {
                return OptionalDouble.of(Double.parseDouble(matcher.group(2)));
            }
        }
        return OptionalDouble.empty();
    }
}
