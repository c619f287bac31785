package io.visionstream.inference.oip;

import io.visionstream.common.events.Route;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.TensorLayout;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.inference.scoring.Scored;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which outputs an answer offers when its elements come from versions with and without logits. */
class OutputTensorsTest {

    private static final List<String> LABELS = List.of("a", "b");

    @Test
    void anElementAnsweredByAVersionWithoutLogitsLeavesOnlyTheProbabilitiesOnOffer() {
        Scored canary = scored(new ModelManifest.OutputNames("logits", null, null), Route.CANARY, new float[] {0.25f, 0.75f}, new float[] {0f, 1.1f});
        Scored stable = scored(new ModelManifest.OutputNames(null, "probabilities", null), Route.STABLE, new float[] {0.5f, 0.5f}, null);

        List<OutputTensor> all = OutputTensors.outputs(null, false, List.of(canary, stable));

        assertThat(all).extracting(OutputTensor::name).containsExactly("probabilities");
        assertThat(all.get(0).floats()).containsExactly(0.25f, 0.75f, 0.5f, 0.5f);
        assertThat(OutputTensors.outputs(null, false, List.of(canary, canary))).extracting(OutputTensor::name)
                .containsExactly("probabilities", "logits");
        assertThatThrownBy(() -> OutputTensors.outputs(List.of(new InferRequest.RequestedOutput("logits", null)), false, List.of(canary, stable)))
                .isInstanceOf(OipException.class).hasMessageContaining("the model's outputs are [probabilities]");
    }

    private static Scored scored(ModelManifest.OutputNames outputs, Route route, float[] probabilities, float[] logits) {
        ModelManifest manifest = TinyClassifiers.manifest("mixed", ColourMode.GREY, LABELS, outputs, TensorLayout.NCHW);
        return new Scored(manifest, route, probabilities, logits, 1, 0, 0);
    }
}
