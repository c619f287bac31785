package io.visionstream.inference.scoring;

import io.visionstream.common.events.Route;
import io.visionstream.common.preprocess.TensorBatch;
import io.visionstream.inference.metrics.InferenceMetrics;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Groups preprocessed images for one model version into batches and runs them on one thread. A batch runs when it
 * is full or when its oldest image has waited {@code maxWait}: a flood fills batches, a trickle still gets an answer
 * within {@code maxWait} plus one model run. Images from any source (Kafka poll batches, HTTP requests) share
 * batches. Every run is reported to a {@link BatchListener}, and its embeddings, when the session returns them, to an
 * {@link EmbeddingListener}. {@link #close()} stops intake, finishes every image
 * already accepted, then closes the session.
 */
public final class MicroBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class);
    private static final long IDLE_POLL_MILLIS = 100;

    private record Request(float[] input, long enqueuedNanos, CompletableFuture<Scored> result) {
    }

    private final ModelSession model;
    private final long maxWaitNanos;
    private final InferenceMetrics metrics;
    private final BatchListener listener;
    private final EmbeddingListener embeddings;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final ReadWriteLock intake = new ReentrantReadWriteLock();
    private final Thread worker;
    private volatile boolean closing;

    public MicroBatcher(ModelSession model, Duration maxWait, InferenceMetrics metrics, BatchListener listener, EmbeddingListener embeddings) {
        this.model = model;
        this.maxWaitNanos = maxWait.toNanos();
        this.metrics = metrics;
        this.listener = listener;
        this.embeddings = embeddings;
        this.worker = new Thread(this::run, "batcher-" + model.ref().name() + "-v" + model.ref().version());
        this.worker.setDaemon(true);
        this.worker.start();
    }

    public ModelSession model() {
        return model;
    }

    /**
     * Queues one image preprocessed with {@code model().preprocessor()}.
     *
     * @return the future result, or {@code null} if this batcher no longer accepts images (its version was replaced)
     */
    public CompletableFuture<Scored> submit(float[] preprocessed) {
        intake.readLock().lock();
        try {
            if (closing) {
                return null;
            }
            CompletableFuture<Scored> result = new CompletableFuture<>();
            queue.add(new Request(preprocessed, System.nanoTime(), result));
            return result;
        } finally {
            intake.readLock().unlock();
        }
    }

    /** Stops intake, waits until every accepted image is answered, then closes the model session. */
    @Override
    public void close() {
        intake.writeLock().lock();
        try {
            closing = true;
        } finally {
            intake.writeLock().unlock();
        }
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        model.close();
    }

    private void run() {
        TensorBatch batch = model.newBatch();
        List<Request> requests = new ArrayList<>(model.maxBatchSize());
        while (true) {
            Request first;
            try {
                first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
            }
            if (first == null) {
                if (closing && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            requests.clear();
            requests.add(first);
            fill(requests, first.enqueuedNanos() + maxWaitNanos);
            runBatch(batch, requests);
        }
    }

    private void fill(List<Request> requests, long deadline) {
        while (requests.size() < model.maxBatchSize()) {
            long remaining = deadline - System.nanoTime();
            Request next;
            try {
                next = remaining > 0 ? queue.poll(remaining, TimeUnit.NANOSECONDS) : queue.poll();
            } catch (InterruptedException e) {
                next = queue.poll();
            }
            if (next == null) {
                return;
            }
            requests.add(next);
        }
    }

    private void runBatch(TensorBatch batch, List<Request> requests) {
        batch.clear();
        for (int i = 0; i < requests.size(); i++) {
            batch.put(i, requests.get(i).input());
        }
        long start = System.nanoTime();
        BatchScores scores;
        try {
            scores = model.score(batch);
        } catch (Exception e) {
            LOG.errorf(e, "%s failed on a batch of %d", model.ref(), requests.size());
            ScoringRejectedException failure = new ScoringRejectedException(ScoringRejectedException.Reason.SCORING_FAILED,
                    model.ref() + " failed on a batch of " + requests.size() + ": " + e.getMessage(), e);
            requests.forEach(r -> r.result().completeExceptionally(failure));
            listener.batchScored(model.ref(), requests.size(), true);
            return;
        }
        long scoreNanos = System.nanoTime() - start;
        long[] waits = new long[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            waits[i] = start - r.enqueuedNanos();
            r.result().complete(new Scored(model.manifest(), Route.STABLE, scores.probabilities()[i], scores.logitsOf(i), requests.size(), waits[i] / 1e6, scoreNanos / 1e6));
        }
        metrics.batchScored(model.ref(), requests.size(), scoreNanos, waits);
        listener.batchScored(model.ref(), requests.size(), false);
        if (scores.embeddings() != null) {
            embeddings.embedded(scores.embeddings(), scores.probabilities());
        }
    }
}
