package io.visionstream.common.drift;

import java.util.List;
import java.util.Optional;

/**
 * What a model version's live embeddings are compared with to measure drift ({@code drift-reference.json} in the
 * registry version, schema {@code schemas/drift-reference.schema.json}): made at publish time from the validation
 * set's embeddings ({@code outputs.embedding}) by {@link DriftCalibration}. It holds the reference sample, already
 * projected ({@link RandomProjection}: input dimension and seed), the Gaussian kernel's bandwidth, the predicted-class
 * distribution on the sample, and per live window size the thresholds calibrated on held-out validation windows.
 * A version without one (e.g. a model registered from elsewhere) has no drift score.
 */
public record DriftReference(int schemaVersion, String dataset, int embeddingDimension, Projection projection, double bandwidth,
                             float[][] sample, double[] classDistribution, Calibration calibration) {

    public static final int SCHEMA_VERSION = 1;

    /** The random projection: {@code dimensions} outputs, matrix drawn from {@code seed}. */
    public record Projection(int dimensions, long seed) {
    }

    /**
     * How the thresholds were found: {@code windows} windows per size drawn from {@code heldOut} validation embeddings
     * that are not in the sample; each threshold is the {@code 1 - alpha} quantile of the statistic over them.
     */
    public record Calibration(double alpha, int windows, int heldOut, List<Threshold> thresholds) {
    }

    /** The thresholds for live windows of {@code windowSize} embeddings: of the MMD statistic and of the class shift. */
    public record Threshold(int windowSize, double statistic, double classShift) {
    }

    /** The projection this reference's sample was made with. */
    public RandomProjection randomProjection() {
        return new RandomProjection(embeddingDimension, projection.dimensions(), projection.seed());
    }

    /** The thresholds calibrated for live windows of {@code windowSize}, if that size was calibrated. */
    public Optional<Threshold> threshold(int windowSize) {
        return calibration.thresholds().stream().filter(t -> t.windowSize() == windowSize).findFirst();
    }

    /** The window sizes this reference has thresholds for. */
    public List<Integer> windowSizes() {
        return calibration.thresholds().stream().map(Threshold::windowSize).toList();
    }
}
