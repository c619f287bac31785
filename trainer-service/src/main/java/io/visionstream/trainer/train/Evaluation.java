package io.visionstream.trainer.train;

import java.util.ArrayList;
import java.util.List;

/** Accuracy figures of a model on a labelled set: mean loss, top-1, top-5, per-class accuracy and the confusion matrix. */
public record Evaluation(double loss, double top1, double top5, List<Double> perClassAccuracy, int[][] confusion) {

    /** Accumulates batches of logits and labels. */
    static final class Accumulator {
        private final int classes;
        private final int[][] confusion;
        private double lossSum;
        private long count;
        private long top1;
        private long top5;

        Accumulator(int classes) {
            this.classes = classes;
            this.confusion = new int[classes][classes];
        }

        void add(float[] logits, int[] labels, double meanLoss) {
            int n = labels.length;
            for (int i = 0; i < n; i++) {
                int label = labels[i];
                float target = logits[i * classes + label];
                int better = 0;
                int best = 0;
                for (int c = 0; c < classes; c++) {
                    float v = logits[i * classes + c];
                    if (v > target) {
                        better++;
                    }
                    if (v > logits[i * classes + best]) {
                        best = c;
                    }
                }
                confusion[label][best]++;
                if (best == label) {
                    top1++;
                }
                if (better < 5) {
                    top5++;
                }
            }
            lossSum += meanLoss * n;
            count += n;
        }

        Evaluation result() {
            List<Double> perClass = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                int total = 0;
                for (int p = 0; p < classes; p++) {
                    total += confusion[c][p];
                }
                perClass.add(total == 0 ? 0.0 : confusion[c][c] / (double) total);
            }
            return new Evaluation(lossSum / Math.max(1, count), top1 / (double) Math.max(1, count), top5 / (double) Math.max(1, count),
                    perClass, confusion);
        }
    }
}
