package io.visionstream.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the canary gate compares between a canary and stable: scoring errors (canary vs stable failure proportions in
 * the same time window), latency (scoring time of the same images in equal batches, run back to back) and top-1
 * agreement on the same images.
 */
public enum GateCriterion {
    ERRORS, LATENCY, AGREEMENT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire name (case-insensitive); unknown names fail with the list of known ones. */
    @JsonCreator
    public static GateCriterion parse(String name) {
        for (GateCriterion criterion : values()) {
            if (criterion.wireName().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return criterion;
            }
        }
        throw new IllegalArgumentException("unknown gate criterion '" + name + "' (known: "
                + Arrays.stream(values()).map(GateCriterion::wireName).toList() + ")");
    }
}
