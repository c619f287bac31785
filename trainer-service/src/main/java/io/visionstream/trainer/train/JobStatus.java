package io.visionstream.trainer.train;

/** Where a training job is in its life; what the job queue reports and the metrics count. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED
}
