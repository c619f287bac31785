package io.visionstream.bench.gate;

/**
 * One kind of simulated canary: how it really compares with stable, and the machine it runs on.
 *
 * @param name           what the row is called
 * @param healthy        whether rolling it back is a false alarm (else: not rolling it back is a miss)
 * @param latencyRatio   canary/stable scoring time of the same batch, before noise
 * @param canaryErrors   chance that one canary scoring (a batch) fails
 * @param stableErrors   chance that one stable scoring fails
 * @param agreement      chance that both give the same top-1 class for an image
 * @param servingBatch   images per scoring batch on the serving path (1 = a trickle, 32 = a flood)
 * @param probeBatch     images per side-by-side batch
 * @param jitter         sigma of the log-normal noise on every timed run (small batches jitter more)
 * @param errorSpikes    whether the machine has outages that fail both versions' scorings for a while
 * @param labelledShare  share of answers whose label arrives (0: no labels, and the policy does not judge accuracy)
 * @param stableAccuracy chance that stable's answer to a labelled image is right (on an easy stretch)
 * @param canaryAccuracy the same for the canary; hard stretches of the stream cost both 25 points
 */
record CanaryCase(String name, boolean healthy, double latencyRatio, double canaryErrors, double stableErrors, double agreement,
                  int servingBatch, int probeBatch, double jitter, boolean errorSpikes, double labelledShare, double stableAccuracy,
                  double canaryAccuracy) {

    /** A case without ground truth. */
    CanaryCase(String name, boolean healthy, double latencyRatio, double canaryErrors, double stableErrors, double agreement,
               int servingBatch, int probeBatch, double jitter, boolean errorSpikes) {
        this(name, healthy, latencyRatio, canaryErrors, stableErrors, agreement, servingBatch, probeBatch, jitter, errorSpikes, 0, 0, 0);
    }

    /** A case whose images get labelled, judged on every criterion including accuracy. */
    static CanaryCase labelled(String name, boolean healthy, double agreement, double labelledShare, double stableAccuracy, double canaryAccuracy) {
        return new CanaryCase(name, healthy, 1.0, 0.0, 0.0, agreement, 4, 8, 0.3, false, labelledShare, stableAccuracy, canaryAccuracy);
    }
}
