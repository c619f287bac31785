package io.visionstream.inference.scoring;

import ai.onnx.proto.OnnxMl;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.onnx.ExternalTensors;
import io.visionstream.common.onnx.ModelOutline;

import java.io.IOException;
import java.util.Optional;

/**
 * Refuses ONNX models whose tensors are stored outside the model file ({@code TensorProto.data_location = EXTERNAL}).
 * ONNX Runtime would read such data from a path the graph names, relative to wherever it resolves paths: a
 * published model could make the service read any file, and those bytes were never covered by the manifest's
 * sha256 ({@link ExternalTensors}). Bytes that do not parse as an ONNX model are refused too, since they cannot be
 * inspected. The check reads the {@link ModelOutline}: the weights are neither parsed nor copied.
 */
final class ExternalDataCheck {

    private ExternalDataCheck() {
    }

    static void requireSelfContained(ModelRef ref, byte[] onnx) throws ModelLoadException {
        OnnxMl.ModelProto model;
        try {
            model = ModelOutline.read(onnx);
        } catch (IOException e) { // from an array only InvalidProtocolBufferException: not a (valid) ONNX protobuf
            throw new ModelLoadException(ModelLoadException.Reason.INVALID_MODEL, ref + ": the file is not an ONNX model: " + e.getMessage(), e);
        }
        Optional<String> external = ExternalTensors.first(model);
        if (external.isPresent()) {
            throw new ModelLoadException(ModelLoadException.Reason.EXTERNAL_DATA, ref + ": tensor '" + external.get()
                    + "' keeps its data in an external file; only self-contained model.onnx files are served");
        }
    }
}
