package io.visionstream.trainer.train;

import io.visionstream.common.events.GroundTruth;
import io.visionstream.common.image.DecodeLimits;
import io.visionstream.common.image.DecodedImage;
import io.visionstream.common.image.ImageDecoder;
import io.visionstream.common.image.ImageRejectedException;
import io.visionstream.common.json.Json;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.common.preprocess.Preprocessor;
import io.visionstream.common.registry.ModelVersion;
import io.visionstream.trainer.arch.NetworkAnalysis;
import io.visionstream.trainer.arch.NetworkSpec;
import io.visionstream.trainer.data.Datasets;
import io.visionstream.trainer.data.ImageFolder;
import io.visionstream.trainer.data.KeySplit;
import io.visionstream.trainer.data.LabelledImagesReader;
import io.visionstream.trainer.data.LabelledRecord;
import io.visionstream.trainer.settings.TrainingSettings;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A continual training job: fine-tunes a registry version on a Kafka data set. It reads the window of
 * {@code images.labelled} ({@link LabelledImagesReader}), resolves each label to the base model's class index (by
 * index, or by name through the manifest's labels), decodes and preprocesses the images with {@code common}'s decoder
 * and {@link Preprocessor} exactly as the base's manifest says (its own preprocessing, not statistics of the window:
 * serving keeps using it), splits them into train and held-out validation by a hash of the image id
 * ({@link KeySplit}), and trains from the base's checkpoint ({@code initFrom}, with the settings' freeze policy). The
 * base's weights are evaluated first, on the held-out slice and on the base's original test set, so the summary shows
 * what fine-tuning gained on the stream and what it cost on the original task (forgetting). The run directory is a
 * normal run's, published the normal way.
 */
public final class ContinualJob {

    private static final Logger LOG = Logger.getLogger(ContinualJob.class);

    private final TrainingSettings settings;
    private final ModelVersion base;
    private final ModelManifest.KafkaDataset dataset;
    private final String trigger;
    private final Map<String, String> kafka;
    private final int maxImages;
    private final Consumer<EpochRecord> onEpoch;
    private final BooleanSupplier cancelled;

    /**
     * @param settings  epochs, optimiser, freeze, seed, the validation share of the key split ({@code valFraction}),
     *                  the run directory and the data directory of the original test set; {@code initFrom} is the base's
     *                  registry directory
     * @param kafka     Kafka client settings (bootstrap servers, security) to read the data set with
     * @param maxImages the most labelled images the job holds in memory
     */
    public ContinualJob(TrainingSettings settings, ModelVersion base, ModelManifest.KafkaDataset dataset, String trigger, Map<String, String> kafka,
                        int maxImages, Consumer<EpochRecord> onEpoch, BooleanSupplier cancelled) {
        this.settings = settings;
        this.base = base;
        this.dataset = dataset;
        this.trigger = trigger;
        this.kafka = kafka;
        this.maxImages = maxImages;
        this.onEpoch = onEpoch;
        this.cancelled = cancelled;
    }

