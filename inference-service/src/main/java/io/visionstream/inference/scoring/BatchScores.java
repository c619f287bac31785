package io.visionstream.inference.scoring;

/**
 * One model run's outputs, one row per image, all read from the same ONNX Runtime run: the probabilities always, the
 * logits when the manifest names a logits output, and the embeddings when the session was opened to return them
 * ({@code null} otherwise), so that only models that need the extra arrays pay for them.
 */
public record BatchScores(float[][] probabilities, float[][] logits, float[][] embeddings) {

    /** The logits of image {@code index}, or {@code null} when the model has none. */
    public float[] logitsOf(int index) {
        return logits == null ? null : logits[index];
    }
}
