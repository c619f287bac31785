package io.visionstream.trainer.bench;

import io.visionstream.common.json.Json;
import io.visionstream.trainer.arch.NetworkAnalysis;
import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.arch.ZooOptions;
import io.visionstream.trainer.data.Datasets;
import io.visionstream.trainer.settings.TrainingSettings;
import io.visionstream.trainer.settings.TrainingSettingsBuilder;
import io.visionstream.trainer.train.TrainingJob;
import io.visionstream.trainer.train.TrainingSummary;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The zoo benchmark: trains each network on Fashion-MNIST in this JVM, one after another, with a recipe whose epochs,
 * input, width, training images and batch the budget sets ({@link Budget}), and reports one table. A network that
 * fails is recorded with its error and the benchmark goes on, so one broken network does not cost the hour spent on
 * the others. The log says before each network where the benchmark stands and when it should end, estimated from the
 * multiply-adds trained so far.
 */
public final class ZooBench {

    private static final Logger LOG = Logger.getLogger(ZooBench.class);
    private static final String DATASET = "fashion-mnist";
    private static final long SEED = 42;

    private final ZooBenchSettings settings;

    public ZooBench(ZooBenchSettings settings) {
        this.settings = settings;
    }

    /** Trains every network of the settings, writes {@code zoo-bench.md} and {@code zoo-bench.json} to the out folder, and returns the rows. */
    public List<BenchRow> run() throws IOException, InterruptedException {
        Files.createDirectories(settings.out());
        Datasets.Split data = Datasets.load(DATASET, settings.dataDir(), null);
        List<BenchPlan> plans = settings.archs().stream().map(settings::plan).toList();
        double totalWork = plans.stream().mapToDouble(plan -> work(plan, data)).sum();
        double workDone = 0;
        long started = System.nanoTime();
        List<BenchRow> rows = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            BenchPlan plan = plans.get(i);
            double elapsed = (System.nanoTime() - started) / 1e9;
            LOG.infof("zoo-bench %d/%d %s: %d px, width /%d, %d epochs, %,d images%s", i + 1, plans.size(), plan.arch(), plan.inputSize(),
                    plan.widthDivisor(), plan.epochs(), trainImages(plan, data),
                    workDone > 0 ? String.format("; %.0f s so far, about %.0f s to go", elapsed, elapsed / workDone * (totalWork - workDone)) : "");
            BenchRow row = train(plan, data);
            rows.add(row);
            workDone += work(plan, data);
            LOG.infof("zoo-bench %s: %s", plan.arch(), row.error() != null ? "failed: " + row.error()
                    : String.format("test top-1 %.4f in %.0f s (%.0f images/s)", row.testTop1(), row.seconds(), row.imagesPerSecond()));
        }
        String table = BenchTable.markdown(rows);
        Files.writeString(settings.out().resolve("zoo-bench.md"), table);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("budget", settings.budget().name().toLowerCase(Locale.ROOT));
        json.put("recipe", settings.recipe());
        json.put("rows", rows);
        Files.write(settings.out().resolve("zoo-bench.json"), Json.toBytes(json));
        System.out.print(table);
        return rows;
    }

    private BenchRow train(BenchPlan plan, Datasets.Split data) {
        long started = System.nanoTime();
        NetworkAnalysis.Result size = analysis(plan, data);
        try {
            TrainingSummary summary = new TrainingJob(trainingSettings(plan), epoch -> { }, () -> false).run(data);
            return new BenchRow(plan.arch(), plan.inputSize(), plan.widthDivisor(), summary.epochsRun(), trainImages(plan, data), summary.parameters(),
                    summary.multiplyAdds(), summary.trainImagesPerSecond(), summary.bestValTop1(), summary.testTop1(), D2lFigures.testTop1(plan.arch()),
                    summary.seconds(), null);
        } catch (Exception e) {
            LOG.errorf(e, "zoo-bench %s failed; going on with the next network", plan.arch());
            return BenchRow.failed(plan, trainImages(plan, data), size.parameters(), size.multiplyAdds(), (System.nanoTime() - started) / 1e9, e);
        }
    }

    /** The recipe's settings for the network with the plan's epochs, input, width, images and batch. */
    TrainingSettings trainingSettings(BenchPlan plan) {
        TrainingSettingsBuilder b = TrainingSettings.builder().setArch(plan.arch()).setDataset(DATASET).setOut(settings.out().resolve(plan.arch()))
                .setDataDir(settings.dataDir()).optRecipe(settings.recipe()).optEpochs(plan.epochs()).optInputSize(plan.inputSize())
                .optWidthDivisor(plan.widthDivisor()).optLimitTrain(plan.limitTrain()).optSeed(SEED);
        if (plan.batchSize() > 0) {
            b.optBatchSize(plan.batchSize());
        }
        return b.build();
    }

    private static int trainImages(BenchPlan plan, Datasets.Split data) {
        return plan.limitTrain() > 0 ? Math.min(plan.limitTrain(), data.train().size()) : data.train().size();
    }

    private static NetworkAnalysis.Result analysis(BenchPlan plan, Datasets.Split data) {
        return NetworkAnalysis.of(Zoo.build(plan.arch(), data.train().channels(), plan.inputSize(), data.train().classes().size(),
                new ZooOptions(plan.widthDivisor(), false, false)));
    }

    /**
     * A network's work for the ETA: multiply-adds per image x images, training images once per epoch and the test set
     * once, a forward pass counted as a third of a training step's forward and backward.
     */
    private static double work(BenchPlan plan, Datasets.Split data) {
        return (double) analysis(plan, data).multiplyAdds() * ((double) trainImages(plan, data) * plan.epochs() + data.test().size() / 3.0);
    }
}
