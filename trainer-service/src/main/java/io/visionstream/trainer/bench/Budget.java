package io.visionstream.trainer.bench;

import io.visionstream.trainer.arch.NetworkAnalysis;
import io.visionstream.trainer.arch.SmallNetworks;
import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.settings.Recipe;

import java.util.List;
import java.util.Locale;

/**
 * How much training each network gets in the zoo benchmark ({@code zoo-bench --budget}); the recipe gives the rest
 * (optimiser, rate, schedule, augmentation).
 */
public enum Budget {

    /**
     * For a GPU machine: d2l's input side for the network (at least the smallest it accepts: Inception v3's auxiliary
     * head needs 299 px) and width, all 60,000 training images, 10 epochs - what d2l's printed figures come from.
     */
    D2L,

    /**
     * For two CPU cores, about an hour for the whole zoo. The networks designed for 28 px (the LeNets) train as d2l does (28 px, all images, 10 epochs),
     * so they compare with d2l's figures; every other network is {@link SmallNetworks}' (its smallest input of at least
     * 28 px, a quarter of the width where the zoo allows), in batches of {@value #SMALL_BATCH} on a training subset
     * sized by its cost ({@link CpuTier}), and tested on all 10,000 test images. Inception v3 is left out unless named
     * ({@link #archs()}).
     */
    CPU;

    /** The CPU budget's batch for the subset runs: more updates from few images than the recipes' 128-256. */
    static final int SMALL_BATCH = 64;

    /** The networks the budget trains when none are named: the whole zoo, for the CPU budget less its {@link CpuTier#ALONE} tier. */
    public List<String> archs() {
        return Zoo.names().stream().filter(arch -> this == D2L || cpuTier(arch) != CpuTier.ALONE).toList();
    }

    /** The budget's plan for the zoo network {@code arch}. */
    public BenchPlan plan(String arch) {
        return switch (this) {
            case D2L -> new BenchPlan(arch, Math.max(Recipe.d2lInputSize(arch), Zoo.smallestInput(arch, SmallNetworks.CHANNELS, SmallNetworks.CLASSES)),
                    Recipe.d2lWidthDivisor(arch), 10, 0, 0);
            case CPU -> cpuPlan(arch);
        };
    }

    private static BenchPlan cpuPlan(String arch) {
        if (Zoo.standardInput(arch).size() == SmallNetworks.MIN_INPUT) {
            return new BenchPlan(arch, SmallNetworks.MIN_INPUT, 1, 10, 0, 0);
        }
        CpuTier tier = cpuTier(arch);
        return new BenchPlan(arch, SmallNetworks.inputSize(arch), SmallNetworks.WIDTH_DIVISOR, tier.epochs(), tier.images(), SMALL_BATCH);
    }

    private static CpuTier cpuTier(String arch) {
        return CpuTier.of(NetworkAnalysis.of(SmallNetworks.network(arch)).multiplyAdds());
    }

    /** Parses {@code cpu} or {@code d2l}. */
    public static Budget parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--budget needs cpu or d2l, got '" + name + "'");
        }
    }
}
