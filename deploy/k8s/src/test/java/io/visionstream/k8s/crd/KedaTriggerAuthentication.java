package io.visionstream.k8s.crd;

import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.List;

/** KEDA {@code TriggerAuthentication} (keda.sh/v1alpha1): scaler parameters read from Secrets. */
public record KedaTriggerAuthentication(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public record Spec(List<SecretTargetRef> secretTargetRef) {
    }

    public record SecretTargetRef(String parameter, String name, String key) {
    }
}
