package io.visionstream.bench;

import io.visionstream.local.process.ServiceProcess;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmark reads from the service's Prometheus endpoint ({@code /q/metrics}): heap in use (all heap pools
 * of {@code jvm_memory_used_bytes}) and the per-stage thread CPU counters
 * {@code visionstream_stage_cpu_seconds_total{stage=...}} the service keeps on its decode threads, when it has them.
 */
final class ServiceMetrics {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");
    private static final Pattern STAGE = Pattern.compile("stage=\"([^\"]*)\"");
    private static final String STAGE_CPU = "visionstream_stage_cpu_seconds_total";

    private ServiceMetrics() {
    }

    /** The current text exposition. */
    static String scrape(ServiceProcess service) throws IOException, InterruptedException {
        return service.call("GET", "/q/metrics", null, null).body();
    }

    /** Bytes in use across the heap's memory pools. */
    static double heapUsedBytes(String exposition) {
        double sum = 0;
        for (String line : exposition.lines().toList()) {
            Matcher m = SAMPLE.matcher(line);
            if (m.find() && m.group(1).equals("jvm_memory_used_bytes") && m.group(2) != null && m.group(2).contains("area=\"heap\"")) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }

    /** CPU seconds per stage (summed over other labels); empty when the service does not export the counter. */
    static Map<String, Double> stageCpuSeconds(String exposition) {
        Map<String, Double> stages = new TreeMap<>();
        for (String line : exposition.lines().toList()) {
            Matcher m = SAMPLE.matcher(line);
            if (m.find() && m.group(1).equals(STAGE_CPU) && m.group(2) != null) {
                Matcher stage = STAGE.matcher(m.group(2));
                if (stage.find()) {
                    stages.merge(stage.group(1), Double.parseDouble(m.group(3)), Double::sum);
                }
            }
        }
        return stages;
    }
}
