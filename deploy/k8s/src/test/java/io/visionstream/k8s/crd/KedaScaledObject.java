package io.visionstream.k8s.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;

import java.util.List;

/**
 * KEDA {@code ScaledObject} (keda.sh/v1alpha1). Trigger metadata stays a tree here because its keys depend on the
 * scaler; {@link KafkaScalerMetadata} types the Kafka scaler's.
 */
public record KedaScaledObject(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public record Spec(ScaleTargetRef scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod, Integer minReplicaCount,
                       Integer maxReplicaCount, Advanced advanced, List<Trigger> triggers) {
    }

    public record ScaleTargetRef(String name, String kind, String apiVersion) {
    }

    public record Advanced(HpaConfig horizontalPodAutoscalerConfig) {
    }

    public record HpaConfig(HorizontalPodAutoscalerBehavior behavior) {
    }

    public record Trigger(String type, JsonNode metadata, AuthenticationRef authenticationRef) {
    }

    public record AuthenticationRef(String name) {
    }
}
