package io.visionstream.trainer.optim;

import ai.djl.training.tracker.Tracker;

/**
 * Reduce-on-plateau: the learning rate is multiplied by {@code factor} whenever validation accuracy has not improved
 * for {@code patience} epochs. DJL trackers see only update counts, so the training loop reports each epoch.
 */
public final class PlateauTracker implements Tracker {

    private final float factor;
    private final int patience;
    private volatile float value;
    private double best = Double.NEGATIVE_INFINITY;
    private int stale;

    PlateauTracker(float initial, float factor, int patience) {
        this.value = initial;
        this.factor = factor;
        this.patience = patience;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return value;
    }

    /** Records an epoch's validation accuracy; returns true if the learning rate was reduced. */
    public boolean epochEnded(double validationAccuracy) {
        if (validationAccuracy > best) {
            best = validationAccuracy;
            stale = 0;
            return false;
        }
        if (++stale >= patience) {
            value *= factor;
            stale = 0;
            return true;
        }
        return false;
    }
}
