package io.visionstream.k8s.crd;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

import java.util.List;
import java.util.Map;

/** Strimzi {@code Kafka} (kafka.strimzi.io/v1beta2), the fields this deployment uses; any other field is an error. */
public record StrimziKafka(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public record Spec(KafkaCluster kafka, EntityOperator entityOperator) {
    }

    public record KafkaCluster(String version, String metadataVersion, List<Listener> listeners, Authorization authorization,
                               Map<String, Object> config) {
    }

    public record Listener(String name, int port, String type, boolean tls, Authentication authentication,
                           List<NetworkPolicyPeer> networkPolicyPeers) {
    }

    public record Authentication(String type) {
    }

    public record Authorization(String type) {
    }

    public record EntityOperator(Operator topicOperator, Operator userOperator) {
    }

    public record Operator(ResourceRequirements resources) {
    }
}
