package io.visionstream.trainer.arch;

/**
 * The zoo at small cost, one rule for every place that needs it (the zoo-wide tests of issue #16 and the zoo
 * benchmark's CPU budget), so that they agree: each network for one-channel 10-class images at the smallest input it
 * accepts, but at least Fashion-MNIST's 28 px, with conv widths divided by {@value #WIDTH_DIVISOR} where the zoo allows
 * it (AlexNet, VGG).
 */
public final class SmallNetworks {

    /** Fashion-MNIST's side: no network is made to run on less. */
    public static final int MIN_INPUT = 28;
    public static final int WIDTH_DIVISOR = 4;
    public static final int CHANNELS = 1;
    public static final int CLASSES = 10;

    private SmallNetworks() {
    }

    /** The named network's small input side: its smallest accepted input, at least {@value #MIN_INPUT} px. */
    public static int inputSize(String name) {
        return Math.max(MIN_INPUT, Zoo.smallestInput(name, CHANNELS, CLASSES));
    }

    public static ZooOptions options() {
        return new ZooOptions(WIDTH_DIVISOR, false, false);
    }

    /** The named network at its {@linkplain #inputSize small input}, narrowed where the zoo allows. */
    public static NetworkSpec network(String name) {
        return Zoo.build(name, CHANNELS, inputSize(name), CLASSES, options());
    }
}
