package io.visionstream.trainer.arch;

/** The per-example shape flowing between layers: an image-like C x H x W, or a flat vector of {@code channels} features. */
public record Shape(int channels, int height, int width, boolean flat) {

    public static Shape image(int channels, int height, int width) {
        return new Shape(channels, height, width, false);
    }

    public static Shape features(int count) {
        return new Shape(count, 1, 1, true);
    }

    public long elements() {
        return (long) channels * height * width;
    }

    @Override
    public String toString() {
        return flat ? "[" + channels + "]" : channels + "x" + height + "x" + width;
    }
}
