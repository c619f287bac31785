package io.visionstream.common.kafka;

/** Default topic names of the Kafka contract (design.md); deployments may rename them through configuration. */
public final class Topics {

    public static final String IMAGES = "images";
    public static final String PREDICTIONS = "predictions";
    public static final String PREDICTIONS_SHADOW = "predictions.shadow";
    public static final String IMAGES_DLQ = "images.dlq";
    /** Compacted; key = model name, value = {@code ModelManifest} JSON. */
    public static final String MODEL_RELEASES = "model-releases";
    /** Compacted; key = model name, value = {@code RolloutState} JSON. */
    public static final String MODEL_ROLLOUTS = "model-rollouts";
    /** Key = image id, value = {@code GroundTruth} JSON, from any client: the joins repartition it (any partitioner, any partition count). */
    public static final String LABELS = "labels";
    /** Key = image id, value = {@code LabelledPrediction} JSON, written by the online-quality join. */
    public static final String PREDICTIONS_LABELLED = "predictions.labelled";
    /** Key = model name, value = {@code TrainingTrigger} JSON: requests to train a model again from the stream. */
    public static final String TRAINING_TRIGGERS = "training-triggers";
    /** Compacted; key = model name, value = the model's online quality (every version and route) as the join sums it. */
    public static final String PREDICTIONS_QUALITY = "predictions.quality";

    /**
     * Key = image id, value = the image's bytes untouched, headers {@code content-type} and {@code ground-truth} (the
     * {@code GroundTruth} JSON it was joined with): images joined with their labels by the trainer's Kafka Streams
     * join, the data set continual training reads.
     */
    public static final String IMAGES_LABELLED = "images.labelled";

    /**
     * Record size limit of the topics that carry images ({@link #IMAGES}, {@link #IMAGES_DLQ}, {@link #IMAGES_LABELLED}
     * and a join's state topics holding images): the decoder's 10 MiB payload limit plus room for headers and batch
     * overhead. Producers writing images set {@code max.request.size} to it.
     */
    public static final int IMAGE_MESSAGE_MAX_BYTES = 12 * 1024 * 1024;

    private Topics() {
    }
}
