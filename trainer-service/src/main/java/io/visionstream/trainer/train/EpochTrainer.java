package io.visionstream.trainer.train;

import io.visionstream.trainer.augment.Augmenter;
import io.visionstream.trainer.settings.TrainingSettings;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.tracker.Tracker;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.djl.SpecBlocks;
import org.jboss.logging.Logger;

import java.nio.FloatBuffer;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One epoch of training: batches in a (seed, epoch) order, prepared and augmented on a background thread while the
 * previous one trains, a gradient step each, progress (loss, accuracy, images/s, ETA) reported after every batch, and
 * the validation figures at the end. Every epoch's randomness derives from (seed, epoch), so a resumed run repeats it.
 */
final class EpochTrainer {

    private static final Logger LOG = Logger.getLogger(EpochTrainer.class);

    private final TrainingSettings settings;
    private final BooleanSupplier cancelled;
    private final Consumer<BatchProgress> progress;
    private final Trainer trainer;
    private final Block block;
    private final NetworkSpec network;
    private final TensorSet trainSet;
    private final TensorSet valSet;
    private final Augmenter augmenter;
    private final TrainingLoss loss;
    private final Tracker learningRate;
    private final int batches;

    /** One prepared training batch: images (augmented if configured), labels and count. */
    private record Batch(float[] images, int[] labels, int size) {
    }

    /** @param learningRate the schedule from update 0, read for the rate each epoch ends with */
    EpochTrainer(TrainingSettings settings, BooleanSupplier cancelled, Consumer<BatchProgress> progress, Trainer trainer, Block block, NetworkSpec network, TensorSet trainSet,
                 TensorSet valSet, Augmenter augmenter, TrainingLoss loss, Tracker learningRate, int batches) {
        this.settings = settings;
        this.cancelled = cancelled;
        this.progress = progress;
        this.trainer = trainer;
        this.block = block;
        this.network = network;
        this.trainSet = trainSet;
        this.valSet = valSet;
        this.augmenter = augmenter;
        this.loss = loss;
        this.learningRate = learningRate;
        this.batches = batches;
    }

    /** Trains epoch {@code epoch}; throws {@link CancellationException} at the next batch once cancelled. */
    EpochRecord train(int epoch) {
        long start = System.nanoTime();
        Engine.getInstance().setRandomSeed((int) (settings.seed() * 1_000_003L + epoch));
        int[] order = trainSet.shuffled(settings.seed() * 1_000_003L + epoch);
        Random augmentation = new Random(settings.seed() * 31 + epoch);
        Evaluation.Accumulator accuracy = new Evaluation.Accumulator(network.classes());
        // the next batch is copied (and augmented) on a background thread while the current one trains
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "batch-prefetch");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<Batch> next = prefetch.submit(() -> prepare(order, 0, augmentation));
            for (int b = 0; b < batches; b++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("cancelled in epoch " + epoch + " at batch " + b);
                }
                Batch batch = next.get();
                if (b + 1 < batches) {
                    int following = b + 1;
                    next = prefetch.submit(() -> prepare(order, following, augmentation));
                }
                step(batch, accuracy);
                progress.accept(progress(epoch, b, b * settings.batchSize() + batch.size(), start, accuracy.result()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted in epoch " + epoch);
        } catch (ExecutionException e) {
            throw new IllegalStateException("preparing a training batch failed: " + e.getCause(), e.getCause());
        } finally {
            prefetch.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation trained = accuracy.result();
        Evaluation validation = Evaluator.evaluate(block, trainer.getManager(), network, valSet);
        float lr = learningRate.getNewValue(epoch * batches);
        EpochRecord record = new EpochRecord(epoch, trained.loss(), trained.top1(), validation.loss(), validation.top1(), lr,
                trainSet.size() / seconds, seconds);
        LOG.infof("epoch %d/%d: train loss %.4f acc %.4f | validation loss %.4f acc %.4f | %.0f images/s, %.1f s", epoch, settings.epochs(),
                record.trainLoss(), record.trainAccuracy(), record.valLoss(), record.valAccuracy(), record.imagesPerSecond(), seconds);
        return record;
    }

    /** Forward, loss, backward and one optimiser update on a batch. */
    private void step(Batch batch, Evaluation.Accumulator accuracy) {
        int n = batch.size();
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray x = scope.create(FloatBuffer.wrap(batch.images(), 0, n * trainSet.floatsPerImage), SpecBlocks.inputShape(network, n));
            NDArray y = scope.create(batch.labels());
            try (GradientCollector gradients = trainer.newGradientCollector()) {
                NDList out = trainer.forward(new NDList(x));
                NDArray value = loss.of(out, y);
                gradients.backward(value);
                accuracy.add(out.head().toFloatArray(), batch.labels(), value.getFloat());
            }
            trainer.step();
        }
    }

    private BatchProgress progress(int epoch, int b, int imagesDone, long start, Evaluation soFar) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = imagesDone / seconds;
        double remaining = (batches - b - 1) * settings.batchSize() / rate + (settings.epochs() - epoch) * trainSet.size() / rate;
        return new BatchProgress(epoch, settings.epochs(), b + 1, batches, soFar.loss(), soFar.top1(), rate, remaining);
    }

    private Batch prepare(int[] order, int index, Random random) {
        int from = index * settings.batchSize();
        int to = Math.min(trainSet.size(), from + settings.batchSize());
        float[] images = new float[(to - from) * trainSet.floatsPerImage];
        int[] labels = new int[to - from];
        trainSet.fill(order, from, to, images, labels);
        if (augmenter.active()) {
            augmenter.apply(images, to - from, network.channels(), network.height(), network.width(), random);
        }
        return new Batch(images, labels, to - from);
    }
}
