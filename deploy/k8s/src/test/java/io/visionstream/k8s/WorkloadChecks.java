package io.visionstream.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every container must have to run on a shared cluster: requests and limits, a pinned image, a non-root user,
 * a read-only root filesystem with a writable /tmp, no privilege escalation and no capabilities; serving containers
 * also need startup, liveness and readiness probes on SmallRye Health; inference pods mount every volume claim
 * read-only.
 */
final class WorkloadChecks {

    private WorkloadChecks() {
    }

    static List<String> check(ManifestSet set) {
        List<String> violations = new ArrayList<>();
        for (Workload workload : Workload.of(set)) {
            for (Container container : workload.pod().getContainers()) {
                String id = workload.id() + " container " + container.getName();
                resources(id, container.getResources(), violations);
                image(id, container.getImage(), violations);
                security(id, workload.pod().getSecurityContext(), container.getSecurityContext(), violations);
                writableTmp(id, container, violations);
                if (workload.longRunning()) {
                    probe(id, "startupProbe", container.getStartupProbe(), violations);
                    probe(id, "livenessProbe", container.getLivenessProbe(), violations);
                    probe(id, "readinessProbe", container.getReadinessProbe(), violations);
                }
                if ("inference".equals(workload.podLabels().get("app.kubernetes.io/component"))) {
                    readOnlyClaims(id, workload.pod().getVolumes(), container.getVolumeMounts(), violations);
                }
            }
        }
        return violations;
    }

    private static void resources(String id, ResourceRequirements resources, List<String> violations) {
        for (String kind : List.of("requests", "limits")) {
            Map<String, ?> values = resources == null ? null
                    : kind.equals("requests") ? resources.getRequests() : resources.getLimits();
            for (String resource : List.of("cpu", "memory")) {
                if (values == null || !values.containsKey(resource)) {
                    violations.add(id + ": no " + kind + "." + resource);
                }
            }
        }
    }

    private static void image(String id, String image, List<String> violations) {
        String name = image == null ? "" : image;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        boolean digest = name.contains("@sha256:");
        if (!digest && (colon < slash || colon < 0)) {
            violations.add(id + ": image " + name + " has no tag");
        } else if (!digest && name.substring(colon + 1).equals("latest")) {
            violations.add(id + ": image " + name + " uses :latest");
        }
    }

    private static void security(String id, PodSecurityContext pod, SecurityContext container, List<String> violations) {
        Boolean nonRoot = Optional.ofNullable(container).map(SecurityContext::getRunAsNonRoot)
                .orElse(pod == null ? null : pod.getRunAsNonRoot());
        Long user = Optional.ofNullable(container).map(SecurityContext::getRunAsUser).orElse(pod == null ? null : pod.getRunAsUser());
        if (!Boolean.TRUE.equals(nonRoot) || (user != null && user == 0)) {
            violations.add(id + ": does not run as non-root (runAsNonRoot: true, runAsUser != 0)");
        }
        if (container == null || !Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
            violations.add(id + ": root filesystem is not read-only");
        }
        if (container == null || !Boolean.FALSE.equals(container.getAllowPrivilegeEscalation())) {
            violations.add(id + ": allowPrivilegeEscalation is not false");
        }
        if (container == null || container.getCapabilities() == null || container.getCapabilities().getDrop() == null
                || !container.getCapabilities().getDrop().contains("ALL")) {
            violations.add(id + ": capabilities are not dropped (drop: [ALL])");
        }
    }

    private static void writableTmp(String id, Container container, List<String> violations) {
        boolean tmp = container.getVolumeMounts() != null
                && container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp") && !Boolean.TRUE.equals(m.getReadOnly()));
        if (!tmp) {
            violations.add(id + ": no writable /tmp volume (the JVM, ONNX Runtime and DJL unpack natives there)");
        }
    }

    private static void probe(String id, String name, Probe probe, List<String> violations) {
        if (probe == null || probe.getHttpGet() == null || probe.getHttpGet().getPath() == null
                || !probe.getHttpGet().getPath().startsWith("/q/health/")) {
            violations.add(id + ": no " + name + " on /q/health/*");
        }
    }

    private static void readOnlyClaims(String id, List<Volume> volumes, List<VolumeMount> mounts, List<String> violations) {
        for (Volume volume : volumes) {
            if (volume.getPersistentVolumeClaim() == null) {
                continue;
            }
            boolean volumeReadOnly = Boolean.TRUE.equals(volume.getPersistentVolumeClaim().getReadOnly());
            boolean mountsReadOnly = mounts.stream().filter(m -> m.getName().equals(volume.getName()))
                    .allMatch(m -> Boolean.TRUE.equals(m.getReadOnly()));
            if (!volumeReadOnly || !mountsReadOnly) {
                violations.add(id + ": volume claim " + volume.getPersistentVolumeClaim().getClaimName() + " is not read-only");
            }
        }
    }
}
