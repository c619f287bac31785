package io.visionstream.trainer.train;

import io.visionstream.common.drift.DriftReferenceFiles;
import io.visionstream.common.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The names of the files in a run directory, in one place, so that training, resuming, fine-tuning, the publisher and
 * the CLI agree on them; and the writing and reading of a finished run's results.
 */
public final class RunFiles {

    /** The weights of the best validation epoch. */
    public static final String BEST_CHECKPOINT = "best.params";
    /** What {@link #BEST_CHECKPOINT} is called in a registry version (a fine-tuned run may start from either). */
    public static final String REGISTRY_CHECKPOINT = "checkpoint.params";
    /** The {@link TrainingSummary}. */
    public static final String SUMMARY = "summary.json";
    /** The {@link EpochRecord}s. */
    public static final String CURVES = "curves.json";
    public static final String CURVES_CHART = "curves.png";
    public static final String CONFUSION_CHART = "confusion.png";
    /** The {@link RunState} a resumed run continues from. */
    public static final String RESUME_STATE = "resume.json";
    /** The results a published registry version carries besides the model and checkpoint (the drift reference when made). */
    public static final List<String> RESULTS = List.of(CURVES, CURVES_CHART, CONFUSION_CHART, SUMMARY, DriftReferenceFiles.FILE);

    private RunFiles() {
    }

    /** The summary of the finished run in {@code dir}. */
    public static TrainingSummary readSummary(Path dir) throws IOException {
        return Json.fromBytes(Files.readAllBytes(dir.resolve(SUMMARY)), TrainingSummary.class);
    }

    /** The last epoch's weights, as {@link RunState} names them. */
    static String lastEpochWeights(int epoch) {
        return "last-epoch-" + epoch + ".params";
    }

    /** The last epoch's optimiser state, as {@link RunState} names it. */
    static String optimizerState(int epoch) {
        return "optimizer-epoch-" + epoch + ".state";
    }

    /** The curves (JSON and chart) and the test set's confusion matrix of a finished run. */
    static void writeResults(Path dir, List<EpochRecord> curves, String title, Evaluation test, List<String> classes) throws IOException {
        Files.writeString(dir.resolve(CURVES), Json.toJson(curves));
        Charts.curves(curves, title, dir.resolve(CURVES_CHART));
        Charts.confusion(test.confusion(), classes, dir.resolve(CONFUSION_CHART));
    }

    static void writeSummary(Path dir, TrainingSummary summary) throws IOException {
        Files.writeString(dir.resolve(SUMMARY), Json.toJson(summary));
    }
}
