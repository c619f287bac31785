package io.visionstream.common.drift;

import java.util.Random;

/**
 * A seeded Gaussian random projection from an embedding's {@code d} dimensions to {@code k}, entries N(0, 1/k)
 * (Johnson-Lindenstrauss: pairwise distances are kept within a small factor). It makes the drift statistic's cost
 * independent of the network's embedding width, and it is stored as its seed: {@link Random}'s algorithm is
 * specified, so the trainer and every inference replica rebuild the same matrix.
 */
public final class RandomProjection {

    private final int inputDimension;
    private final int dimensions;
    private final float[] matrix;

    public RandomProjection(int inputDimension, int dimensions, long seed) {
        if (inputDimension < 1 || dimensions < 1) {
            throw new IllegalArgumentException("a projection needs positive dimensions, was " + inputDimension + " -> " + dimensions);
        }
        this.inputDimension = inputDimension;
        this.dimensions = dimensions;
        this.matrix = new float[dimensions * inputDimension];
        Random random = new Random(seed);
        double scale = 1 / Math.sqrt(dimensions);
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = (float) (random.nextGaussian() * scale);
        }
    }

    public int inputDimension() {
        return inputDimension;
    }

    public int dimensions() {
        return dimensions;
    }

    /** The projection of one embedding of {@link #inputDimension()} values. */
    public float[] project(float[] embedding) {
        if (embedding.length != inputDimension) {
            throw new IllegalArgumentException("an embedding of " + embedding.length + " values for a projection from " + inputDimension);
        }
        float[] out = new float[dimensions];
        for (int j = 0; j < dimensions; j++) {
            double sum = 0;
            int row = j * inputDimension;
            for (int i = 0; i < inputDimension; i++) {
                sum += matrix[row + i] * embedding[i];
            }
            out[j] = (float) sum;
        }
        return out;
    }
}
