package io.visionstream.demo;

import io.visionstream.common.events.RolloutState;
import io.visionstream.common.json.Json;
import io.visionstream.local.process.ServiceProcess;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
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

    /** Sets the canary's weight and a shadow version (every image also scored by it, published to predictions.shadow). */
    RolloutState canaryWithShadow(int canaryVersion, int weightPercent, int shadowVersion, String reason) throws IOException, InterruptedException {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("canary", Map.of("version", canaryVersion, "weightPercent", weightPercent));
        change.put("shadow", shadowVersion);
        change.put("reason", reason);
        return expect(inference.call("PUT", "/api/models/" + model + "/rollout", adminToken, Json.toJson(change)));
    }

    /** Promotes the canary to stable, keeping no shadow. */
    RolloutState promote(String reason) throws IOException, InterruptedException {
        RolloutState current = state();
        if (current == null || current.canary() == null) {
            throw new IllegalStateException("there is no canary to promote; the current rollout is " + current);
        }
        if (current.shadow() != null) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("canary", Map.of("version", current.canary().version(), "weightPercent", current.canary().weightPercent()));
            change.put("reason", "demo: shadow comparison done");
            expect(inference.call("PUT", "/api/models/" + model + "/rollout", adminToken, Json.toJson(change)));
        }
        return expect(inference.call("POST", "/api/models/" + model + "/promote?reason=" + java.net.URLEncoder.encode(reason,
                java.nio.charset.StandardCharsets.UTF_8), adminToken, null));
    }

    private static RolloutState expect(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the rollout API answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return Json.fromJson(response.body(), RolloutState.class);
    }
}
