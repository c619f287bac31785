package io.visionstream.trainer.settings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The learning-rate schedule of a run (see {@link TrainingSettings}); a closed set so that {@link io.visionstream.trainer.optim.OptimizerFactory} switches over it exhaustively. */
public enum ScheduleKind {
    FIXED, STEP, MULTISTEP, PLATEAU, COSINE;

    /** The name the CLI, REST and run files use. */
    @JsonValue
    public String wireName() {
        return SettingNames.of(this);
    }

    /** Parses a wire name (any case); an unknown one fails naming the field {@code schedule} and the accepted values. */
    @JsonCreator
    public static ScheduleKind parse(String name) {
        return SettingNames.parse(ScheduleKind.class, Setting.SCHEDULE, name);
    }
}
