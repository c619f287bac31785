package io.visionstream.trainer.cli;

import io.visionstream.trainer.train.BatchProgress;
import io.visionstream.trainer.train.TrainingJob;

import java.io.Console;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * A training run's progress as one live line on a terminal, redrawn in place: bar, batch, loss, accuracy, rate and
 * ETA. Only a terminal can redraw a line; a log file or a pod's log gets the progress lines instead ({@link #forConsole()}).
 */
final class ProgressBar implements Consumer<BatchProgress> {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter terminal;
    private long drawnAt;

    ProgressBar(PrintWriter terminal) {
        this.terminal = terminal;
    }

    /** A live bar when the CLI runs on a terminal ({@link System#console()}), otherwise the log's progress lines. */
    static Consumer<BatchProgress> forConsole() {
        Console console = System.console();
        return console == null ? TrainingJob::log : new ProgressBar(console.writer());
    }

    /** Redraws at most ten times a second, and always at an epoch's last batch, which ends the line. */
    @Override
    public void accept(BatchProgress p) {
        long now = System.nanoTime();
        if (!p.epochDone() && now - drawnAt < REDRAW_NANOS) {
            return;
        }
        drawnAt = now;
        terminal.print("\r" + line(p) + (p.epochDone() ? "\n" : ""));
        terminal.flush();
    }

    /** {@code epoch 1/10 [=========>          ]  80/235 loss 0.5123 acc 0.8125  1234 images/s  ETA 3m05s}. */
    static String line(BatchProgress p) {
        int filled = (int) ((long) WIDTH * p.batch() / p.batches());
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        String batches = String.valueOf(p.batches());
        return String.format("epoch %d/%d [%s] %" + batches.length() + "d/%s loss %.4f acc %.4f  %.0f images/s  ETA %s", p.epoch(), p.epochs(), bar,
                p.batch(), batches, p.loss(), p.top1(), p.imagesPerSecond(), p.eta());
    }
}
