package io.visionstream.trainer.train;

import io.visionstream.trainer.optim.PlateauTracker;
import org.jboss.logging.Logger;

/**
 * What a run decides after each epoch (trained now, or replayed when resuming, so that both reach the same state): the
 * best validation accuracy and its epoch, the plateau schedule's reduction, and early stopping after {@code patience}
 * epochs without a better validation accuracy.
 */
final class BestSoFar {

    private static final Logger LOG = Logger.getLogger(BestSoFar.class);

    private final int patience;
    private final PlateauTracker plateau;
    private int bestEpoch;
    private double bestAccuracy = -1;
    private int sinceBest;

    /** @param plateau the plateau schedule to report each epoch to; null when the run has another schedule */
    BestSoFar(int patience, PlateauTracker plateau) {
        this.patience = patience;
        this.plateau = plateau;
    }

    /** Records an epoch; {@code onBest} runs when its validation accuracy is the best so far. Returns whether to stop. */
    boolean epochEnded(EpochRecord record, Runnable onBest) {
        if (plateau != null && plateau.epochEnded(record.valAccuracy())) {
            LOG.infof("validation accuracy plateaued after epoch %d: learning rate now %.2e", record.epoch(), plateau.getNewValue(0));
        }
        if (record.valAccuracy() > bestAccuracy) {
            bestAccuracy = record.valAccuracy();
            bestEpoch = record.epoch();
            sinceBest = 0;
            onBest.run();
        } else if (patience > 0 && ++sinceBest >= patience) {
            LOG.infof("early stop after epoch %d: no better validation accuracy for %d epochs", record.epoch(), patience);
            return true;
        }
        return false;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    double bestAccuracy() {
        return bestAccuracy;
    }
}
