package io.visionstream.trainer.arch;

import io.visionstream.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZooTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "resnet18, 224, 11689512",
            "resnet50, 224, 25557032",
            "resnet152, 224, 60192808",
            "vgg16, 224, 138357544",
            "alexnet, 224, 61100840",
            "densenet121, 224, 7978856",
            "googlenet, 224, 6624904",
            "inception-v3, 299, 27161264",
            "inception-v4, 299, 42679816",
            "inception-resnet-v2, 299, 55843464"})
    void parameterCountsEqualTorchvisionOrTimmAt1000Classes(String arch, int size, long reference) {
        NetworkAnalysis.Result result = NetworkAnalysis.of(Zoo.build(arch, 3, size, 1000));

        assertThat(result.parameters()).as(arch).isEqualTo(reference);
        assertThat(result.output()).isEqualTo(Shape.features(1000));
    }

    static Set<String> zoo() {
        return Zoo.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void everyNetworkBuildsAtItsStandardInputAndRoundTripsThroughJson(String arch) throws Exception {
        Zoo.Input input = Zoo.standardInput(arch);
        NetworkSpec spec = Zoo.build(arch, input.channels(), input.size(), 10);

        NetworkAnalysis.Result result = NetworkAnalysis.of(spec);
        String json = Json.mapper().writeValueAsString(spec);
        NetworkSpec parsed = Json.mapper().readValue(json, NetworkSpec.class);

        assertThat(result.output()).isEqualTo(Shape.features(10));
        assertThat(result.parameters()).isPositive();
        assertThat(result.multiplyAdds()).isPositive();
        assertThat(parsed).isEqualTo(spec);
        assertThat(Zoo.description(arch)).isNotBlank();
    }

    @Test
    void lenetOnFashionMnistHasTheTextbookShapes() {
        NetworkAnalysis.Result result = NetworkAnalysis.of(Zoo.build("lenet5", 1, 28, 10));

        assertThat(result.parameters()).isEqualTo(61_706);
        assertThat(result.layers()).filteredOn(l -> l.type().equals("flatten")).singleElement()
                .satisfies(l -> assertThat(l.output()).isEqualTo(Shape.features(400)));
    }

    @Test
    void resnetSmallStemKeeps28PixelsUsable() {
        NetworkAnalysis.Result small = NetworkAnalysis.of(Zoo.build("resnet18", 1, 28, 10, new ZooOptions(1, false, true)));

        assertThat(small.layers()).filteredOn(l -> l.path().endsWith("layer4/1/post")).singleElement()
                .satisfies(l -> assertThat(l.output()).isEqualTo(Shape.image(512, 4, 4)));
    }

    @Test
    void inceptionV3CountsItsAuxiliaryHeadSeparately() {
        NetworkAnalysis.Result result = NetworkAnalysis.of(Zoo.build("inception-v3", 3, 299, 1000));

        // torchvision's AuxLogits: conv 768->128 1x1 + BN, conv 128->768 5x5 + BN, fc 768->1000
        assertThat(result.auxParameters()).isEqualTo(768 * 128 + 2 * 128 + 128 * 768 * 25 + 2 * 768 + 768 * 1000 + 1000);
    }

    @Test
    void inceptionResNetV2ScalesItsResidualBlocksAsTimmDoes() {
        List<LayerSpec.Residual> residuals = new ArrayList<>();
        collectResiduals(Zoo.build("inception-resnet-v2", 3, 299, 1000).body(), residuals);

        assertThat(residuals).extracting(LayerSpec.Residual::scale).containsExactlyElementsOf(Stream.of(
                Collections.nCopies(10, 0.17), Collections.nCopies(20, 0.10), Collections.nCopies(9, 0.20), List.of(1.0))
                .flatMap(List::stream).toList());
        assertThat(residuals.subList(0, 39)).allSatisfy(r -> assertThat(r.post()).isNotNull());
        assertThat(residuals.get(39).post()).isNull();
        assertThat(residuals).allSatisfy(r -> assertThat(r.projection()).isNull());
    }

    private static void collectResiduals(LayerSpec layer, List<LayerSpec.Residual> found) {
        if (layer instanceof LayerSpec.Residual r) {
            found.add(r);
        } else if (layer instanceof LayerSpec.Sequential s) {
            s.layers().forEach(child -> collectResiduals(child, found));
        }
    }

    @Test
    void impossibleInputSizeNamesTheLayerAndShapes() {
        assertThatThrownBy(() -> Zoo.build("alexnet", 3, 28, 10))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("alexnet/features/")
                .hasMessageContaining("the input is too small for this network");
    }

    @Test
    void unknownArchitectureListsTheZoo() {
        assertThatThrownBy(() -> Zoo.build("resnet7", 3, 224, 10)).hasMessageContaining("unknown architecture 'resnet7'")
                .hasMessageContaining("resnet18");
    }
}
