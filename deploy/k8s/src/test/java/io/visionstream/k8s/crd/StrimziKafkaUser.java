package io.visionstream.k8s.crd;

import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.List;

/** Strimzi {@code KafkaUser} (kafka.strimzi.io/v1beta2): a SCRAM identity with simple ACLs. */
public record StrimziKafkaUser(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public record Spec(Authentication authentication, Authorization authorization) {
    }

    public record Authentication(String type) {
    }

    public record Authorization(String type, List<Acl> acls) {
    }

    public record Acl(Resource resource, List<String> operations) {
    }

    public record Resource(String type, String name, String patternType) {
    }
}
