package io.visionstream.trainer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.TopicClient;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.trainer.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** Training over REST: submit, follow (status, curves, server-sent events), cancel, and precise 4xx for bad requests. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class TrainingApiTest {

    private static Path data;

    /** A caller with role ml-admin, who may train, cancel and publish. */
    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(DevJwtTestResource.token("ops@example", "ml-admin"));
    }

    @jakarta.inject.Inject
    ModelRegistry registry;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = EmbeddedKafkaTestResource.BOOTSTRAP_SERVERS)
    String bootstrapServers;

    @BeforeAll
    static void generateData() throws Exception {
        data = TestData.writeIdx(TestData.allowedDirectory("bands-"), TestData.bands(600, 1), TestData.bands(200, 2));
    }

    @Test
    void aSubmittedJobTrainsAndReportsItsEpochs() throws Exception {
        String id = admin().contentType(ContentType.JSON)
                .body(Map.of("arch", "lenet5", "dataset", "mnist", "epochs", 2, "batchSize", 32, "lr", 0.002, "dataPath", data.toString()))
                .post("/api/training/jobs").then().statusCode(202).header("Location", containsString("/api/training/jobs/"))
                .body("status", equalTo("QUEUED")).extract().path("id");

        await().atMost(Duration.ofSeconds(120)).until(() -> "SUCCEEDED".equals(admin().get("/api/training/jobs/" + id).path("status")));

        admin().get("/api/training/jobs/" + id).then().body("epochs", hasSize(2)).body("summary.bestEpoch", org.hamcrest.Matchers.oneOf(1, 2))
                .body("summary.labels[0]", equalTo("0"));
        float testTop1 = admin().get("/api/training/jobs/" + id).path("summary.testTop1");
        assertThat(testTop1).isGreaterThan(0.8f);
        HttpResponse<String> events = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + io.restassured.RestAssured.port + "/api/training/jobs/" + id + "/events"))
                        .header("Authorization", "Bearer " + DevJwtTestResource.token("viewer@example", "ml-viewer")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> data = events.body().lines().filter(l -> l.startsWith("data:")).toList();
        assertThat(data).hasSize(3);
        assertThat(data.get(2)).contains("\"SUCCEEDED\"");
        admin().get("/api/training/jobs").then().body("id", org.hamcrest.Matchers.hasItem(id));
    }

    @Test
    void aTrainedModelIsExportedWithParityPublishedAndAnnounced() throws Exception {
        String name = "bands-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String id = admin().contentType(ContentType.JSON)
                .body(Map.of("arch", "lenet5", "dataset", "mnist", "epochs", 2, "batchSize", 32, "lr", 0.002, "dataPath", data.toString(),
                        "publishAs", name))
                .post("/api/training/jobs").then().statusCode(202).extract().path("id");

        await().atMost(Duration.ofSeconds(180)).until(() -> admin().get("/api/training/jobs/" + id).path("finishedAt") != null);

        admin().get("/api/training/jobs/" + id).then().body("status", equalTo("SUCCEEDED")).body("published.announced", equalTo(true))
                .body("published.manifest.version", equalTo(1));
        ModelManifest stored = registry.get(name, 1).manifest();
        assertThat(stored.parity().maxAbsDiffProbabilities()).isLessThanOrEqualTo(1e-4);
        assertThat(stored.parity().top1Agreement()).isEqualTo(1.0);
        assertThat(stored.parity().samples()).isEqualTo(64);
        assertThat(stored.outputs().embedding()).isEqualTo("embedding");
        assertThat(stored.metrics().testTop1()).isGreaterThan(0.5);
        assertThat(registry.get(name, 1).directory().resolve("checkpoint.params")).isNotEmptyFile();
        assertThat(registry.get(name, 1).directory().resolve("curves.png")).isNotEmptyFile();
        try (TopicClient kafka = new TopicClient(bootstrapServers)) {
            var release = kafka.latest(Topics.MODEL_RELEASES, name, Duration.ofSeconds(30));
            assertThat(Json.fromBytes(release.value(), ModelManifest.class)).isEqualTo(stored);
        }
    }

    @Test
    void anImageTreeTrainsOverRest() throws Exception {
        Path images = TestData.imageTree(TestData.allowedDirectory("tree-"), 12, 5);
        String id = admin().contentType(ContentType.JSON)
                .body(Map.of("arch", "lenet5", "dataset", "imagefolder:" + images, "inputSize", 28, "epochs", 1, "batchSize", 8))
                .post("/api/training/jobs").then().statusCode(202).extract().path("id");

        await().atMost(Duration.ofSeconds(120)).until(() -> admin().get("/api/training/jobs/" + id).path("finishedAt") != null);

        admin().get("/api/training/jobs/" + id).then().body("status", equalTo("SUCCEEDED"))
                .body("summary.labels", equalTo(TestData.TREE_CLASSES)).body("summary.skippedImages.file",
                        equalTo(List.of("dark/broken.jpg", "light/notes.txt")));
    }

    @Test
    void aRunningJobCanBeCancelled() {
        String id = admin().contentType(ContentType.JSON)
                .body(Map.of("arch", "lenet5", "dataset", "mnist", "epochs", 500, "batchSize", 16, "dataPath", data.toString()))
                .post("/api/training/jobs").then().statusCode(202).extract().path("id");

        admin().post("/api/training/jobs/" + id + "/cancel").then().statusCode(200);

        await().atMost(Duration.ofSeconds(120)).until(() -> "CANCELLED".equals(admin().get("/api/training/jobs/" + id).path("status")));
        admin().post("/api/training/jobs/" + id + "/cancel").then().statusCode(409).body("reason", equalTo("CONFLICT"));
    }

    @Test
    void aCustomNetworkSpecTrainsAndABrokenOneIsRefusedNamingTheLayer() {
        Map<String, Object> tiny = Map.of("type", "sequential", "layers", List.of(
                Map.of("type", "conv", "filters", 4, "kernel", 5, "stride", 2), Map.of("type", "activation", "kind", "relu"),
                Map.of("type", "flatten"), Map.of("type", "dense", "units", 10)));
        String id = admin().contentType(ContentType.JSON)
                .body(Map.of("arch", "tiny", "spec", tiny, "dataset", "mnist", "epochs", 1, "batchSize", 32, "dataPath", data.toString()))
                .post("/api/training/jobs").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(120)).until(() -> "SUCCEEDED".equals(admin().get("/api/training/jobs/" + id).path("status")));
        admin().get("/api/training/jobs/" + id).then().body("summary.network.arch", equalTo("tiny"))
                .body("summary.parameters", equalTo(4 * 25 + 4 + 4 * 12 * 12 * 10 + 10));

        Map<String, Object> broken = Map.of("type", "sequential", "layers", List.of(
                Map.of("type", "conv", "filters", 4, "kernel", 3), Map.of("type", "dense", "units", 10)));
        admin().contentType(ContentType.JSON).body(Map.of("spec", broken, "dataset", "mnist")).post("/api/training/jobs")
                .then().statusCode(400).body("field", equalTo("spec")).body("message", containsString("custom/1"))
                .body("message", containsString("add a flatten layer"));
    }

    @Test
    void aRecipeFillsTheFieldsARequestLeavesOutAndAGivenFieldOverridesIt() {
        String id = admin().contentType(ContentType.JSON)
                .body(Map.of("arch", "lenet5", "dataset", "mnist", "recipe", "D2L", "lr", 0.05, "epochs", 1, "dataPath", data.toString()))
                .post("/api/training/jobs").then().statusCode(202)
                .body("settings.recipe", equalTo("d2l")).body("settings.optimizer", equalTo("sgd")).body("settings.momentum", equalTo(0.0f))
                .body("settings.batchSize", equalTo(256)).body("settings.inputSize", equalTo(28)).body("settings.widthDivisor", equalTo(1))
                .body("settings.lr", equalTo(0.05f)).body("settings.epochs", equalTo(1))
                .extract().path("id");
        await().atMost(Duration.ofSeconds(120)).until(() -> admin().get("/api/training/jobs/" + id).path("finishedAt") != null);
        admin().get("/api/training/jobs/" + id).then().body("status", equalTo("SUCCEEDED")).body("summary.settings.recipe", equalTo("d2l"));

        admin().contentType(ContentType.JSON).body(Map.of("arch", "lenet5", "dataset", "mnist", "recipe", "fast")).post("/api/training/jobs")
                .then().statusCode(400).body("reason", equalTo("INVALID_RECIPE")).body("field", equalTo("recipe"))
                .body("message", equalTo("recipe must be d2l, paper or modern, was 'fast'"));
        Map<String, Object> tiny = Map.of("type", "sequential", "layers", List.of(Map.of("type", "flatten"), Map.of("type", "dense", "units", 10)));
        admin().contentType(ContentType.JSON).body(Map.of("arch", "tiny", "spec", tiny, "dataset", "mnist", "recipe", "modern"))
                .post("/api/training/jobs").then().statusCode(400).body("reason", equalTo("INVALID_RECIPE"))
                .body("message", containsString("has settings for the zoo networks"));
        admin().contentType(ContentType.JSON).body(Map.of("arch", "lenet5", "dataset", "mnist", "widthDivisor", 0)).post("/api/training/jobs")
                .then().statusCode(400).body("reason", equalTo("INVALID_WIDTHDIVISOR")).body("field", equalTo("widthDivisor"));
        admin().contentType(ContentType.JSON).body(Map.of("arch", "alexnet", "dataset", "mnist", "inputSize", 224, "widthDivisor", 1000))
                .post("/api/training/jobs").then().statusCode(400).body("reason", equalTo("INVALID_WIDTHDIVISOR"))
                .body("message", containsString("0 filters"));
    }

    @Test
    void badRequestsNameTheField() throws Exception {
        admin().contentType(ContentType.JSON).body(Map.of("arch", "resnet7", "dataset", "mnist")).post("/api/training/jobs")
                .then().statusCode(400).body("field", equalTo("arch")).body("message", containsString("unknown architecture 'resnet7'"));
        admin().contentType(ContentType.JSON).body(Map.of("arch", "lenet5", "dataset", "imagenet")).post("/api/training/jobs")
                .then().statusCode(400).body("field", equalTo("dataset"));
        Path missing = TestData.allowedDirectory("gone-").resolve("no-such-folder");
        admin().contentType(ContentType.JSON).body(Map.of("arch", "lenet5", "dataset", "imagefolder:" + missing)).post("/api/training/jobs")
                .then().statusCode(400).body("field", equalTo("dataset")).body("message", containsString("no-such-folder does not exist"));
        admin().contentType(ContentType.JSON).body(Map.of("arch", "alexnet", "dataset", "mnist")).post("/api/training/jobs")
                .then().statusCode(400).body("field", equalTo("inputSize")).body("message", containsString("too small"));
        admin().contentType(ContentType.JSON).body(Map.of("arch", "lenet5", "dataset", "mnist", "optimizer", "lbfgs")).post("/api/training/jobs")
                .then().statusCode(400).body("field", equalTo("optimizer")).body("reason", startsWith("INVALID_"));
        admin().contentType(ContentType.JSON).body(Map.of("arch", "lenet5", "dataset", "mnist", "optimizer", "adam", "nesterov", true))
                .post("/api/training/jobs").then().statusCode(400).body("field", equalTo("nesterov"))
                .body("message", containsString("needs optimizer sgd"));
        admin().contentType(ContentType.JSON).body(Map.of("arch", "lenet5", "dataset", "mnist", "augment", "flip,rotate"))
                .post("/api/training/jobs").then().statusCode(400).body("field", equalTo("augment"));
        admin().contentType(ContentType.JSON).body(Map.of("resume", "../../etc")).post("/api/training/jobs")
                .then().statusCode(400).body("field", equalTo("resume")).body("reason", equalTo("PATH_NOT_ALLOWED"))
                .body("message", containsString("not inside the runs root"));
        admin().contentType(ContentType.JSON).body(Map.of("resume", "no-such-run")).post("/api/training/jobs")
                .then().statusCode(400).body("field", equalTo("resume")).body("message", containsString("holds no resume.json"));
        admin().get("/api/training/jobs/nope").then().statusCode(404).body("reason", equalTo("NOT_FOUND"));
    }
}
