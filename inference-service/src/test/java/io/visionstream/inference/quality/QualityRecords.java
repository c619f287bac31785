package io.visionstream.inference.quality;

import io.visionstream.common.events.ClassScore;
import io.visionstream.common.events.GroundTruth;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.Route;
import io.visionstream.common.kafka.JoinLayout;
import io.visionstream.common.kafka.Topics;
import io.visionstream.inference.config.InferenceConfig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Predictions and labels of a ten-class model "fashion" for the join's tests. */
final class QualityRecords {

    static final List<String> LABELS = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
            "Ankle boot");

    /** The layout the service computes for one partition: labels repartitioned, predictions read as written. */
    static final JoinLayout ONE_PARTITION = new JoinLayout(1, Set.of(Topics.LABELS), List.of());

    private QualityRecords() {
    }

    /** A prediction whose top-1 is {@code predicted} with {@code confidence}, then the next four classes. */
    static Prediction prediction(String id, int version, Route route, int predicted, double confidence) {
        List<ClassScore> top = new ArrayList<>();
        top.add(new ClassScore(predicted, LABELS.get(predicted), confidence));
        for (int i = 1; i < 5; i++) {
            int c = (predicted + i) % 10;
            top.add(new ClassScore(c, LABELS.get(c), (1 - confidence) / 4));
        }
        return new Prediction(id, new ModelRef("fashion", version), route, top, null, 1);
    }

    /**
     * A started join on the broker at {@code bootstrap}, with the layout the service computes for its topics, or with
     * {@code layout} when given (a positive control's).
     */
    static QualityStreams started(String bootstrap, InferenceConfig.Quality config, InferenceConfig.Delivery delivery, Optional<JoinLayout> layout) {
        Map<String, String> kafka = Map.of("bootstrap.servers", bootstrap);
        JoinLayout computed = QualityTopology.topics(config).ensure(kafka);
        QualityStreams streams = new QualityStreams(config, delivery, kafka, QualityTopology.build(config, layout.orElse(computed), ref -> LABELS,
                labelled -> { }, (topic, key, reason, message) -> { }));
        streams.start();
        return streams;
    }

    /** What {@code streams} counted for {@code fashion}'s version and route ("1/stable"), as far as it has read; zeros before. */
    static VersionQuality counted(QualityStreams streams, String versionAndRoute) {
        return streams.sums("fashion").map(m -> m.versions.get(versionAndRoute)).orElseGet(VersionQuality::new);
    }

    static GroundTruth label(String id, int label) {
        return new GroundTruth(id, label, null, Instant.parse("2026-11-24T10:00:00Z"), "test");
    }
}
