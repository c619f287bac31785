package io.visionstream.inference.oip;

import io.visionstream.common.events.ModelRef;
import io.visionstream.inference.budget.InFlightBudgets;
import io.visionstream.inference.models.VersionPool;
import io.visionstream.inference.scoring.MicroBatcher;
import io.visionstream.inference.scoring.Scored;
import io.visionstream.inference.scoring.ScoringRejectedException;
import io.visionstream.inference.scoring.ScoringRequest;
import io.visionstream.inference.serving.ScoringService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Scores a request's batch elements on the same batchers as the stream, within the service's in-flight bound. An
 * unversioned request goes through {@link ScoringService}, so the rollout routing (sticky canary by the request id,
 * fallback to stable) applies as on the stream; a versioned one goes to that loaded version's batcher directly.
 */
@ApplicationScoped
class OipScorer {

    private final ScoringService scoring;
    private final VersionPool pool;
    private final InFlightBudgets budgets;

    @Inject
    OipScorer(ScoringService scoring, VersionPool pool, InFlightBudgets budgets) {
        this.scoring = scoring;
        this.pool = pool;
        this.budgets = budgets;
    }

    /** Scores every element through the routing of {@code model}, keyed by {@code key}. */
    List<Scored> routed(String model, String key, List<InputItem> items) throws InterruptedException {
        return await(items, item -> item.image() != null
                ? scoring.score(new ScoringRequest(model, key, Instant.now(), item.image()))
                : scoring.scoreTensor(model, key, item::inputFor));
    }

    /** Scores every element on {@code version}, which must be loaded (404 otherwise). */
    List<Scored> onVersion(ModelRef version, List<InputItem> items) throws InterruptedException {
        MicroBatcher batcher = pool.get(version).orElseThrow(() -> OipException.notFound(version + " is not loaded here"));
        return await(items, item -> {
            CompletableFuture<Scored> scored = batcher.submit(item.inputFor(batcher.model()));
            if (scored == null) {
                throw OipException.notFound(version + " was just retired");
            }
            return scored;
        });
    }

    /** Queues one element; the two paths differ only in where it is queued. */
    private interface Submission {
        CompletableFuture<Scored> submit(InputItem item) throws ScoringRejectedException, InterruptedException;
    }

    private List<Scored> await(List<InputItem> items, Submission submission) throws InterruptedException {
        List<CompletableFuture<Scored>> pending = new ArrayList<>(items.size());
        long itemBytes = items.stream().mapToLong(InputItem::bytes).sum();
        budgets.http().charge(itemBytes);
        try {
            for (InputItem item : items) {
                pending.add(submission.submit(item));
            }
            List<Scored> results = new ArrayList<>(items.size());
            for (CompletableFuture<Scored> scored : pending) {
                results.add(scored.get());
            }
            return results;
        } catch (ScoringRejectedException e) {
            throw refused(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OipException refusal) {
                throw refusal;
            }
            throw e.getCause() instanceof ScoringRejectedException rejected ? refused(rejected)
                    : new OipException(500, "scoring failed: " + e.getCause());
        } finally {
            budgets.http().discharge(itemBytes);
        }
    }

    private static OipException refused(ScoringRejectedException e) {
        return new OipException(switch (e.reason()) {
            case UNKNOWN_MODEL -> 404;
            case MODEL_UNAVAILABLE -> 503;
            case SCORING_FAILED, INTERNAL -> 500;
        }, e.getMessage());
    }
}
