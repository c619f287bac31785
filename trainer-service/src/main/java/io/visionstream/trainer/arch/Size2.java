package io.visionstream.trainer.arch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A height x width pair (kernel, stride, padding, dilation). In JSON a single number means a square ({@code 3}),
 * a two-element array a rectangle ({@code [1, 7]}), as factorised Inception convolutions need.
 */
public record Size2(int h, int w) {

    public Size2 {
        if (h < 0 || w < 0) {
            throw new IllegalArgumentException("sizes must be >= 0, were " + h + "x" + w);
        }
    }

    public static Size2 of(int square) {
        return new Size2(square, square);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Size2 fromJson(JsonNode node) {
        if (node.isInt()) {
            return of(node.intValue());
        }
        if (node.isArray() && node.size() == 2 && node.get(0).isInt() && node.get(1).isInt()) {
            return new Size2(node.get(0).intValue(), node.get(1).intValue());
        }
        throw new IllegalArgumentException("expected a number or [height, width], got " + node);
    }

    @JsonValue
    Object toJson() {
        return h == w ? (Object) h : List.of(h, w);
    }

    @Override
    public String toString() {
        return h == w ? Integer.toString(h) : h + "x" + w;
    }
}
