package io.visionstream.inference.quality;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The online quality on {@code /q/metrics}, read from the replica's copy of the sums (so every replica reports the
 * same figures; aggregate with max, not sum): per model, version and route {@code visionstream_online_accuracy},
 * {@code ..._top5_accuracy}, {@code ..._accuracy_low}/{@code _high} (Wilson interval), {@code ..._labelled},
 * {@code ..._labels{outcome=early|late|duplicate|missing}} and {@code ..._calibration_error}; per replica
 * {@code visionstream_online_unmatched_labels}.
 */
final class QualityGauges {

    private final MeterRegistry registry;
    private final double level;
    private final Map<String, VersionQuality> latest = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile ModelQuality unattributed = new ModelQuality();

    QualityGauges(MeterRegistry registry, double level) {
        this.registry = registry;
        this.level = level;
        Gauge.builder("visionstream.online.unmatched.labels", () -> unattributed.unmatched)
                .description("Labels no prediction was found for within the join window").register(registry);
    }

    /** Takes the latest sums of {@code model} (or the unattributed labels). */
    void update(String model, ModelQuality sums) {
        if (ModelQuality.UNATTRIBUTED.equals(model)) {
            unattributed = sums;
            return;
        }
        sums.versions.values().forEach(v -> {
            String key = model + "/" + v.version + "/" + v.route.wireName();
            latest.put(key, v);
            if (registered.add(key)) {
                register(key, Tags.of("model", model, "version", Integer.toString(v.version), "route", v.route.wireName()));
            }
        });
    }

    private void register(String key, Tags tags) {
        versionGauge("visionstream.online.accuracy", "Top-1 accuracy on labelled predictions", key, tags, v -> ratio(v.correct, v.labelled));
        versionGauge("visionstream.online.top5.accuracy", "Top-5 accuracy on labelled predictions", key, tags, v -> ratio(v.top5Correct, v.top5Labelled));
        versionGauge("visionstream.online.accuracy.low", "Lower bound of the top-1 accuracy's Wilson interval", key, tags,
                v -> v.labelled == 0 ? Double.NaN : WilsonInterval.of(v.correct, v.labelled, level).low());
        versionGauge("visionstream.online.accuracy.high", "Upper bound of the top-1 accuracy's Wilson interval", key, tags,
                v -> v.labelled == 0 ? Double.NaN : WilsonInterval.of(v.correct, v.labelled, level).high());
        versionGauge("visionstream.online.labelled", "Predictions joined with their label within the window", key, tags, v -> v.labelled);
        versionGauge("visionstream.online.calibration.error", "Expected calibration error of the top-1 confidence", key, tags,
                VersionQuality::expectedCalibrationError);
        versionGauge("visionstream.online.labels", "Labels by what became of them", key, tags.and("outcome", "early"), v -> v.early);
        versionGauge("visionstream.online.labels", "Labels by what became of them", key, tags.and("outcome", "late"), v -> v.late);
        versionGauge("visionstream.online.labels", "Labels by what became of them", key, tags.and("outcome", "duplicate"), v -> v.duplicate);
        versionGauge("visionstream.online.labels", "Labels by what became of them", key, tags.and("outcome", "missing"), v -> v.missing);
    }

    private void versionGauge(String name, String description, String key, Tags tags, ToDoubleFunction<VersionQuality> value) {
        Gauge.builder(name, latest, all -> all.containsKey(key) ? value.applyAsDouble(all.get(key)) : Double.NaN)
                .description(description).tags(tags).register(registry);
    }

    private static double ratio(long hits, long of) {
        return of == 0 ? Double.NaN : hits / (double) of;
    }
}
