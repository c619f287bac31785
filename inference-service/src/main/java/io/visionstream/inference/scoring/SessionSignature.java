package io.visionstream.inference.scoring;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.visionstream.common.onnx.DeclaredTensor;
import io.visionstream.common.onnx.GraphSignature;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signature of a graph as ONNX Runtime opened it, in common's neutral form, so that a loaded model is judged by
 * the same {@link io.visionstream.common.onnx.ManifestFit} rule that registered it.
 */
final class SessionSignature {

    private static final String TYPE_PREFIX = "ONNX_TENSOR_ELEMENT_DATA_TYPE_";

    private SessionSignature() {
    }

    static GraphSignature of(OrtSession session) throws OrtException {
        return new GraphSignature(declared(session.getInputInfo()), declared(session.getOutputInfo()));
    }

    private static Map<String, DeclaredTensor> declared(Map<String, NodeInfo> nodes) {
        Map<String, DeclaredTensor> tensors = new LinkedHashMap<>();
        nodes.forEach((name, node) -> tensors.put(name, node.getInfo() instanceof TensorInfo tensor
                ? new DeclaredTensor(onnxElementType(tensor.onnxType), tensor.getShape())
                : new DeclaredTensor(DeclaredTensor.NOT_A_TENSOR, new long[0])));
        return tensors;
    }

    /** ONNX Runtime's Java enum numbers element types its own way (its FLOAT is 10, ONNX's FLOAT16); the names agree. */
    private static int onnxElementType(TensorInfo.OnnxTensorType type) {
        String name = type.name().substring(TYPE_PREFIX.length());
        return Arrays.stream(OnnxMl.TensorProto.DataType.values()).filter(t -> t.name().equals(name)).findFirst()
                .map(OnnxMl.TensorProto.DataType::getNumber).orElse(DeclaredTensor.NOT_A_TENSOR);
    }
}
