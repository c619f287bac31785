package io.visionstream.trainer.bench;

import io.visionstream.trainer.settings.Recipe;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A zoo benchmark's settings.
 *
 * @param budget     how much training each network gets
 * @param recipe     the optimiser, rate, schedule and augmentation ({@code modern} by default)
 * @param archs      the zoo networks, in the order trained (all by default)
 * @param dataDir    where Fashion-MNIST is cached
 * @param out        where each network's run and the table go
 * @param epochs     epochs for every network instead of the budget's (a quick check of the command); 0 = the budget's
 * @param limitTrain training images for every network instead of the budget's (likewise); 0 = the budget's
 */
public record ZooBenchSettings(Budget budget, Recipe recipe, List<String> archs, Path dataDir, Path out, int epochs, int limitTrain) {

    public ZooBenchSettings {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(recipe, "recipe");
        archs = List.copyOf(archs);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(out, "out");
    }

    /** The budget's plan for {@code arch}, with the epochs and training images given here instead where given. */
    public BenchPlan plan(String arch) {
        BenchPlan plan = budget.plan(arch);
        return new BenchPlan(arch, plan.inputSize(), plan.widthDivisor(), epochs > 0 ? epochs : plan.epochs(),
                limitTrain > 0 ? limitTrain : plan.limitTrain(), plan.batchSize());
    }
}
