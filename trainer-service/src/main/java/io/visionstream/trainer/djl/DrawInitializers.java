package io.visionstream.trainer.djl;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import io.visionstream.trainer.arch.InitScheme.Draw;

/**
 * The DJL {@link Initializer} that draws a parameter as an {@link Draw} says, its scale computed from the fans of the
 * layer's weight: fan-in = input channels x kernel area, fan-out = output channels x kernel area (weights are OIHW
 * for a conv, (out, in) for a dense layer), as PyTorch's {@code _calculate_fan_in_and_fan_out} does.
 */
final class DrawInitializers {

    private static final float TRUNCATION_BOUND = 2f;

    private DrawInitializers() {
    }

    /** The initializer for a parameter of the layer whose weight has shape {@code weightShape}. */
    static Initializer of(Draw draw, Shape weightShape) {
        long receptiveField = weightShape.dimension() > 2 ? weightShape.slice(2).size() : 1;
        double fanIn = (double) weightShape.get(1) * receptiveField;
        double fanOut = (double) weightShape.get(0) * receptiveField;
        return switch (draw) {
            case PYTORCH_DEFAULT -> new UniformInitializer((float) (1 / Math.sqrt(fanIn)));
            case XAVIER_UNIFORM -> new UniformInitializer((float) Math.sqrt(6 / (fanIn + fanOut)));
            case KAIMING_NORMAL_FAN_OUT -> new NormalInitializer((float) Math.sqrt(2 / fanOut));
            case KAIMING_NORMAL_FAN_IN -> new NormalInitializer((float) Math.sqrt(2 / fanIn));
            case NORMAL_0_01 -> new NormalInitializer(0.01f);
            case TRUNCATED_NORMAL_0_01 -> new TruncatedNormalInitializer(0.01f, TRUNCATION_BOUND);
            case TRUNCATED_NORMAL_0_001 -> new TruncatedNormalInitializer(0.001f, TRUNCATION_BOUND);
            case TRUNCATED_NORMAL_0_1 -> new TruncatedNormalInitializer(0.1f, TRUNCATION_BOUND);
            case ZERO -> Initializer.ZEROS;
        };
    }
}
