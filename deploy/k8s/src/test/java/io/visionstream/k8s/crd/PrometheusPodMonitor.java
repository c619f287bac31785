package io.visionstream.k8s.crd;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.List;

/** Prometheus Operator {@code PodMonitor} (monitoring.coreos.com/v1): scrape every selected pod. */
public record PrometheusPodMonitor(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public record Spec(LabelSelector selector, List<Endpoint> podMetricsEndpoints) {
    }

    public record Endpoint(String port, String path, String interval) {
    }
}
