package io.visionstream.inference.scoring;

import io.visionstream.common.events.ClassScore;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.PredictionTimings;
import io.visionstream.common.events.Route;
import io.visionstream.inference.config.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a model's probabilities into the {@link Prediction} document: the top-k classes with labels, and timings. */
@ApplicationScoped
public class PredictionFactory {

    private final int topK;
    private final Clock clock;

    @Inject
    public PredictionFactory(InferenceConfig config) {
        this(config.topK(), Clock.systemUTC());
    }

    PredictionFactory(int topK, Clock clock) {
        if (topK < 1) {
            throw new IllegalArgumentException("visionstream.inference.top-k must be >= 1, was " + topK);
        }
        this.topK = topK;
        this.clock = clock;
    }

    /** A prediction for {@code imageId}; {@code eventTime} is when the image event happened (end-to-end latency start). */
    public Prediction create(String imageId, Scored scored, Route route, Instant eventTime) {
        List<String> labels = scored.manifest().labels();
        List<ClassScore> top = new ArrayList<>();
        for (int index : topIndices(scored.probabilities(), Math.min(topK, labels.size()))) {
            top.add(new ClassScore(index, labels.get(index), clamp(scored.probabilities()[index])));
        }
        double totalMs = Duration.between(eventTime, clock.instant()).toNanos() / 1e6;
        PredictionTimings timings = new PredictionTimings(eventTime, scored.queueMs(), scored.scoreMs(), Math.max(0, totalMs));
        return new Prediction(imageId, scored.model(), route, top, timings, scored.batchSize());
    }

    /** Indices of the k largest values, largest first; ties keep the lower index first. */
    static int[] topIndices(float[] values, int k) {
        int[] best = new int[k];
        int filled = 0;
        for (int i = 0; i < values.length; i++) {
            int position = filled;
            while (position > 0 && values[best[position - 1]] < values[i]) {
                position--;
            }
            if (position < k) {
                System.arraycopy(best, position, best, position + 1, Math.min(filled, k - 1) - position);
                best[position] = i;
                filled = Math.min(filled + 1, k);
            }
        }
        return best;
    }

    private static double clamp(float probability) {
        return Math.min(1.0, Math.max(0.0, probability));
    }
}
