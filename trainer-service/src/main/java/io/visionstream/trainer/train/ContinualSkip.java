package io.visionstream.trainer.train;

/** Why a labelled record of the window was left out of a continual job's data set (counted per reason in its summary). */
public enum ContinualSkip {
    /** The record has no image, or its {@code ground-truth} header is not a label. */
    UNREADABLE,
    /** The label's class index or name is not one of the base model's labels, or index and name disagree. */
    UNKNOWN_CLASS,
    /** The image does not decode ({@code common}'s decoder refused it). */
    UNDECODABLE
}
