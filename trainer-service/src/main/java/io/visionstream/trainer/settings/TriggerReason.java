package io.visionstream.trainer.settings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * Why a continual training job ran, recorded with every trigger, in its metric and in the candidate's manifest:
 * {@code manual} (a person, by API or CLI) or {@code scheduled} (a scheduler such as a Kubernetes CronJob running the
 * CLI on a timetable).
 */
public enum TriggerReason {
    MANUAL, SCHEDULED;

    /** The name the API, CLI, metric and manifest use. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name (any case); an unknown one fails naming the accepted values. */
    @JsonCreator
    public static TriggerReason parse(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("reason must be one of " + Arrays.stream(values()).map(TriggerReason::wireName).toList()
                        + ", was '" + name + "'"));
    }
}
