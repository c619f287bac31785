package io.visionstream.trainer.data;

import io.visionstream.common.image.DecodedImage;

import java.util.List;
import java.util.Objects;

/**
 * An in-memory labelled image set of equally sized 8-bit images (planar C x H x W each), as the classic data sets
 * are: compact (Fashion-MNIST's 70,000 images take 55 MB) and fast to shuffle and slice by index.
 */
public record LabeledImages(String name, int channels, int height, int width, byte[] pixels, int[] labels, List<String> classes) {

    public LabeledImages {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        classes = List.copyOf(classes);
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels but " + pixels.length + " bytes of "
                    + channels + "x" + height + "x" + width + " images");
        }
        for (int label : labels) {
            if (label < 0 || label >= classes.size()) {
                throw new IllegalArgumentException(name + ": label " + label + " outside the " + classes.size() + " classes");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public int imageBytes() {
        return channels * height * width;
    }

    /** Image {@code index} as a decoded image, for the shared preprocessing. */
    public DecodedImage image(int index) {
        byte[] one = new byte[imageBytes()];
        System.arraycopy(pixels, index * imageBytes(), one, 0, one.length);
        return new DecodedImage(width, height, channels, one, "raw");
    }

    /** The images at {@code indices}, in that order. */
    public LabeledImages subset(String subsetName, int[] indices) {
        int bytes = imageBytes();
        byte[] px = new byte[indices.length * bytes];
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * bytes, px, i * bytes, bytes);
            lb[i] = labels[indices[i]];
        }
        return new LabeledImages(subsetName, channels, height, width, px, lb, classes);
    }

    /** How many images each class has. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
