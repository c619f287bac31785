package io.visionstream.k8s.crd;

import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.Map;

/** Strimzi {@code KafkaTopic} (kafka.strimzi.io/v1beta2); {@code topicName} defaults to the resource name. */
public record StrimziKafkaTopic(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public record Spec(String topicName, Integer partitions, Integer replicas, Map<String, Object> config) {
    }

    /** The Kafka topic this resource manages. */
    public String topicName() {
        return spec.topicName() != null ? spec.topicName() : metadata.getName();
    }
}
