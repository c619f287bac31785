package io.visionstream.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where the service's CPU went during a phase, in milliseconds per image, by stage: threads are grouped by name
 * (decode pool {@code decode-N}, batcher {@code batcher-<model>-v<version>}, ONNX Runtime's native intra-op threads -
 * not Java threads, their kernel name is {@code java}, inherited from the thread that created them - SmallRye's
 * consumer poll thread {@code smallrye-kafka-consumer-thread-N}, Kafka's producer network threads, GC, JIT, the rest). When the service exports
 * {@code visionstream_stage_cpu_seconds_total}, the decode pool's share is split into those stages and what they
 * do not cover; otherwise the decode pool is one stage.
 */
final class StageCpu {

    static final String DECODE_POOL = "decode pool";

    private record Group(String stage, Predicate<String> matches) {
    }

    private static final List<Group> GROUPS = List.of(
            new Group(DECODE_POOL, name -> name.startsWith("decode-")),
            new Group("scoring: batcher thread", name -> name.startsWith("batcher-")),
            new Group("scoring: ORT intra-op threads", name -> name.endsWith(ThreadCpu.NATIVE)),
            new Group("kafka consumer (poll)", name -> name.startsWith("smallrye-kafka-consumer-thread")),
            new Group("kafka producer", name -> name.startsWith("kafka-producer-network-thread")),
            new Group("GC", name -> name.startsWith("GC Thread") || name.startsWith("G1 ")),
            new Group("JIT compiler", name -> name.contains("CompilerThread")),
            new Group("other", name -> true));

    private StageCpu() {
    }

    /**
     * Milliseconds of CPU per image by stage, in a fixed order, plus {@code total}. {@code stageCounters} is the
     * increase of the service's per-stage counters over the phase (empty when it has none).
     */
    static Map<String, Double> msPerImage(ThreadCpu before, ThreadCpu after, Map<String, Double> stageCounters, int images) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        GROUPS.forEach(g -> seconds.put(g.stage(), 0.0));
        after.since(before).values().forEach(t -> seconds.merge(stageOf(t.name()), t.cpuSeconds(), Double::sum));
        Map<String, Double> stages = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Double> e : seconds.entrySet()) {
            total += e.getValue();
            if (e.getKey().equals(DECODE_POOL) && !stageCounters.isEmpty()) {
                double covered = 0;
                for (Map.Entry<String, Double> counter : stageCounters.entrySet()) {
                    stages.put(DECODE_POOL + ": " + counter.getKey(), counter.getValue() * 1000 / images);
                    covered += counter.getValue();
                }
                stages.put(DECODE_POOL + ": rest", (e.getValue() - covered) * 1000 / images);
            } else {
                stages.put(e.getKey(), e.getValue() * 1000 / images);
            }
        }
        stages.put("total", total * 1000 / images);
        return stages;
    }

    /** The increase of each counter from {@code before} to {@code after}. */
    static Map<String, Double> increase(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0.0)));
        return delta;
    }

    /** The thread names seen in a phase, each with its stage: what the grouping decided, for the log. */
    static Map<String, String> stagesOfThreads(ThreadCpu before, ThreadCpu after) {
        Map<String, String> names = new java.util.TreeMap<>();
        after.since(before).values().forEach(t -> names.put(t.name().replaceAll("\\d+", "N"), stageOf(t.name())));
        return names;
    }

    private static String stageOf(String threadName) {
        return GROUPS.stream().filter(g -> g.matches().test(threadName)).findFirst().orElseThrow().stage();
    }
}
