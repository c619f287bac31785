package io.visionstream.demo;

import io.visionstream.common.events.GroundTruth;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.json.Json;
import io.visionstream.common.kafka.Topics;
import io.visionstream.local.kafka.TopicClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Plays whoever labels the images: a while after a pass, it sends each test image's true class to {@code labels},
 * except every 20th image (never labelled) and sending every 25th twice (a duplicate), as a review queue would. It
 * keeps, per version and route, how many of the answers it labelled and how many were right, computed from the
 * predictions the demo received: what the service's online accuracy must equal.
 */
final class LabelFeed implements AutoCloseable {

    static final Duration DELAY = Duration.ofSeconds(3);
    private static final int NEVER_LABELLED_EVERY = 20;
    private static final int DUPLICATED_EVERY = 25;

    /** Labelled answers and right ones of one version on one route. */
    record Tally(long labelled, long correct) {
        Tally plus(boolean right) {
            return new Tally(labelled + 1, correct + (right ? 1 : 0));
        }
    }

    private final TopicClient kafka;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> new Thread(r, "label-feed"));
    private final Map<String, Tally> expected = new TreeMap<>();
    private long sent;
    private long duplicates;
    private long withheld;

    LabelFeed(TopicClient kafka) {
        this.kafka = kafka;
    }

    /** Labels a pass's images after {@link #DELAY}: {@code answers} are the predictions received per key (live and shadow). */
    synchronized void label(String keyPrefix, int[] labels, Map<String, byte[]> live, Map<String, Prediction> shadows) {
        Map<String, GroundTruth> toSend = new TreeMap<>();
        for (Map.Entry<String, byte[]> entry : live.entrySet()) {
            int index = Integer.parseInt(entry.getKey().substring(keyPrefix.length()));
            if (index % NEVER_LABELLED_EVERY == NEVER_LABELLED_EVERY - 1) {
                withheld++;
                continue;
            }
            int truth = labels[index % labels.length];
            toSend.put(entry.getKey(), new GroundTruth(entry.getKey(), truth, null, Instant.now(), "demo-review-queue"));
            count(Json.fromBytes(entry.getValue(), Prediction.class), truth);
            Prediction shadow = shadows.get(entry.getKey());
            if (shadow != null) {
                count(shadow, truth);
            }
        }
        sender.submit(() -> {
            Thread.sleep(DELAY.toMillis());
            List<Map.Entry<String, byte[]>> records = new ArrayList<>();
            int i = 0;
            for (GroundTruth label : toSend.values()) {
                byte[] value = Json.toBytes(label);
                records.add(Map.entry(label.imageId(), value));
                if (i++ % DUPLICATED_EVERY == 0) {
                    records.add(Map.entry(label.imageId(), value));
                    countDuplicate();
                }
            }
            kafka.sendRawAll(Topics.LABELS, records);
            return null;
        });
        sent += toSend.size();
    }

    private synchronized void countDuplicate() {
        duplicates++;
    }

    private void count(Prediction prediction, int truth) {
        expected.merge(prediction.model().version() + "/" + prediction.route().wireName(), new Tally(0, 0).plus(prediction.best().index() == truth),
                (a, b) -> new Tally(a.labelled() + b.labelled(), a.correct() + b.correct()));
    }

    /** Labelled answers per {@code version/route} as the demo computed them itself. */
    synchronized Map<String, Tally> expected() {
        return new TreeMap<>(expected);
    }

    synchronized long sent() {
        return sent;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long withheld() {
        return withheld;
    }

    /** Waits until every label has been handed to Kafka. */
    @Override
    public void close() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(2, TimeUnit.MINUTES);
    }
}
