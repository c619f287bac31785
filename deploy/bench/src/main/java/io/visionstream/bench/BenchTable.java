package io.visionstream.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The human-readable summary printed before the BENCH line: the LeNet figures, the ResNet-50 figures with one
 * column per frame size, and the targets.
 */
final class BenchTable {

    private static final List<String> FRAME_SIZES = List.of("640x480", "1920x1080");

    private BenchTable() {
    }

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> figures) {
        Map<String, Object> resnet = (Map<String, Object>) figures.get("resnet50");
        if (figures.containsKey("model")) {
            System.out.printf("LeNet-5-sized, 28x28 PNG%n  %-44s %14s%n", "figure", "value");
            flatten("", figures).forEach((k, v) -> {
                if (!k.startsWith("resnet50.") && !k.startsWith("targets.")) {
                    System.out.printf("  %-44s %14s%n", k, v);
                }
            });
        }
        if (resnet != null) {
            System.out.printf("%nResNet-50, 224x224x3, JPEG frames%n  %-44s %14s %14s%n", "figure", FRAME_SIZES.get(0), FRAME_SIZES.get(1));
            resnet.forEach((k, v) -> {
                if (!FRAME_SIZES.contains(k)) {
                    System.out.printf("  %-44s %29s%n", k, v);
                }
            });
            Map<String, Object> first = flatten("", (Map<String, Object>) resnet.get(FRAME_SIZES.get(0)));
            Map<String, Object> second = flatten("", (Map<String, Object>) resnet.get(FRAME_SIZES.get(1)));
            List<String> keys = new ArrayList<>(first.keySet());
            second.keySet().stream().filter(k -> !first.containsKey(k)).forEach(keys::add);
            for (String key : keys) {
                System.out.printf("  %-44s %14s %14s%n", key.replace("cpuMsPerImageByStage.", "cpu ms/img: "), first.get(key), second.get(key));
            }
        }
        System.out.printf("%nTargets%n");
        ((Map<String, Object>) figures.get("targets")).forEach((k, v) -> System.out.printf("  %-52s %s%n", k, v));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> flatten(String prefix, Map<String, Object> values) {
        Map<String, Object> flat = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v instanceof Map<?, ?> nested) {
                flat.putAll(flatten(prefix + k + ".", (Map<String, Object>) nested));
            } else {
                flat.put(prefix + k, v);
            }
        });
        return flat;
    }
}
