package io.visionstream.common.preprocess;

import java.util.Objects;

/**
 * Target geometry: the output {@code height} x {@code width}, and for {@link ResizePolicy#SHORTER_SIDE_CROP} the
 * length the shorter side is scaled to before the centre crop (must be at least the larger crop dimension).
 */
public record ResizeSpec(ResizePolicy policy, int height, int width, Integer shorterSide) {

    public ResizeSpec {
        Objects.requireNonNull(policy, "resize policy");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("resize height and width must be >= 1, were " + height + "x" + width);
        }
        if (policy == ResizePolicy.SHORTER_SIDE_CROP) {
            if (shorterSide == null || shorterSide < Math.max(height, width)) {
                throw new IllegalArgumentException("shorter-side-crop needs shorterSide >= max(height, width) = "
                        + Math.max(height, width) + ", was " + shorterSide);
            }
        } else if (shorterSide != null) {
            throw new IllegalArgumentException("shorterSide only applies to the shorter-side-crop policy");
        }
    }

    public static ResizeSpec direct(int height, int width) {
        return new ResizeSpec(ResizePolicy.DIRECT, height, width, null);
    }

    public static ResizeSpec shorterSideCrop(int shorterSide, int height, int width) {
        return new ResizeSpec(ResizePolicy.SHORTER_SIDE_CROP, height, width, shorterSide);
    }
}
