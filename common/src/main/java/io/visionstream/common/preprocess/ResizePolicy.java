package io.visionstream.common.preprocess;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * How an image is brought to the model's input size. {@link #DIRECT} stretches it to height x width;
 * {@link #SHORTER_SIDE_CROP} scales the shorter side to {@code shorterSide} keeping the aspect ratio, then cuts
 * the centre height x width (the usual ImageNet evaluation transform).
 */
public enum ResizePolicy {
    DIRECT("direct"), SHORTER_SIDE_CROP("shorter-side-crop");

    private final String wireName;

    ResizePolicy(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static ResizePolicy fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown resize policy '" + name + "', expected direct or shorter-side-crop"));
    }
}
