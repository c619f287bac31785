package io.visionstream.inference.scoring;

/**
 * One model run's class scores, one row per image, both read from the same ONNX Runtime run: the probabilities
 * always, and the logits when the manifest names a logits output ({@code null} otherwise), so that only models with
 * logits pay for the second array.
 */
public record BatchScores(float[][] probabilities, float[][] logits) {

    /** The logits of image {@code index}, or {@code null} when the model has none. */
    public float[] logitsOf(int index) {
        return logits == null ? null : logits[index];
    }
}
