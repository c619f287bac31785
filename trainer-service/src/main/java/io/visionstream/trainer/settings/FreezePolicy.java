package io.visionstream.trainer.settings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which parameters a fine-tuned run leaves unchanged: none, or all but the classifier's (the seeds' Inception-v3 transfer learning); applied by {@code FineTuning} in {@code train}. */
public enum FreezePolicy {
    NONE, ALL_BUT_CLASSIFIER;

    /** The name the CLI, REST and run files use. */
    @JsonValue
    public String wireName() {
        return SettingNames.of(this);
    }

    /** Parses a wire name (any case); an unknown one fails naming the field {@code freeze} and the accepted values. */
    @JsonCreator
    public static FreezePolicy parse(String name) {
        return SettingNames.parse(FreezePolicy.class, Setting.FREEZE, name);
    }
}
