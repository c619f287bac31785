package io.visionstream.inference.oip;

import io.visionstream.inference.budget.OverloadedException;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.rest.HttpReason;
import io.visionstream.inference.scoring.ScoringRejectedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Counts the protocol's refusals in {@code visionstream_rejections_total}, as {@code /api}'s are counted, so that
 * refused inputs show on the dashboards whichever surface they came in by; both transports' error paths call it, with
 * {@link #REST} or {@link #GRPC} as the channel. The reason is the {@link HttpReason} of the answer's status,
 * {@code OVERLOADED} for a full HTTP budget, and {@code MODEL_UNAVAILABLE} (as {@code /api} says) for a model with no
 * servable version yet.
 */
@ApplicationScoped
public class OipRejections {

    public static final String REST = "oip-rest";
    public static final String GRPC = "oip-grpc";

    private final InferenceMetrics metrics;

    @Inject
    public OipRejections(InferenceMetrics metrics) {
        this.metrics = metrics;
    }

    /** Counts {@code failure} on {@code channel} when it is a refusal ({@link OipException}, {@link OverloadedException}); other failures are not. */
    public void count(Throwable failure, String channel) {
        if (failure instanceof OverloadedException) {
            metrics.rejected(HttpReason.OVERLOADED.name(), channel);
        } else if (failure instanceof OipException refusal) {
            metrics.rejected(refusal.status() == 503 ? ScoringRejectedException.Reason.MODEL_UNAVAILABLE.name()
                    : HttpReason.forStatus(refusal.status()).name(), channel);
        }
    }
}
