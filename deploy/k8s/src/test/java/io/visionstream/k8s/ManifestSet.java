package io.visionstream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The typed objects of one rendered kustomization (or of a hand-written manifest in a test). */
record ManifestSet(List<Object> objects) {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** Parses multi-document YAML and types every document strictly ({@link StrictModels}). */
    static ManifestSet parse(String yaml) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    objects.add(StrictModels.typed(document));
                }
            }
        }
        return new ManifestSet(List.copyOf(objects));
    }

    <T> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The same set without the objects {@code drop} matches (tests remove one to prove a check notices). */
    ManifestSet without(Predicate<Object> drop) {
        return new ManifestSet(objects.stream().filter(drop.negate()).toList());
    }
}
