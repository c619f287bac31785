package io.visionstream.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.visionstream.common.json.Json;
import io.visionstream.local.process.ServiceProcess;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The trainer service's job API as a client uses it: submit a training job that publishes its model, wait for it.
 * Publishing needs a bearer token with role ml-admin; reading the job needs a token too.
 */
final class TrainerClient {

    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final Duration POLL = Duration.ofSeconds(1);

    private final ServiceProcess trainer;
    private final String adminToken;

    /** A finished, published training job: the registry version and the trainer's own figures for it. */
    record TrainedVersion(int version, double testTop1, int bestEpoch, double parityMaxAbsDiff, String runDirectory) {
    }

    TrainerClient(ServiceProcess trainer, String adminToken) {
        this.trainer = trainer;
        this.adminToken = adminToken;
    }

    /**
     * Trains {@code arch} on Fashion-MNIST with the demo's recipe (batch 256, Adam, cosine schedule with one warm-up
     * epoch, seed 42) and publishes it as {@code model}.
     */
    TrainedVersion trainAndPublish(String arch, int epochs, String model, Duration timeout) throws IOException, InterruptedException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("arch", arch);
        request.put("dataset", "fashion-mnist");
        request.put("epochs", epochs);
        request.put("batchSize", 256);
        request.put("optimizer", "adam");
        request.put("lr", 0.005);
        request.put("schedule", "cosine");
        request.put("warmupEpochs", 1);
        request.put("seed", 42);
        request.put("publishAs", model);
        HttpResponse<String> submitted = trainer.call("POST", "/api/training/jobs", adminToken, Json.toJson(request));
        if (submitted.statusCode() != 202) {
            throw new IllegalStateException("the trainer refused the job: HTTP " + submitted.statusCode() + " " + submitted.body());
        }
        String id = Json.mapper().readTree(submitted.body()).path("id").asText();
        return published(awaitFinished(id, timeout));
    }

    /**
     * The continual job the trainer started for the trigger with {@code reason} on {@code model} (from
     * {@code GET /api/training/continual/triggers}), waiting up to {@code timeout} for it to be started.
     */
    String continualJob(String model, String reason, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode triggers = Json.mapper().readTree(trainer.call("GET", "/api/training/continual/triggers", adminToken, null).body());
            for (JsonNode trigger : triggers) {
                if (reason.equals(trigger.path("reason").asText()) && model.equals(trigger.path("base").path("name").asText())
                        && trigger.hasNonNull("jobId")) {
                    return trigger.get("jobId").asText();
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("the trainer started no continual job for a " + reason + " trigger on " + model + " within " + timeout);
    }

    /** Waits for job {@code id} to finish; returns its view; fails unless it succeeded. */
    JsonNode awaitFinished(String id, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = Json.mapper().readTree(trainer.call("GET", "/api/training/jobs/" + id, adminToken, null).body());
            String status = job.path("status").asText();
            if (FINISHED.contains(status)) {
                if (!status.equals("SUCCEEDED")) {
                    throw new IllegalStateException("training job " + id + " " + status + ": " + job.path("error").asText());
                }
                return job;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("training job " + id + " did not finish within " + timeout);
    }

    /** The version a finished job published, with the trainer's own figures for it. */
    static TrainedVersion published(JsonNode job) {
        if (job.path("published").isMissingNode() || job.path("published").isNull()) {
            throw new IllegalStateException("training job " + job.path("id").asText() + " succeeded but published nothing");
        }
        JsonNode manifest = job.path("published").path("manifest");
        JsonNode summary = job.path("summary");
        return new TrainedVersion(manifest.path("version").asInt(), summary.path("testTop1").asDouble(), summary.path("bestEpoch").asInt(),
                manifest.path("parity").path("maxAbsDiffProbabilities").asDouble(), summary.path("runDirectory").asText());
    }
}
