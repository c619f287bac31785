package io.visionstream.inference.quality;

import io.visionstream.common.events.GroundTruth;
import io.visionstream.common.events.LabelledPrediction;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.Prediction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.HashMap;
import java.util.function.Function;

/**
 * Joins predictions with their images' labels, in either order, and says what became of each. A prediction and a
 * label are joined when their record times are at most {@code window} apart; each prediction of the image (the live
 * answer and the shadow's) is scored once, with the first label. Later labels are duplicates; a label after the
 * window closed is late; a prediction whose window closes without a label is missing; a label no prediction comes
 * for within the window is unmatched. Predictions are remembered for {@code lateRetention} after their window, to
 * tell late labels and duplicates from unmatched ones. Both state stores are Kafka Streams stores with changelog
 * topics, so a restarted or moved task carries on where it stopped; windows are closed by a wall-clock sweep driven
 * by a time-ordered index store, so closing costs nothing for images still open.
 */
final class LabelJoin implements Processor<String, JoinInput, String, QualityEvent> {

    static final String PENDING_STORE = "quality-pending";
    static final String DEADLINE_STORE = "quality-deadlines";

    private final long window;
    private final long lateRetention;
    private final Duration sweepInterval;
    private final Function<ModelRef, List<String>> labelsOf;
    private final Map<ModelRef, List<String>> labelCache = new HashMap<>();
    private ProcessorContext<String, QualityEvent> context;
    private KeyValueStore<String, PendingImage> pending;
    private KeyValueStore<String, String> deadlines;

    LabelJoin(Duration window, Duration lateRetention, Duration sweepInterval, Function<ModelRef, List<String>> labelsOf) {
        this.window = window.toMillis();
        this.lateRetention = lateRetention.toMillis();
        this.sweepInterval = sweepInterval;
        this.labelsOf = labelsOf;
    }

    @Override
    public void init(ProcessorContext<String, QualityEvent> context) {
        this.context = context;
        this.pending = context.getStateStore(PENDING_STORE);
        this.deadlines = context.getStateStore(DEADLINE_STORE);
        context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, JoinInput> record) {
        if (record.value().prediction() != null) {
            predicted(record.key(), record.value().prediction(), record.timestamp());
        } else {
            labelled(record.key(), record.value().label(), record.timestamp());
        }
    }

    private void predicted(String id, Prediction prediction, long time) {
        PendingImage image = pending.get(id);
        if (image == null) {
            pending.put(id, PendingImage.ofPrediction(prediction, time));
            remindAt(time + window, id);
            return;
        }
        if (image.predictions().stream().anyMatch(seen -> seen.prediction().model().equals(prediction.model())
                && seen.prediction().route() == prediction.route())) {
            return; // the same answer again (an at-least-once redelivery): scored once
        }
        if (image.label() != null && image.predictions().isEmpty() && time - image.labelTime() > window) {
            forward(id, QualityEvent.unattributed(QualityEvent.Kind.UNMATCHED), time);
            image = image.withoutLabel();
        }
        if (image.label() != null && Math.abs(time - image.labelTime()) <= window) {
            forward(id, join(prediction, image.label(), time, image.labelTime()), time);
        } else if (image.label() != null && image.labelTime() - time > window) {
            // the label was read first but came after this prediction's window (inputs from different partitions,
            // a repartitioned label among them, are read in no fixed order): late, as if read in record-time order
            forward(id, of(QualityEvent.Kind.LATE, new PendingImage.Seen(prediction, time)), time);
        }
        boolean firstPrediction = image.predictions().isEmpty();
        pending.put(id, image.withPrediction(prediction, time));
        if (firstPrediction) {
            remindAt(time + window, id);
        }
    }

    private void labelled(String id, GroundTruth label, long time) {
        PendingImage image = pending.get(id);
        if (image == null) {
            pending.put(id, PendingImage.ofLabel(label, time));
            remindAt(time + window, id);
            return;
        }
        if (image.label() != null) {
            if (image.predictions().isEmpty()) {
                forward(id, QualityEvent.unattributed(QualityEvent.Kind.DUPLICATE), time);
            }
            forwardEach(id, image, QualityEvent.Kind.DUPLICATE, time);
            return;
        }
        for (PendingImage.Seen seen : image.predictions()) {
            if (time - seen.time() <= window) {
                forward(id, join(seen.prediction(), label, seen.time(), time), time);
            } else {
                forward(id, of(QualityEvent.Kind.LATE, seen), time);
            }
        }
        pending.put(id, image.withLabel(label, time));
    }

    private QualityEvent join(Prediction prediction, GroundTruth label, long predictedAt, long labelArrivedAt) {
        List<String> labels = labelCache.get(prediction.model());
        if (labels == null) {
            labels = labelsOf.apply(prediction.model());
            if (!labels.isEmpty()) {
                labelCache.put(prediction.model(), labels); // an unknown version is asked again: it may be published by now
            }
        }
        LabelledPrediction joined = LabelledPrediction.of(prediction, label, labels, Instant.ofEpochMilli(predictedAt),
                Instant.ofEpochMilli(labelArrivedAt));
        return QualityEvent.labelled(joined, labelArrivedAt < predictedAt);
    }

    /** Closes every window whose deadline passed: missing and unmatched labels counted, old images forgotten. */
    private void sweep(long now) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = deadlines.range(null, deadlineKey(now, "\uffff"))) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> entry : due) {
            deadlines.delete(entry.key);
            close(entry.value, now);
        }
    }

    private void close(String id, long now) {
        PendingImage image = pending.get(id);
        if (image == null) {
            return;
        }
        if (image.predictions().isEmpty()) {
            if (now >= image.labelTime() + window) {
                forward(id, QualityEvent.unattributed(QualityEvent.Kind.UNMATCHED), now);
                pending.delete(id);
            } else {
                remindAt(image.labelTime() + window, id);
            }
            return;
        }
        long opened = image.firstPredictionTime();
        // missing: the window closed with no label in it (a label read before the prediction may lie after it)
        boolean labelInWindow = image.label() != null && image.labelTime() - opened <= window;
        if (!labelInWindow && !image.missingCounted() && now >= opened + window) {
            forwardEach(id, image, QualityEvent.Kind.MISSING, now);
            image = image.withMissingCounted();
        }
        long forgetAt = opened + window + lateRetention;
        if (now >= forgetAt) {
            pending.delete(id);
        } else {
            pending.put(id, image);
            remindAt(now >= opened + window ? forgetAt : opened + window, id);
        }
    }

    private void remindAt(long deadline, String id) {
        deadlines.put(deadlineKey(deadline, id), id);
    }

    /** One {@code kind} outcome for each prediction of the image. */
    private void forwardEach(String id, PendingImage image, QualityEvent.Kind kind, long time) {
        image.predictions().forEach(seen -> forward(id, of(kind, seen), time));
    }

    private static QualityEvent of(QualityEvent.Kind kind, PendingImage.Seen seen) {
        return QualityEvent.of(kind, seen.prediction().model(), seen.prediction().route());
    }

    private void forward(String id, QualityEvent event, long time) {
        context.forward(new Record<>(id, event, time));
    }

    /** Index keys sort by deadline (zero-padded milliseconds), then by image id. */
    private static String deadlineKey(long deadline, String id) {
        return String.format(Locale.ROOT, "%019d|%s", Math.max(0, deadline), id);
    }
}
