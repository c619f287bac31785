package io.visionstream.inference;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.visionstream.inference.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.visionstream.inference.oip.grpc.v2.InferTensorContents;
import io.visionstream.inference.oip.grpc.v2.ModelInferRequest;
import io.visionstream.inference.oip.grpc.v2.ModelMetadataRequest;
import io.visionstream.inference.oip.grpc.v2.ModelReadyRequest;
import io.visionstream.inference.oip.grpc.v2.ServerLiveRequest;
import io.visionstream.inference.oip.grpc.v2.ServerReadyRequest;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The /v2 surface and the gRPC port follow the read and classify policies of /api/models and /api/classify; their
 * health stays open.
 */
@QuarkusTest
@TestProfile(OpenInferenceProtocolSecurityTest.TokensRequired.class)
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class OpenInferenceProtocolSecurityTest {

    public static class TokensRequired implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(GrpcTestPort.overrides());
            overrides.put("visionstream.inference.security.read-policy", "authenticated");
            overrides.put("visionstream.inference.security.classify-policy", "authenticated");
            return overrides;
        }
    }

    @Test
    void metadataAndInferenceNeedATokenWhenThePoliciesSaySo() {
        Map<String, Object> request = Map.of("inputs", List.of(Map.of("name", "input", "datatype", "FP32", "shape", List.of(1, 1, 2, 10),
                "data", new float[20])));
        given().get("/v2").then().statusCode(401);
        given().get("/v2/models/anything").then().statusCode(401);
        given().contentType(ContentType.JSON).body(request).post("/v2/models/anything/infer").then().statusCode(401);
        given().contentType(ContentType.JSON).body(request).post("/v2/models/anything/versions/1/infer").then().statusCode(401);
        given().get("/v2/health/live").then().statusCode(200);

        String token = DevJwtTestResource.token("reader@example");
        given().auth().oauth2(token).get("/v2/models/anything").then().statusCode(404);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(request).post("/v2/models/anything/infer").then().statusCode(404);
    }

    @Test
    void grpcCallsNeedATokenWhenThePoliciesSaySo() throws InterruptedException {
        ManagedChannel channel = GrpcTestPort.channel();
        try {
            GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub anonymous = GRPCInferenceServiceGrpc.newBlockingStub(channel);
            ModelInferRequest infer = ModelInferRequest.newBuilder().setModelName("anything").addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                    .setName("input").setDatatype("FP32").addAllShape(List.of(1L, 1L, 1L, 1L)).setContents(InferTensorContents.newBuilder().addFp32Contents(0f))).build();
            assertThat(anonymous.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
            anonymous.serverReady(ServerReadyRequest.getDefaultInstance());
            assertStatus(() -> anonymous.modelInfer(infer), Status.Code.UNAUTHENTICATED, "bearer JWT");
            assertStatus(() -> anonymous.modelMetadata(ModelMetadataRequest.newBuilder().setName("anything").build()), Status.Code.UNAUTHENTICATED, "bearer JWT");
            assertStatus(() -> anonymous.modelReady(ModelReadyRequest.newBuilder().setName("anything").build()), Status.Code.UNAUTHENTICATED, "bearer JWT");
            assertStatus(() -> withToken(anonymous, "not-a-jwt").modelInfer(infer), Status.Code.UNAUTHENTICATED, "not valid");

            GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub reader = withToken(anonymous, DevJwtTestResource.token("reader@example"));
            assertStatus(() -> reader.modelInfer(infer), Status.Code.NOT_FOUND, "'anything' is not served here");
            assertStatus(() -> reader.modelMetadata(ModelMetadataRequest.newBuilder().setName("anything").build()), Status.Code.NOT_FOUND, "anything");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub withToken(GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub, String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static void assertStatus(Runnable call, Status.Code code, String message) {
        StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(refusal).as("a refusal").isNotNull();
        assertThat(refusal.getStatus().getCode()).isEqualTo(code);
        assertThat(refusal.getStatus().getDescription()).contains(message);
    }
}
