package io.visionstream.inference.oip.grpc;

import com.google.protobuf.ByteString;
import io.visionstream.inference.oip.Datatype;
import io.visionstream.inference.oip.InferenceAnswer;
import io.visionstream.inference.oip.Metadata;
import io.visionstream.inference.oip.OutputTensor;
import io.visionstream.inference.oip.grpc.v2.InferParameter;
import io.visionstream.inference.oip.grpc.v2.InferTensorContents;
import io.visionstream.inference.oip.grpc.v2.ModelInferResponse;
import io.visionstream.inference.oip.grpc.v2.ModelMetadataResponse;
import io.visionstream.inference.oip.grpc.v2.ServerMetadataResponse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Writes the protocol's gRPC responses. The protocol allows raw outputs only all together, so when any output is raw
 * every output goes into {@code raw_output_contents} (in order) and none has {@code contents}; otherwise FP32 values
 * are in {@code fp32_contents} and BYTES strings (UTF-8) in {@code bytes_contents}.
 */
final class ProtoAnswers {

    private ProtoAnswers() {
    }

    static ModelInferResponse inference(InferenceAnswer answer) {
        boolean raw = answer.outputs().stream().anyMatch(OutputTensor::raw);
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
                .setModelName(answer.model().name())
                .setModelVersion(Integer.toString(answer.model().version()))
                .setId(answer.id() == null ? "" : answer.id())
                .putParameters("route", InferParameter.newBuilder().setStringParam(answer.route().name().toLowerCase(Locale.ROOT)).build());
        for (OutputTensor output : answer.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder tensor = ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(output.name()).setDatatype(output.datatype()).addAllShape(shape(output.shape()));
            if (raw) {
                response.addRawOutputContents(ByteString.copyFrom(output.rawBytes()));
            } else {
                tensor.setContents(contents(output));
            }
            response.addOutputs(tensor);
        }
        return response.build();
    }

    static ServerMetadataResponse server(Metadata.Server server) {
        return ServerMetadataResponse.newBuilder().setName(server.name()).setVersion(server.version()).addAllExtensions(server.extensions()).build();
    }

    static ModelMetadataResponse model(Metadata.Model model) {
        ModelMetadataResponse.Builder response = ModelMetadataResponse.newBuilder()
                .setName(model.name()).addAllVersions(model.versions()).setPlatform(model.platform());
        model.inputs().forEach(tensor -> response.addInputs(tensor(tensor)));
        model.outputs().forEach(tensor -> response.addOutputs(tensor(tensor)));
        return response.build();
    }

    private static ModelMetadataResponse.TensorMetadata tensor(Metadata.Tensor tensor) {
        return ModelMetadataResponse.TensorMetadata.newBuilder().setName(tensor.name()).setDatatype(tensor.datatype())
                .addAllShape(shape(tensor.shape())).build();
    }

    private static InferTensorContents contents(OutputTensor output) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        if (Datatype.FP32.equals(output.datatype())) {
            for (float value : output.floats()) {
                contents.addFp32Contents(value);
            }
        } else {
            output.strings().forEach(s -> contents.addBytesContents(ByteString.copyFrom(s, StandardCharsets.UTF_8)));
        }
        return contents.build();
    }

    private static List<Long> shape(long[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }
}
