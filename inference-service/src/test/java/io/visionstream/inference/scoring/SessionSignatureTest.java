package io.visionstream.inference.scoring;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.visionstream.common.onnx.DeclaredTensor;
import io.visionstream.common.onnx.GraphSignature;
import io.visionstream.common.testing.TinyClassifiers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionSignatureTest {

    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

    @Test
    void describesWhatOnnxRuntimeOpenedInOnnxTerms() throws Exception {
        try (OrtSession session = ORT.createSession(TinyClassifiers.columnClassifier(3, 10))) {
            GraphSignature graph = SessionSignature.of(session);

            assertThat(graph.inputs()).containsOnlyKeys("input");
            DeclaredTensor input = graph.inputs().get("input");
            assertThat(input.isFloat()).isTrue();
            assertThat(input.shape()).containsExactly(DeclaredTensor.DYNAMIC, 3, TinyClassifiers.HEIGHT, 10);
            assertThat(graph.outputs()).containsOnlyKeys("logits", "probabilities");
            assertThat(graph.outputs().get("probabilities")).hasToString("float[-1, 10]");
        }
    }

    @Test
    void keepsAFixedBatchDimension() throws Exception {
        try (OrtSession session = ORT.createSession(TinyClassifiers.fixedBatchOneColumnClassifier(1, 10))) {
            assertThat(SessionSignature.of(session).inputs().get("input").shape()).containsExactly(1, 1, TinyClassifiers.HEIGHT, 10);
        }
    }
}
