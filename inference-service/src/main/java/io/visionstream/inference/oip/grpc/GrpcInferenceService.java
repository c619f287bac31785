package io.visionstream.inference.oip.grpc;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.common.annotation.Blocking;
import io.visionstream.inference.oip.OipCatalog;
import io.visionstream.inference.oip.OipException;
import io.visionstream.inference.oip.OipInference;
import io.visionstream.inference.oip.OipRejections;
import io.visionstream.inference.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.visionstream.inference.oip.grpc.v2.ModelInferRequest;
import io.visionstream.inference.oip.grpc.v2.ModelInferResponse;
import io.visionstream.inference.oip.grpc.v2.ModelMetadataRequest;
import io.visionstream.inference.oip.grpc.v2.ModelMetadataResponse;
import io.visionstream.inference.oip.grpc.v2.ModelReadyRequest;
import io.visionstream.inference.oip.grpc.v2.ModelReadyResponse;
import io.visionstream.inference.oip.grpc.v2.ServerLiveRequest;
import io.visionstream.inference.oip.grpc.v2.ServerLiveResponse;
import io.visionstream.inference.oip.grpc.v2.ServerMetadataRequest;
import io.visionstream.inference.oip.grpc.v2.ServerMetadataResponse;
import io.visionstream.inference.oip.grpc.v2.ServerReadyRequest;
import io.visionstream.inference.oip.grpc.v2.ServerReadyResponse;
import jakarta.inject.Inject;

/**
 * The Open Inference Protocol's {@code inference.GRPCInferenceService}, so gRPC clients of KServe, Triton or Seldon
 * use the served classifiers. It answers what {@code /v2} answers on REST, from the same catalog and the same
 * inference path; refusals are gRPC statuses ({@link GrpcStatuses}), counted like REST's ({@link OipRejections}), and
 * access follows the REST policies ({@link GrpcPolicies}). Scoring blocks, so every call runs on a worker thread.
 */
@GrpcService
@Blocking
@RegisterInterceptor(GrpcPolicies.class)
public class GrpcInferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    private final OipCatalog catalog;
    private final OipInference inference;
    private final OipRejections rejections;

    @Inject
    GrpcInferenceService(OipCatalog catalog, OipInference inference, OipRejections rejections) {
        this.catalog = catalog;
        this.inference = inference;
        this.rejections = rejections;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> answer) {
        reply(answer, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> answer) {
        reply(answer, () -> ServerReadyResponse.newBuilder().setReady(catalog.serverReady()).build());
    }

    /** Unversioned: whether the model has a servable version (NOT_FOUND when unknown); versioned: NOT_FOUND unless loaded here. */
    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> answer) {
        reply(answer, () -> {
            String model = required(request.getName(), "name");
            boolean ready = request.getVersion().isEmpty() ? catalog.modelReady(model) : catalog.versionReady(model, request.getVersion());
            return ModelReadyResponse.newBuilder().setReady(ready).build();
        });
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> answer) {
        reply(answer, () -> ProtoAnswers.server(catalog.server()));
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> answer) {
        reply(answer, () -> {
            String model = required(request.getName(), "name");
            return ProtoAnswers.model(request.getVersion().isEmpty() ? catalog.model(model) : catalog.version(model, request.getVersion()));
        });
    }

    /** Unversioned requests follow the rollout routing (the request id picks the sticky canary bucket). */
    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> answer) {
        reply(answer, () -> {
            String model = required(request.getModelName(), "model_name");
            String version = request.getModelVersion().isEmpty() ? null : request.getModelVersion();
            return ProtoAnswers.inference(inference.infer(model, version, request.getSerializedSize(), () -> ProtoCalls.call(request)));
        });
    }

    /** One response, or the refusal's status (a refusal counted in the rejection metrics). */
    private <T> void reply(StreamObserver<T> answer, Call<T> call) {
        T response;
        try {
            response = call.run();
        } catch (Exception e) {
            rejections.count(e, OipRejections.GRPC);
            answer.onError(GrpcStatuses.of(e));
            return;
        }
        answer.onNext(response);
        answer.onCompleted();
    }

    private static String required(String value, String field) {
        if (value.isEmpty()) {
            throw OipException.badRequest(field + " is required");
        }
        return value;
    }

    /** The work of one call; it may be interrupted while it waits for scoring. */
    private interface Call<T> {
        T run() throws InterruptedException;
    }
}
