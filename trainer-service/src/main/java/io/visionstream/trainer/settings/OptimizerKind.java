package io.visionstream.trainer.settings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The optimiser a run trains with: Adam, AdamW (decoupled weight decay), SGD with momentum
 * ({@link io.visionstream.trainer.optim.MomentumSgd}) or TensorFlow's RMSProp ({@link io.visionstream.trainer.optim.RmsPropOptimizer},
 * Inception v3's); a closed set so that {@link io.visionstream.trainer.optim.OptimizerFactory} switches over it exhaustively.
 */
public enum OptimizerKind {
    ADAM, ADAMW, SGD, RMSPROP;

    /** The name the CLI, REST and run files use. */
    @JsonValue
    public String wireName() {
        return SettingNames.of(this);
    }

    /** Parses a wire name (any case); an unknown one fails naming the field {@code optimizer} and the accepted values. */
    @JsonCreator
    public static OptimizerKind parse(String name) {
        return SettingNames.parse(OptimizerKind.class, Setting.OPTIMIZER, name);
    }
}
