package io.visionstream.trainer.train;

import io.visionstream.common.preprocess.Preprocessor;
import io.visionstream.trainer.data.LabeledImages;

import java.util.Random;

/**
 * A labelled set preprocessed once, with the same {@link Preprocessor} serving will use, into one float array
 * (N x C x H x W): epochs then only copy batches out of it.
 */
final class TensorSet {

    final float[] values;
    final int[] labels;
    final int floatsPerImage;

    private TensorSet(float[] values, int[] labels, int floatsPerImage) {
        this.values = values;
        this.labels = labels;
        this.floatsPerImage = floatsPerImage;
    }

    static TensorSet of(LabeledImages images, Preprocessor preprocessor) {
        int floats = preprocessor.spec().floatsPerImage();
        float[] values = new float[Math.multiplyExact(images.size(), floats)];
        java.nio.FloatBuffer target = java.nio.FloatBuffer.wrap(values);
        for (int i = 0; i < images.size(); i++) {
            preprocessor.applyInto(images.image(i), target, i * floats);
        }
        return new TensorSet(values, images.labels().clone(), floats);
    }

    /** Decoded images of any size, each preprocessed to the spec's size, with their class indexes. */
    static TensorSet of(java.util.List<io.visionstream.common.image.DecodedImage> images, int[] labels, Preprocessor preprocessor) {
        int floats = preprocessor.spec().floatsPerImage();
        float[] values = new float[Math.multiplyExact(images.size(), floats)];
        java.nio.FloatBuffer target = java.nio.FloatBuffer.wrap(values);
        for (int i = 0; i < images.size(); i++) {
            preprocessor.applyInto(images.get(i), target, i * floats);
        }
        return new TensorSet(values, labels.clone(), floats);
    }

    int size() {
        return labels.length;
    }

    /** A permutation of 0..size-1, reproducible from the seed. */
    int[] shuffled(long seed) {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Copies the images {@code order[from..to)} into {@code batch} and their labels into {@code batchLabels}. */
    void fill(int[] order, int from, int to, float[] batch, int[] batchLabels) {
        for (int i = from; i < to; i++) {
            System.arraycopy(values, order[i] * floatsPerImage, batch, (i - from) * floatsPerImage, floatsPerImage);
            batchLabels[i - from] = labels[order[i]];
        }
    }
}
