package io.visionstream.inference.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.visionstream.common.events.RolloutPolicy;
import io.visionstream.common.json.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An operator's change to a model's rollout, with merge semantics (as JSON Merge Patch, RFC 7396): a field left out
 * is kept, a field set to null is cleared, a field given is set. {@code canary} may name only a new
 * {@code weightPercent} (the canary version is kept); {@code policy} names the gate-policy fields to override
 * ({@code policy: null} returns the model to the service defaults).
 */
public record RolloutChange(boolean canarySet, CanaryChange canary, boolean shadowSet, Integer shadow, boolean policySet, RolloutPolicy policy,
                            String reason) {

    private static final Set<String> FIELDS = Set.of("canary", "shadow", "policy", "reason");
    private static final Set<String> CANARY_FIELDS = Set.of("version", "weightPercent");
    private static final Set<String> POLICY_FIELDS = Arrays.stream(RolloutPolicy.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName).collect(Collectors.toUnmodifiableSet());

    /** The canary part of a change; a null field keeps the current value. */
    public record CanaryChange(Integer version, Integer weightPercent) {
    }

    /** Reads a change from a JSON object; anything else, or an unknown or ill-typed field, is refused with the reason. */
    public static RolloutChange parse(JsonNode body) throws RolloutRejectedException {
        if (body == null || !body.isObject()) {
            throw invalid("the body must be a JSON object with any of " + FIELDS + ", e.g. {\"canary\": {\"version\": 3, \"weightPercent\": 20}}");
        }
        requireKnown(body, FIELDS, "");
        CanaryChange canary = null;
        JsonNode canaryNode = body.get("canary");
        if (canaryNode != null && !canaryNode.isNull()) {
            if (!canaryNode.isObject()) {
                throw invalid("canary must be an object {version, weightPercent} or null, was " + canaryNode);
            }
            requireKnown(canaryNode, CANARY_FIELDS, "canary.");
            canary = new CanaryChange(integer(canaryNode, "version", "canary.version"), integer(canaryNode, "weightPercent", "canary.weightPercent"));
        }
        RolloutPolicy policy = null;
        JsonNode policyNode = body.get("policy");
        if (policyNode != null && !policyNode.isNull()) {
            if (!policyNode.isObject()) {
                throw invalid("policy must be an object of gate-policy fields " + POLICY_FIELDS + " or null, was " + policyNode);
            }
            requireKnown(policyNode, POLICY_FIELDS, "policy.");
            try {
                policy = Json.mapper().treeToValue(policyNode, RolloutPolicy.class);
            } catch (Exception e) {
                throw invalid("invalid policy: " + rootMessage(e));
            }
        }
        JsonNode reason = body.get("reason");
        if (reason != null && !reason.isNull() && !reason.isTextual()) {
            throw invalid("reason must be a string, was " + reason);
        }
        return new RolloutChange(body.has("canary"), canary, body.has("shadow"), integer(body, "shadow", "shadow"), body.has("policy"), policy,
                reason == null || reason.isNull() || reason.asText().isBlank() ? null : reason.asText());
    }

    /** The fields this change sets, in words, for the state's reason when the operator gave none. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (canarySet) {
            parts.add(canary == null ? "canary removed" : "canary " + (canary.version() == null ? "" : "v" + canary.version())
                    + (canary.weightPercent() == null ? "" : " at " + canary.weightPercent() + "%"));
        }
        if (shadowSet) {
            parts.add(shadow == null ? "shadow removed" : "shadow v" + shadow);
        }
        if (policySet) {
            parts.add(policy == null ? "policy back to defaults" : "policy " + policy);
        }
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }

    private static Integer integer(JsonNode parent, String field, String path) throws RolloutRejectedException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw invalid(path + " must be an integer, was " + node);
        }
        return node.intValue();
    }

    private static void requireKnown(JsonNode node, Set<String> known, String prefix) throws RolloutRejectedException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw invalid("unknown field '" + prefix + name + "' (known: " + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static RolloutRejectedException invalid(String message) {
        return new RolloutRejectedException(RolloutRejectedException.Reason.INVALID_REQUEST, message);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
