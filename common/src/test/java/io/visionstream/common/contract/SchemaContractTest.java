package io.visionstream.common.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.visionstream.common.drift.DriftCalibration;
import io.visionstream.common.drift.DriftReference;
import io.visionstream.common.events.ClassScore;
import io.visionstream.common.events.GateCriterion;
import io.visionstream.common.events.GroundTruth;
import io.visionstream.common.events.GateDecision;
import io.visionstream.common.events.GateEvidence;
import io.visionstream.common.events.RolloutPolicy;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.PredictionTimings;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.events.Route;
import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.testing.SampleManifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The records, the JSON Schemas shipped in {@code schemas/} and the examples of design.md describe the same documents. */
class SchemaContractTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "prediction, io.visionstream.common.events.Prediction",
            "model-manifest, io.visionstream.common.manifest.ModelManifest",
            "rollout-state, io.visionstream.common.events.RolloutState",
            "ground-truth, io.visionstream.common.events.GroundTruth",
            "labelled-prediction, io.visionstream.common.events.LabelledPrediction",
            "training-trigger, io.visionstream.common.events.TrainingTrigger"})
    void designExamplesValidateParseAndRoundTrip(String document, Class<?> type) throws Exception {
        JsonNode example = resource("/examples/" + document + ".json");
        assertValid(document, example);

        Object parsed = Json.mapper().treeToValue(example, type);
        JsonNode written = Json.mapper().valueToTree(parsed);

        assertValid(document, written);
        assertThat(Json.mapper().treeToValue(written, type)).isEqualTo(parsed);
    }

    @Test
    void recordsBuiltInCodeAreSchemaValid() throws Exception {
        Prediction prediction = new Prediction("img-1", new ModelRef("fashion", 1), Route.STABLE,
                List.of(new ClassScore(9, "Ankle boot", 0.9), new ClassScore(7, "Sneaker", 0.1)),
                new PredictionTimings(Instant.parse("2026-11-24T10:00:00Z"), 1.0, 2.0, 3.5), 8);
        assertValid("prediction", Json.mapper().valueToTree(prediction));

        ModelManifest published = SampleManifests.draft("fashion").published(1, "a".repeat(64), Instant.parse("2026-11-24T09:00:00Z"));
        assertValid("model-manifest", Json.mapper().valueToTree(published));

        RolloutState noCanary = RolloutState.of("fashion", 2, null, null, 1).changed(Instant.parse("2026-11-24T10:05:00Z"), "ops@example", "promoted");
        assertValid("rollout-state", Json.mapper().valueToTree(noCanary));

        GateDecision decision = new GateDecision(GateDecision.Verdict.WORSE, GateCriterion.LATENCY, "canary worse on latency",
                List.of(new GateEvidence(GateCriterion.LATENCY, "median canary/stable time of the same batch", 3.1, 2.0, 14, 0.002, 1.0, 0.0033),
                        new GateEvidence(GateCriterion.AGREEMENT, "top-1 agreement on the same images", null, 0.85, 0, 1.0, 1.0, 0.0033)));
        RolloutState decided = RolloutState.of("fashion", 2, new RolloutState.Canary(3, 20), null, 1)
                .withPolicy(new RolloutPolicy(Set.of(GateCriterion.LATENCY), 0.02, null, 20, java.time.Duration.ofMinutes(30),
                        RolloutPolicy.OnHealthy.HOLD, 3.0, null, null, 0.5, null))
                .routed(2, null, null, 1).withRolledBack(3).decided(Instant.parse("2026-11-24T10:06:00Z"), "canary-gate", decision);
        JsonNode written = Json.mapper().valueToTree(decided);
        assertValid("rollout-state", written);
        assertThat(Json.mapper().treeToValue(written, RolloutState.class)).isEqualTo(decided);
        assertThat(written.get("policy").get("maxDuration").asText()).isEqualTo("PT30M");
        assertThat(written.get("decision").get("evidence").get(0).get("criterion").asText()).isEqualTo("latency");
    }

    @Test
    void aCalibratedDriftReferenceIsSchemaValidAndRoundTrips() throws Exception {
        java.util.Random random = new java.util.Random(3);
        float[][] embeddings = new float[800][12];
        int[] classes = new int[800];
        for (int i = 0; i < embeddings.length; i++) {
            for (int j = 0; j < 12; j++) {
                embeddings[i][j] = (float) random.nextGaussian();
            }
            classes[i] = i % 3;
        }
        DriftReference reference = DriftCalibration.calibrate(embeddings, classes, 3, "synthetic", 5);
        JsonNode written = Json.mapper().valueToTree(reference);

        assertValid("drift-reference", written);
        JsonNode again = Json.mapper().valueToTree(Json.mapper().treeToValue(written, DriftReference.class));
        assertThat(again).isEqualTo(written);
        ((ObjectNode) written).remove("sample");
        assertThat(errors("drift-reference", written)).anyMatch(m -> m.contains("sample"));
    }

    @Test
    void continualTrainingSectionIsOptionalSchemaValidAndRoundTrips() throws Exception {
        ModelManifest continual = SampleManifests.continual("fashion").published(2, "b".repeat(64), Instant.parse("2026-11-24T09:30:00Z"));
        JsonNode written = Json.mapper().valueToTree(continual);
        assertValid("model-manifest", written);
        assertThat(Json.mapper().treeToValue(written, ModelManifest.class)).isEqualTo(continual);
        assertThat(written.get("training").get("continual").get("dataset").get("last").asInt()).isEqualTo(500);

        ModelManifest older = Json.mapper().treeToValue(resource("/examples/model-manifest.json"), ModelManifest.class);
        assertThat(older.training().continual()).isNull();
        assertThat(Json.mapper().valueToTree(older).get("training").has("continual")).isFalse();

        ObjectNode noTopic = (ObjectNode) written.deepCopy();
        ((ObjectNode) noTopic.get("training").get("continual").get("dataset")).remove("topic");
        assertThat(errors("model-manifest", noTopic)).anyMatch(m -> m.contains("topic"));
        assertThatThrownBy(() -> Json.fromBytes(Json.mapper().writeValueAsBytes(noTopic), ModelManifest.class)).hasMessageContaining("topic");
    }

    @Test
    void schemasAndRecordsRefuseTheSameBrokenDocuments() throws Exception {
        ObjectNode heavyCanary = (ObjectNode) resource("/examples/rollout-state.json");
        ((ObjectNode) heavyCanary.get("canary")).put("weightPercent", 140);
        assertThat(errors("rollout-state", heavyCanary)).anyMatch(m -> m.contains("weightPercent"));
        assertThatThrownBy(() -> Json.fromBytes(Json.mapper().writeValueAsBytes(heavyCanary), RolloutState.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weightPercent must be within 0-100, was 140");

        ObjectNode badRoute = (ObjectNode) resource("/examples/prediction.json");
        badRoute.put("route", "sideways");
        assertThat(errors("prediction", badRoute)).isNotEmpty();
        assertThatThrownBy(() -> Json.fromBytes(Json.mapper().writeValueAsBytes(badRoute), Prediction.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sideways");

        ObjectNode noLabels = (ObjectNode) resource("/examples/model-manifest.json");
        noLabels.putArray("labels");
        assertThat(errors("model-manifest", noLabels)).anyMatch(m -> m.contains("labels"));
        assertThatThrownBy(() -> Json.fromBytes(Json.mapper().writeValueAsBytes(noLabels), ModelManifest.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one label");

        ObjectNode nameless = (ObjectNode) resource("/examples/ground-truth.json");
        nameless.remove(java.util.List.of("label", "labelName"));
        assertThat(errors("ground-truth", nameless)).isNotEmpty();
        assertThatThrownBy(() -> Json.fromBytes(Json.mapper().writeValueAsBytes(nameless), GroundTruth.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 'label' (class index) or 'labelName'");

        ObjectNode traversal = (ObjectNode) resource("/examples/model-manifest.json");
        traversal.put("name", "../evil");
        assertThat(errors("model-manifest", traversal)).anyMatch(m -> m.contains("name"));
    }

    @Test
    void manifestNeedsLogitsOrProbabilitiesAndKnowsBothLayouts() throws Exception {
        ObjectNode logitsOnly = (ObjectNode) resource("/examples/model-manifest.json");
        ((ObjectNode) logitsOnly.get("outputs")).remove(java.util.List.of("probabilities", "embedding"));
        ((ObjectNode) logitsOnly.get("input")).put("layout", "NHWC");
        assertThat(errors("model-manifest", logitsOnly)).isEmpty();
        ModelManifest parsed = Json.fromBytes(Json.mapper().writeValueAsBytes(logitsOnly), ModelManifest.class);
        assertThat(parsed.outputs().scores()).isEqualTo("logits");
        assertThat(parsed.outputs().scoresAreLogits()).isTrue();
        assertThat(parsed.input().layout()).isEqualTo(io.visionstream.common.preprocess.TensorLayout.NHWC);

        ObjectNode neither = (ObjectNode) resource("/examples/model-manifest.json");
        ((ObjectNode) neither.get("outputs")).remove(java.util.List.of("probabilities", "logits"));
        assertThat(errors("model-manifest", neither)).isNotEmpty();
        assertThatThrownBy(() -> Json.fromBytes(Json.mapper().writeValueAsBytes(neither), ModelManifest.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outputs must name 'probabilities', 'logits' or both");

        ObjectNode noLayout = (ObjectNode) resource("/examples/model-manifest.json");
        ((ObjectNode) noLayout.get("input")).remove("layout");
        assertThat(Json.fromBytes(Json.mapper().writeValueAsBytes(noLayout), ModelManifest.class).input().layout())
                .isEqualTo(io.visionstream.common.preprocess.TensorLayout.NCHW);
    }

    @Test
    void manifestRefusesPreprocessingThatDoesNotFitTheInput() throws Exception {
        ObjectNode mismatch = (ObjectNode) resource("/examples/model-manifest.json");
        ((ObjectNode) mismatch.get("input")).put("height", 32);

        assertThatThrownBy(() -> Json.fromBytes(Json.mapper().writeValueAsBytes(mismatch), ModelManifest.class))
                .hasMessageContaining("preprocessing produces 1x28x28 but the model input is 1x32x28");
    }

    private static void assertValid(String document, JsonNode json) {
        assertThat(errors(document, json)).as(document + " schema errors for " + json).isEmpty();
    }

    private static Set<String> errors(String document, JsonNode json) {
        JsonSchema schema;
        try (InputStream in = SchemaContractTest.class.getResourceAsStream("/schemas/" + document + ".schema.json")) {
            assertThat(in).as("schemas/" + document + ".schema.json on the class path").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return schema.validate(json).stream().map(ValidationMessage::getMessage).collect(java.util.stream.Collectors.toSet());
    }

    private static JsonNode resource(String path) throws IOException {
        try (InputStream in = SchemaContractTest.class.getResourceAsStream(path)) {
            return Json.mapper().readTree(in);
        }
    }
}
