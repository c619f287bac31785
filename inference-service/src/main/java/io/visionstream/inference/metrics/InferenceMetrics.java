package io.visionstream.inference.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.visionstream.common.events.GateDecision;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.events.Route;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The service's Prometheus metrics in one place, labelled with model name and version. Latencies and batch sizes
 * are histograms (percentile buckets are published), so p50/p99 can be computed across replicas in Prometheus.
 */
@ApplicationScoped
public class InferenceMetrics {

    private static final Duration MIN_LATENCY = Duration.ofMillis(1).dividedBy(10);
    private static final Duration MAX_LATENCY = Duration.ofSeconds(60);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final MeterRegistry registry;
    private final Map<ModelRef, Gauge> loadedGauges = new ConcurrentHashMap<>();
    private final Map<ModelRef, Gauge> driftGauges = new ConcurrentHashMap<>();
    private final Map<String, RolloutGauges> rolloutGauges = new ConcurrentHashMap<>();
    private final Map<ModelRef, ModelMeters> modelMeters = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
    private final Map<Stage, LongAdder> stageCpuNanos = new EnumMap<>(Stage.class);

    /** The meters of one model version, built once: the hot path only records. */
    private final class ModelMeters {
        final Map<Route, Counter> predictions = new java.util.EnumMap<>(Route.class);
        final Timer endToEnd;
        final DistributionSummary batchSize;
        final Timer scoring;
        final Timer queueWait;

        ModelMeters(ModelRef model) {
            for (Route route : Route.values()) {
                predictions.put(route, Counter.builder("visionstream.predictions").description("Predictions published")
                        .tags(modelTags(model).and("route", route.wireName())).register(registry));
            }
            endToEnd = latencyTimer("visionstream.prediction.latency", "Image event time to prediction published", model);
            batchSize = DistributionSummary.builder("visionstream.batch.size").description("Images per model run")
                    .tags(modelTags(model)).publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(1024.0)
                    .register(registry);
            scoring = latencyTimer("visionstream.scoring.latency", "Model run time per batch", model);
            queueWait = latencyTimer("visionstream.queue.wait", "Time an image waited for its batch", model);
        }
    }

