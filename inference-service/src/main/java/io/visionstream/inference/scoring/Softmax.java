package io.visionstream.inference.scoring;

/**
 * Turns a model's logits into probabilities when its graph has no softmax of its own (many exports end at the last
 * linear layer), so predictions, metrics and the canary gate always compare true probabilities. Numerically stable:
 * the maximum is subtracted before exponentiating, so large logits cannot overflow to infinity.
 */
public final class Softmax {

    private Softmax() {
    }

    /** Replaces {@code logits} by their softmax, computed in double precision. */
    public static void inPlace(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] exps = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            exps[i] = Math.exp((double) logits[i] - max);
            sum += exps[i];
        }
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (exps[i] / sum);
        }
    }
}
