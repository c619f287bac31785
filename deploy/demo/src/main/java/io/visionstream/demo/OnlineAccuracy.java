package io.visionstream.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.visionstream.common.json.Json;
import io.visionstream.local.process.ServiceProcess;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's online-accuracy phase: reads {@code GET /api/models/{name}/quality} until the join has scored every
 * answer the demo labelled, prints each version's online accuracy beside its trainer's test accuracy, and says where
 * the service's figures differ from those the demo computed itself from the predictions it received.
 */
final class OnlineAccuracy {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    /** The figures for {@code DEMO {json}} and the failures found (empty when everything matched). */
    record Outcome(Map<String, Object> figures, List<String> failures) {
    }

    private OnlineAccuracy() {
    }

    static Outcome measure(ServiceProcess inference, String model, LabelFeed feed, Map<Integer, Double> trainerAccuracy, Console console)
            throws IOException, InterruptedException {
        Map<String, LabelFeed.Tally> expected = feed.expected();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode report = null;
        while (System.nanoTime() < deadline) {
            report = fetch(inference, model);
            if (report != null && complete(report, expected, feed.duplicates())) {
                break;
            }
            Thread.sleep(500);
        }
        List<String> failures = new ArrayList<>();
        Map<String, Object> figures = new LinkedHashMap<>();
        if (report == null) {
            failures.add("no online-quality report for " + model);
            return new Outcome(figures, failures);
        }
        console.line("%-8s %-7s %9s %9s %17s %9s %10s %8s %8s", "version", "route", "labelled", "online", "95% interval", "trainer", "duplicate",
                "late", "ECE");
        for (JsonNode v : report.get("versions")) {
            int version = v.get("version").asInt();
            String route = v.get("route").asText();
            LabelFeed.Tally tally = expected.getOrDefault(version + "/" + route, new LabelFeed.Tally(0, 0));
            long labelled = v.get("labelled").asLong();
            double online = v.path("top1").asDouble(Double.NaN);
            Double trainer = trainerAccuracy.get(version);
            console.line("%-8s %-7s %,9d %9.4f %8.4f-%.4f %9s %10d %8d %8.4f", "v" + version, route, labelled, online,
                    v.get("top1Interval").get("low").asDouble(), v.get("top1Interval").get("high").asDouble(),
                    trainer == null ? "-" : String.format("%.4f", trainer), v.get("duplicate").asLong(), v.get("late").asLong(),
                    v.path("expectedCalibrationError").asDouble(Double.NaN));
            long correct = Math.round(online * labelled);
            if (labelled != tally.labelled() || correct != tally.correct()) {
                failures.add(String.format("online accuracy of v%d/%s: the service counted %d of %d right, the demo's own predictions say %d of %d",
                        version, route, correct, labelled, tally.correct(), tally.labelled()));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("labelled", labelled);
            entry.put("accuracy", Math.round(online * 10_000) / 10_000.0);
            entry.put("interval95", List.of(v.get("top1Interval").get("low").asDouble(), v.get("top1Interval").get("high").asDouble()));
            entry.put("trainerTestAccuracy", trainer);
            entry.put("duplicate", v.get("duplicate").asLong());
            entry.put("late", v.get("late").asLong());
            entry.put("missing", v.get("missing").asLong());
            figures.put("v" + version + "/" + route, entry);
        }
        long duplicates = liveDuplicates(report);
        console.line("labels sent %,d (+%,d duplicates), %,d answers never labelled; the join counted %,d duplicates on live answers, %,d unmatched labels",
                feed.sent(), feed.duplicates(), feed.withheld(), duplicates, report.get("unmatchedLabels").asLong());
        if (duplicates != feed.duplicates()) {
            failures.add("the join counted " + duplicates + " duplicate labels on live answers; the demo sent " + feed.duplicates());
        }
        expected.keySet().stream().filter(key -> !figures.containsKey("v" + key))
                .forEach(key -> failures.add("no online accuracy for v" + key + " although the demo labelled its answers"));
        return new Outcome(figures, failures);
    }

    private static boolean complete(JsonNode report, Map<String, LabelFeed.Tally> expected, long duplicates) {
        for (Map.Entry<String, LabelFeed.Tally> e : expected.entrySet()) {
            JsonNode version = find(report, e.getKey());
            if (version == null || version.get("labelled").asLong() < e.getValue().labelled()) {
                return false;
            }
        }
        return liveDuplicates(report) >= duplicates;
    }

    private static long liveDuplicates(JsonNode report) {
        long sum = 0;
        for (JsonNode v : report.get("versions")) {
            sum += "shadow".equals(v.get("route").asText()) ? 0 : v.get("duplicate").asLong();
        }
        return sum;
    }

    private static JsonNode find(JsonNode report, String versionRoute) {
        for (JsonNode v : report.get("versions")) {
            if ((v.get("version").asInt() + "/" + v.get("route").asText()).equals(versionRoute)) {
                return v;
            }
        }
        return null;
    }

    /** The service's online-quality report of {@code model}, null while it has none. */
    static JsonNode fetch(ServiceProcess inference, String model) throws IOException, InterruptedException {
        HttpResponse<String> response = inference.call("GET", "/api/models/" + model + "/quality", null, null);
        return response.statusCode() == 200 ? Json.mapper().readTree(response.body()) : null;
    }
}
