package io.visionstream.trainer.publish;

import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.onnx.ManifestFit;
import io.visionstream.common.preprocess.TensorLayout;
import io.visionstream.common.testing.TinyClassifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code inspect}'s draft: what a user gets from the graph alone, and that it fits the graph it came from. */
class ManifestDraftTest {

    @TempDir
    Path dir;

    @Test
    void draftsInputLayoutAndOutputsFromTheGraph() throws IOException {
        ModelManifest nchw = draft(TinyClassifiers.columnClassifier(3, 4)).manifest();
        assertThat(nchw.input()).isEqualTo(new ModelManifest.InputSpec("input", 3, TinyClassifiers.HEIGHT, 4, TensorLayout.NCHW));
        assertThat(nchw.outputs()).isEqualTo(new ModelManifest.OutputNames("logits", "probabilities", null));
        assertThat(nchw.labels()).containsExactly("class-0", "class-1", "class-2", "class-3");
        assertThat(nchw.onnx().opset()).isEqualTo(17);

        assertThat(draft(TinyClassifiers.nhwcColumnClassifier(3, 4)).manifest().input())
                .isEqualTo(new ModelManifest.InputSpec("input", 3, TinyClassifiers.HEIGHT, 4, TensorLayout.NHWC));
        assertThat(draft(TinyClassifiers.logitsOnlyColumnClassifier(1, 4)).manifest().outputs())
                .isEqualTo(new ModelManifest.OutputNames("logits", null, null));
    }

    @Test
    void theDraftFitsItsGraphAndSurvivesJson() throws IOException {
        for (byte[] onnx : new byte[][] {TinyClassifiers.columnClassifier(3, 4), TinyClassifiers.nhwcColumnClassifier(3, 4),
                TinyClassifiers.logitsOnlyColumnClassifier(3, 4), TinyClassifiers.fixedBatchOneColumnClassifier(1, 4)}) {
            ManifestDraft.Draft draft = draft(onnx);
            assertThat(ManifestFit.mismatches(OnnxSignature.read(dir.resolve("model.onnx")).graph(), draft.manifest())).isEmpty();
            assertThat(Json.fromBytes(Json.toJson(draft.manifest()).getBytes(), ModelManifest.class)).isEqualTo(draft.manifest());
            assertThat(draft.notes()).anyMatch(note -> note.contains("labels and preprocess are placeholders"));
        }
    }

    private ManifestDraft.Draft draft(byte[] onnx) throws IOException {
        Path file = Files.write(dir.resolve("model.onnx"), onnx);
        return ManifestDraft.of("tiny", OnnxSignature.read(file));
    }
}
