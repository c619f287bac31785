package io.visionstream.inference;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.inference.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.visionstream.inference.oip.grpc.v2.InferParameter;
import io.visionstream.inference.oip.grpc.v2.InferTensorContents;
import io.visionstream.inference.oip.grpc.v2.ModelInferRequest;
import io.visionstream.inference.oip.grpc.v2.ModelInferResponse;
import io.visionstream.inference.oip.grpc.v2.ModelMetadataRequest;
import io.visionstream.inference.oip.grpc.v2.ModelMetadataResponse;
import io.visionstream.inference.oip.grpc.v2.ModelReadyRequest;
import io.visionstream.inference.oip.grpc.v2.ServerLiveRequest;
import io.visionstream.inference.oip.grpc.v2.ServerMetadataRequest;
import io.visionstream.inference.oip.grpc.v2.ServerReadyRequest;
import io.visionstream.inference.rollout.Routing;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The Open Inference Protocol's gRPC surface with a plain grpc-java client, on real ONNX Runtime sessions: health,
 * metadata, FP32 and BYTES inputs as typed and raw contents, classification, status codes and canary routing, each
 * answered as REST answers it.
 */
@QuarkusTest
@TestProfile(GrpcTestPort.Profile.class)
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class OpenInferenceProtocolGrpcTest extends KafkaServiceTestSupport {

    private ManagedChannel channel;
    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub grpc;

    @BeforeEach
    void open() {
        channel = GrpcTestPort.channel();
        grpc = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void healthAndMetadataDescribeTheServerAndEachModel() {
        String model = serve(unique("grpc-meta"));

        assertThat(grpc.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(grpc.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        assertThat(grpc.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName()).isEqualTo("visionstream-inference");
        assertThat(grpc.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getExtensionsList()).contains("classification", "binary_tensor_data");
        for (String version : List.of("", "1")) {
            ModelMetadataResponse metadata = grpc.modelMetadata(ModelMetadataRequest.newBuilder().setName(model).setVersion(version).build());
            assertThat(metadata.getName()).isEqualTo(model);
            assertThat(metadata.getVersionsList()).containsExactly("1");
            assertThat(metadata.getPlatform()).isEqualTo("onnxruntime_onnx");
            assertThat(metadata.getInputs(0).getName()).isEqualTo("input");
            assertThat(metadata.getInputs(0).getDatatype()).isEqualTo("FP32");
            assertThat(metadata.getInputs(0).getShapeList()).containsExactly(-1L, 1L, (long) TinyClassifiers.HEIGHT, 10L);
            assertThat(metadata.getOutputs(0).getName()).isEqualTo("probabilities");
            assertThat(metadata.getOutputs(0).getDatatype()).isEqualTo("FP32");
            assertThat(metadata.getOutputs(0).getShapeList()).containsExactly(-1L, 10L);
            assertThat(metadata.getOutputs(1).getName()).isEqualTo("logits");
            assertThat(metadata.getOutputs(1).getDatatype()).isEqualTo("FP32");
            assertThat(metadata.getOutputs(1).getShapeList()).containsExactly(-1L, 10L);
        }
        assertThat(grpc.modelReady(ModelReadyRequest.newBuilder().setName(model).build()).getReady()).isTrue();
        assertThat(grpc.modelReady(ModelReadyRequest.newBuilder().setName(model).setVersion("1").build()).getReady()).isTrue();
        assertRefused(() -> grpc.modelReady(ModelReadyRequest.newBuilder().setName(model).setVersion("2").build()), Status.Code.NOT_FOUND, "not loaded");
        assertRefused(() -> grpc.modelMetadata(ModelMetadataRequest.newBuilder().setName("no-such-model").build()), Status.Code.NOT_FOUND,
                "'no-such-model' is not served here");
    }

    @Test
    void fp32ContentsGetTheProbabilitiesRestGivesForTheSameTensor() {
        String model = serve(unique("grpc-fp32"));
        float[] tensor = columns(3, 7);

        ModelInferResponse answer = grpc.modelInfer(request(model, "fp32-1").addInputs(fp32Input(2)
                .setContents(InferTensorContents.newBuilder().addAllFp32Contents(boxed(tensor)))).build());

        assertThat(answer.getModelName()).isEqualTo(model);
        assertThat(answer.getModelVersion()).isEqualTo("1");
        assertThat(answer.getId()).isEqualTo("fp32-1");
        assertThat(answer.getParametersOrThrow("route").getStringParam()).isEqualTo("stable");
        assertThat(answer.getRawOutputContentsCount()).isZero();
        ModelInferResponse.InferOutputTensor output = answer.getOutputs(0);
        assertThat(output.getName()).isEqualTo("probabilities");
        assertThat(output.getDatatype()).isEqualTo("FP32");
        assertThat(output.getShapeList()).containsExactly(2L, 10L);
        List<Float> probabilities = output.getContents().getFp32ContentsList();
        assertThat(probabilities).hasSize(20);
        assertThat(probabilities.get(10 + 7)).isGreaterThan(0.99f);
        List<Float> rest = given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(Map.of("name", "input", "datatype", "FP32",
                        "shape", List.of(2, 1, TinyClassifiers.HEIGHT, 10), "data", tensor))))
                .post("/v2/models/" + model + "/infer").then().statusCode(200).extract().jsonPath().getList("outputs[0].data", Float.class);
        assertThat(probabilities).isEqualTo(rest);
    }

    @Test
    void encodedImagesAsBytesContentsAreClassifiedWithTheExtension() {
        String model = serve(unique("grpc-png"));
        byte[] png = TinyClassifiers.pngWithHotColumn(10, 4);

        ModelInferResponse answer = grpc.modelInfer(request(model, "png-1")
                .addInputs(bytesInput().setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFrom(png))))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("probabilities")
                        .putParameters("classification", InferParameter.newBuilder().setInt64Param(3).build()))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("logits"))
                .build());

        assertThat(answer.getOutputsCount()).isEqualTo(2);
        assertThat(answer.getOutputs(1).getName()).isEqualTo("logits");
        assertThat(answer.getOutputs(1).getShapeList()).containsExactly(1L, 10L);
        ModelInferResponse.InferOutputTensor output = answer.getOutputs(0);
        assertThat(output.getDatatype()).isEqualTo("BYTES");
        assertThat(output.getShapeList()).containsExactly(1L, 3L);
        List<String> classes = output.getContents().getBytesContentsList().stream().map(ByteString::toStringUtf8).toList();
        assertThat(classes).hasSize(3);
        assertThat(classes.get(0)).matches("\\d\\.\\d{6}:4:four");
        assertThat(Double.parseDouble(classes.get(0).split(":")[0])).isGreaterThan(0.99);
        assertThat(classes.get(1)).matches("0\\.\\d{6}:\\d:\\w+");
    }

    @Test
    void logitsAreTheGraphsAndProbabilitiesTheirSoftmaxForEitherKindOfModel() throws Exception {
        byte[] both = TinyClassifiers.columnClassifier(1, 10);
        byte[] logitsOnly = TinyClassifiers.logitsOnlyColumnClassifier(1, 10);
        Map<String, byte[]> models = Map.of(
                serveWithOutputs(unique("grpc-both"), both, new ModelManifest.OutputNames("logits", "probabilities", null)), both,
                serveWithOutputs(unique("grpc-logits"), logitsOnly, new ModelManifest.OutputNames("logits", null, null)), logitsOnly);
        float[] batch = OipOutputs.randomBatch(3, 13);

        for (Map.Entry<String, byte[]> model : models.entrySet()) {
            ModelMetadataResponse metadata = grpc.modelMetadata(ModelMetadataRequest.newBuilder().setName(model.getKey()).build());
            assertThat(metadata.getOutputsList()).extracting(ModelMetadataResponse.TensorMetadata::getName).containsExactly("probabilities", "logits");
            ModelInferResponse answer = grpc.modelInfer(request(model.getKey(), "logits-1").addInputs(fp32Input(3)
                    .setContents(InferTensorContents.newBuilder().addAllFp32Contents(boxed(batch)))).build());

            assertThat(answer.getOutputsList()).extracting(ModelInferResponse.InferOutputTensor::getName).containsExactly("probabilities", "logits");
            ModelInferResponse.InferOutputTensor logits = answer.getOutputs(1);
            assertThat(logits.getDatatype()).isEqualTo("FP32");
            assertThat(logits.getShapeList()).containsExactly(3L, 10L);
            float[] served = OipOutputs.floats(logits.getContents().getFp32ContentsList());
            assertThat(served).as(model.getKey()).containsExactly(OipOutputs.graphLogits(model.getValue(), batch, 3), within(1e-5f));
            OipOutputs.assertSoftmaxOf(served, OipOutputs.floats(answer.getOutputs(0).getContents().getFp32ContentsList()));
        }
    }

    @Test
    void refusalsAreCountedInTheRejectionMetricsOnTheirOwnChannel() {
        double notFound = OipOutputs.rejections("oip-grpc", "NOT_FOUND");
        double badRequest = OipOutputs.rejections("oip-grpc", "BAD_REQUEST");
        ModelInferRequest.InferInputTensor.Builder good = fp32Input(1).setContents(InferTensorContents.newBuilder().addAllFp32Contents(boxed(columns(1))));

        assertRefused(() -> grpc.modelInfer(request("no-such-model", "m1").addInputs(good).build()), Status.Code.NOT_FOUND, "not served here");
        assertRefused(() -> grpc.modelInfer(request("", "m2").addInputs(good).build()), Status.Code.INVALID_ARGUMENT, "model_name is required");

        assertThat(OipOutputs.rejections("oip-grpc", "NOT_FOUND")).isEqualTo(notFound + 1);
        assertThat(OipOutputs.rejections("oip-grpc", "BAD_REQUEST")).isEqualTo(badRequest + 1);
    }

    @Test
    void rawInputContentsComeBackAsRawOutputContents() {
        String model = serve(unique("grpc-raw"));
        ByteBuffer tensor = ByteBuffer.allocate(20 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        tensor.putFloat(6 * Float.BYTES, 1f).putFloat(16 * Float.BYTES, 1f);

        ModelInferResponse answer = grpc.modelInfer(request(model, "raw-1").addInputs(fp32Input(1))
                .addRawInputContents(ByteString.copyFrom(tensor.array())).build());

        assertThat(answer.getOutputs(0).hasContents()).isFalse();
        assertThat(answer.getOutputs(0).getShapeList()).containsExactly(1L, 10L);
        ByteBuffer probabilities = answer.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(probabilities.remaining()).isEqualTo(40);
        assertThat(probabilities.getFloat(6 * Float.BYTES)).isGreaterThan(0.99f);

        byte[] png = TinyClassifiers.pngWithHotColumn(10, 2);
        ByteBuffer element = ByteBuffer.allocate(4 + png.length).order(ByteOrder.LITTLE_ENDIAN).putInt(png.length).put(png);
        ModelInferResponse top = grpc.modelInfer(request(model, "raw-2").addInputs(bytesInput())
                .addRawInputContents(ByteString.copyFrom(element.array()))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("probabilities")
                        .putParameters("classification", InferParameter.newBuilder().setInt64Param(1).build()))
                .build());

        ByteBuffer strings = top.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        byte[] first = new byte[strings.getInt()];
        strings.get(first);
        assertThat(new String(first, StandardCharsets.UTF_8)).endsWith(":2:two");
        assertThat(strings.hasRemaining()).isFalse();
        assertThat(top.getOutputs(0).getDatatype()).isEqualTo("BYTES");
    }

    @Test
    void refusalsAreStatusCodesWithPreciseMessages() {
        String model = serve(unique("grpc-errors"));
        ModelInferRequest.InferInputTensor.Builder good = fp32Input(1).setContents(InferTensorContents.newBuilder().addAllFp32Contents(boxed(columns(1))));

        assertRefused(() -> grpc.modelInfer(request("no-such-model", "e1").addInputs(good).build()), Status.Code.NOT_FOUND,
                "'no-such-model' is not served here");
        assertRefused(() -> grpc.modelInfer(request(model, "e2").setModelVersion("9").addInputs(good).build()), Status.Code.NOT_FOUND,
                "version 9 of model '" + model + "' is not loaded here");
        ModelInferRequest.InferInputTensor.Builder narrow = ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                .addAllShape(List.of(1L, 1L, 2L, 9L)).setContents(InferTensorContents.newBuilder().addAllFp32Contents(boxed(new float[18])));
        assertRefused(() -> grpc.modelInfer(request(model, "e3").addInputs(narrow).build()), Status.Code.INVALID_ARGUMENT, "[-1, 1, 2, 10]");
        assertRefused(() -> grpc.modelInfer(request(model, "e4").addInputs(good.clone().setDatatype("INT32")).build()),
                Status.Code.INVALID_ARGUMENT, "must be FP32 (preprocessed) or BYTES (encoded images), was INT32");
        assertRefused(() -> grpc.modelInfer(request(model, "e5").addInputs(fp32Input(1)).addRawInputContents(ByteString.copyFrom(new byte[80]))
                .addRawInputContents(ByteString.copyFrom(new byte[80])).build()), Status.Code.INVALID_ARGUMENT, "raw_input_contents has 2 entries for 1 inputs");
        assertRefused(() -> grpc.modelInfer(request(model, "e6").addInputs(good).addRawInputContents(ByteString.copyFrom(new byte[80])).build()),
                Status.Code.INVALID_ARGUMENT, "use one or the other");
        assertRefused(() -> grpc.modelInfer(request(model, "e7").addInputs(fp32Input(1)
                        .setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8("x")))).build()),
                Status.Code.INVALID_ARGUMENT, "contents.fp32_contents");
        assertRefused(() -> grpc.modelInfer(request(model, "e8").addInputs(good)
                        .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("embedding")).build()),
                Status.Code.INVALID_ARGUMENT, "'embedding'");
        assertRefused(() -> grpc.modelInfer(request("", "e9").addInputs(good).build()), Status.Code.INVALID_ARGUMENT, "model_name is required");
    }

    @Test
    void unversionedRequestsFollowTheStickyCanarySplitByRequestId() {
        String model = stableWithCanary(unique("grpc-canary"), TinyClassifiers.columnClassifier(1, 10), 30);
        int canary = 0;
        for (int i = 0; i < 40; i++) {
            String id = "grpc-" + i;
            boolean expectCanary = Routing.bucket(id) < 30;
            canary += expectCanary ? 1 : 0;
            ModelInferResponse answer = grpc.modelInfer(request(model, id).addInputs(fp32Input(1)
                    .setContents(InferTensorContents.newBuilder().addAllFp32Contents(boxed(columns(i % 10))))).build());
            assertThat(answer.getModelVersion()).as(id).isEqualTo(expectCanary ? "2" : "1");
            assertThat(answer.getParametersOrThrow("route").getStringParam()).as(id).isEqualTo(expectCanary ? "canary" : "stable");
        }
        assertThat(canary).as("ids in the canary's buckets").isBetween(1, 39);
        ModelInferResponse pinned = grpc.modelInfer(request(model, "grpc-0").setModelVersion("2").addInputs(fp32Input(1)
                .setContents(InferTensorContents.newBuilder().addAllFp32Contents(boxed(columns(0))))).build());
        assertThat(pinned.getModelVersion()).isEqualTo("2");
    }

    private String serve(String model) {
        kafka.announce(TinyClassifiers.publish(registry, model, ColourMode.GREY, DIGITS).manifest());
        await().atMost(ARRIVAL).until(() -> routes.routing(model).isPresent());
        return model;
    }

    private static ModelInferRequest.Builder request(String model, String id) {
        return ModelInferRequest.newBuilder().setModelName(model).setId(id);
    }

    private static ModelInferRequest.InferInputTensor.Builder fp32Input(int batch) {
        return ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                .addAllShape(List.of((long) batch, 1L, (long) TinyClassifiers.HEIGHT, 10L));
    }

    private static ModelInferRequest.InferInputTensor.Builder bytesInput() {
        return ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("BYTES").addShape(1);
    }

    /** A flat FP32 batch [N, 1, HEIGHT, 10], column {@code hot} of each element at 1.0. */
    private static float[] columns(int... hot) {
        int perItem = TinyClassifiers.HEIGHT * 10;
        float[] data = new float[hot.length * perItem];
        for (int i = 0; i < hot.length; i++) {
            for (int row = 0; row < TinyClassifiers.HEIGHT; row++) {
                data[i * perItem + row * 10 + hot[i]] = 1f;
            }
        }
        return data;
    }

    private static List<Float> boxed(float[] values) {
        List<Float> boxed = new ArrayList<>(values.length);
        for (float value : values) {
            boxed.add(value);
        }
        return boxed;
    }


    private static void assertRefused(Runnable call, Status.Code code, String message) {
        StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(refusal).as("a refusal").isNotNull();
        assertThat(refusal.getStatus().getCode()).isEqualTo(code);
        assertThat(refusal.getStatus().getDescription()).contains(message);
    }
}
