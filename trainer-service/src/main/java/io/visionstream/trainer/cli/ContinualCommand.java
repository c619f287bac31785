package io.visionstream.trainer.cli;

import io.visionstream.common.events.TrainingTrigger;
import io.visionstream.common.kafka.KafkaClientSettings;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.settings.FreezePolicy;
import io.visionstream.trainer.settings.OptimizerKind;
import io.visionstream.trainer.settings.TrainingSettings;
import io.visionstream.trainer.settings.TrainingSettingsBuilder;
import io.visionstream.trainer.train.ContinualJob;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.visionstream.trainer.cli.OptionValues.ifGiven;
import static io.visionstream.trainer.cli.OptionValues.integer;
import static io.visionstream.trainer.cli.OptionValues.number;
import static io.visionstream.trainer.cli.OptionValues.required;
import static io.visionstream.trainer.cli.OptionValues.wholeNumber;

/**
 * The {@code continual} command's options as a {@link ContinualJob}. The CLI runs no join and no service: it reads the
 * registry root and the Kafka client settings from the same names the service uses, as system properties
 * ({@code -Dvisionstream.trainer.registry-root}, default {@code registry}; {@code -Dkafka.bootstrap.servers}, default
 * {@code localhost:9092}, and any other {@code -Dkafka.*}; {@code -Dvisionstream.trainer.continual.max-images}, default
 * 100000), so a publishing run (which boots Quarkus) reads and publishes to the same registry.
 */
final class ContinualCommand {

    static final String DEFAULT_TOPIC = "images.labelled";

    private ContinualCommand() {
    }

    /** The job the options describe, and the model name it publishes as. */
    record Prepared(ContinualJob job, TrainingSettings settings, ModelManifest.KafkaDataset dataset, ModelVersion base, TrainingTrigger.Reason reason,
                    String publishAs) {
    }

    static Prepared prepare(Map<String, String> o) {
        ModelRegistry registry = new ModelRegistry(Path.of(System.getProperty("visionstream.trainer.registry-root", "registry")));
        String model = required(o, "model");
        ModelVersion base = o.containsKey("version") ? registry.get(model, integer(o, "version", 0))
                : registry.latest(model).orElseThrow(() -> new IllegalArgumentException("no model '" + model + "' in the registry " + registry.root()));
        NetworkSpec network = ContinualJob.network(base);
        List<String> classes = o.containsKey("classes") ? Arrays.asList(o.get("classes").split(",")) : List.of();
        List<String> unknown = classes.stream().filter(c -> !base.manifest().labels().contains(c)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--classes " + unknown + " are not labels of " + base.manifest().ref() + ": " + base.manifest().labels());
        }
        ModelManifest.KafkaDataset dataset = new ModelManifest.KafkaDataset(o.getOrDefault("topic", DEFAULT_TOPIC), instant(o, "from"), instant(o, "to"),
                o.containsKey("last") ? wholeNumber("last", o.get("last")) : null, classes);
        if (dataset.from() == null && dataset.to() == null && dataset.last() == null) {
            throw new IllegalArgumentException("a window is required: --from and/or --to (ISO-8601 instants), and/or --last N");
        }
        TrainingTrigger.Reason reason = TrainingTrigger.Reason.parse(o.getOrDefault("reason", TrainingTrigger.Reason.MANUAL.wireName()));
        Path out = Path.of(o.getOrDefault("out", "runs/continual-" + model + "-" + System.currentTimeMillis()));
        TrainingSettingsBuilder b = TrainingSettings.builder().setArch(network.arch()).setDataset("kafka:" + dataset.topic()).setOut(out)
                .setDataDir(Path.of(o.getOrDefault("data-dir", "data"))).optInitFrom(base.directory());
        ifGiven(o, "epochs", v -> b.optEpochs(wholeNumber("epochs", v)));
        ifGiven(o, "batch-size", v -> b.optBatchSize(wholeNumber("batch-size", v)));
        ifGiven(o, "lr", v -> b.optLr(number("lr", v)));
        ifGiven(o, "optimizer", v -> b.optOptimizer(OptimizerKind.parse(v)));
        ifGiven(o, "freeze", v -> b.optFreeze(FreezePolicy.parse(v)));
        ifGiven(o, "val-fraction", v -> b.optValFraction(number("val-fraction", v)));
        ifGiven(o, "seed", v -> b.optSeed((long) number("seed", v)));
        TrainingSettings settings = b.build();
        ContinualJob job = new ContinualJob(settings, base, dataset, reason.wireName(), kafkaSettings(),
                Integer.getInteger("visionstream.trainer.continual.max-images", 100_000), epoch -> { }, () -> false);
        return new Prepared(job, settings, dataset, base, reason, o.getOrDefault("model-name", model));
    }

    /** {@code -Dkafka.x=y} as the Kafka client setting {@code x=y}; bootstrap servers default to {@code localhost:9092}. */
    private static Map<String, String> kafkaSettings() {
        Map<String, String> kafka = new HashMap<>(Map.of("bootstrap.servers", "localhost:9092"));
        kafka.putAll(KafkaClientSettings.of(System.getProperties().stringPropertyNames(), name -> Optional.ofNullable(System.getProperty(name))));
        return kafka;
    }

    private static Instant instant(Map<String, String> o, String name) {
        try {
            return o.containsKey(name) ? Instant.parse(o.get(name)) : null;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--" + name + " must be an ISO-8601 instant such as 2026-11-24T10:00:00Z, was '" + o.get(name) + "'");
        }
    }
}
