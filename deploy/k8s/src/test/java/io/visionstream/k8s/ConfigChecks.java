package io.visionstream.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.Volume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ConfigMaps hold only real configuration: every key of an application.properties ConfigMap, or every environment
 * variable of an env ConfigMap, names a property of the service it configures (or a catalogued Kafka/Quarkus key).
 * And a serving pod's grace period outlasts its preStop sleep plus Quarkus's shutdown timeout, so a batch drains and
 * its offsets are committed before the kubelet kills the process.
 */
final class ConfigChecks {

    static final String FOR = "visionstream.io/config-for";
    static final String FORMAT = "visionstream.io/config-format";
    static final String CONFIG_DIR = "/deployments/config";

    private ConfigChecks() {
    }

    static List<String> check(ManifestSet set, Map<String, ServiceConfig> services) {
        List<String> violations = new ArrayList<>();
        for (ConfigMap map : set.all(ConfigMap.class)) {
            keys(map, services, violations);
        }
        for (Workload workload : Workload.of(set)) {
            if (workload.longRunning()) {
                for (Container container : workload.pod().getContainers()) {
                    gracePeriod(workload, container, set, violations);
                }
            }
        }
        return violations;
    }

    /** The environment variable SmallRye Config maps to {@code property}: non-alphanumerics become _, upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    private static void keys(ConfigMap map, Map<String, ServiceConfig> services, List<String> violations) {
        String id = "ConfigMap " + map.getMetadata().getName();
        Map<String, String> annotations = Optional.ofNullable(map.getMetadata().getAnnotations()).orElse(Map.of());
        Map<String, String> labels = Optional.ofNullable(map.getMetadata().getLabels()).orElse(Map.of());
        if (!annotations.containsKey(FOR)) {
            if (!"1".equals(labels.get("grafana_dashboard"))) {
                violations.add(id + ": neither service configuration (" + FOR + ") nor a Grafana dashboard");
            }
            return;
        }
        ServiceConfig service = services.get(annotations.get(FOR));
        if (service == null) {
            violations.add(id + ": configures unknown service " + annotations.get(FOR));
            return;
        }
        Set<String> known = service.knownKeys();
        Map<String, String> data = Optional.ofNullable(map.getData()).orElse(Map.of());
        switch (annotations.getOrDefault(FORMAT, "")) {
            case "properties" -> {
                String text = data.get("application.properties");
                if (text == null) {
                    violations.add(id + ": no application.properties entry");
                    return;
                }
                for (String key : PropertiesText.parse(text).keySet()) {
                    if (!known.contains(key) && !ConfigKeyCatalog.allows(key)) {
                        violations.add(id + ": " + key + " is not a property of " + service.name());
                    }
                }
            }
            case "env" -> {
                Set<String> envNames = known.stream().map(ConfigChecks::envName).collect(Collectors.toSet());
                ConfigKeyCatalog.ALLOWED.keySet().forEach(key -> envNames.add(envName(key)));
                for (String variable : data.keySet()) {
                    if (!envNames.contains(variable)) {
                        violations.add(id + ": " + variable + " maps to no property of " + service.name());
                    }
                }
            }
            default -> violations.add(id + ": " + FORMAT + " must be properties or env");
        }
    }

    private static void gracePeriod(Workload workload, Container container, ManifestSet set, List<String> violations) {
        String id = workload.id() + " container " + container.getName();
        Optional<Duration> timeout = mountedConfig(workload, container, set)
                .map(properties -> properties.get("quarkus.shutdown.timeout")).map(ConfigChecks::duration);
        if (timeout.isEmpty()) {
            violations.add(id + ": its configuration sets no quarkus.shutdown.timeout (in-flight work would be cut off)");
            return;
        }
        long preStop = Optional.ofNullable(container.getLifecycle()).map(l -> l.getPreStop()).map(h -> h.getExec())
                .map(ExecAction::getCommand).filter(c -> c.size() == 2 && c.get(0).equals("sleep"))
                .map(c -> Long.parseLong(c.get(1))).orElse(-1L);
        if (preStop <= 0) {
            violations.add(id + ": no preStop sleep (endpoints must drain before the service stops)");
        }
        Long grace = Optional.ofNullable(workload.pod().getTerminationGracePeriodSeconds()).orElse(30L);
        long needed = Math.max(preStop, 0) + timeout.get().toSeconds();
        if (grace <= needed) {
            violations.add(id + ": terminationGracePeriodSeconds " + grace + " must exceed preStop " + preStop
                    + " s + quarkus.shutdown.timeout " + timeout.get().toSeconds() + " s");
        }
    }

    /** The application.properties of the ConfigMap mounted at /deployments/config, if any. */
    private static Optional<Map<String, String>> mountedConfig(Workload workload, Container container, ManifestSet set) {
        Optional<String> volumeName = Optional.ofNullable(container.getVolumeMounts()).orElse(List.of()).stream()
                .filter(m -> m.getMountPath().equals(CONFIG_DIR)).map(m -> m.getName()).findFirst();
        Optional<String> mapName = volumeName.flatMap(name -> workload.pod().getVolumes().stream()
                .filter(v -> v.getName().equals(name)).map(Volume::getConfigMap).filter(java.util.Objects::nonNull).findFirst())
                .map(source -> source.getName());
        return mapName.flatMap(name -> set.all(ConfigMap.class).stream().filter(m -> m.getMetadata().getName().equals(name)).findFirst())
                .map(ConfigMap::getData).map(data -> data.get("application.properties")).map(PropertiesText::parse);
    }

    private static Duration duration(String text) {
        return Duration.parse("PT" + text.toUpperCase(java.util.Locale.ROOT));
    }
}
