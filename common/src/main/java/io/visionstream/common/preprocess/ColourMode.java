package io.visionstream.common.preprocess;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** The colour layout a model expects: one grey channel or three RGB channels. */
public enum ColourMode {
    GREY(1), RGB(3);

    private final int channels;

    ColourMode(int channels) {
        this.channels = channels;
    }

    public int channels() {
        return channels;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ColourMode fromWireName(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown colour mode '" + name + "', expected one of grey, rgb"));
    }
}
