package io.visionstream.trainer.train;

import io.visionstream.trainer.augment.Augmenter;
import io.visionstream.trainer.optim.OptimizerFactory;
import io.visionstream.trainer.optim.ResumableOptimizer;
import io.visionstream.trainer.settings.TrainingSettings;
import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.visionstream.common.drift.DriftReference;
import io.visionstream.common.drift.DriftReferenceFiles;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.Preprocessor;
import io.visionstream.trainer.arch.InitScheme;
import io.visionstream.trainer.arch.NetworkAnalysis;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.arch.ZooOptions;
import io.visionstream.trainer.data.Datasets;
import io.visionstream.trainer.data.LabeledImages;
import io.visionstream.trainer.data.Splits;
import io.visionstream.trainer.djl.ReferenceInitializer;
import io.visionstream.trainer.djl.SpecBlocks;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One training run, end to end: load the data set, preprocess it with the shared {@link Preprocessor} (statistics
 * from the training split, {@link PreprocessStatistics}), build the network as a DJL block, train epoch by epoch
 * ({@link EpochTrainer}) with the configured optimiser and schedule ({@link OptimizerFactory}), keep the best
 * validation checkpoint, not the last ({@link BestSoFar}), evaluate it on the held-out test set, and leave the run's
 * files ({@link RunFiles}), after every epoch the {@link RunState} a resumed run continues from, and at the end the
 * drift reference of the best checkpoint on the validation set ({@link ReferenceEmbeddings}). Fresh weights are
 * drawn as the network's reference implementation draws them ({@link InitScheme}), the classifier at zero where the zoo
 * departs from it ({@link ReferenceInitializer#forZoo}).
 */
public final class TrainingJob {

    private static final Logger LOG = Logger.getLogger(TrainingJob.class);

    private final TrainingSettings settings;
    private final Consumer<EpochRecord> onEpoch;
    private final BooleanSupplier cancelled;
    private final Consumer<BatchProgress> onProgress;

    public TrainingJob(TrainingSettings settings, Consumer<EpochRecord> onEpoch) {
        this(settings, onEpoch, () -> false);
    }

    /**
     * A job that stops (throwing {@link CancellationException}) at the next batch once {@code cancelled} is true, and
     * logs its progress every {@value BatchProgress#LOG_EVERY_BATCHES} batches.
     */
    public TrainingJob(TrainingSettings settings, Consumer<EpochRecord> onEpoch, BooleanSupplier cancelled) {
        this(settings, onEpoch, cancelled, TrainingJob::log);
    }

    /** A job that hands its progress after every batch to {@code onProgress} instead of logging it. */
    public TrainingJob(TrainingSettings settings, Consumer<EpochRecord> onEpoch, BooleanSupplier cancelled, Consumer<BatchProgress> onProgress) {
        this.settings = settings;
        this.onEpoch = onEpoch;
        this.cancelled = cancelled;
        this.onProgress = onProgress;
    }

    /** The log's progress: one line at each {@linkplain BatchProgress#milestone() milestone} batch. */
    public static void log(BatchProgress progress) {
        if (progress.milestone()) {
            LOG.info(progress.line());
        }
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
        PreprocessSpec preprocess = PreprocessStatistics.of(train, size);
        Preprocessor preprocessor = new Preprocessor(preprocess);
        NetworkSpec network = settings.network() != null
                ? new NetworkSpec(settings.arch(), preprocess.channels(), size, size, all.classes().size(), settings.network())
                : Zoo.build(settings.arch(), preprocess.channels(), size, all.classes().size(), new ZooOptions(settings.widthDivisor(), false, false));
        NetworkAnalysis.Result analysis = NetworkAnalysis.of(network);
        LOG.infof("%s on %s: %d train / %d validation / %d test images at %dx%dx%d, %,d parameters, %,d multiply-adds per image",
                settings.arch(), settings.dataset(), train.size(), validation.size(), data.test().size(), preprocess.channels(), size, size,
                analysis.parameters(), analysis.multiplyAdds());
        TensorSet trainSet = TensorSet.of(train, preprocessor);
        TensorSet valSet = TensorSet.of(validation, preprocessor);
        TensorSet testSet = TensorSet.of(data.test(), preprocessor);
        Fitted fitted = fit(network, preprocess, trainSet, valSet, testSet, false);
        List<EpochRecord> curves = fitted.curves();
        BestSoFar best = fitted.best();
        Evaluation test = fitted.test();
        Device device = fitted.device();
        RunFiles.writeResults(settings.out(), curves, settings.arch() + " on " + settings.dataset(), test, all.classes());
        double imagesPerSecond = curves.stream().mapToDouble(EpochRecord::imagesPerSecond).average().orElse(0);
        TrainingSummary summary = new TrainingSummary(settings.arch(), settings.dataset(), settings, network, preprocess, all.classes(),
                analysis.parameters(), analysis.multiplyAdds(), curves.size(), best.bestEpoch(), best.bestAccuracy(), test.top1(), test.top5(),
                test.perClassAccuracy(), test.confusion(), imagesPerSecond, device.toString(), (System.nanoTime() - started) / 1e9,
                settings.out().toAbsolutePath().toString(), data.skipped(), null);
        RunFiles.writeSummary(settings.out(), summary);
        if (!data.skipped().isEmpty()) {
            LOG.warnf("%d data-set file(s) skipped (could not be decoded; listed in %s): %s", data.skipped().size(), RunFiles.SUMMARY,
                    data.skipped().stream().map(io.visionstream.trainer.data.SkippedImage::file).toList());
        }
        LOG.infof("done: best epoch %d (validation top-1 %.4f); test top-1 %.4f, top-5 %.4f; %.0f images/s; results in %s",
                best.bestEpoch(), best.bestAccuracy(), test.top1(), test.top5(), imagesPerSecond, settings.out().toAbsolutePath());
        return summary;
    }

    /**
     * What the epoch loop produced: the curves, the best epoch, the best checkpoint's test figures, and - when asked for -
     * the validation and test figures of the starting weights (a fine-tuned run's base, before any update).
     */
    record Fitted(List<EpochRecord> curves, BestSoFar best, Evaluation test, Evaluation startValidation, Evaluation startTest, Device device) {
    }

    /**
     * The epoch loop on prepared tensors: builds the network, starts from fresh weights, the run being resumed or
     * {@code initFrom}, trains the settings' epochs keeping the best validation checkpoint, reloads it and tests it.
     */
    Fitted fit(NetworkSpec network, PreprocessSpec preprocess, TensorSet trainSet, TensorSet valSet, TensorSet testSet, boolean measureStart)
            throws IOException {
        Augmenter augmenter = Augmenter.parse(settings.augment(), preprocess);
        RunState resumed = settings.resume() ? RunState.read(settings.out()) : null;
        Engine.getInstance().setRandomSeed((int) settings.seed());
        // libtorch's grad mode is per thread and only the thread that loaded the engine starts with it off; the
        // optimisers update weights in place, which libtorch refuses on a thread where it is on
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        Device device = Engine.getInstance().defaultDevice();
        List<EpochRecord> curves = new ArrayList<>();
        Path checkpoint = settings.out().resolve(RunFiles.BEST_CHECKPOINT);
        Evaluation test;
        Evaluation startValidation = null;
        Evaluation startTest = null;
        BestSoFar best;
        Block block = SpecBlocks.build(network);
        try (Model model = Model.newInstance(settings.arch(), device)) {
            model.setBlock(block);
            int batchesPerEpoch = (trainSet.size() + settings.batchSize() - 1) / settings.batchSize();
            int epochsDone = resumed == null ? 0 : resumed.curves().size();
            OptimizerFactory.Optimization optimization = OptimizerFactory.create(settings, batchesPerEpoch, epochsDone * batchesPerEpoch);
            ResumableOptimizer optimizer = optimization.optimizer();
            best = new BestSoFar(settings.patience(), optimization.plateau());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(optimizer)
                    .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(SpecBlocks.inputShape(network, settings.batchSize()));
                initializer().initialize(block);
                boolean stop = false;
                if (resumed != null) {
                    resumed.restore(settings.out(), network, block, trainer.getManager(), optimizer);
                    FineTuning.applyFreeze(settings.freeze(), block);
                    for (EpochRecord past : resumed.curves()) {
                        curves.add(past);
                        stop = best.epochEnded(past, () -> { });
                    }
                    LOG.infof("resumed %s after epoch %d (best epoch %d, validation top-1 %.4f)", settings.out(), epochsDone, best.bestEpoch(),
                            best.bestAccuracy());
                } else if (settings.initFrom() != null) {
                    FineTuning.startFrom(settings, network, block, trainer.getManager());
                }
                if (measureStart) {
                    startValidation = Evaluator.evaluate(block, trainer.getManager(), network, valSet);
                    startTest = Evaluator.evaluate(block, trainer.getManager(), network, testSet);
                }
                EpochTrainer epochs = new EpochTrainer(settings, cancelled, onProgress, trainer, block, network, trainSet, valSet, augmenter,
                        new TrainingLoss(trainer.getLoss(), settings.labelSmoothing(), network.body()), optimization.learningRate(),
                        batchesPerEpoch);
                for (int epoch = curves.size() + 1; !stop && epoch <= settings.epochs(); epoch++) {
                    EpochRecord record = epochs.train(epoch);
                    curves.add(record);
                    onEpoch.accept(record);
                    stop = best.epochEnded(record, () -> Checkpoints.save(block, checkpoint));
                    RunState.write(settings.out(), settings, curves, block, optimizer);
                }
                Checkpoints.load(block, trainer.getManager(), checkpoint);
                test = Evaluator.evaluate(block, trainer.getManager(), network, testSet);
                Optional<DriftReference> reference = ReferenceEmbeddings.of(block, trainer.getManager(), network, valSet, settings.dataset(),
                        settings.seed());
                if (reference.isPresent()) {
                    DriftReferenceFiles.write(settings.out(), reference.get());
                }
            }
        }
        return new Fitted(curves, best, test, startValidation, startTest, device);
    }

    /** A zoo network's initialisation ({@link ReferenceInitializer#forZoo}); a custom network gets PyTorch's defaults, what its author would get there. */
    private ReferenceInitializer initializer() {
        return settings.network() != null ? new ReferenceInitializer(InitScheme.PYTORCH_DEFAULT) : ReferenceInitializer.forZoo(settings.arch());
    }
}
