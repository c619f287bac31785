package io.visionstream.trainer.data;

/**
 * A data-set file that could not be used, and why: reported in the run's log and summary so a bad file never
 * silently shrinks a data set (nor crashes the run).
 *
 * @param file   path relative to the data-set root
 * @param reason the decoder's explanation
 */
public record SkippedImage(String file, String reason) {
}
