package io.visionstream.trainer.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The optimiser a run trains with: Adam, AdamW (decoupled weight decay), SGD with momentum ({@link MomentumSgd}) or
 * TensorFlow's RMSProp ({@link RmsPropOptimizer}, Inception v3's); a closed set so that {@link OptimizerFactory} switches over it exhaustively. */
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
        return SettingNames.parse(OptimizerKind.class, "optimizer", name);
    }
}
