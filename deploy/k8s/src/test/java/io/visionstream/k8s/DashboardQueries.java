package io.visionstream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL of a Grafana dashboard and the series names it selects. */
record DashboardQueries(List<String> expressions) {

    /** A series name: an identifier followed by a label matcher or a closing range/paren, not a function call or label. */
    private static final Pattern SERIES = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\s*\\{");

    static DashboardQueries read(Path dashboard) throws IOException {
        return of(Files.readString(dashboard));
    }

    static DashboardQueries of(String json) throws IOException {
        List<String> expressions = new ArrayList<>();
        collect(new ObjectMapper().readTree(json), expressions);
        return new DashboardQueries(expressions);
    }

    Set<String> series() {
        Set<String> names = new LinkedHashSet<>();
        for (String expression : expressions) {
            Matcher matcher = SERIES.matcher(expression);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    private static void collect(JsonNode node, List<String> expressions) {
        if (node.isObject()) {
            JsonNode expr = node.get("expr");
            if (expr != null && expr.isTextual()) {
                expressions.add(expr.asText());
            }
            node.elements().forEachRemaining(child -> collect(child, expressions));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collect(child, expressions));
        }
    }
}
