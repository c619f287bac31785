package io.visionstream.k8s;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code application.properties} text as Quarkus does for the keys that matter here: comments skipped, a
 * {@code %profile.} prefix removed (the key exists in some profile), {@code key=value} or {@code key = value}.
 */
final class PropertiesText {

    private PropertiesText() {
    }

    /** Key to value, in file order; a key set in several profiles keeps its last value. */
    static Map<String, String> parse(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int separator = line.indexOf('=');
            if (separator < 0) {
                throw new IllegalArgumentException("not a key=value line: " + line);
            }
            String key = line.substring(0, separator).strip();
            if (key.startsWith("%")) {
                key = key.substring(key.indexOf('.') + 1);
            }
            entries.put(key, line.substring(separator + 1).strip());
        }
        return entries;
    }
}
