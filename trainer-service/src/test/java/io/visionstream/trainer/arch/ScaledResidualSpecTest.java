package io.visionstream.trainer.arch;

import io.visionstream.common.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The residual's scale in JSON and in the shape analysis (Inception-ResNet's scaled residual add). */
class ScaledResidualSpecTest {

    private static final String BODY = "{\"type\": \"sequential\", \"layers\": [{\"type\": \"conv\", \"filters\": 4, \"kernel\": 1}]}";

    @Test
    void aResidualWrittenWithoutAScaleAddsTheBodyUnscaled() throws Exception {
        LayerSpec parsed = Json.mapper().readValue("{\"type\": \"residual\", \"body\": " + BODY + "}", LayerSpec.class);

        assertThat(parsed).isInstanceOfSatisfying(LayerSpec.Residual.class, r -> assertThat(r.scale()).isEqualTo(1.0));
    }

    @Test
    void aScaledResidualRoundTripsThroughJson() throws Exception {
        LayerSpec residual = Layers.scaledResidual(Layers.seq(Layers.conv(4, 1, 1, 0)), 0.2, Layers.relu());

        String json = Json.mapper().writeValueAsString(residual);
        LayerSpec parsed = Json.mapper().readValue(json, LayerSpec.class);

        assertThat(json).contains("\"scale\":0.2");
        assertThat(parsed).isEqualTo(residual);
    }

    @Test
    void scalingAddsNoParametersAndKeepsTheShape() {
        LayerSpec body = Layers.seq(Layers.conv(4, 3, 1, 1));
        NetworkAnalysis.Result plain = NetworkAnalysis.of(network(Layers.residual(body, null, null)));
        NetworkAnalysis.Result scaled = NetworkAnalysis.of(network(Layers.scaledResidual(body, 0.2, null)));

        assertThat(scaled.parameters()).isEqualTo(plain.parameters()).isEqualTo(4 * 4 * 9 + 4 + 64 * 2 + 2);
        assertThat(scaled.layers()).extracting(NetworkAnalysis.LayerInfo::output).isEqualTo(plain.layers().stream()
                .map(NetworkAnalysis.LayerInfo::output).toList());
    }

    @Test
    void aNonFiniteScaleIsRejectedWithTheLayerPath() {
        LayerSpec residual = Layers.scaledResidual(Layers.seq(Layers.conv(4, 1, 1, 0)), Double.NaN, null);

        assertThatThrownBy(() -> NetworkAnalysis.of(network(residual))).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("tiny/0").hasMessageContaining("residual scale must be a finite number");
    }

    private static NetworkSpec network(LayerSpec residual) {
        return new NetworkSpec("tiny", 4, 4, 4, 2, Layers.seq(residual, Layers.flatten(), Layers.dense(2)));
    }
}
