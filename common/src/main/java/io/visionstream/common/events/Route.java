package io.visionstream.common.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which rollout role scored an image: the stable version, the weighted canary, or the shadow copy. */
public enum Route {
    STABLE, CANARY, SHADOW;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }
}
