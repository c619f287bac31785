package io.visionstream.trainer.bench;

import io.visionstream.trainer.arch.SmallNetworks;
import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.settings.Recipe;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each budget gives a network: the plans the zoo benchmark trains, without training. */
class BudgetTest {

    @Test
    void theCpuBudgetTrainsTheLeNetsAsD2lDoes() {
        for (String lenet : List.of("lenet5-classic", "lenet5", "bn-lenet")) {
            assertThat(Budget.CPU.plan(lenet)).isEqualTo(new BenchPlan(lenet, 28, 1, 10, 0, 0));
        }
    }

    @Test
    void theCpuBudgetGivesEveryOtherNetworkTheSmallZoosInputAndWidthOnASubset() {
        for (String arch : Zoo.names()) {
            if (Zoo.standardInput(arch).size() == 28) {
                continue;
            }
            BenchPlan plan = Budget.CPU.plan(arch);
            assertThat(plan.inputSize()).as(arch).isEqualTo(SmallNetworks.inputSize(arch)).isGreaterThanOrEqualTo(28);
            assertThat(plan.widthDivisor()).as(arch).isEqualTo(SmallNetworks.WIDTH_DIVISOR);
            assertThat(plan.limitTrain()).as(arch).isBetween(1, 12_000);
            assertThat(plan.batchSize()).as(arch).isEqualTo(Budget.SMALL_BATCH);
        }
    }

    @Test
    void aCostlierNetworkGetsFewerImages() {
        assertThat(Budget.CPU.plan("resnet18").limitTrain()).isGreaterThan(Budget.CPU.plan("resnet152").limitTrain());
        assertThat(Budget.CPU.plan("resnet152").limitTrain()).isGreaterThan(Budget.CPU.plan("inception-v3").limitTrain());
    }

    @Test
    void theCpuBudgetLeavesInceptionV3OutUnlessNamed() {
        assertThat(Budget.CPU.archs()).doesNotContain("inception-v3").contains("inception-v4", "resnet152", "lenet5");
        assertThat(Budget.D2L.archs()).containsExactlyElementsOf(Zoo.names());
    }

    @Test
    void theD2lBudgetTrainsD2lsInputAndWidthOnAllImagesFor10Epochs() {
        assertThat(Budget.D2L.plan("resnet18")).isEqualTo(new BenchPlan("resnet18", 96, 1, 10, 0, 0));
        assertThat(Budget.D2L.plan("vgg16")).isEqualTo(new BenchPlan("vgg16", 224, 4, 10, 0, 0));
        assertThat(Budget.D2L.plan("inception-v3").inputSize()).as("its auxiliary head's smallest input, above d2l's 96")
                .isEqualTo(Zoo.smallestInput("inception-v3", 1, 10)).isGreaterThan(Recipe.d2lInputSize("inception-v3"));
    }

    @Test
    void epochsAndImagesGivenForAQuickCheckReplaceTheBudgetsForEveryNetwork() {
        ZooBenchSettings quick = new ZooBenchSettings(Budget.CPU, Recipe.MODERN, List.of("lenet5", "resnet18"), Path.of("data"), Path.of("out"), 1, 500);

        assertThat(quick.plan("lenet5")).isEqualTo(new BenchPlan("lenet5", 28, 1, 1, 500, 0));
        assertThat(quick.plan("resnet18").epochs()).isEqualTo(1);
        assertThat(quick.plan("resnet18").limitTrain()).isEqualTo(500);
    }

    @Test
    void anUnknownBudgetFailsNamingTheOption() {
        assertThatThrownBy(() -> Budget.parse("gpu")).hasMessageContaining("--budget needs cpu or d2l");
    }
}
