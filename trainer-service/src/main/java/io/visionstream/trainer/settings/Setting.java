package io.visionstream.trainer.settings;

/**
 * The settings {@link TrainingSettingsBuilder#build()} and the choice enums' {@code parse} can refuse: a closed set, so
 * that the REST layer maps each to its own reason code by an exhaustive switch instead of reading the field from a
 * message.
 */
public enum Setting {
    EPOCHS("epochs"),
    BATCH_SIZE("batchSize"),
    LR("lr"),
    OPTIMIZER("optimizer"),
    MOMENTUM("momentum"),
    NESTEROV("nesterov"),
    SCHEDULE("schedule"),
    STEP_EPOCHS("stepEpochs"),
    MILESTONES("milestones"),
    VAL_FRACTION("valFraction"),
    LIMIT_TRAIN("limitTrain"),
    INPUT_SIZE("inputSize"),
    AUGMENT("augment"),
    LABEL_SMOOTHING("labelSmoothing"),
    FREEZE("freeze"),
    RECIPE("recipe"),
    WIDTH_DIVISOR("widthDivisor");

    private final String field;

    Setting(String field) {
        this.field = field;
    }

    /** The name the CLI (as {@code --field}), REST requests and run files give the setting. */
    public String field() {
        return field;
    }
}
