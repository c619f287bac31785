package io.visionstream.inference.quality;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

import java.util.Map;
import java.util.TreeMap;

/**
 * One model's online quality as the join sums it: a {@link VersionQuality} per version and route. The value on
 * {@code predictions.quality} (key = model name); labels no prediction is known for are summed under the key
 * {@link #UNATTRIBUTED} (unmatched labels, repeated unmatched labels).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class ModelQuality {

    /** Key of the sums of labels that belong to no known prediction. */
    static final String UNATTRIBUTED = "*";

    Map<String, VersionQuality> versions = new TreeMap<>();
    long unmatched;
    long unmatchedDuplicates;

    ModelQuality add(QualityEvent event, int calibrationBins) {
        if (event.model() == null) {
            switch (event.kind()) {
                case UNMATCHED -> unmatched++;
                case DUPLICATE -> unmatchedDuplicates++;
                default -> throw new IllegalArgumentException(event.kind() + " needs a model version");
            }
            return this;
        }
        versions.computeIfAbsent(event.model().version() + "/" + event.route().wireName(),
                key -> new VersionQuality(event.model().version(), event.route(), calibrationBins)).add(event);
        return this;
    }
}
