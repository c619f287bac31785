package io.visionstream.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import io.visionstream.common.json.Json;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.Preprocessor;
import io.visionstream.common.preprocess.ResizeSpec;
import io.visionstream.trainer.arch.LayerSpec;
import io.visionstream.trainer.arch.NetworkAnalysis;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.data.Datasets;
import io.visionstream.trainer.data.LabeledImages;
import io.visionstream.trainer.data.Splits;
import io.visionstream.trainer.djl.SpecBlocks;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One training run, end to end: load the data set, preprocess it with the shared {@link Preprocessor} (statistics
 * from the training split), build the zoo network as a DJL block, train with the configured optimiser and schedule,
 * keep the best validation checkpoint (not the last), evaluate it on the held-out test set, and leave in the run
 * directory {@code best.params}, {@code curves.json}, {@code curves.png}, {@code confusion.png}, {@code summary.json}, and
 * after every epoch the {@link RunState} a resumed run continues from.
 * Progress (epoch, batch, loss, accuracy, images/s, ETA) is logged as it goes.
 */
public final class TrainingJob {

    public static final String CHECKPOINT = "best.params";
    private static final Logger LOG = Logger.getLogger(TrainingJob.class);
    private static final int PROGRESS_EVERY_BATCHES = 50;
    private static final int EVAL_BATCH = 512;

    private final TrainingSettings settings;
    private final Consumer<EpochRecord> onEpoch;
    private final BooleanSupplier cancelled;
    private Tracker learningRate;
    private PlateauTracker plateau;
    private int bestEpoch;
    private double bestAccuracy = -1;
    private int sinceBest;

    public TrainingJob(TrainingSettings settings, Consumer<EpochRecord> onEpoch) {
        this(settings, onEpoch, () -> false);
    }

    /** A job that stops (throwing {@link CancellationException}) at the next batch once {@code cancelled} is true. */
    public TrainingJob(TrainingSettings settings, Consumer<EpochRecord> onEpoch, BooleanSupplier cancelled) {
        this.settings = settings;
        this.onEpoch = onEpoch;
        this.cancelled = cancelled;
    }

    /** Loads the settings' named data set and trains on it. */
    public TrainingSummary run() throws IOException, InterruptedException {
        return run(Datasets.load(settings.dataset(), settings.dataDir(), settings.localData(), settings.inputSize()));
    }

    /** Trains on the given train/test images (the validation split is carved out of train). */
    public TrainingSummary run(Datasets.Split data) throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(settings.out());
        LabeledImages all = data.train().subset(settings.dataset() + "-train", Splits.limit(data.train(), settings.limitTrain(), settings.seed()));
        int[][] split = Splits.stratified(all, settings.valFraction(), settings.seed());
        LabeledImages train = all.subset("train", split[0]);
        LabeledImages validation = all.subset("validation", split[1]);
        int size = settings.inputSize() > 0 ? settings.inputSize() : all.height();
        PreprocessSpec preprocess = preprocessSpec(train, size);
        Preprocessor preprocessor = new Preprocessor(preprocess);
        NetworkSpec network = settings.network() != null
                ? new NetworkSpec(settings.arch(), preprocess.channels(), size, size, all.classes().size(), settings.network())
                : Zoo.build(settings.arch(), preprocess.channels(), size, all.classes().size());
        NetworkAnalysis.Result analysis = NetworkAnalysis.of(network);
        LOG.infof("%s on %s: %d train / %d validation / %d test images at %dx%dx%d, %,d parameters, %,d multiply-adds per image",
                settings.arch(), settings.dataset(), train.size(), validation.size(), data.test().size(), preprocess.channels(), size, size,
                analysis.parameters(), analysis.multiplyAdds());
        Augmenter augmenter = Augmenter.parse(settings.augment(), preprocess);
        TensorSet trainSet = TensorSet.of(train, preprocessor);
        TensorSet valSet = TensorSet.of(validation, preprocessor);
        TensorSet testSet = TensorSet.of(data.test(), preprocessor);