    @Inject
    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Stage stage : Stage.values()) {
            LongAdder nanos = new LongAdder();
            stageCpuNanos.put(stage, nanos);
            FunctionCounter.builder("visionstream.stage.cpu", nanos, adder -> adder.sum() / 1e9).tag("stage", stage.tag()).baseUnit("seconds")
                    .description("CPU time spent in each stage of the image path, on the threads that ran it").register(registry);
        }
    }

    /** The stages of an image's path whose CPU time is counted on the thread that runs them. */
    public enum Stage {
        /** Payload to pixels. */
        DECODE,
        /** Pixels to model tensor: colour, resize, crop, normalise. */
        PREPROCESS,
        /** The prediction built, written as JSON and handed to the Kafka producer. */
        SERIALIZE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** This thread's CPU time so far, to pass to {@link #stageCpu} when the stage ends. */
    public long threadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * Adds the CPU time this thread spent since {@code startCpuNanos} to {@code visionstream_stage_cpu_seconds_total{stage}}
     * (scoring runs in ONNX Runtime's own threads and is measured as the batch time instead).
     */
    public void stageCpu(Stage stage, long startCpuNanos) {
        stageCpuNanos.get(stage).add(Math.max(0, THREADS.getCurrentThreadCpuTime() - startCpuNanos));
    }

    /** A prediction was published; {@code endToEndNanos} runs from the image event's time to publication. */
    public void predictionPublished(ModelRef model, Route route, long endToEndNanos) {
        ModelMeters meters = meters(model);
        meters.predictions.get(route).increment();
        meters.endToEnd.record(Math.max(0, endToEndNanos), TimeUnit.NANOSECONDS);
    }

    /** A batch ran: its size, how long the model took, and how long each image waited for the batch. */
    public void batchScored(ModelRef model, int size, long scoreNanos, long[] queueWaitNanos) {
        ModelMeters meters = meters(model);
        meters.batchSize.record(size);
        meters.scoring.record(scoreNanos, TimeUnit.NANOSECONDS);
        for (long wait : queueWaitNanos) {
            meters.queueWait.record(wait, TimeUnit.NANOSECONDS);
        }
    }

    /** An input was dead-lettered (or refused over HTTP) for {@code reason}. */
    public void rejected(String reason, String channel) {
        rejections.computeIfAbsent(reason + "/" + channel, key -> Counter.builder("visionstream.rejections")
                .description("Inputs refused, by reason and channel (stream = dead-lettered)")
                .tags("reason", reason, "channel", channel).register(registry)).increment();
    }

    /** A release event was checked: {@code available}, {@code refused} or {@code malformed}. */
    public void release(String outcome) {
        Counter.builder("visionstream.releases").description("Release events by outcome").tag("outcome", outcome).register(registry).increment();
    }

    /** A model version load attempt ended with {@code outcome} (loaded, refused). */
    public void modelLoad(ModelRef model, String outcome) {
        Counter.builder("visionstream.model.loads").description("Model version loads by outcome")
                .tags(modelTags(model).and("outcome", outcome)).register(registry).increment();
    }

    /** {@code visionstream_model_loaded{model,version,provider} 1} while a version is loaded: which version runs where. */
    public void loaded(ModelRef model, String provider) {
        loadedGauges.put(model, Gauge.builder("visionstream.model.loaded", () -> 1).description("Loaded model versions and their execution provider")
                .tags(modelTags(model).and("provider", provider)).register(registry));
    }

    public void retired(ModelRef model) {
        Gauge gauge = loadedGauges.remove(model);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    /** A version's drift score (the last window's statistic over its threshold; NaN until its window is first full). */
    public void driftScore(ModelRef model, java.util.function.DoubleSupplier score) {
        driftGauges.put(model, Gauge.builder("visionstream.drift.score", score::getAsDouble)
                .description("Drift of the live embeddings from the version's reference: MMD statistic / calibrated threshold (>= 1: drift)")
                .tag("model", model.name()).tag("version", Integer.toString(model.version())).register(registry));
    }

    /** The version is no longer scored for drift. */
    public void driftRetired(ModelRef model) {
        Gauge gauge = driftGauges.remove(model);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    /** The routing of a model as gauges: stable version, canary version and weight (0 when none), shadow version. */
    public void rollout(RolloutState state) {
        RolloutGauges gauges = rolloutGauges.computeIfAbsent(state.model(), name -> new RolloutGauges(name, registry));
        gauges.stable.set(state.stable() == null ? 0 : state.stable());
        gauges.canary.set(state.canary() == null ? 0 : state.canary().version());
        gauges.canaryWeight.set(state.canary() == null ? 0 : state.canary().weightPercent());
        gauges.shadow.set(state.shadow() == null ? 0 : state.shadow());
    }

    private static final class RolloutGauges {
        final AtomicInteger stable = new AtomicInteger();
        final AtomicInteger canary = new AtomicInteger();
        final AtomicInteger canaryWeight = new AtomicInteger();
        final AtomicInteger shadow = new AtomicInteger();

        RolloutGauges(String model, MeterRegistry registry) {
            Gauge.builder("visionstream.rollout.stable.version", stable, AtomicInteger::get).tag("model", model).register(registry);
            Gauge.builder("visionstream.rollout.canary.version", canary, AtomicInteger::get).tag("model", model).register(registry);
            Gauge.builder("visionstream.rollout.canary.weight.percent", canaryWeight, AtomicInteger::get).tag("model", model).register(registry);
            Gauge.builder("visionstream.rollout.shadow.version", shadow, AtomicInteger::get).tag("model", model).register(registry);
        }
    }

    /** A shadow answered as the main version did (same top-1) or not, with its scoring time relative to the main one. */
    /** The canary gate published a decision about {@code canary}. */
    public void gateDecision(ModelRef canary, GateDecision.Verdict verdict) {
        Counter.builder("visionstream.canary.decisions").description("Canary gate decisions published, by verdict")
                .tag("model", canary.name()).tag("version", String.valueOf(canary.version()))
                .tag("verdict", verdict.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    public void shadowCompared(ModelRef shadow, boolean agree, double latencyRatio) {
        Counter.builder("visionstream.shadow.comparisons").description("Shadow vs. main top-1 comparisons (agreement rate = agree=true / all)")
                .tags(modelTags(shadow).and("agree", Boolean.toString(agree))).register(registry).increment();
        if (!Double.isNaN(latencyRatio)) {
            DistributionSummary.builder("visionstream.shadow.latency.ratio").description("Shadow scoring time / main scoring time")
                    .tags(modelTags(shadow)).register(registry).record(latencyRatio);
        }
    }

    public void shadowSkipped(ModelRef shadow) {
        Counter.builder("visionstream.shadow.skipped").description("Images not shadowed because too many shadow scorings were pending")
                .tags(modelTags(shadow)).register(registry).increment();
    }

    public void shadowFailed(ModelRef shadow) {
        Counter.builder("visionstream.shadow.failures").description("Shadow scorings or publications that failed (main stream unaffected)")
                .tags(modelTags(shadow)).register(registry).increment();
    }

    private ModelMeters meters(ModelRef model) {
        return modelMeters.computeIfAbsent(model, ModelMeters::new);
    }

    private Timer latencyTimer(String name, String description, ModelRef model) {
        return Timer.builder(name).description(description).tags(modelTags(model))
                .publishPercentileHistogram().minimumExpectedValue(MIN_LATENCY).maximumExpectedValue(MAX_LATENCY)
                .register(registry);
    }

    private static Tags modelTags(ModelRef model) {
        return Tags.of("model", model.name(), "version", Integer.toString(model.version()));
    }
}
