package io.visionstream.common.preprocess;

import io.visionstream.common.image.DecodeTarget;

import java.util.List;
import java.util.Objects;

/**
 * Everything that turns a decoded image into a model input, recorded in the model manifest so serving applies
 * exactly what training applied: colour mode, resize policy, value scale (e.g. 1/255), then per channel
 * {@code (value * scale - mean[c]) / std[c]}.
 */
public record PreprocessSpec(ColourMode colour, ResizeSpec resize, double scale, List<Double> mean, List<Double> std) {

    public PreprocessSpec {
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(resize, "resize");
        mean = List.copyOf(Objects.requireNonNull(mean, "mean"));
        std = List.copyOf(Objects.requireNonNull(std, "std"));
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a positive finite number, was " + scale);
        }
        if (mean.size() != colour.channels() || std.size() != colour.channels()) {
            throw new IllegalArgumentException("colour mode " + colour.wireName() + " has " + colour.channels()
                    + " channel(s) but mean has " + mean.size() + " and std has " + std.size() + " value(s)");
        }
        for (int c = 0; c < std.size(); c++) {
            if (!(std.get(c) > 0)) {
                throw new IllegalArgumentException("std[" + c + "] must be > 0, was " + std.get(c));
            }
        }
    }

    /** Number of channels of the produced tensor. */
    public int channels() {
        return colour.channels();
    }

    /** Number of floats one preprocessed image occupies (C x H x W). */
    public int floatsPerImage() {
        return channels() * resize.height() * resize.width();
    }

    /**
     * The smallest decoded size this preprocessing works from without enlarging the image: for
     * {@link ResizePolicy#DIRECT} at least height x width, for {@link ResizePolicy#SHORTER_SIDE_CROP} a shorter side of
     * at least {@code shorterSide}. A large JPEG decoded reduced to it is still only ever shrunk by the resize, so the
     * tensor differs from a full-size decode by a few grey levels of averaging, not by lost detail the model sees.
     */
    public DecodeTarget decodeTarget() {
        return resize.policy() == ResizePolicy.SHORTER_SIDE_CROP
                ? DecodeTarget.shorterSideAtLeast(resize.shorterSide())
                : DecodeTarget.covering(resize.width(), resize.height());
    }
}
