package io.visionstream.k8s;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A pod template with where it comes from: Deployments serve (probes required), Jobs run to completion. */
record Workload(String id, PodSpec pod, Map<String, String> podLabels, boolean longRunning) {

    static List<Workload> of(ManifestSet set) {
        List<Workload> workloads = new ArrayList<>();
        for (Deployment d : set.all(Deployment.class)) {
            workloads.add(new Workload("Deployment " + d.getMetadata().getName(), d.getSpec().getTemplate().getSpec(),
                    labels(d.getSpec().getTemplate().getMetadata()), true));
        }
        for (Job j : set.all(Job.class)) {
            workloads.add(new Workload("Job " + j.getMetadata().getName(), j.getSpec().getTemplate().getSpec(),
                    labels(j.getSpec().getTemplate().getMetadata()), false));
        }
        return workloads;
    }

    private static Map<String, String> labels(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
        return meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
    }
}
