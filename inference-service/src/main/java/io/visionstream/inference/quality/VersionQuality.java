package io.visionstream.inference.quality;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.visionstream.common.events.LabelledPrediction;
import io.visionstream.common.events.Route;

import java.util.Arrays;

/**
 * The running sums of one model version on one route: what the join counted, the top-1 and top-5 hits, the
 * confusion matrix (rows: true class, columns: predicted class; grown as classes appear) and the calibration bins
 * (equal-width bins of top-1 confidence: images, summed confidence, hits). Mutable: the aggregation's value.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class VersionQuality {

    int version;
    Route route;
    long labelled;
    long correct;
    long top5Labelled;
    long top5Correct;
    long early;
    long late;
    long duplicate;
    long missing;
    long unknownLabels;
    long[][] confusion = new long[0][0];
    long[] binImages;
    double[] binConfidence;
    long[] binCorrect;

    VersionQuality() {
    }

    VersionQuality(int version, Route route, int calibrationBins) {
        this.version = version;
        this.route = route;
        this.binImages = new long[calibrationBins];
        this.binConfidence = new double[calibrationBins];
        this.binCorrect = new long[calibrationBins];
    }

    void add(QualityEvent event) {
        switch (event.kind()) {
            case LABELLED -> scored(event.labelled(), event.early());
            case LATE -> late++;
            case DUPLICATE -> duplicate++;
            case MISSING -> missing++;
            case UNMATCHED -> throw new IllegalArgumentException("an unmatched label belongs to no version");
        }
    }

    private void scored(LabelledPrediction joined, boolean arrivedEarly) {
        labelled++;
        correct += joined.correct() ? 1 : 0;
        early += arrivedEarly ? 1 : 0;
        if (joined.top5Correct() != null) {
            top5Labelled++;
            top5Correct += joined.top5Correct() ? 1 : 0;
        }
        if (joined.labelIndex() == null) {
            unknownLabels++;
        } else {
            count(joined.labelIndex(), joined.top().get(0).index());
        }
        int bin = Math.min(binImages.length - 1, (int) (joined.confidence() * binImages.length));
        binImages[bin]++;
        binConfidence[bin] += joined.confidence();
        binCorrect[bin] += joined.correct() ? 1 : 0;
    }

    private void count(int truth, int predicted) {
        int size = Math.max(confusion.length, Math.max(truth, predicted) + 1);
        if (size > confusion.length) {
            long[][] grown = new long[size][size];
            for (int i = 0; i < confusion.length; i++) {
                grown[i] = Arrays.copyOf(confusion[i], size);
            }
            for (int i = confusion.length; i < size; i++) {
                grown[i] = new long[size];
            }
            confusion = grown;
        }
        confusion[truth][predicted]++;
    }

    /** Expected calibration error: the bins' |accuracy - mean confidence| weighted by their share of images. */
    double expectedCalibrationError() {
        double sum = 0;
        for (int b = 0; b < binImages.length; b++) {
            if (binImages[b] > 0) {
                sum += Math.abs(binCorrect[b] - binConfidence[b]);
            }
        }
        return labelled == 0 ? Double.NaN : sum / labelled;
    }
}
