package io.visionstream.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.json.Json;
import io.visionstream.local.process.ServiceProcess;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** The inference service's rollout API for one model, as an operator with role ml-admin uses it. */
final class RolloutClient {

    private final ServiceProcess inference;
    private final String model;
    private final String adminToken;

    RolloutClient(ServiceProcess inference, String model, String adminToken) {
        this.inference = inference;
        this.model = model;
        this.adminToken = adminToken;
    }

    /** The current routing; null while the service has none for this model. */
    RolloutState state() throws IOException, InterruptedException {
        HttpResponse<String> response = inference.call("GET", "/api/models/" + model + "/rollout", null, null);
        return response.statusCode() == 200 ? Json.fromJson(response.body(), RolloutState.class) : null;
    }

    /** Waits until the routing satisfies {@code condition} (e.g. a version became stable or canary). */
    RolloutState await(Predicate<RolloutState> condition, String what, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RolloutState state = null;
        while (System.nanoTime() < deadline) {
            state = state();
            if (state != null && condition.test(state)) {
                return state;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the inference service did not reach '" + what + "' within " + timeout + "; last rollout: " + state);
    }

    /** Changes only the fields in {@code change} (the API merges them into the current state). */
    RolloutState change(Map<String, Object> change) throws IOException, InterruptedException {
        return expect(inference.call("PUT", "/api/models/" + model + "/rollout", adminToken, Json.toJson(change)));
    }

    /** The canary gate's live evidence about the current canary; null while there is none. */
    JsonNode analysis() throws IOException, InterruptedException {
        HttpResponse<String> response = inference.call("GET", "/api/models/" + model + "/rollout/analysis", null, null);
        return response.statusCode() == 200 ? Json.mapper().readTree(response.body()) : null;
    }

    private static RolloutState expect(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the rollout API answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return Json.fromJson(response.body(), RolloutState.class);
    }
}
