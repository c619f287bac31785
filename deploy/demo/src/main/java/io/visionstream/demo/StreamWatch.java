package io.visionstream.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.visionstream.common.json.Json;
import io.visionstream.common.plot.LineChart;
import io.visionstream.local.process.ServiceProcess;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches a model the way an operator's dashboard does, through the demo's passes and the drift: every second it reads the service's
 * online quality and drift reports, and afterwards draws what it saw - the online accuracy of each version and route
 * over time (of the answers labelled since the previous reading) and each version's drift score over time - as PNGs a
 * person can look at.
 */
final class StreamWatch implements AutoCloseable {

    private static final Duration EVERY = Duration.ofSeconds(1);
    /** Fewer labelled answers than this since the last point wait for the next reading (an accuracy of 3 answers says little). */
    private static final long MIN_LABELLED_PER_POINT = 50;

    private final ServiceProcess inference;
    private final String model;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "stream-watch"));
    private final Map<String, List<LineChart.Point>> accuracy = new TreeMap<>();
    private final Map<String, List<LineChart.Point>> drift = new TreeMap<>();
    private final Map<String, LabelFeed.Tally> lastPoint = new TreeMap<>();

    private StreamWatch(ServiceProcess inference, String model) {
        this.inference = inference;
        this.model = model;
    }

    /** Starts reading {@code model}'s reports every second. */
    static StreamWatch start(ServiceProcess inference, String model) throws IOException, InterruptedException {
        StreamWatch watch = new StreamWatch(inference, model);
        watch.read();
        watch.timer.scheduleWithFixedDelay(watch::readQuietly, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    /** Labelled and right answers per {@code version/route} so far, as the service counts them. */
    static Map<String, LabelFeed.Tally> onlineCounts(ServiceProcess inference, String model) throws IOException, InterruptedException {
        Map<String, LabelFeed.Tally> counts = new TreeMap<>();
        JsonNode report = OnlineAccuracy.fetch(inference, model);
        if (report != null) {
            for (JsonNode v : report.get("versions")) {
                long labelled = v.get("labelled").asLong();
                counts.put(v.get("version").asInt() + "/" + v.get("route").asText(),
                        new LabelFeed.Tally(labelled, Math.round(v.path("top1").asDouble(0) * labelled)));
            }
        }
        return counts;
    }

    /** Each version's last drift score on the service (versions without one are left out). */
    static Map<Integer, Double> driftScores(ServiceProcess inference, String model) throws IOException, InterruptedException {
        HttpResponse<String> response = inference.call("GET", "/api/models/" + model + "/drift", null, null);
        Map<Integer, Double> scores = new TreeMap<>();
        if (response.statusCode() == 200) {
            for (JsonNode v : Json.mapper().readTree(response.body()).get("versions")) {
                if (v.hasNonNull("score")) {
                    scores.put(v.get("version").asInt(), v.get("score").asDouble());
                }
            }
        }
        return scores;
    }

    private void readQuietly() {
        try {
            read();
        } catch (IOException | RuntimeException e) {
            // a missed reading leaves a gap in the plot, nothing more
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void read() throws IOException, InterruptedException {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        for (Map.Entry<String, LabelFeed.Tally> entry : onlineCounts(inference, model).entrySet()) {
            LabelFeed.Tally before = lastPoint.get(entry.getKey());
            LabelFeed.Tally now = entry.getValue();
            if (before == null) {
                lastPoint.put(entry.getKey(), now);
            } else if (now.labelled() - before.labelled() >= MIN_LABELLED_PER_POINT) {
                accuracy.computeIfAbsent("v" + entry.getKey(), k -> new ArrayList<>()).add(new LineChart.Point(seconds,
                        (now.correct() - before.correct()) / (double) (now.labelled() - before.labelled())));
                lastPoint.put(entry.getKey(), now);
            }
        }
        driftScores(inference, model).forEach((version, score) ->
                drift.computeIfAbsent("v" + version, k -> new ArrayList<>()).add(new LineChart.Point(seconds, score)));
    }

    /**
     * Draws {@code accuracy-over-time.png} (with the retrain policy's threshold) and {@code drift-over-time.png} (with
     * the drift level 1, log-free: scores above {@code driftCeiling} are drawn at it) into {@code dir}.
     */
    synchronized List<Path> plot(Path dir, double accuracyThreshold, double driftCeiling) throws IOException, InterruptedException {
        read();
        Path accuracyPng = dir.resolve("accuracy-over-time.png");
        Path driftPng = dir.resolve("drift-over-time.png");
        LineChart.write("Online accuracy of " + model + " per version and route (answers labelled since the previous point)",
                List.of(new LineChart.Panel("top-1 accuracy per version/route", "seconds", 0, 1, series(accuracy, true),
                        List.of(new LineChart.Reference(accuracyThreshold, "retrain policy: min-online-accuracy " + accuracyThreshold)))),
                accuracyPng);
        LineChart.write("Drift score of " + model + " per version (1 = the reference's calibrated level, alpha 0.01)",
                List.of(new LineChart.Panel("drift score (drawn at most " + driftCeiling + ")", "seconds", 0, driftCeiling, series(drift, false),
                        List.of(new LineChart.Reference(1, "drift at level 0.01")))), driftPng);
        return List.of(accuracyPng, driftPng);
    }

    private static List<LineChart.Series> series(Map<String, List<LineChart.Point>> byName, boolean markers) {
        List<LineChart.Series> series = new ArrayList<>();
        byName.forEach((name, points) -> series.add(new LineChart.Series(name, points, markers || points.size() < 3)));
        return series;
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
