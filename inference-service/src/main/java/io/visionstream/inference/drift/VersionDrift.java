package io.visionstream.inference.drift;

import io.visionstream.common.drift.DriftCheck;
import io.visionstream.common.drift.DriftReference;
import io.visionstream.common.events.ModelRef;
import io.visionstream.inference.scoring.EmbeddingListener;
import io.visionstream.inference.scoring.Scored;

import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The drift of one loaded version: its window of live embeddings, projected as its reference's were, and the result
 * of the last check. Checks run on the monitor's executor, never on the batcher's thread; a check that is due while
 * one is still running is skipped (the next one sees a newer window).
 */
final class VersionDrift implements EmbeddingListener {

    private final ModelRef ref;
    private final DriftReference reference;
    private final DriftCheck check;
    private final DriftWindow window;
    private final Executor executor;
    private final DriftListener listener;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile DriftCheck.Result last;
    private volatile Instant checkedAt;
    private volatile long checks;
    private volatile int mismatchedWidth;

    VersionDrift(ModelRef ref, DriftReference reference, DriftCheck check, int checkEvery, Executor executor, DriftListener listener) {
        this.ref = ref;
        this.reference = reference;
        this.check = check;
        this.window = new DriftWindow(check.windowSize(), checkEvery);
        this.executor = executor;
        this.listener = listener;
    }

    @Override
    public void embedded(float[][] embeddings, float[][] probabilities) {
        if (mismatchedWidth != 0) {
            return;
        }
        boolean due = false;
        for (int i = 0; i < embeddings.length; i++) {
            if (embeddings[i].length != reference.embeddingDimension()) {
                mismatchedWidth = embeddings[i].length;
                return;
            }
            due |= window.add(check.projection().project(embeddings[i]), Scored.top1(probabilities[i]));
        }
        if (due && checking.compareAndSet(false, true)) {
            executor.execute(this::runCheck);
        }
    }

    private void runCheck() {
        try {
            DriftWindow.Contents contents = window.contents();
            last = check.check(contents.embeddings(), contents.classes());
            checkedAt = Instant.now();
            checks++;
            listener.checked(ref, last.score());
        } finally {
            checking.set(false);
        }
    }

    ModelRef ref() {
        return ref;
    }

    /** The last score, NaN before the first check. */
    double score() {
        DriftCheck.Result result = last;
        return result == null ? Double.NaN : result.score();
    }

    DriftReport.VersionReport report() {
        if (mismatchedWidth != 0) {
            return DriftReport.VersionReport.unavailable(ref.version(), DriftStatus.EMBEDDING_MISMATCH, "the served embedding has "
                    + mismatchedWidth + " values, the reference " + reference.embeddingDimension());
        }
        DriftCheck.Result result = last;
        DriftReport.ClassShift classes = result == null
                ? new DriftReport.ClassShift(null, check.threshold().classShift(), null, null, reference.classDistribution())
                : new DriftReport.ClassShift(result.classShift(), result.classShiftThreshold(), result.classShiftScore(), result.classDistribution(),
                        reference.classDistribution());
        return new DriftReport.VersionReport(ref.version(), result == null ? DriftStatus.FILLING : DriftStatus.SCORED, null,
                result == null ? null : result.score(), result == null ? null : result.statistic(), check.threshold().statistic(),
                reference.calibration().alpha(), check.windowSize(), window.fill(), window.seen(), checks, checkedAt, reference.sample().length,
                classes);
    }
}
