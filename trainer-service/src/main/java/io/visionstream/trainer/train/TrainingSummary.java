package io.visionstream.trainer.train;

import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.settings.TrainingSettings;

import java.util.List;

/**
 * What a run produced, written as {@code summary.json} and printed as the CLI's {@code RESULT} line: the network
 * and preprocessing (so serving can repeat them exactly), size, the best epoch and its validation accuracy, the
 * test figures of that best checkpoint, speed, device, where the files are, and the data-set files that were skipped
 * because they could not be decoded; for a continual job, what it measured ({@link ContinualOutcome}; null otherwise).
 */
public record TrainingSummary(String arch, String dataset, TrainingSettings settings, NetworkSpec network, PreprocessSpec preprocess,
                              List<String> labels, long parameters, long multiplyAdds, int epochsRun, int bestEpoch, double bestValTop1,
                              double testTop1, double testTop5, List<Double> testPerClassAccuracy, int[][] confusion,
                              double trainImagesPerSecond, String device, double seconds, String runDirectory,
                              List<io.visionstream.trainer.data.SkippedImage> skippedImages, ContinualOutcome continual) {
}
