package io.visionstream.trainer.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.visionstream.common.json.Json;
import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.publish.ManifestDraft;
import io.visionstream.trainer.publish.ModelPublisher;
import io.visionstream.trainer.publish.PublishRefusedException;
import io.visionstream.trainer.settings.FreezePolicy;
import io.visionstream.trainer.settings.OptimizerKind;
import io.visionstream.trainer.settings.Recipe;
import io.visionstream.trainer.settings.ScheduleKind;
import io.visionstream.trainer.settings.TrainingSettings;
import io.visionstream.trainer.settings.TrainingSettingsBuilder;
import io.visionstream.trainer.train.RunFiles;
import io.visionstream.trainer.train.RunState;
import io.visionstream.trainer.train.TrainingJob;
import io.visionstream.trainer.train.TrainingSummary;

import jakarta.inject.Inject;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

import static io.visionstream.trainer.cli.OptionValues.bool;
import static io.visionstream.trainer.cli.OptionValues.ifGiven;
import static io.visionstream.trainer.cli.OptionValues.integer;
import static io.visionstream.trainer.cli.OptionValues.milestones;
import static io.visionstream.trainer.cli.OptionValues.number;
import static io.visionstream.trainer.cli.OptionValues.required;
import static io.visionstream.trainer.cli.OptionValues.wholeNumber;

/**
 * The trainer's entry point: without arguments it runs the service; {@code train ...} runs one training job and
 * exits (what a Kubernetes Job runs), ending with one line {@code RESULT {json}}; {@code archs [--size N]} lists
 * the zoo with parameters and multiply-adds (at each network's standard input by default); {@code continual ...}
 * fine-tunes a registry version on a window of the labelled stream ({@link ContinualCommand}); {@code zoo-bench ...}
 * trains the whole zoo with a recipe and a budget into one table ({@link ZooBenchCommand}); {@code inspect model.onnx}
 * prints a draft manifest for registering a model made elsewhere ({@link ManifestDraft}).
 * <p>
 * A command is a CLI, not a service: only one that publishes ({@code publish}, {@code train} unless
 * {@code --publish false}) needs the registry and Kafka, and boots Quarkus for them, without HTTP server or banner.
 * Every other command runs straight from {@link #main}, before and without Quarkus: no Kafka client, no shutdown to
 * wait for. Either way the log shows the trainer's own messages and library warnings only ({@link CliLogging}).
 * (About 320 lines, over the house's ~300: the commands' dispatch and their usage text in one place; each command's
 * work is a class of its own.)
 */
@QuarkusMain
public class TrainerMain implements QuarkusApplication {

    /** Injected when Quarkus runs the command; null when {@link #main} runs one that does not publish. */
    @Inject
    ModelPublisher publisher;

    static final String USAGE = """
            usage: train --arch NAME --dataset fashion-mnist|mnist|cifar-10|imagefolder:DIR [--recipe d2l|paper|modern]
                         [--epochs 10] [--batch-size 256] [--lr 0.001]
                         [--optimizer adam|adamw|sgd|rmsprop] [--momentum 0.9] [--nesterov] [--weight-decay 0]
                         [--schedule fixed|step|multistep|plateau|cosine] [--step-epochs 10] [--milestones 5,8] [--gamma 0.1]
                         [--warmup-epochs 0] [--label-smoothing 0] [--val-fraction 0.2] [--seed 42]
                         [--init-from RUN_OR_REGISTRY_VERSION_DIR] [--freeze none|all-but-classifier]
                         [--limit-train N] [--patience N] [--input-size N] [--width-divisor 1] [--augment none|flip,crop,resized-crop,jitter[:S]]
                         [--out DIR] [--data-dir DIR] [--data LOCAL_IDX_DIR]
                         [--publish true|false] [--model-name NAME]   (publishes to the registry by default)
                   train --resume RUN_DIR [--epochs N] [--publish true|false] [--model-name NAME]   (continues a run)
                   publish --run DIR [--model-name NAME]
                   continual --model NAME [--version N] [--from ISO_INSTANT] [--to ISO_INSTANT] [--last N] [--classes A,B]
                             [--topic images.labelled] [--epochs 10] [--lr 0.001] [--batch-size 256] [--optimizer adam|adamw|sgd]
                             [--freeze none|all-but-classifier] [--val-fraction 0.2] [--seed 42] [--reason manual|scheduled]
                             [--out DIR] [--data-dir DIR] [--publish true|false] [--model-name NAME]
                             (fine-tunes a registry version on a window of the labelled stream; publishes by default)
                   export-bench [--archs resnet50,vgg16,...]   (export + parity at real input sizes)
                   export-zoo --arch NAME --out DIR [--name NAME] [--classes 1000] [--shorter-side N]   (random weights, registry draft)
                   archs [--size N] [--channels N] [--classes 1000]   (default: each network's standard input)
                   zoo-bench --budget cpu|d2l [--recipe modern|d2l|paper] [--archs a,b,...] [--data-dir data] [--out DIR]
                             [--epochs N] [--limit-train N]   (trains the zoo, one table; the last two override the budget)
                   inspect MODEL.onnx [--name NAME] [--out manifest.json]   (drafts the manifest: add labels and preprocessing)""";

