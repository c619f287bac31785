package io.visionstream.k8s.crd;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.List;

/** Prometheus Operator {@code ServiceMonitor} (monitoring.coreos.com/v1): scrape the endpoints of selected Services. */
public record PrometheusServiceMonitor(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    public record Spec(LabelSelector selector, List<Endpoint> endpoints) {
    }

    public record Endpoint(String port, String path, String interval) {
    }
}
