package io.visionstream.bench.reliability;

import io.visionstream.common.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Watches the inference service while a scenario streams and drains: every half second its liveness
 * ({@code /q/health/live}), the {@code images} consumer group's lag (end offsets minus committed offsets) and the
 * service's resident-set peak, so a scenario can show that overload makes lag grow and then drain while liveness stays
 * UP and memory stays bounded.
 */
final class HealthWatch implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final String GROUP = "visionstream-inference";

    private final ReliabilityStack stack;
    private final Admin admin;
    private final Thread thread;
    private volatile boolean stopped;
    private int livenessSamples;
    private int livenessDown;
    private long peakLag;
    private long lastLag;
    private double peakRssMiB;
    private volatile Map<TopicPartition, OffsetSpec> endOffsets;

    HealthWatch(ReliabilityStack stack) {
        this.stack = stack;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
        this.thread = new Thread(this::run, "health-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (!stopped) {
            sample();
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        boolean live;
        try {
            live = stack.inference().call("GET", "/q/health/live", null, null).statusCode() == 200;
        } catch (Exception e) {
            live = false;
        }
        long lag = lag();
        double rss = peakRss();
        synchronized (this) {
            peakRssMiB = Math.max(peakRssMiB, rss);
            livenessSamples++;
            livenessDown += live ? 0 : 1;
            if (lag >= 0) {
                lastLag = lag;
                peakLag = Math.max(peakLag, lag);
            }
        }
    }

    /** The service's resident set peak so far (VmHWM), 0 while it cannot be read (e.g. restarting). */
    private double peakRss() {
        try {
            double peak = stack.inference().rssMiB()[1];
            return Double.isNaN(peak) ? 0 : peak;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Records in {@code images} not yet committed by the service's group; -1 when the broker cannot say now. */
    private long lag() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (var end : admin.listOffsets(endOffsets()).all().get(5, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Waits until the lag sampled is 0 (the committed offsets caught up) or {@code timeout} passes. */
    void awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && lag() != 0) {
            Thread.sleep(INTERVAL.toMillis());
        }
    }

    /** A request for the end offset of every {@code images} partition; the topic is described once. */
    private Map<TopicPartition, OffsetSpec> endOffsets() throws Exception {
        if (endOffsets == null) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(Topics.IMAGES)).allTopicNames().get(5, TimeUnit.SECONDS).get(Topics.IMAGES).partitions()
                    .forEach(p -> latest.put(new TopicPartition(Topics.IMAGES, p.partition()), OffsetSpec.latest()));
            endOffsets = Map.copyOf(latest);
        }
        return endOffsets;
    }

    synchronized Stats stats() {
        return new Stats(livenessSamples, livenessDown, peakLag, lastLag, Math.round(peakRssMiB));
    }

    /** What was seen: liveness samples and how many were not UP, the highest and the last lag, the service's RSS peak. */
    record Stats(int livenessSamples, int livenessDown, long peakLag, long lastLag, long peakRssMiB) {

        /** What a scenario that must keep the service live reports when it did not; empty when it did. */
        List<String> livenessViolations() {
            return livenessDown == 0 ? List.of() : List.of("liveness not UP in " + livenessDown + " of " + livenessSamples + " samples");
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        sample();
        admin.close(Duration.ofSeconds(5));
    }
}
