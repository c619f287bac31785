package io.visionstream.trainer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.TensorLayout;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.Sha256;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.local.kafka.TopicClient;
import io.visionstream.trainer.testing.Tokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/** Registering an ONNX classifier made elsewhere: checked, published, announced - or refused with the field at fault. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class ModelRegistrationTest {

    private static final List<String> LABELS = List.of("cat", "dog", "bird");

    private static final java.util.function.Supplier<String> ADMIN_TOKEN = () -> DevJwtTestResource.token("ops@example", "ml-admin");

    @Inject
    ModelRegistry registry;

    @ConfigProperty(name = EmbeddedKafkaTestResource.BOOTSTRAP_SERVERS)
    String bootstrapServers;

    @Test
    void registersPublishesAndAnnouncesAFittingModel() {
        String name = unique("pets");
        byte[] onnx = TinyClassifiers.columnClassifier(3, LABELS.size());

        given().auth().oauth2(ADMIN_TOKEN.get()).multiPart("model", "model.onnx", onnx, "application/octet-stream")
                .multiPart("manifest", Json.toJson(TinyClassifiers.manifest(name, ColourMode.RGB, LABELS)), "application/json")
                .post("/api/registry/models/" + name)
                .then().statusCode(201)
                .header("Location", endsWith("/api/registry/models/" + name + "/1"))
                .body("manifest.version", equalTo(1)).body("announced", equalTo(true))
                .body("manifest.onnx.sha256", equalTo(Sha256.of(onnx)));

        ModelManifest stored = registry.get(name, 1).manifest();
        assertThat(stored.labels()).isEqualTo(LABELS);
        ConsumerRecord<String, byte[]> release = consumeRelease(name);
        assertThat(Json.fromBytes(release.value(), ModelManifest.class)).isEqualTo(stored);
    }

    @Test
    void registersLogitsOnlyNhwcAndFixedBatchOneModels() {
        ModelManifest.OutputNames logitsOnly = new ModelManifest.OutputNames("logits", null, null);
        ModelManifest.OutputNames both = new ModelManifest.OutputNames("logits", "probabilities", null);
        java.util.Map<byte[], java.util.function.Function<String, ModelManifest>> models = java.util.Map.of(
                TinyClassifiers.logitsOnlyColumnClassifier(3, LABELS.size()),
                name -> TinyClassifiers.manifest(name, ColourMode.RGB, LABELS, logitsOnly, TensorLayout.NCHW),
                TinyClassifiers.nhwcColumnClassifier(3, LABELS.size()),
                name -> TinyClassifiers.manifest(name, ColourMode.RGB, LABELS, both, TensorLayout.NHWC),
                TinyClassifiers.fixedBatchOneColumnClassifier(3, LABELS.size()),
                name -> TinyClassifiers.manifest(name, ColourMode.RGB, LABELS, both, TensorLayout.NCHW));
        models.forEach((onnx, manifest) -> {
            String name = unique("exported");
            given().auth().oauth2(ADMIN_TOKEN.get()).multiPart("model", "model.onnx", onnx, "application/octet-stream")
                    .multiPart("manifest", Json.toJson(manifest.apply(name)), "application/json")
                    .post("/api/registry/models/" + name).then().statusCode(201).body("manifest.onnx.sha256", equalTo(Sha256.of(onnx)));
            assertThat(registry.get(name, 1).manifest()).isEqualTo(manifest.apply(name).published(1, Sha256.of(onnx), registry.get(name, 1).manifest().createdAt()));
        });
    }

    @Test
    void refusesALayoutOrOutputsTheGraphDoesNotHave() {
        String name = unique("misfit");
        byte[] nhwc = TinyClassifiers.nhwcColumnClassifier(3, LABELS.size());
        ModelManifest.OutputNames both = new ModelManifest.OutputNames("logits", "probabilities", null);
        given().auth().oauth2(ADMIN_TOKEN.get()).multiPart("model", "model.onnx", nhwc, "application/octet-stream")
                .multiPart("manifest", Json.toJson(TinyClassifiers.manifest(name, ColourMode.RGB, LABELS, both, TensorLayout.NCHW)), "application/json")
                .post("/api/registry/models/" + name).then().statusCode(400).body("reason", equalTo("INVALID_MODEL"))
                .body("message", containsString("manifest describes NCHW [batch, 3, 2, 3]"));
        given().auth().oauth2(ADMIN_TOKEN.get()).multiPart("model", "model.onnx", TinyClassifiers.logitsOnlyColumnClassifier(3, LABELS.size()),
                        "application/octet-stream")
                .multiPart("manifest", Json.toJson(TinyClassifiers.manifest(name, ColourMode.RGB, LABELS)), "application/json")
                .post("/api/registry/models/" + name).then().statusCode(400).body("message", containsString("no output 'probabilities'"));
        String neither = Json.toJson(TinyClassifiers.manifest(name, ColourMode.RGB, LABELS))
                .replace("\"logits\":\"logits\",", "").replace("\"probabilities\":\"probabilities\"", "\"embedding\":\"embedding\"");
        given().auth().oauth2(ADMIN_TOKEN.get()).multiPart("model", "model.onnx", nhwc, "application/octet-stream")
                .multiPart("manifest", neither, "application/json")
                .post("/api/registry/models/" + name).then().statusCode(400).body("reason", equalTo("INVALID_MANIFEST"))
                .body("message", containsString("outputs must name 'probabilities', 'logits' or both"));
        assertThat(registry.versions(name)).isEmpty();
    }

    @Test
    void registrationNeedsAValidAdminToken() {
        String name = unique("guarded");
        byte[] onnx = TinyClassifiers.columnClassifier(1, 3);
        String manifest = Json.toJson(TinyClassifiers.manifest(name, ColourMode.GREY, LABELS));
        java.util.function.Function<RequestSpecification, Response> register = caller -> caller
                .multiPart("model", "model.onnx", onnx, "application/octet-stream").multiPart("manifest", manifest, "application/json")
                .post("/api/registry/models/" + name);

        register.apply(given()).then().statusCode(401).header("WWW-Authenticate", "Bearer").body("reason", equalTo("UNAUTHORIZED"));
        Tokens.refused().forEach((defect, token) -> register.apply(given().auth().oauth2(token)).then().statusCode(401)
                .body("reason", equalTo("UNAUTHORIZED")));
        register.apply(Tokens.as("ml-viewer")).then().statusCode(403).body("reason", equalTo("FORBIDDEN"));
        register.apply(Tokens.as("ml-trainer")).then().statusCode(403).body("reason", equalTo("FORBIDDEN"));
        assertThat(registry.versions(name)).isEmpty();

        register.apply(Tokens.as("ml-admin")).then().statusCode(201);
        assertThat(registry.versions(name)).containsExactly(1);
    }

    @Test
    void refusesAGraphWithWeightsInAnExternalFileAndWritesNothing() {
        String name = unique("external");
        String manifest = Json.toJson(TinyClassifiers.manifest(name, ColourMode.RGB, LABELS));

        given().auth().oauth2(ADMIN_TOKEN.get())
                .multiPart("model", "model.onnx", TinyClassifiers.columnClassifierWithExternalWeights(3, LABELS.size(), "../../etc/passwd"),
                        "application/octet-stream").multiPart("manifest", manifest, "application/json")
                .post("/api/registry/models/" + name)
                .then().statusCode(400).body("reason", equalTo("INVALID_MODEL")).body("field", equalTo("model"))
                .body("message", containsString("tensor 'W' keeps its data in an external file"));
        assertThat(registry.versions(name)).isEmpty();

        given().auth().oauth2(ADMIN_TOKEN.get()).multiPart("model", "model.onnx", TinyClassifiers.columnClassifier(3, LABELS.size()), "application/octet-stream")
                .multiPart("manifest", manifest, "application/json").post("/api/registry/models/" + name).then().statusCode(201);
    }

    @Test
    void refusesAManifestNamingAnotherOnnxFile() {
        String name = unique("elsewhere");
        byte[] onnx = TinyClassifiers.columnClassifier(3, LABELS.size());
        String manifest = Json.toJson(TinyClassifiers.manifest(name, ColourMode.RGB, LABELS));
        assertThat(manifest).contains("\"file\":\"model.onnx\"");

        for (String file : List.of("../../etc/passwd", "weights.onnx", "")) {
            given().auth().oauth2(ADMIN_TOKEN.get()).multiPart("model", "model.onnx", onnx, "application/octet-stream")
                    .multiPart("manifest", manifest.replace("\"file\":\"model.onnx\"", "\"file\":\"" + file + "\""), "application/json")
                    .post("/api/registry/models/" + name).then().statusCode(400).body("reason", equalTo("INVALID_MANIFEST"))
                    .body("message", containsString("model.onnx"));
        }
        assertThat(registry.versions(name)).isEmpty();

        given().auth().oauth2(ADMIN_TOKEN.get()).multiPart("model", "model.onnx", onnx, "application/octet-stream")
                .multiPart("manifest", manifest, "application/json").post("/api/registry/models/" + name).then().statusCode(201);
    }

    @Test
    void refusesAGraphThatDoesNotFitTheManifestAndWritesNothing() {
        String name = unique("liar");
        byte[] fiveClasses = TinyClassifiers.columnClassifier(3, 5);

        given().auth().oauth2(ADMIN_TOKEN.get()).multiPart("model", "model.onnx", fiveClasses, "application/octet-stream")
                .multiPart("manifest", Json.toJson(TinyClassifiers.manifest(name, ColourMode.RGB, LABELS)), "application/json")
                .post("/api/registry/models/" + name)
                .then().statusCode(400).body("reason", equalTo("INVALID_MODEL")).body("field", equalTo("model"))
                .body("message", containsString("outputs.probabilities")).body("message", containsString("3 labels"));

        assertThat(registry.versions(name)).isEmpty();
    }

    @Test
    void refusesBadRequestsNamingTheField() {
        String name = unique("bad");
        byte[] onnx = TinyClassifiers.columnClassifier(1, 3);
        String manifest = Json.toJson(TinyClassifiers.manifest(name, ColourMode.GREY, LABELS));

        given().auth().oauth2(ADMIN_TOKEN.get()).multiPart("model", "model.onnx", "not onnx".getBytes(), "application/octet-stream").multiPart("manifest", manifest, "application/json")
                .post("/api/registry/models/" + name).then().statusCode(400).body("field", equalTo("model"))
                .body("message", containsString("not an ONNX model"));
        given().auth().oauth2(ADMIN_TOKEN.get()).multiPart("model", "model.onnx", onnx, "application/octet-stream").multiPart("manifest", "{\"name\": 3", "application/json")
                .post("/api/registry/models/" + name).then().statusCode(400).body("reason", equalTo("INVALID_MANIFEST"));
        given().auth().oauth2(ADMIN_TOKEN.get()).multiPart("model", "model.onnx", onnx, "application/octet-stream").multiPart("manifest", manifest, "application/json")
                .post("/api/registry/models/other-name").then().statusCode(400).body("field", equalTo("manifest"))
                .body("message", containsString("registered as 'other-name'"));
        given().auth().oauth2(ADMIN_TOKEN.get()).multiPart("manifest", manifest, "application/json")
                .post("/api/registry/models/" + name).then().statusCode(400).body("field", equalTo("model"));
        given().auth().oauth2(ADMIN_TOKEN.get()).multiPart("model", "model.onnx", onnx, "application/octet-stream").multiPart("manifest", manifest, "application/json")
                .post("/api/registry/models/-x").then().statusCode(400).body("field", equalTo("name"));
        assertThat(registry.versions(name)).isEmpty();
    }

    private ConsumerRecord<String, byte[]> consumeRelease(String name) {
        try (TopicClient kafka = new TopicClient(bootstrapServers)) {
            return kafka.latest(Topics.MODEL_RELEASES, name, Duration.ofSeconds(30));
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
