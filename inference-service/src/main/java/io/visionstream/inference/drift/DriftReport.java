package io.visionstream.inference.drift;

import java.time.Instant;
import java.util.List;

/**
 * A model's drift on this replica, per loaded version ({@code GET /api/models/{name}/drift}). {@code score} is the MMD
 * statistic of the last full window divided by its calibrated threshold: 1 or more means drift at level
 * {@code alpha} (an undrifted stream reaches it in about alpha of its checks). Figures are absent until the window is
 * full, and for versions that have no drift score ({@code status} and {@code reason} say why).
 */
public record DriftReport(String model, List<VersionReport> versions) {

    /** One version: status, last score and its parts, window, reference, and the class-distribution comparison. */
    public record VersionReport(int version, DriftStatus status, String reason, Double score, Double statistic, Double threshold, Double alpha,
                               Integer windowSize, Integer windowFill, Long imagesSeen, Long checks, Instant checkedAt, Integer referenceSamples,
                               ClassShift classShift) {

        static VersionReport unavailable(int version, DriftStatus status, String reason) {
            return new VersionReport(version, status, reason, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * The predicted-class distributions of the window and of the reference sample, their total variation distance, its
     * calibrated threshold, and their ratio (a score as above); {@code window} is absent before the first check.
     */
    public record ClassShift(Double distance, Double threshold, Double score, double[] window, double[] reference) {
    }
}