        RunState resumed = settings.resume() ? RunState.read(settings.out()) : null;
        Engine.getInstance().setRandomSeed((int) settings.seed());
        Device device = Engine.getInstance().defaultDevice();
        List<EpochRecord> curves = new ArrayList<>();
        Path checkpoint = settings.out().resolve(CHECKPOINT);
        Evaluation test;
        Block block = SpecBlocks.build(network);
        try (Model model = Model.newInstance(settings.arch(), device)) {
            model.setBlock(block);
            int batchesPerEpoch = (trainSet.size() + settings.batchSize() - 1) / settings.batchSize();
            int epochsDone = resumed == null ? 0 : resumed.curves().size();
            ResumableOptimizer optimizer = optimizer(batchesPerEpoch, epochsDone * batchesPerEpoch);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(optimizer)
                    .optInitializer(initializer(network), Parameter.Type.WEIGHT)
                    .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(SpecBlocks.inputShape(network, settings.batchSize()));
                boolean stop = false;
                if (resumed != null) {
                    resumed.restore(settings.out(), network, block, trainer.getManager(), optimizer);
                    applyFreeze(block);
                    for (EpochRecord past : resumed.curves()) {
                        curves.add(past);
                        stop = epochEnded(past, () -> { });
                    }
                    LOG.infof("resumed %s after epoch %d (best epoch %d, validation top-1 %.4f)", settings.out(), epochsDone, bestEpoch,
                            bestAccuracy);
                } else if (settings.initFrom() != null) {
                    startFrom(network, block, trainer.getManager(), settings.initFrom());
                }
                for (int epoch = curves.size() + 1; !stop && epoch <= settings.epochs(); epoch++) {
                    EpochRecord record = trainEpoch(trainer, block, network, trainSet, valSet, epoch, batchesPerEpoch, augmenter);
                    curves.add(record);
                    onEpoch.accept(record);
                    stop = epochEnded(record, () -> Checkpoints.save(block, checkpoint));
                    RunState.write(settings.out(), settings, curves, block, optimizer);
                }
                Checkpoints.load(block, trainer.getManager(), checkpoint);
                test = evaluate(block, trainer.getManager(), network, testSet);
            }
        }
        Files.writeString(settings.out().resolve("curves.json"), Json.toJson(curves));
        Charts.curves(curves, settings.arch() + " on " + settings.dataset(), settings.out().resolve("curves.png"));
        Charts.confusion(test.confusion(), all.classes(), settings.out().resolve("confusion.png"));
        double imagesPerSecond = curves.stream().mapToDouble(EpochRecord::imagesPerSecond).average().orElse(0);
        TrainingSummary summary = new TrainingSummary(settings.arch(), settings.dataset(), settings, network, preprocess, all.classes(),
                analysis.parameters(), analysis.multiplyAdds(), curves.size(), bestEpoch, bestAccuracy, test.top1(), test.top5(),
                test.perClassAccuracy(), test.confusion(), imagesPerSecond, device.toString(), (System.nanoTime() - started) / 1e9,
                settings.out().toAbsolutePath().toString(), data.skipped());
        Files.writeString(settings.out().resolve("summary.json"), Json.toJson(summary));
        if (!data.skipped().isEmpty()) {
            LOG.warnf("%d data-set file(s) skipped (could not be decoded; listed in summary.json): %s", data.skipped().size(),
                    data.skipped().stream().map(io.visionstream.trainer.data.SkippedImage::file).toList());
        }
        LOG.infof("done: best epoch %d (validation top-1 %.4f); test top-1 %.4f, top-5 %.4f; %.0f images/s; results in %s",
                bestEpoch, bestAccuracy, test.top1(), test.top5(), imagesPerSecond, settings.out().toAbsolutePath());
        return summary;
    }

    /**
     * Best-so-far bookkeeping after an epoch (trained now, or replayed when resuming): the plateau schedule, the
     * best validation accuracy ({@code onBest} runs when it improves) and early stopping. Returns whether to stop.
     */
    private boolean epochEnded(EpochRecord record, Runnable onBest) {
        if (plateau != null && plateau.epochEnded(record.valAccuracy())) {
            LOG.infof("validation accuracy plateaued after epoch %d: learning rate now %.2e", record.epoch(), plateau.getNewValue(0));
        }
        if (record.valAccuracy() > bestAccuracy) {
            bestAccuracy = record.valAccuracy();
            bestEpoch = record.epoch();
            sinceBest = 0;
            onBest.run();
        } else if (settings.patience() > 0 && ++sinceBest >= settings.patience()) {
            LOG.infof("early stop after epoch %d: no better validation accuracy for %d epochs", record.epoch(), settings.patience());
            return true;
        }
        return false;
    }

    /** One prepared training batch: images (augmented if configured), labels and count. */
    private record Batch(float[] images, int[] labels, int size) {
    }

    private EpochRecord trainEpoch(Trainer trainer, Block block, NetworkSpec network, TensorSet trainSet, TensorSet valSet, int epoch,
                                   int batches, Augmenter augmenter) {
        long start = System.nanoTime();
        // every epoch's randomness (order, augmentation, dropout) derives from (seed, epoch): a resumed run repeats it
        Engine.getInstance().setRandomSeed((int) (settings.seed() * 1_000_003L + epoch));
        int[] order = trainSet.shuffled(settings.seed() * 1_000_003L + epoch);
        java.util.Random augmentation = new java.util.Random(settings.seed() * 31 + epoch);
        Evaluation.Accumulator accuracy = new Evaluation.Accumulator(network.classes());
        Loss loss = trainer.getLoss();
        double auxWeight = auxWeight(network.body());
        // the next batch is copied (and augmented) on a background thread while the current one trains
        java.util.concurrent.ExecutorService prefetch = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "batch-prefetch");
            thread.setDaemon(true);
            return thread;
        });
        try {
            java.util.concurrent.Future<Batch> next = prefetch.submit(() -> prepare(trainSet, order, 0, network, augmenter, augmentation));
            for (int b = 0; b < batches; b++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("cancelled in epoch " + epoch + " at batch " + b);
                }
                Batch batch = next.get();
                if (b + 1 < batches) {
                    int following = b + 1;
                    next = prefetch.submit(() -> prepare(trainSet, order, following, network, augmenter, augmentation));
                }
                int n = batch.size();
                int to = b * settings.batchSize() + n;
                try (NDManager scope = trainer.getManager().newSubManager()) {
                    NDArray x = scope.create(FloatBuffer.wrap(batch.images(), 0, n * trainSet.floatsPerImage), SpecBlocks.inputShape(network, n));
                    NDArray y = scope.create(batch.labels());
                    try (GradientCollector gradients = trainer.newGradientCollector()) {
                        NDList out = trainer.forward(new NDList(x));
                        NDArray value = trainingLoss(loss, out.head(), y);
                        for (int aux = 1; aux < out.size(); aux++) {
                            value = value.add(trainingLoss(loss, out.get(aux), y).mul(auxWeight));
                        }
                        gradients.backward(value);
                        accuracy.add(out.head().toFloatArray(), batch.labels(), value.getFloat());
                    }
                    trainer.step();
                }
                if ((b + 1) % PROGRESS_EVERY_BATCHES == 0 || b + 1 == batches) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double rate = to / seconds;
                    double remaining = (batches - b - 1) * settings.batchSize() / rate + (settings.epochs() - epoch) * trainSet.size() / rate;
                    Evaluation soFar = accuracy.result();
                    LOG.infof("epoch %d/%d batch %d/%d loss %.4f acc %.4f  %.0f images/s  ETA %s", epoch, settings.epochs(), b + 1, batches,
                            soFar.loss(), soFar.top1(), rate, eta(remaining));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted in epoch " + epoch);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("preparing a training batch failed: " + e.getCause(), e.getCause());
        } finally {
            prefetch.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation trained = accuracy.result();
        Evaluation validation = evaluate(block, trainer.getManager(), network, valSet);
        float lr = learningRate.getNewValue(epoch * batches);
        EpochRecord record = new EpochRecord(epoch, trained.loss(), trained.top1(), validation.loss(), validation.top1(), lr,
                trainSet.size() / seconds, seconds);
        LOG.infof("epoch %d/%d: train loss %.4f acc %.4f | validation loss %.4f acc %.4f | %.0f images/s, %.1f s", epoch, settings.epochs(),
                record.trainLoss(), record.trainAccuracy(), record.valLoss(), record.valAccuracy(), record.imagesPerSecond(), seconds);
        return record;
    }

    /**
     * Cross-entropy, with label smoothing when configured: {@code (1 - e) * -log p[y] + e * mean over classes of -log p}.
     */
    private NDArray trainingLoss(Loss crossEntropy, NDArray logits, NDArray labels) {
        if (settings.labelSmoothing() == 0) {
            return crossEntropy.evaluate(new NDList(labels), new NDList(logits));
        }
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray target = logProbabilities.gather(labels.toType(ai.djl.ndarray.types.DataType.INT64, false).reshape(-1, 1), 1).neg();
        NDArray uniform = logProbabilities.mean(new int[] {1}, true).neg();
        return target.mul(1 - settings.labelSmoothing()).add(uniform.mul(settings.labelSmoothing())).mean();
    }

    private Batch prepare(TensorSet set, int[] order, int index, NetworkSpec network, Augmenter augmenter, java.util.Random random) {
        int from = index * settings.batchSize();
        int to = Math.min(set.size(), from + settings.batchSize());
        float[] images = new float[(to - from) * set.floatsPerImage];
        int[] labels = new int[to - from];
        set.fill(order, from, to, images, labels);
        if (augmenter.active()) {
            augmenter.apply(images, to - from, network.channels(), network.height(), network.width(), random);
        }
        return new Batch(images, labels, to - from);
    }

    /**
     * Copies earlier weights of the same network into the block's own arrays (the trainer keeps references to them,
     * so they are overwritten in place, not replaced) and applies the freeze policy.
     */
    private void startFrom(NetworkSpec network, Block block, NDManager manager, Path source) {
        Path file = Files.exists(source.resolve(CHECKPOINT)) ? source.resolve(CHECKPOINT) : source.resolve("checkpoint.params");
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("initFrom " + source + " holds neither " + CHECKPOINT + " nor checkpoint.params");
        }
        try {
            Checkpoints.copyInto(network, block, manager, file);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("initFrom " + source + " does not fit " + settings.arch() + " with these classes: "
                    + e.getCause().getMessage(), e);
        }
        LOG.infof("fine-tuning from %s", file);
        applyFreeze(block);
    }

    /** The freeze policy: {@code all-but-classifier} leaves only the last dense layer trainable. */
    private void applyFreeze(Block block) {
        if (settings.freeze().equals("all-but-classifier")) {
            block.freezeParameters(true);
            List<Parameter> parameters = Checkpoints.parameters(block);
            // the classifier is the last dense layer: the last parameters of the tree (its weight, then its bias)
            for (int i = parameters.size() - 1; i >= 0 && i >= parameters.size() - 2; i--) {
                Parameter p = parameters.get(i);
                if (p.getType() == Parameter.Type.WEIGHT || p.getType() == Parameter.Type.BIAS) {
                    p.freeze(false);
                }
            }
            LOG.infof("frozen: all parameters but the classifier's");
        }
    }

    /** Inference-mode evaluation (dropout off, batch-norm on running statistics). */
    static Evaluation evaluate(Block block, NDManager manager, NetworkSpec network, TensorSet set) {
        Evaluation.Accumulator accumulator = new Evaluation.Accumulator(network.classes());
        Loss loss = Loss.softmaxCrossEntropyLoss();
        int[] order = new int[set.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        float[] batch = new float[EVAL_BATCH * set.floatsPerImage];
        int[] labels = new int[EVAL_BATCH];
        for (int from = 0; from < set.size(); from += EVAL_BATCH) {
            int to = Math.min(set.size(), from + EVAL_BATCH);
            int n = to - from;
            set.fill(order, from, to, batch, labels);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(FloatBuffer.wrap(batch, 0, n * set.floatsPerImage), SpecBlocks.inputShape(network, n));
                NDArray y = scope.create(java.util.Arrays.copyOf(labels, n));
                NDArray logits = block.forward(new ParameterStore(scope, false), new NDList(x), false).head();
                float meanLoss = loss.evaluate(new NDList(y), new NDList(logits)).getFloat();
                accumulator.add(logits.toFloatArray(), java.util.Arrays.copyOf(labels, n), meanLoss);
            }
        }
        return accumulator.result();
    }

    private PreprocessSpec preprocessSpec(LabeledImages train, int size) {
        double sum = 0;
        double squares = 0;
        byte[] px = train.pixels();
        for (byte b : px) {
            double v = (b & 0xFF) / 255.0;
            sum += v;
            squares += v * v;
        }
        double mean = sum / px.length;
        double std = Math.sqrt(Math.max(1e-12, squares / px.length - mean * mean));
        ColourMode colour = train.channels() == 1 ? ColourMode.GREY : ColourMode.RGB;
        List<Double> means = java.util.Collections.nCopies(colour.channels(), round(mean));
        List<Double> stds = java.util.Collections.nCopies(colour.channels(), round(std));
        return new PreprocessSpec(colour, ResizeSpec.direct(size, size), 1.0 / 255, means, stds);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    /**
     * The configured optimiser; its learning-rate schedule starts at update {@code updatesDone} (a resumed run's
     * position), {@link #learningRate} keeps the schedule itself.
     */
    private ResumableOptimizer optimizer(int batchesPerEpoch, int updatesDone) {
        Tracker lr = switch (settings.schedule()) {
            case "step" -> Tracker.factor().setBaseValue((float) settings.lr()).setFactor((float) Math.pow(settings.gamma(), 1.0 / (settings.stepEpochs() * batchesPerEpoch))).build();
            case "multistep" -> update -> (float) (settings.lr() * Math.pow(settings.gamma(),
                    settings.milestones().stream().filter(epoch -> epoch * batchesPerEpoch <= update).count()));
            case "plateau" -> plateau = new PlateauTracker((float) settings.lr(), (float) settings.gamma(), settings.stepEpochs());
            case "cosine" -> Tracker.cosine().setBaseValue((float) settings.lr()).optFinalValue(0f).setMaxUpdates(settings.epochs() * batchesPerEpoch).build();
            default -> Tracker.fixed((float) settings.lr());
        };
        if (settings.warmupEpochs() > 0) {
            lr = Tracker.warmUp().setMainTracker(lr).optWarmUpSteps(settings.warmupEpochs() * batchesPerEpoch).build();
        }
        learningRate = lr;
        if (updatesDone > 0) {
            Tracker fromStart = lr;
            lr = update -> fromStart.getNewValue(update + updatesDone);
        }
        return switch (settings.optimizer()) {
            case "sgd" -> MomentumSgd.builder().setLearningRateTracker(lr).optMomentum((float) settings.momentum())
                    .optNesterov(settings.nesterov()).optWeightDecays((float) settings.weightDecay()).build();
            case "adamw" -> AdamOptimizer.builder().setLearningRateTracker(lr).optDecoupledWeightDecay(true)
                    .optWeightDecays((float) settings.weightDecay()).build();
            default -> AdamOptimizer.builder().setLearningRateTracker(lr).optWeightDecays((float) settings.weightDecay()).build();
        };
    }

    /** Kaiming (He) initialisation for ReLU networks, Xavier for sigmoid/tanh ones, as their papers use. */
    private static XavierInitializer initializer(NetworkSpec network) {
        return usesRelu(network.body()) ? new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2)
                : new XavierInitializer();
    }

    private static boolean usesRelu(LayerSpec layer) {
        if (layer instanceof LayerSpec.Activation a) {
            return a.kind() == LayerSpec.Activation.Kind.RELU;
        }
        if (layer instanceof LayerSpec.Sequential s) {
            return s.layers().stream().anyMatch(TrainingJob::usesRelu);
        }
        if (layer instanceof LayerSpec.Residual r) {
            return usesRelu(r.body()) || r.projection() != null && usesRelu(r.projection()) || r.post() != null && usesRelu(r.post());
        }
        if (layer instanceof LayerSpec.Concat c) {
            return c.branches().stream().anyMatch(TrainingJob::usesRelu);
        }
        return layer instanceof LayerSpec.AuxHead a && usesRelu(a.head());
    }

    private static double auxWeight(LayerSpec layer) {
        if (layer instanceof LayerSpec.AuxHead a) {
            return a.lossWeight();
        }
        if (layer instanceof LayerSpec.Sequential s) {
            return s.layers().stream().mapToDouble(TrainingJob::auxWeight).max().orElse(0);
        }
        return 0;
    }

    private static String eta(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