    /** The network of a version trained here (its manifest's layer spec), or why it cannot be fine-tuned. */
    public static NetworkSpec network(ModelVersion version) {
        ModelManifest manifest = version.manifest();
        if (manifest.architecture() == null || manifest.architecture().spec() == null
                || !Files.exists(version.directory().resolve(RunFiles.REGISTRY_CHECKPOINT))) {
            throw new IllegalArgumentException(manifest.ref() + " has no layer spec or checkpoint (it was registered, not trained here): it cannot be fine-tuned");
        }
        if (manifest.training() == null || manifest.training().dataset() == null) {
            throw new IllegalArgumentException(manifest.ref() + " does not name the data set it was trained on: there is no original test set to compare with");
        }
        try {
            return Json.mapper().treeToValue(manifest.architecture().spec(), NetworkSpec.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(manifest.ref() + "'s layer spec does not read: " + e.getMessage(), e);
        }
    }

    /**
     * The data set the model was first trained on, whose test set shows what fine-tuning forgot: a version made by a
     * continual job names the stream, so its base's (and so on back) is taken.
     */
    static String originalDataset(ModelVersion version) {
        io.visionstream.common.registry.ModelRegistry registry = new io.visionstream.common.registry.ModelRegistry(
                version.directory().getParent().getParent());
        ModelManifest manifest = version.manifest();
        for (int step = 0; manifest.training().continual() != null; step++) {
            if (step == 100) {
                throw new IllegalArgumentException(version.manifest().ref() + ": more than 100 continual generations back to an original data set");
            }
            manifest = registry.get(manifest.training().continual().base().name(), manifest.training().continual().base().version()).manifest();
        }
        return manifest.training().dataset();
    }

    /** The class index {@code label} names in {@code labels}, or -1 when it names none or its index and name disagree. */
    public static int classIndex(GroundTruth label, List<String> labels) {
        int byName = label.labelName() == null ? -1 : labels.indexOf(label.labelName());
        if (label.label() == null) {
            return byName;
        }
        boolean known = label.label() < labels.size();
        return known && (label.labelName() == null || byName == label.label()) ? label.label() : -1;
    }

    public TrainingSummary run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Files.createDirectories(settings.out());
        ModelManifest manifest = base.manifest();
        NetworkSpec network = network(base);
        List<String> labels = manifest.labels();
        PreprocessSpec preprocess = manifest.preprocess();
        Preprocessor preprocessor = new Preprocessor(preprocess);
        Set<Integer> classes = dataset.classes().stream().map(labels::indexOf).collect(Collectors.toSet());

        LabelledImagesReader.Selection selection = LabelledImagesReader.read(dataset,
                label -> classes.isEmpty() || classes.contains(classIndex(label, labels)), kafka, maxImages);
        Map<ContinualSkip, Integer> skipped = new EnumMap<>(ContinualSkip.class);
        if (selection.unreadable() > 0) {
            skipped.put(ContinualSkip.UNREADABLE, selection.unreadable());
        }
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        List<DecodedImage> trainImages = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<DecodedImage> valImages = new ArrayList<>();
        List<Integer> valLabels = new ArrayList<>();
        for (LabelledRecord record : selection.records()) {
            int index = classIndex(record.label(), labels);
            if (index < 0) {
                skipped.merge(ContinualSkip.UNKNOWN_CLASS, 1, Integer::sum);
                continue;
            }
            DecodedImage image;
            try {
                image = decoder.decode(record.image(), record.contentType(), preprocess.decodeTarget());
            } catch (ImageRejectedException e) {
                skipped.merge(ContinualSkip.UNDECODABLE, 1, Integer::sum);
                continue;
            }
            boolean heldOut = KeySplit.validation(record.imageId(), settings.valFraction());
            (heldOut ? valImages : trainImages).add(image);
            (heldOut ? valLabels : trainLabels).add(index);
        }
        if (trainImages.isEmpty() || valImages.isEmpty()) {
            throw new IllegalArgumentException("the window of " + dataset.topic() + " gave " + trainImages.size() + " training and " + valImages.size()
                    + " validation images (" + selection.records().size() + " labelled records, skipped " + skipped + "): both parts need images;"
                    + " widen the window");
        }
        String testDataset = originalDataset(base);
        Datasets.Split original = Datasets.load(testDataset, settings.dataDir(), null, ImageFolder.matches(testDataset) ? preprocess.resize().height() : 0);
        TensorSet trainSet = TensorSet.of(trainImages, trainLabels.stream().mapToInt(Integer::intValue).toArray(), preprocessor);
        TensorSet valSet = TensorSet.of(valImages, valLabels.stream().mapToInt(Integer::intValue).toArray(), preprocessor);
        TensorSet testSet = TensorSet.of(original.test(), preprocessor);
        LOG.infof("continual %s from %s: %d train / %d held-out images of %s %s, test on %s (%d images); skipped %s", network.arch(), manifest.ref(),
                trainSet.size(), valSet.size(), dataset.topic(), Json.toJson(dataset), testDataset, testSet.size(), skipped);

        TrainingJob.Fitted fitted = new TrainingJob(settings, onEpoch, cancelled).fit(network, preprocess, trainSet, valSet, testSet, true);
        Evaluation test = fitted.test();
        ContinualOutcome outcome = new ContinualOutcome(manifest.ref(), trigger, dataset, trainSet.size(), valSet.size(), skipped,
                fitted.startValidation().top1(), fitted.best().bestAccuracy(), testDataset, fitted.startTest().top1(), test.top1());
        RunFiles.writeResults(settings.out(), fitted.curves(), network.arch() + " on " + settings.dataset() + " from " + manifest.ref(), test, labels);
        NetworkAnalysis.Result analysis = NetworkAnalysis.of(network);
        double imagesPerSecond = fitted.curves().stream().mapToDouble(EpochRecord::imagesPerSecond).average().orElse(0);
        TrainingSummary summary = new TrainingSummary(network.arch(), settings.dataset(), settings, network, preprocess, labels, analysis.parameters(),
                analysis.multiplyAdds(), fitted.curves().size(), fitted.best().bestEpoch(), fitted.best().bestAccuracy(), test.top1(), test.top5(),
                test.perClassAccuracy(), test.confusion(), imagesPerSecond, fitted.device().toString(), (System.nanoTime() - started) / 1e9,
                settings.out().toAbsolutePath().toString(), List.of(), outcome);
        RunFiles.writeSummary(settings.out(), summary);
        LOG.infof("continual done: held-out top-1 %.4f -> %.4f, %s test top-1 %.4f -> %.4f; results in %s", outcome.streamValidationTop1Before(),
                outcome.streamValidationTop1After(), testDataset, outcome.testTop1Before(), outcome.testTop1After(), settings.out().toAbsolutePath());
        return summary;
    }
}
