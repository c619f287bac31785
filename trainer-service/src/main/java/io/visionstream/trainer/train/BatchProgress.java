package io.visionstream.trainer.train;

/**
 * Where a run stands after one training batch: so that whoever shows progress (the service's log, the CLI's live bar)
 * gets the figures, not a formatted line, and every display reads the same rate and ETA. {@link #line()} is the
 * progress line the log has always carried; {@link #milestone()} says whether this batch is one the log reports.
 *
 * @param epoch           the epoch being trained, from 1
 * @param epochs          the epochs the run trains
 * @param batch           batches done in this epoch, from 1
 * @param batches         batches per epoch
 * @param loss            mean training loss so far in this epoch
 * @param top1            training top-1 accuracy so far in this epoch
 * @param imagesPerSecond training rate so far in this epoch
 * @param etaSeconds      estimated seconds until the last epoch ends
 */
public record BatchProgress(int epoch, int epochs, int batch, int batches, double loss, double top1, double imagesPerSecond,
                            double etaSeconds) {

    /** Batches between two progress lines in the log. */
    static final int LOG_EVERY_BATCHES = 50;

    /** True every {@value #LOG_EVERY_BATCHES} batches and at an epoch's last batch: the batches the log reports. */
    public boolean milestone() {
        return batch % LOG_EVERY_BATCHES == 0 || epochDone();
    }

    /** True at the epoch's last batch. */
    public boolean epochDone() {
        return batch == batches;
    }

    /** The log's progress line: {@code epoch 1/10 batch 50/235 loss 0.5123 acc 0.8125  1234 images/s  ETA 3m05s}. */
    public String line() {
        return String.format("epoch %d/%d batch %d/%d loss %.4f acc %.4f  %.0f images/s  ETA %s", epoch, epochs, batch, batches, loss, top1,
                imagesPerSecond, eta());
    }

    /** The ETA as {@code 3m05s}, or {@code 1h02m} from an hour on. */
    public String eta() {
        long s = Math.round(etaSeconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
