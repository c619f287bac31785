package io.visionstream.k8s.crd;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.List;

/** Strimzi {@code KafkaNodePool} (kafka.strimzi.io/v1beta2): a group of KRaft controllers or brokers. */
public record StrimziKafkaNodePool(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public record Spec(int replicas, List<String> roles, Storage storage, ResourceRequirements resources) {
    }

    public record Storage(String type, String size, Boolean deleteClaim) {
    }
}