    /** Options that may stand alone, meaning true ({@code --nesterov} = {@code --nesterov true}). */
    private static final java.util.Set<String> FLAGS = java.util.Set.of("--nesterov");

    public static void main(String... args) {
        if (args.length == 0) {
            Quarkus.run(TrainerMain.class, args);
        } else if (publishes(args)) {
            CliLogging.quarkusProperties();
            Quarkus.run(TrainerMain.class, args);
        } else {
            CliLogging.configure();
            System.exit(runWithoutQuarkus(args));
        }
    }

    /**
     * Whether the command publishes to the registry and Kafka, so needs Quarkus: {@code publish}, and {@code train} and
     * {@code continual} unless {@code --publish false}. Options that do not parse need nothing: the command reports them.
     */
    static boolean publishes(String... args) {
        try {
            return args[0].equals("publish") || (args[0].equals("train") || args[0].equals("continual")) && bool(options(args), "publish", true);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int runWithoutQuarkus(String... args) {
        try {
            return new TrainerMain().command(args);
        } catch (Exception e) {
            e.printStackTrace();
            return 1;
        }
    }

    @Override
    public int run(String... args) throws Exception {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        return command(args);
    }

    /**
     * Runs one command in this JVM (what {@link #main} does); the exit status: 0 done, 1 a failed export check, 2 a
     * usage error, 3 publishing refused. A command that publishes needs the injected publisher, i.e. Quarkus.
     */
    public int command(String... args) throws Exception {
        if (args[0].equals("inspect")) {
            return Inspect.run(args);
        }
        Map<String, String> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        try {
            return switch (args[0]) {
                case "train" -> train(options);
                case "publish" -> publish(options);
                case "continual" -> continual(options);
                case "export-bench" -> {
                    String archs = options.getOrDefault("archs", String.join(",", Zoo.names()));
                    boolean allPassed = io.visionstream.trainer.export.ExportBenchmark.run(java.util.List.of(archs.split(",")))
                            .stream().allMatch(row -> Boolean.TRUE.equals(row.get("passed")));
                    yield allPassed ? 0 : 1;
                }
                case "export-zoo" -> exportZoo(options);
                case "archs" -> ArchsTable.print(options);
                case "zoo-bench" -> ZooBenchCommand.run(options);
                default -> {
                    System.err.println("error: unknown command '" + args[0] + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (PublishRefusedException e) {
            System.err.println("error: " + e.getMessage());
            return 3;
        }
    }

    /** {@code export-zoo}: a zoo network with random weights as a registry draft ({@link io.visionstream.trainer.export.ZooExport}). */
    static int exportZoo(Map<String, String> o) throws java.io.IOException {
        String arch = required(o, "arch");
        Path out = Path.of(required(o, "out"));
        Integer shorterSide = o.containsKey("shorter-side") ? integer(o, "shorter-side", 0) : null;
        var manifest = io.visionstream.trainer.export.ZooExport.write(arch, o.getOrDefault("name", arch), integer(o, "classes", 1000), shorterSide, out);
        System.out.println("EXPORTED " + manifest.name() + " (" + arch + ", input " + manifest.input().channels() + "x" + manifest.input().height()
                + "x" + manifest.input().width() + ") to " + out);
        return 0;
    }

    /** The {@code --option value} pairs after the command; a flag alone (e.g. {@code --nesterov}) means true. */
    static Map<String, String> options(String... args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (FLAGS.contains(args[i]) && (i + 1 >= args.length || args[i + 1].startsWith("--"))) {
                options.put(args[i].substring(2), "true");
            } else if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
            } else {
                options.put(args[i].substring(2), args[++i]);
            }
        }
        return options;
    }

    private int train(Map<String, String> o) throws Exception {
        boolean publish = bool(o, "publish", true);
        TrainingSettings settings = o.containsKey("resume") ? resumeSettings(o) : settings(o);
        TrainingSummary summary = new TrainingJob(settings, epoch -> { }, () -> false, ProgressBar.forConsole()).run();
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        if (publish) {
            ModelPublisher.Outcome published = publisher.publish(settings.out(), o.getOrDefault("model-name", defaultModelName(settings.dataset())));
            result.put("model", published.manifest().name());
            result.put("version", published.manifest().version());
            result.put("announced", published.announced());
            result.put("parity", published.manifest().parity());
        }
        result.put("arch", summary.arch());
        result.put("dataset", summary.dataset());
        result.put("epochs", summary.epochsRun());
        result.put("bestEpoch", summary.bestEpoch());
        result.put("valTop1", summary.bestValTop1());
        result.put("testTop1", summary.testTop1());
        result.put("testTop5", summary.testTop5());
        result.put("parameters", summary.parameters());
        result.put("trainImagesPerSec", Math.round(summary.trainImagesPerSecond()));
        result.put("device", summary.device());
        result.put("seconds", Math.round(summary.seconds()));
        result.put("runDirectory", summary.runDirectory());
        result.put("skippedImages", summary.skippedImages().size());
        System.out.println("RESULT " + Json.toJson(result));
        return 0;
    }

    /**
     * {@code train}'s options as settings; absent ones take the {@code --recipe}'s settings, or else the settings builder's
     * defaults (the same as REST's). Paths are
     * taken as given and sizes are not capped: the CLI runs as its user,
     * so the HTTP API's allowed roots and request limits do not apply to it.
     */
    static TrainingSettings settings(Map<String, String> o) {
        String arch = required(o, "arch");
        String dataset = required(o, "dataset");
        Path out = Path.of(o.getOrDefault("out", "runs/" + arch + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        TrainingSettingsBuilder b = TrainingSettings.builder().setArch(arch).setDataset(dataset).setOut(out)
                .setDataDir(Path.of(o.getOrDefault("data-dir", "data")));
        ifGiven(o, "recipe", v -> b.optRecipe(Recipe.parse(v)));
        ifGiven(o, "epochs", v -> b.optEpochs(wholeNumber("epochs", v)));
        ifGiven(o, "batch-size", v -> b.optBatchSize(wholeNumber("batch-size", v)));
        ifGiven(o, "lr", v -> b.optLr(number("lr", v)));
        ifGiven(o, "optimizer", v -> b.optOptimizer(OptimizerKind.parse(v)));
        ifGiven(o, "momentum", v -> b.optMomentum(number("momentum", v)));
        ifGiven(o, "nesterov", v -> b.optNesterov(bool("nesterov", v)));
        ifGiven(o, "weight-decay", v -> b.optWeightDecay(number("weight-decay", v)));
        ifGiven(o, "schedule", v -> b.optSchedule(ScheduleKind.parse(v)));
        ifGiven(o, "step-epochs", v -> b.optStepEpochs(wholeNumber("step-epochs", v)));
        ifGiven(o, "gamma", v -> b.optGamma(number("gamma", v)));
        ifGiven(o, "warmup-epochs", v -> b.optWarmupEpochs(wholeNumber("warmup-epochs", v)));
        ifGiven(o, "val-fraction", v -> b.optValFraction(number("val-fraction", v)));
        ifGiven(o, "seed", v -> b.optSeed((long) number("seed", v)));
        ifGiven(o, "limit-train", v -> b.optLimitTrain(wholeNumber("limit-train", v)));
        ifGiven(o, "patience", v -> b.optPatience(wholeNumber("patience", v)));
        ifGiven(o, "input-size", v -> b.optInputSize(wholeNumber("input-size", v)));
        ifGiven(o, "width-divisor", v -> b.optWidthDivisor(wholeNumber("width-divisor", v)));
        ifGiven(o, "augment", b::optAugment);
        ifGiven(o, "milestones", v -> b.optMilestones(milestones(v)));
        ifGiven(o, "label-smoothing", v -> b.optLabelSmoothing(number("label-smoothing", v)));
        ifGiven(o, "init-from", v -> b.optInitFrom(Path.of(v)));
        ifGiven(o, "freeze", v -> b.optFreeze(FreezePolicy.parse(v)));
        ifGiven(o, "data", v -> b.optLocalData(Path.of(v)));
        return b.build();
    }

    /** {@code --resume RUN_DIR}: the run's own settings; only the epochs and the publishing options may be given. */
    static TrainingSettings resumeSettings(Map<String, String> o) {
        java.util.Set<String> others = new java.util.TreeSet<>(o.keySet());
        others.removeAll(java.util.Set.of("resume", "epochs", "publish", "model-name"));
        if (!others.isEmpty()) {
            throw new IllegalArgumentException("--resume continues a run with its own settings; only --epochs, --publish and --model-name "
                    + "may be given with it, not " + others.stream().map(k -> "--" + k).toList());
        }
        return RunState.resuming(Path.of(o.get("resume")), integer(o, "epochs", 0));
    }

    /**
     * {@code continual}: fine-tunes a registry version on a window of {@code images.labelled} ({@link ContinualCommand});
     * the trigger (its reason) is in the {@code RESULT} line and the candidate's manifest.
     */
    private int continual(Map<String, String> o) throws Exception {
        ContinualCommand.Prepared prepared = ContinualCommand.prepare(o);
        TrainingSummary summary = prepared.job().run();
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        if (bool(o, "publish", true)) {
            ModelPublisher.Outcome published = publisher.publish(prepared.settings().out(), prepared.publishAs());
            result.put("model", published.manifest().name());
            result.put("version", published.manifest().version());
            result.put("announced", published.announced());
        }
        result.put("base", prepared.base().manifest().ref().toString());
        result.put("reason", prepared.reason().wireName());
        result.put("dataset", prepared.dataset());
        result.put("continual", summary.continual());
        result.put("epochs", summary.epochsRun());
        result.put("seconds", Math.round(summary.seconds()));
        result.put("runDirectory", summary.runDirectory());
        System.out.println("RESULT " + Json.toJson(result));
        return 0;
    }

    private int publish(Map<String, String> o) throws Exception {
        Path run = Path.of(required(o, "run"));
        TrainingSummary summary = RunFiles.readSummary(run);
        ModelPublisher.Outcome published = publisher.publish(run, o.getOrDefault("model-name", defaultModelName(summary.dataset())));
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        result.put("model", published.manifest().name());
        result.put("version", published.manifest().version());
        result.put("announced", published.announced());
        result.put("detail", published.detail());
        result.put("parity", published.manifest().parity());
        System.out.println("RESULT " + Json.toJson(result));
        return 0;
    }

    /**
     * The model name a data set's runs are published as by default: fashion-mnist -> fashion; an image tree by its
     * folder's name (characters a model name cannot hold become '-').
     */
    static String defaultModelName(String dataset) {
        if (io.visionstream.trainer.data.ImageFolder.matches(dataset)) {
            Path folder = io.visionstream.trainer.data.ImageFolder.root(dataset).toAbsolutePath().normalize().getFileName();
            String name = folder == null ? "" : folder.toString().replaceAll("[^A-Za-z0-9._-]", "-").replaceFirst("^[._-]+", "");
            return io.visionstream.common.registry.ModelNames.isValid(name) ? name : "imagefolder";
        }
        return dataset.equals("fashion-mnist") ? "fashion" : dataset;
    }
}
