package io.visionstream.inference.quality;

import io.visionstream.common.events.LabelledPrediction;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.Route;

/**
 * What the join found out about one prediction (or, for {@link Kind#UNMATCHED} and unattributed duplicates, one
 * label), summed per model, version and route downstream. {@code model} and {@code route} are null only for labels
 * no prediction is known for.
 */
record QualityEvent(Kind kind, ModelRef model, Route route, LabelledPrediction labelled, boolean early) {

    /** Every outcome the join counts; each label and each prediction ends in exactly one place. */
    enum Kind {
        /** Joined within the window and scored. */
        LABELLED,
        /** The label came after the prediction's window closed (but while the prediction was remembered): not scored. */
        LATE,
        /** A further label for an image already labelled: not scored again. */
        DUPLICATE,
        /** The prediction's window closed without a label. */
        MISSING,
        /** A label whose prediction never came within the window, or came before the join remembers. */
        UNMATCHED
    }

    static QualityEvent labelled(LabelledPrediction labelled, boolean early) {
        return new QualityEvent(Kind.LABELLED, labelled.model(), labelled.route(), labelled, early);
    }

    static QualityEvent of(Kind kind, ModelRef model, Route route) {
        return new QualityEvent(kind, model, route, null, false);
    }

    static QualityEvent unattributed(Kind kind) {
        return new QualityEvent(kind, null, null, null, false);
    }

    /** The key the sums are kept under: the model's name, or {@link ModelQuality#UNATTRIBUTED}. */
    String sumKey() {
        return model == null ? ModelQuality.UNATTRIBUTED : model.name();
    }
}
