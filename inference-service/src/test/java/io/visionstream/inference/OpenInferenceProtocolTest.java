package io.visionstream.inference;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.inference.rollout.Routing;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The Open Inference Protocol (KServe v2) surface on real ONNX Runtime sessions: metadata, FP32 and BYTES inputs, errors, routing. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class OpenInferenceProtocolTest extends KafkaServiceTestSupport {

    @Test
    void describesTheServerAndEachModelWithBatchFirstShapes() {
        String model = serve(unique("oip-meta"));

        given().get("/v2").then().statusCode(200).body("name", equalTo("visionstream-inference"))
                .body("extensions", hasItem("classification")).body("extensions", hasItem("binary_tensor_data"));
        given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        for (String path : List.of("/v2/models/" + model, "/v2/models/" + model + "/versions/1")) {
            given().get(path).then().statusCode(200).body("name", equalTo(model)).body("versions", equalTo(List.of("1")))
                    .body("platform", equalTo("onnxruntime_onnx"))
                    .body("inputs[0].name", equalTo("input")).body("inputs[0].datatype", equalTo("FP32"))
                    .body("inputs[0].shape", equalTo(List.of(-1, 1, TinyClassifiers.HEIGHT, 10)))
                    .body("outputs[0].name", equalTo("probabilities")).body("outputs[0].datatype", equalTo("FP32"))
                    .body("outputs[0].shape", equalTo(List.of(-1, 10)))
                    .body("outputs[1].name", equalTo("logits")).body("outputs[1].datatype", equalTo("FP32"))
                    .body("outputs[1].shape", equalTo(List.of(-1, 10)));
        }
        given().get("/v2/models/" + model + "/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/models/" + model + "/versions/1/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/models/" + model + "/versions/2/ready").then().statusCode(404).body("error", containsString("not loaded"));
        given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200)
                .body("paths.'/v2/models/{model}/infer'.post.summary", containsString("FP32"));
    }

    @Test
    void fp32TensorsGetTheProbabilitiesClassifyGivesForTheSameImage() {
        String model = serve(unique("oip-fp32"));
        Map<String, Object> request = Map.of("id", "fp32-1", "inputs", List.of(fp32("input", 3, 7)));

        JsonPath answer = infer(model, request).then().statusCode(200).body("model_name", equalTo(model))
                .body("model_version", equalTo("1")).body("id", equalTo("fp32-1")).body("parameters.route", equalTo("stable"))
                .body("outputs[0].name", equalTo("probabilities")).body("outputs[0].datatype", equalTo("FP32"))
                .body("outputs[0].shape", equalTo(List.of(2, 10))).extract().jsonPath();

        List<Float> probabilities = answer.getList("outputs[0].data", Float.class);
        assertThat(probabilities).hasSize(20);
        JsonPath classified = given().contentType("image/png").body(TinyClassifiers.pngWithHotColumn(10, 3)).queryParam("model", model)
                .post("/api/classify").then().statusCode(200).extract().jsonPath();
        for (Map<String, Object> score : classified.<Map<String, Object>>getList("top")) {
            int index = (Integer) score.get("index");
            assertThat((double) probabilities.get(index)).as("class %d", index).isCloseTo(((Number) score.get("probability")).doubleValue(), within(1e-4));
        }
        assertThat(probabilities.get(10 + 7)).isGreaterThan(0.99f);
    }

    @Test
    void encodedImagesAsBytesAreDecodedAndClassifiedWithTheExtension() {
        String model = serve(unique("oip-png"));
        byte[] png = TinyClassifiers.pngWithHotColumn(10, 4);
        Map<String, Object> topThree = Map.of("name", "probabilities", "parameters", Map.of("classification", 3));
        for (String encoded : List.of(Base64.getEncoder().encodeToString(png), new String(png, StandardCharsets.ISO_8859_1))) {
            Map<String, Object> request = Map.of("inputs", List.of(bytes(encoded)), "outputs", List.of(topThree, Map.of("name", "logits")));

            JsonPath answer = infer(model, request).then().statusCode(200).body("outputs.size()", equalTo(2))
                    .body("outputs[0].datatype", equalTo("BYTES")).body("outputs[0].shape", equalTo(List.of(1, 3)))
                    .body("outputs[1].name", equalTo("logits")).body("outputs[1].datatype", equalTo("FP32"))
                    .body("outputs[1].shape", equalTo(List.of(1, 10))).extract().jsonPath();

            List<String> classes = answer.getList("outputs[0].data", String.class);
            assertThat(classes.get(0)).matches("\\d\\.\\d{6}:4:four");
            assertThat(Double.parseDouble(classes.get(0).split(":")[0])).isGreaterThan(0.99);
            assertThat(classes.get(1)).matches("0\\.\\d{6}:\\d:\\w+");
        }
        given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(bytes(Base64.getEncoder().encodeToString(png)))))
                .post("/v2/models/" + model + "/versions/1/infer").then().statusCode(200).body("model_version", equalTo("1"))
                .body("outputs[0].shape", equalTo(List.of(1, 10))).body("id", nullValue());
    }

    @Test
    void logitsAreTheGraphsAndProbabilitiesTheirSoftmaxForEitherKindOfModel() throws Exception {
        byte[] both = TinyClassifiers.columnClassifier(1, 10);
        byte[] logitsOnly = TinyClassifiers.logitsOnlyColumnClassifier(1, 10);
        Map<String, byte[]> models = Map.of(
                serveWithOutputs(unique("oip-both"), both, new ModelManifest.OutputNames("logits", "probabilities", null)), both,
                serveWithOutputs(unique("oip-logits"), logitsOnly, new ModelManifest.OutputNames("logits", null, null)), logitsOnly);
        float[] batch = OipOutputs.randomBatch(3, 11);
        Map<String, Object> input = Map.of("name", "input", "datatype", "FP32", "shape", List.of(3, 1, TinyClassifiers.HEIGHT, 10), "data", batch);

        for (Map.Entry<String, byte[]> model : models.entrySet()) {
            given().get("/v2/models/" + model.getKey()).then().statusCode(200).body("outputs.name", equalTo(List.of("probabilities", "logits")));
            JsonPath all = infer(model.getKey(), Map.of("inputs", List.of(input))).then().statusCode(200)
                    .body("outputs.name", equalTo(List.of("probabilities", "logits"))).body("outputs.datatype", equalTo(List.of("FP32", "FP32")))
                    .body("outputs[1].shape", equalTo(List.of(3, 10))).extract().jsonPath();

            float[] logits = OipOutputs.floats(all.getList("outputs[1].data", Float.class));
            assertThat(logits).as(model.getKey()).containsExactly(OipOutputs.graphLogits(model.getValue(), batch, 3), within(1e-5f));
            OipOutputs.assertSoftmaxOf(logits, OipOutputs.floats(all.getList("outputs[0].data", Float.class)));
            infer(model.getKey(), Map.of("inputs", List.of(input), "outputs", List.of(Map.of("name", "logits")))).then().statusCode(200)
                    .body("outputs.name", equalTo(List.of("logits"))).body("outputs[0].data[0]", equalTo(logits[0]));
        }
    }

    @Test
    void aModelWithoutLogitsListsAndAnswersProbabilitiesOnly() {
        String model = serveWithOutputs(unique("oip-probabilities"), TinyClassifiers.columnClassifier(1, 10),
                new ModelManifest.OutputNames(null, "probabilities", null));
        Map<String, Object> good = Map.of("inputs", List.of(fp32("input", 5)));

        given().get("/v2/models/" + model).then().statusCode(200).body("outputs.name", equalTo(List.of("probabilities")));
        infer(model, good).then().statusCode(200).body("outputs.name", equalTo(List.of("probabilities")));
        infer(model, Map.of("inputs", good.get("inputs"), "outputs", List.of(Map.of("name", "logits")))).then().statusCode(400)
                .body("error", containsString("'logits'")).body("error", containsString("[probabilities]"));
    }

    @Test
    void refusalsAreCountedInTheRejectionMetricsOnTheirOwnChannel() {
        double notFound = OipOutputs.rejections("oip-rest", "NOT_FOUND");
        double badRequest = OipOutputs.rejections("oip-rest", "BAD_REQUEST");
        double api = OipOutputs.rejections("http", "NOT_FOUND");

        infer("no-such-model", Map.of("inputs", List.of(fp32("input", 1)))).then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"inputs\": [").post("/v2/models/no-such-model/infer").then().statusCode(400);

        assertThat(OipOutputs.rejections("oip-rest", "NOT_FOUND")).isEqualTo(notFound + 1);
        assertThat(OipOutputs.rejections("oip-rest", "BAD_REQUEST")).isEqualTo(badRequest + 1);
        assertThat(OipOutputs.rejections("http", "NOT_FOUND")).isEqualTo(api);
    }

    @Test
    void binaryTensorDataGoesInAndComesOutAfterTheJson() {
        String model = serve(unique("oip-binary"));
        ByteBuffer tensor = ByteBuffer.allocate(20 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        tensor.putFloat(6 * Float.BYTES, 1f).putFloat(16 * Float.BYTES, 1f);
        Map<String, Object> input = Map.of("name", "input", "datatype", "FP32", "shape", List.of(1, 1, 2, 10),
                "parameters", Map.of("binary_data_size", tensor.capacity()));
        Map<String, Object> request = Map.of("inputs", List.of(input), "outputs", List.of(
                Map.of("name", "probabilities", "parameters", Map.of("binary_data", true)),
                Map.of("name", "probabilities", "parameters", Map.of("classification", 1))));

        byte[] answer = binary(model, request, tensor.array());

        int jsonLength = Integer.parseInt(lastHeaderLength);
        JsonPath json = new JsonPath(new String(answer, 0, jsonLength, StandardCharsets.UTF_8));
        assertThat(json.getInt("outputs[0].parameters.binary_data_size")).isEqualTo(40);
        assertThat(json.getString("outputs[0].data")).isNull();
        assertThat(json.getString("outputs[1].data[0]")).endsWith(":6:six");
        ByteBuffer probabilities = ByteBuffer.wrap(answer, jsonLength, 40).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(probabilities.getFloat(6 * Float.BYTES)).isGreaterThan(0.99f);

        byte[] png = TinyClassifiers.pngWithHotColumn(10, 2);
        ByteBuffer element = ByteBuffer.allocate(4 + png.length).order(ByteOrder.LITTLE_ENDIAN).putInt(png.length).put(png);
        Map<String, Object> images = Map.of("parameters", Map.of("binary_data_output", true), "inputs", List.of(Map.of("name", "input",
                "datatype", "BYTES", "shape", List.of(1), "parameters", Map.of("binary_data_size", element.capacity()))),
                "outputs", List.of(Map.of("name", "probabilities", "parameters", Map.of("classification", 1))));

        byte[] top = binary(model, images, element.array());

        ByteBuffer strings = ByteBuffer.wrap(top, Integer.parseInt(lastHeaderLength), top.length - Integer.parseInt(lastHeaderLength))
                .slice().order(ByteOrder.LITTLE_ENDIAN);
        byte[] first = new byte[strings.getInt()];
        strings.get(first);
        assertThat(new String(first, StandardCharsets.UTF_8)).endsWith(":2:two");
        assertThat(strings.hasRemaining()).isFalse();
    }

    @Test
    void refusalsAreProtocolErrors() {
        String model = serve(unique("oip-errors"));
        Map<String, Object> good = Map.of("inputs", List.of(fp32("input", 1)));

        infer("no-such-model", good).then().statusCode(404).body("error", containsString("'no-such-model' is not served here"))
                .body("reason", nullValue());
        given().contentType(ContentType.JSON).body(good).post("/v2/models/" + model + "/versions/9/infer").then().statusCode(404)
                .body("error", containsString("not loaded"));
        Map<String, Object> narrow = Map.of("name", "input", "datatype", "FP32", "shape", List.of(1, 1, 2, 9), "data", new float[18]);
        infer(model, Map.of("inputs", List.of(narrow))).then().statusCode(400).body("error", containsString("[-1, 1, 2, 10]"));
        Map<String, Object> integers = Map.of("name", "input", "datatype", "INT32", "shape", List.of(1, 1, 2, 10), "data", new int[20]);
        infer(model, Map.of("inputs", List.of(integers))).then().statusCode(400).body("error", containsString("FP32"));
        infer(model, Map.of("inputs", List.of(bytes("bm90IGFuIGltYWdl")))).then().statusCode(400).body("error", containsString("UNSUPPORTED_FORMAT"));
        infer(model, Map.of("inputs", good.get("inputs"), "outputs", List.of(Map.of("name", "embedding")))).then().statusCode(400)
                .body("error", containsString("'embedding'"));
        given().contentType(ContentType.JSON).body("{\"inputs\": [").post("/v2/models/" + model + "/infer").then().statusCode(400)
                .body("error", notNullValue());
        given().get("/v2/models/no-such-model").then().statusCode(404).body("error", containsString("no-such-model"));
    }

    @Test
    void unversionedRequestsFollowTheStickyCanarySplitByRequestId() {
        String model = stableWithCanary(unique("oip-canary"), TinyClassifiers.columnClassifier(1, 10), 30);
        int canary = 0;
        for (int i = 0; i < 60; i++) {
            String id = "oip-" + i;
            boolean expectCanary = Routing.bucket(id) < 30;
            canary += expectCanary ? 1 : 0;
            Map<String, Object> input = i % 2 == 0 ? fp32("input", i % 10)
                    : bytes(Base64.getEncoder().encodeToString(TinyClassifiers.pngWithHotColumn(10, i % 10)));
            infer(model, Map.of("id", id, "inputs", List.of(input))).then().statusCode(200)
                    .body("model_version", equalTo(expectCanary ? "2" : "1"))
                    .body("parameters.route", equalTo(expectCanary ? "canary" : "stable"));
        }
        assertThat(canary).as("ids in the canary's buckets").isBetween(1, 59);
        given().contentType(ContentType.JSON).body(Map.of("id", "oip-0", "inputs", List.of(fp32("input", 0))))
                .post("/v2/models/" + model + "/versions/2/infer").then().statusCode(200).body("model_version", equalTo("2"));
    }

    private String lastHeaderLength;

    /** Posts {@code request} as JSON followed by {@code data}, as a binary tensor data client does. */
    private byte[] binary(String model, Map<String, Object> request, byte[] data) {
        byte[] json = Json.toBytes(request);
        byte[] body = Arrays.copyOf(json, json.length + data.length);
        System.arraycopy(data, 0, body, json.length, data.length);
        io.restassured.response.Response response = given().contentType("application/octet-stream")
                .header("Inference-Header-Content-Length", json.length).body(body).post("/v2/models/" + model + "/infer");
        response.then().statusCode(200);
        lastHeaderLength = response.header("Inference-Header-Content-Length");
        return response.asByteArray();
    }

    private String serve(String model) {
        kafka.announce(TinyClassifiers.publish(registry, model, ColourMode.GREY, DIGITS).manifest());
        await().atMost(ARRIVAL).until(() -> routes.routing(model).isPresent());
        return model;
    }

    private static io.restassured.response.Response infer(String model, Map<String, Object> request) {
        RequestSpecification spec = given().contentType(ContentType.JSON).body(request);
        return spec.post("/v2/models/" + model + "/infer");
    }

    /** A preprocessed FP32 batch [N, 1, 2, 10] (nested, as clients send it), column {@code hot} of each element at 1.0. */
    private static Map<String, Object> fp32(String name, int... hot) {
        float[][][][] data = new float[hot.length][1][TinyClassifiers.HEIGHT][10];
        for (int i = 0; i < hot.length; i++) {
            for (float[] row : data[i][0]) {
                row[hot[i]] = 1f;
            }
        }
        return Map.of("name", name, "datatype", "FP32", "shape", List.of(hot.length, 1, TinyClassifiers.HEIGHT, 10), "data", data);
    }


    private static Map<String, Object> bytes(String encodedImage) {
        return Map.of("name", "input", "datatype", "BYTES", "shape", List.of(1), "data", List.of(encodedImage));
    }
}
