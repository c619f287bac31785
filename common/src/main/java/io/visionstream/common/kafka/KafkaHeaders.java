package io.visionstream.common.kafka;

/**
 * Kafka header names both services and external clients rely on. Image events use CloudEvents binary mode
 * ({@code ce_*} headers plus {@code content-type}); dead-lettered records carry why and where they came from.
 */
public final class KafkaHeaders {

    public static final String CE_ID = "ce_id";
    public static final String CE_TYPE = "ce_type";
    public static final String CE_SOURCE = "ce_source";
    public static final String CE_SPECVERSION = "ce_specversion";
    public static final String CE_TIME = "ce_time";
    /** CloudEvents spec version written by our producers. */
    public static final String CE_SPECVERSION_VALUE = "1.0";
    /** {@code ce_type} of an image event. */
    public static final String CE_TYPE_IMAGE = "io.visionstream.image.v1";

    /** Media type of the value: {@code image/jpeg}, {@code image/png} or {@code application/x-raw-u8;shape=CxHxW}. */
    public static final String CONTENT_TYPE = "content-type";
    /** Optional: the model name that should score an image (otherwise the configured default model). */
    public static final String MODEL = "model";

    /** On {@code images.labelled}: the {@code GroundTruth} JSON the image was joined with. */
    public static final String GROUND_TRUTH = "ground-truth";

    /** Machine-readable reason code of a dead-lettered record (e.g. {@code CORRUPT}, {@code TOO_LARGE}). */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";
    /** Human-readable explanation of a dead-lettered record. */
    public static final String DEAD_LETTER_MESSAGE = "dead-letter-message";
    public static final String DEAD_LETTER_TOPIC = "dead-letter-topic";
    public static final String DEAD_LETTER_PARTITION = "dead-letter-partition";
    public static final String DEAD_LETTER_OFFSET = "dead-letter-offset";

    private KafkaHeaders() {
    }
}
