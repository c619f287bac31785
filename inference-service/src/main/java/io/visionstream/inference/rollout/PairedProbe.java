package io.visionstream.inference.rollout;

import io.visionstream.inference.scoring.ModelSession;
import io.visionstream.inference.scoring.Scored;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Scores sampled images on the canary and on stable as two batches of the same size run back to back on one
 * thread: the latency evidence compares like with like (same images, same batch size, same moment, so a busy machine
 * slows both) and the agreement evidence compares the two answers for the same image. The order alternates (see
 * {@link io.visionstream.inference.gate.CanaryEvidence#timedBatch}). One
 * side-by-side batch runs at a time; samples that arrive while one runs are left out (they are evidence, not
 * traffic: every image is still scored for its prediction). Failures are left to the error criterion, which sees
 * every real scoring.
 */
final class PairedProbe implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PairedProbe.class);

    private final int warmup;
    private final ThreadPoolExecutor runner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1), r -> {
        Thread thread = new Thread(r, "canary-probe");
        thread.setDaemon(true);
        return thread;
    }, new ThreadPoolExecutor.DiscardPolicy());

    /** @param warmup side-by-side batches per canary whose times are not used (first runs of a batch shape are slow) */
    PairedProbe(int warmup) {
        this.warmup = warmup;
    }

    /** Queues one side-by-side batch of {@code images}, unless one is already waiting. */
    void submit(TrackedCanary tracked, Routing routing, List<TrackedCanary.SideBySide> images, boolean compareAnswers) {
        runner.execute(() -> run(tracked, routing.canary().model(), routing.stable().model(), images, compareAnswers));
    }

    private void run(TrackedCanary tracked, ModelSession canary, ModelSession stable, List<TrackedCanary.SideBySide> images, boolean compareAnswers) {
        long index = tracked.nextProbe();
        boolean canaryFirst = index % 2 == 1;
        Timed canaryRun;
        Timed stableRun;
        try {
            if (canaryFirst) {
                canaryRun = Timed.run(canary, images.stream().map(TrackedCanary.SideBySide::canaryInput).toList());
                stableRun = Timed.run(stable, images.stream().map(TrackedCanary.SideBySide::stableInput).toList());
            } else {
                stableRun = Timed.run(stable, images.stream().map(TrackedCanary.SideBySide::stableInput).toList());
                canaryRun = Timed.run(canary, images.stream().map(TrackedCanary.SideBySide::canaryInput).toList());
            }
        } catch (Exception e) {
            LOG.debugf("side-by-side batch of %s vs %s not scored: %s", tracked.canary, tracked.stable, e.toString());
            return;
        }
        if (index > warmup) {
            tracked.evidence.timedBatch(canaryFirst, canaryRun.millis(), stableRun.millis());
        }
        if (compareAnswers) {
            for (int i = 0; i < images.size(); i++) {
                tracked.evidence.agreement(Scored.top1(canaryRun.probabilities()[i]) == Scored.top1(stableRun.probabilities()[i]));
            }
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }

    private record Timed(float[][] probabilities, double millis) {
        static Timed run(ModelSession session, List<float[]> inputs) throws Exception {
            long start = System.nanoTime();
            float[][] probabilities = session.scoreAll(inputs);
            return new Timed(probabilities, (System.nanoTime() - start) / 1e6);
        }
    }
}
