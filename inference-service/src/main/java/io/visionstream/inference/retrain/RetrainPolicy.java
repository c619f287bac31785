package io.visionstream.inference.retrain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.visionstream.common.events.LabelledPrediction;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.Route;
import io.visionstream.common.events.TrainingTrigger;
import io.visionstream.common.json.Json;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.kafka.AcknowledgedSend;
import io.visionstream.inference.drift.DriftListener;
import io.visionstream.inference.quality.LabelledListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks for a model to be trained again when its stable version's online accuracy is shown to have fallen below the
 * model's policy threshold ({@link AccuracyWindow}, fed with the stable answers whose labels arrived), or when a
 * version's drift score stays at or above the policy's on consecutive checks (each check alone exceeds 1 on an
 * undrifted stream with probability at most the reference's alpha, so several in a row at most that), at most once
 * per cooldown. The request goes to {@code training-triggers} with its evidence, is kept for
 * {@code GET /api/models/{name}/retrain-triggers} and counted in {@code visionstream_retrain_triggers_total}.
 */
@ApplicationScoped
public class RetrainPolicy implements LabelledListener, DriftListener {

    /** Outgoing channel of {@code training-triggers}. */
    public static final String CHANNEL = "training-triggers";
    /** Who the policy's triggers are attributed to. */
    public static final String ACTOR = "retrain-policy";
    private static final Logger LOG = Logger.getLogger(RetrainPolicy.class);
    private static final int KEPT_PER_MODEL = 50;

    private final Map<String, InferenceConfig.Retrain.ModelPolicy> policies;
    private final Emitter<String> triggers;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<ModelRef, AccuracyWindow> windows = new ConcurrentHashMap<>();
    private final Map<ModelRef, DriftRun> driftingSince = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastTrigger = new ConcurrentHashMap<>();
    private final Map<String, Deque<TrainingTrigger>> history = new ConcurrentHashMap<>();

    @Inject
    public RetrainPolicy(InferenceConfig config, @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<String> triggers,
                         MeterRegistry meters) {
        this(config.retrain().models(), triggers, meters, Clock.systemUTC());
    }

    RetrainPolicy(Map<String, InferenceConfig.Retrain.ModelPolicy> policies, Emitter<String> triggers, MeterRegistry meters, Clock clock) {
        this.policies = Map.copyOf(policies);
        this.triggers = triggers;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void labelled(LabelledPrediction labelled) {
        InferenceConfig.Retrain.ModelPolicy policy = policies.get(labelled.model().name());
        if (policy == null || policy.minOnlineAccuracy().isEmpty() || labelled.route() != Route.STABLE) {
            return;
        }
        double threshold = policy.minOnlineAccuracy().getAsDouble();
        AccuracyWindow window = windows.computeIfAbsent(labelled.model(),
                ref -> new AccuracyWindow(threshold, policy.window(), policy.minLabelled(), policy.alpha()));
        synchronized (window) {
            window.observe(labelled.correct(), labelled.labelArrivedAt()).ifPresent(finding -> fire(labelled.model(), policy,
                    TrainingTrigger.Reason.ONLINE_ACCURACY, finding.accuracy(), threshold, "stable v" + labelled.model().version() + " "
                            + finding.evidence(), finding.since()));
        }
    }

    @Override
    public void checked(ModelRef version, double score) {
        InferenceConfig.Retrain.ModelPolicy policy = policies.get(version.name());
        if (policy == null || policy.maxDriftScore().isEmpty()) {
            return;
        }
        double threshold = policy.maxDriftScore().getAsDouble();
        if (score < threshold) {
            driftingSince.remove(version);
            return;
        }
        DriftRun run = driftingSince.merge(version, new DriftRun(clock.instant(), 1), (before, now) -> new DriftRun(before.since(), before.checks() + 1));
        if (run.checks() >= policy.driftChecks()) {
            driftingSince.remove(version);
            fire(version, policy, TrainingTrigger.Reason.DRIFT, score, threshold, String.format(java.util.Locale.ROOT,
                    "v%d drift score >= %.2f on %d checks in a row (last %.2f; 1 = the reference's calibrated level)", version.version(),
                    threshold, run.checks(), score), run.since());
        }
    }

    /** Consecutive drifting checks of one version: when the first was made, and how many. */
    private record DriftRun(Instant since, int checks) {
    }

    /** The triggers this replica sent for {@code model}, newest last. */
    public List<TrainingTrigger> triggers(String model) {
        Deque<TrainingTrigger> kept = history.get(model);
        return kept == null ? List.of() : List.copyOf(kept);
    }

    private synchronized void fire(ModelRef stable, InferenceConfig.Retrain.ModelPolicy policy, TrainingTrigger.Reason reason, double observed,
                                   double threshold, String evidence, Instant evidenceSince) {
        Instant now = clock.instant();
        Instant previous = lastTrigger.get(stable.name());
        if (previous != null && previous.plus(policy.cooldown()).isAfter(now)) {
            LOG.debugf("retrain policy: %s %s, but the last trigger was at %s (cooldown %s)", stable, evidence, previous, policy.cooldown());
            return;
        }
        lastTrigger.put(stable.name(), now);
        TrainingTrigger trigger = new TrainingTrigger(stable.name(), stable.version(), reason, observed, threshold, evidence, evidenceSince, now,
                ACTOR);
        Deque<TrainingTrigger> kept = history.computeIfAbsent(stable.name(), name -> new ArrayDeque<>());
        synchronized (kept) {
            kept.addLast(trigger);
            if (kept.size() > KEPT_PER_MODEL) {
                kept.removeFirst();
            }
        }
        Counter.builder("visionstream.retrain.triggers").description("Requests to train a model again, by reason")
                .tags("model", stable.name(), "reason", trigger.reason().wireName()).register(meters).increment();
        LOG.warnf("retrain policy: asking for %s to be trained again: %s", stable.name(), trigger.evidence());
        AcknowledgedSend.send(triggers, Json.toJson(trigger), stable.name(), new RecordHeaders()).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.errorf("retrain trigger for %s not acknowledged by Kafka: %s", stable.name(), failure.getMessage());
            }
        });
    }
}
