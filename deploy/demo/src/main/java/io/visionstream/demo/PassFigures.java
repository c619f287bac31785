package io.visionstream.demo;

import io.visionstream.common.events.Prediction;
import io.visionstream.common.json.Json;
import io.visionstream.local.load.LoadGenerator;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one pass of the test set through the stream showed, computed from the predictions a client received: how many
 * arrived, their accuracy against the true labels (overall and per model version), throughput, end-to-end latency,
 * and - where a shadow version also scored the images - how often its top-1 agreed with the version that answered.
 */
record PassFigures(int sent, int predicted, double accuracy, Map<Integer, Long> perVersion, Map<Integer, Double> accuracyPerVersion,
                   double throughput, double p50Ms, double p99Ms, int shadowCompared, double shadowAgreement) {

    /**
     * @param keyPrefix  keys are {@code keyPrefix + i} for test image {@code i}
     * @param shadows    the shadow version's prediction per key (empty when there was no shadow)
     */
    static PassFigures of(LoadGenerator.Run run, String keyPrefix, int[] labels, Map<String, Prediction> shadows) {
        Map<Integer, long[]> byVersion = new TreeMap<>(); // version -> {predictions, correct}
        long correct = 0;
        int compared = 0;
        int agreed = 0;
        for (Map.Entry<String, byte[]> entry : run.predictions().entrySet()) {
            Prediction prediction = Json.fromBytes(entry.getValue(), Prediction.class);
            int index = Integer.parseInt(entry.getKey().substring(keyPrefix.length()));
            boolean right = prediction.top().get(0).index() == labels[index % labels.length];
            long[] counts = byVersion.computeIfAbsent(prediction.model().version(), v -> new long[2]);
            counts[0]++;
            if (right) {
                counts[1]++;
                correct++;
            }
            Prediction shadow = shadows.get(entry.getKey());
            if (shadow != null && shadow.model().version() != prediction.model().version()) {
                compared++;
                agreed += shadow.top().get(0).index() == prediction.top().get(0).index() ? 1 : 0;
            }
        }
        Map<Integer, Long> perVersion = new TreeMap<>();
        Map<Integer, Double> accuracyPerVersion = new TreeMap<>();
        byVersion.forEach((version, counts) -> {
            perVersion.put(version, counts[0]);
            accuracyPerVersion.put(version, counts[1] / (double) counts[0]);
        });
        int predicted = run.predictions().size();
        double[] latency = predicted == 0 ? new double[] {Double.NaN, Double.NaN} : run.latencyPercentilesMs(50, 99);
        return new PassFigures(run.sent().size(), predicted, predicted == 0 ? 0 : correct / (double) predicted, perVersion, accuracyPerVersion,
                predicted == 0 ? 0 : run.throughput(), latency[0], latency[1], compared, compared == 0 ? Double.NaN : agreed / (double) compared);
    }
}
