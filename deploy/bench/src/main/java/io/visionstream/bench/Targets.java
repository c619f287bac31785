package io.visionstream.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's targets (issue #19), judged on the figures of this run: {@code met}, {@code not met}, or why it
 * could not be judged (a model not run, Pillow unavailable).
 */
final class Targets {

    private Targets() {
    }

    /** {@code resnet} is the ResNet-50 section (null when not run); {@code lenet} the top-level figures. */
    @SuppressWarnings("unchecked")
    static Map<String, String> judge(Map<String, Object> resnet, Map<String, Object> lenet) {
        Map<String, String> targets = new LinkedHashMap<>();
        if (resnet == null) {
            targets.put("resnet50 pipeline >= 0.90x raw ORT at 640x480", "not run");
            targets.put("decode+preprocess 1920x1080 no slower than Pillow", "not run");
        } else {
            Map<String, Object> vga = (Map<String, Object>) resnet.get("640x480");
            double ratio = ((Number) vga.get("pipelineToRawRatio")).doubleValue();
            targets.put("resnet50 pipeline >= 0.90x raw ORT at 640x480",
                    verdict(ratio >= ResNetBenchmark.TARGET_PIPELINE_TO_RAW) + " (" + ratio + ")");
            Map<String, Object> fullHd = (Map<String, Object>) resnet.get("1920x1080");
            Object pillow = fullHd.get("pillowDecodePreprocessMs");
            double java = ((Number) fullHd.get("javaDecodePreprocessMs")).doubleValue();
            targets.put("decode+preprocess 1920x1080 no slower than Pillow", pillow == null ? "Pillow unavailable"
                    : verdict(java <= ((Number) pillow).doubleValue()) + " (Java " + java + " ms, Pillow " + pillow + " ms)");
        }
        long ooms = count(resnet) + count(lenet);
        targets.put("no OutOfMemoryError in the service log", verdict(ooms == 0) + " (" + ooms + " lines)");
        return targets;
    }

    private static long count(Map<String, Object> figures) {
        return figures == null || !figures.containsKey("serviceOutOfMemoryErrors") ? 0 : ((Number) figures.get("serviceOutOfMemoryErrors")).longValue();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT MET";
    }
}
