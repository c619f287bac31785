package io.visionstream.k8s;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** All deployment invariants over one rendered kustomization; an empty list means it may be applied. */
final class Invariants {

    private final ServiceConfig inference;
    private final ServiceConfig trainer;

    Invariants(ServiceConfig inference, ServiceConfig trainer) {
        this.inference = inference;
        this.trainer = trainer;
    }

    static Invariants fromRepository() throws IOException {
        return new Invariants(ServiceConfig.inference(), ServiceConfig.trainer());
    }

    List<String> violations(ManifestSet set) {
        List<String> violations = new ArrayList<>(WorkloadChecks.check(set));
        violations.addAll(KafkaChecks.check(set, inference, trainer));
        violations.addAll(ConfigChecks.check(set, Map.of(inference.name(), inference, trainer.name(), trainer)));
        return violations;
    }
}
