package io.visionstream.inference.scoring;

/**
 * Told of the embeddings of every batch a {@link MicroBatcher} scored with a session that returns them
 * ({@link ModelSession#returnsEmbeddings()}), so drift can be measured from the serving forward pass without the
 * scoring layer knowing about drift. Called on the batcher's thread: it must only copy what it needs and return.
 */
@FunctionalInterface
public interface EmbeddingListener {

    /** One batch's embeddings and probabilities, one row per image, from the same run. */
    void embedded(float[][] embeddings, float[][] probabilities);
}
