package io.visionstream.k8s;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The property names a SmallRye {@code @ConfigMapping} interface defines, read from its source: the prefix, each
 * method as a kebab-case segment, nested interfaces as groups ({@code batching().maxWait()} ->
 * {@code <prefix>.batching.max-wait}). Reading the source keeps this module free of the services' runtime classpath.
 */
final class ConfigMappingKeys {

    private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)");
    private static final Pattern METHOD = Pattern.compile(
            "(?:@[\\w.]+(?:\\(\\s*\"[^\"]*\"\\s*\\))?\\s+)*([\\w.]+(?:<[\\w.<>, ?]+>)?)\\s+(\\w+)\\(\\s*\\)\\s*;");

    private ConfigMappingKeys() {
    }

    static Set<String> of(String source) {
        String code = stripComments(source);
        Matcher prefix = PREFIX.matcher(code);
        if (!prefix.find()) {
            throw new IllegalArgumentException("no @ConfigMapping(prefix = \"...\") in the source");
        }
        Map<String, List<String[]>> interfaces = interfaces(code);
        Matcher root = INTERFACE.matcher(code);
        if (!root.find(prefix.end())) {
            throw new IllegalArgumentException("no interface after @ConfigMapping");
        }
        Set<String> keys = new LinkedHashSet<>();
        collect(interfaces, root.group(1), prefix.group(1), keys);
        return keys;
    }

    private static void collect(Map<String, List<String[]>> interfaces, String name, String prefix, Set<String> keys) {
        for (String[] method : interfaces.get(name)) {
            String key = prefix + "." + kebab(method[1]);
            String type = method[0].contains(".") ? method[0].substring(method[0].lastIndexOf('.') + 1) : method[0];
            if (interfaces.containsKey(type)) {
                collect(interfaces, type, key, keys);
            } else {
                keys.add(key);
            }
        }
    }

    /** Each interface's own methods (return type, name), nested interfaces' bodies excluded. */
    private static Map<String, List<String[]>> interfaces(String code) {
        Map<String, List<String[]>> result = new HashMap<>();
        Matcher declaration = INTERFACE.matcher(code);
        while (declaration.find()) {
            int open = code.indexOf('{', declaration.end());
            StringBuilder own = new StringBuilder();
            int depth = 0;
            int i = open;
            do {
                char c = code.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                } else if (depth == 1) {
                    own.append(c);
                }
                i++;
            } while (depth > 0);
            List<String[]> methods = new ArrayList<>();
            Matcher method = METHOD.matcher(own);
            while (method.find()) {
                methods.add(new String[] {method.group(1), method.group(2)});
            }
            result.put(declaration.group(1), methods);
        }
        return result;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String stripComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }
}
