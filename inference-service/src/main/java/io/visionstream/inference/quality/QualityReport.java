package io.visionstream.inference.quality;

import io.visionstream.common.events.Route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@code GET /api/models/{name}/quality}: each version's online quality per route, measured on the
 * predictions whose labels arrived within the join window, and the label counts that say how complete that is.
 *
 * @param window            the join window (labels further from their prediction are late)
 * @param unmatchedLabels   labels (for any model) no prediction was found for within the window
 * @param unmatchedDuplicates repeated labels of such images
 */
public record QualityReport(String model, Duration window, List<VersionReport> versions, long unmatchedLabels, long unmatchedDuplicates) {

    /**
     * One version on one route.
     *
     * @param top1          top-1 accuracy over {@code labelled} (null before the first label)
     * @param top1Interval  its Wilson score interval
     * @param top5          top-5 accuracy over {@code top5Labelled} (predictions carrying five classes or the label)
     * @param early         labelled images whose label arrived before the prediction
     * @param late          labels that arrived after the window closed (not scored)
     * @param duplicate     repeated labels (not scored again)
     * @param missing       predictions whose window closed without a label
     * @param unknownLabels labels given by a name the model does not have (scored as wrong, not in the confusion matrix)
     * @param expectedCalibrationError the bins' |accuracy - confidence| weighted by their share of images
     */
    public record VersionReport(int version, Route route, long labelled, Double top1, WilsonInterval top1Interval, long top5Labelled,
                                Double top5, long early, long late, long duplicate, long missing, long unknownLabels,
                                Double expectedCalibrationError, List<CalibrationBin> calibration, long[][] confusion) {
    }

    /** Images whose top-1 confidence fell within [low, high): how many, their mean confidence and their accuracy. */
    public record CalibrationBin(double low, double high, long images, Double confidence, Double accuracy) {
    }

    static QualityReport of(String model, Duration window, ModelQuality sums, ModelQuality unattributed, double level) {
        List<VersionReport> versions = new ArrayList<>();
        if (sums != null) {
            sums.versions.values().forEach(v -> versions.add(report(v, level)));
        }
        return new QualityReport(model, window, versions, unattributed == null ? 0 : unattributed.unmatched,
                unattributed == null ? 0 : unattributed.unmatchedDuplicates);
    }

    private static VersionReport report(VersionQuality v, double level) {
        List<CalibrationBin> bins = new ArrayList<>();
        int count = v.binImages.length;
        for (int b = 0; b < count; b++) {
            long images = v.binImages[b];
            bins.add(new CalibrationBin(b / (double) count, (b + 1) / (double) count, images,
                    images == 0 ? null : v.binConfidence[b] / images, images == 0 ? null : v.binCorrect[b] / (double) images));
        }
        return new VersionReport(v.version, v.route, v.labelled, ratio(v.correct, v.labelled), WilsonInterval.of(v.correct, v.labelled, level),
                v.top5Labelled, ratio(v.top5Correct, v.top5Labelled), v.early, v.late, v.duplicate, v.missing, v.unknownLabels,
                v.labelled == 0 ? null : v.expectedCalibrationError(), bins, v.confusion);
    }

    private static Double ratio(long hits, long of) {
        return of == 0 ? null : hits / (double) of;
    }
}
