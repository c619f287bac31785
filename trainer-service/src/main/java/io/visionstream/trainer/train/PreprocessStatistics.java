package io.visionstream.trainer.train;

import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.ResizeSpec;
import io.visionstream.trainer.data.LabeledImages;

import java.util.Collections;
import java.util.List;

/**
 * The preprocessing a run trains and serves with, normalised by statistics of the training split only (so that the
 * validation and test figures do not see their own data): one mean and standard deviation over all pixels, to 4 decimals.
 */
final class PreprocessStatistics {

    private PreprocessStatistics() {
    }

    static PreprocessSpec of(LabeledImages train, int size) {
        double sum = 0;
        double squares = 0;
        byte[] px = train.pixels();
        for (byte b : px) {
            double v = (b & 0xFF) / 255.0;
            sum += v;
            squares += v * v;
        }
        double mean = sum / px.length;
        double std = Math.sqrt(Math.max(1e-12, squares / px.length - mean * mean));
        ColourMode colour = train.channels() == 1 ? ColourMode.GREY : ColourMode.RGB;
        List<Double> means = Collections.nCopies(colour.channels(), round(mean));
        List<Double> stds = Collections.nCopies(colour.channels(), round(std));
        return new PreprocessSpec(colour, ResizeSpec.direct(size, size), 1.0 / 255, means, stds);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
