package io.visionstream.common.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;


/**
 * What the canary gate compares between a canary and stable: scoring errors (canary vs stable failure proportions in
 * the same time window), latency (scoring time of the same images in equal batches, run back to back), top-1
 * agreement on the same images, and top-1 accuracy on labelled images (ground truth from the {@code labels} topic).
 */
public enum GateCriterion {
    ERRORS, LATENCY, AGREEMENT, ACCURACY;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    /** Parses the wire name (case-insensitive); unknown names fail with the list of known ones. */
    @JsonCreator
    public static GateCriterion parse(String name) {
        return WireNames.parse(GateCriterion.class, name, "gate criterion");
    }
}
