package io.visionstream.local.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real kcat (Debian's package {@code kcat}: librdkafka's producer with its default partitioner) producing keyed
 * records, for tests that need a producer that is not Java's. Values are sent one per line, so they must hold no
 * newline or tab (single-line JSON does not).
 */
public final class Kcat {

    private static final long TIMEOUT_SECONDS = 60;

    private Kcat() {
    }

    /** Produces {@code records} (key, value) to {@code topic} and waits until kcat has delivered them and exited. */
    public static void produce(String bootstrapServers, String topic, List<Map.Entry<String, byte[]>> records) {
        Process kcat;
        try {
            kcat = new ProcessBuilder("kcat", "-P", "-b", bootstrapServers, "-t", topic, "-K", "\t").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("kcat cannot be started: install it (Debian package kcat)", e);
        }
        try {
            StringBuilder lines = new StringBuilder();
            records.forEach(r -> lines.append(r.getKey()).append('\t').append(new String(r.getValue(), StandardCharsets.UTF_8)).append('\n'));
            kcat.getOutputStream().write(lines.toString().getBytes(StandardCharsets.UTF_8));
            kcat.getOutputStream().close();
            if (!kcat.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                kcat.destroyForcibly();
                throw new IllegalStateException("kcat did not finish producing to " + topic + " within " + TIMEOUT_SECONDS + " s");
            }
            if (kcat.exitValue() != 0) {
                throw new IllegalStateException("kcat failed (exit " + kcat.exitValue() + "): "
                        + new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("kcat producing to " + topic + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while kcat produced to " + topic, e);
        }
    }
}
