package io.visionstream.k8s;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus series names of the meters a source file registers with Micrometer: dots become underscores,
 * counters get {@code _total}, timers {@code _seconds_bucket/_count/_sum/_max}, distribution summaries
 * {@code _bucket/_count/_sum/_max}, gauges keep their name.
 */
final class MeterNames {

    private static final Pattern BUILDER = Pattern.compile("\\b(Counter|Timer|DistributionSummary|Gauge)\\.builder\\(\\s*\"([^\"]+)\"");
    /**
     * Helpers that build a meter from a literal name: InferenceMetrics' latency timers, TrainingMetrics' curve gauges,
     * QualityGauges' per-version gauges.
     */
    private static final Map<String, String> HELPERS = Map.of("latencyTimer", "Timer", "curveGauge", "Gauge", "versionGauge", "Gauge");
    private static final Pattern HELPER = Pattern.compile("\\b(" + String.join("|", HELPERS.keySet()) + ")\\(\\s*\"([^\"]+)\"");

    private MeterNames() {
    }

    static Set<String> prometheusSeries(String source) {
        Set<String> series = new LinkedHashSet<>();
        Matcher builder = BUILDER.matcher(source);
        while (builder.find()) {
            series.addAll(seriesOf(builder.group(1), builder.group(2)));
        }
        Matcher helper = HELPER.matcher(source);
        while (helper.find()) {
            series.addAll(seriesOf(HELPERS.get(helper.group(1)), helper.group(2)));
        }
        return series;
    }

    private static List<String> seriesOf(String type, String meter) {
        String base = meter.replace('.', '_');
        return switch (type) {
            case "Counter" -> List.of(base + "_total");
            case "Timer" -> List.of(base + "_seconds_bucket", base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max");
            case "DistributionSummary" -> List.of(base + "_bucket", base + "_count", base + "_sum", base + "_max");
            default -> List.of(base);
        };
    }
}
