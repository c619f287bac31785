package io.visionstream.inference.rollout;

import io.quarkus.runtime.StartupEvent;
import io.visionstream.common.events.GateDecision;
import io.visionstream.common.events.LabelledPrediction;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.events.RolloutPolicy;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.events.Route;
import io.visionstream.common.image.DecodedImage;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.gate.CanaryEvidence;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.quality.LabelledListener;
import io.visionstream.inference.scoring.BatchListener;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The canary gate on this replica. It gathers evidence about each model's canary against its stable version -
 * every model run's success or failure (as a {@link BatchListener}), side-by-side batches of sampled images
 * ({@link PairedProbe}), shadow comparisons when the shadow is the canary, and the answers of both versions whose
 * labels arrived (as a {@link LabelledListener}) - and several times a second asks the
 * {@link CanaryEvidence} for a verdict under the model's policy. <em>Worse</em> or <em>inconclusive</em> rolls the
 * canary back, <em>not worse</em> promotes it (or is held for an operator), through {@link RolloutController}, so
 * every replica follows and the decision with its evidence is on {@code model-rollouts}. A decision that could not be
 * published is tried again on the next tick. Evidence starts afresh when the canary, the stable version or the
 * policy's margins change.
 */
@ApplicationScoped
public class CanaryMonitor implements BatchListener, LabelledListener {

    /** Who the gate's decisions are attributed to on {@code model-rollouts}. */
    public static final String ACTOR = "canary-gate";
    private static final Logger LOG = Logger.getLogger(CanaryMonitor.class);
    private static final long TICK_MILLIS = 200;

    private final InferenceConfig.Gate defaults;
    private final RolloutTable table;
    private final RolloutController controller;
    private final InferenceMetrics metrics;
    private final PairedProbe probe;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, TrackedCanary> canaries = new ConcurrentHashMap<>();
    private final ScheduledExecutorService gate = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "canary-gate");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public CanaryMonitor(InferenceConfig config, RolloutTable table, RolloutController controller, InferenceMetrics metrics) {
        this.defaults = config.rollout().gate();
        this.table = table;
        this.controller = controller;
        this.metrics = metrics;
        this.probe = new PairedProbe(defaults.probeWarmup());
    }

    void start(@Observes StartupEvent event) {
        if (defaults.enabled()) {
            gate.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void batchScored(ModelRef model, int size, boolean failed) {
        TrackedCanary tracked = canaries.get(model.name());
        if (tracked == null) {
            return;
        }
        if (model.equals(tracked.canary)) {
            tracked.evidence.canaryScored(failed);
        } else if (model.equals(tracked.stable)) {
            tracked.evidence.stableScored(failed);
        }
    }

    /**
     * A live answer (route stable or canary) met its label. Shadow answers are not counted: the accuracy criterion
     * compares what each version answered users.
     */
    @Override
    public void labelled(LabelledPrediction labelled) {
        TrackedCanary tracked = canaries.get(labelled.model().name());
        if (tracked == null) {
            return;
        }
        if (labelled.route() == Route.CANARY && labelled.model().equals(tracked.canary)) {
            tracked.evidence.canaryLabelled(labelled.correct());
        } else if (labelled.route() == Route.STABLE && labelled.model().equals(tracked.stable)) {
            tracked.evidence.stableLabelled(labelled.correct());
        }
    }

    /** Offers an image routed by {@code routing} for a side-by-side batch; a share of them is taken. */
    public void sample(Routing routing, DecodedImage image) {
        if (routing.canary() == null) {
            return;
        }
        TrackedCanary tracked = canaries.get(routing.state().model());
        if (tracked == null || !tracked.canary.equals(routing.canary().model().ref())
                || ThreadLocalRandom.current().nextDouble() >= tracked.policy().sampleRate()) {
            return;
        }
        TrackedCanary.SideBySide sample = new TrackedCanary.SideBySide(routing.canary().model().preprocessor().apply(image),
                routing.stable().model().preprocessor().apply(image));
        List<TrackedCanary.SideBySide> batch = tracked.sample(sample, defaults.probeBatchSize());
        if (batch != null) {
            probe.submit(tracked, routing, batch, !shadowIsCanary(routing));
        }
    }

    /** The shadow (here: {@code shadow}) and the main answer chose the same top-1 class or not. */
    public void shadowCompared(ModelRef shadow, ModelRef main, boolean agree) {
        TrackedCanary tracked = canaries.get(shadow.name());
        if (tracked != null && shadow.equals(tracked.canary) && main.equals(tracked.stable)) {
            tracked.evidence.agreement(agree);
        }
    }

    /** The live evidence about {@code model}'s canary, if it has one being judged here. */
    public Optional<CanaryAnalysis> analysis(String model) {
        TrackedCanary tracked = canaries.get(model);
        Optional<RolloutState> state = table.state(model);
        if (tracked == null || state.isEmpty() || state.get().canary() == null || state.get().canary().version() != tracked.canary.version()) {
            return Optional.empty();
        }
        return Optional.of(new CanaryAnalysis(model, tracked.canary.version(), tracked.stable.version(), state.get().canary().weightPercent(),
                tracked.evidence.startedAt(), tracked.policy(), tracked.holding(), tracked.evidence.evidence(tracked.policy())));
    }

    /** Service defaults with the model's override laid over them. */
    private RolloutPolicy policyOf(RolloutState state) {
        return state.policy() == null ? defaults.policy() : state.policy().over(defaults.policy());
    }

    private void tick() {
        try {
            canaries.keySet().removeIf(model -> table.routing(model).map(r -> r.canary() == null).orElse(true));
            for (String model : table.routedNames()) {
                table.routing(model).filter(r -> r.canary() != null).ifPresent(this::judge);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "canary gate tick failed; judging continues on the next tick");
        }
    }

    private void judge(Routing routing) {
        String model = routing.state().model();
        ModelRef canary = routing.canary().model().ref();
        ModelRef stable = routing.stable().model().ref();
        RolloutPolicy policy = policyOf(routing.state());
        TrackedCanary tracked = canaries.get(model);
        if (tracked == null || !tracked.judges(canary, stable, policy)) {
            tracked = new TrackedCanary(model, canary, stable, policy, new CanaryEvidence(policy, clock.instant()));
            canaries.put(model, tracked);
            LOG.infof("canary gate: judging %s against %s (%s)", canary, stable, policy);
        }
        tracked.policy(policy);
        if (tracked.decided()) {
            return;
        }
        Optional<GateDecision> verdict = tracked.evidence.verdict(policy, clock.instant());
        if (verdict.isEmpty()) {
            tracked.holding(null);
            return;
        }
        GateDecision decision = verdict.get();
        if (decision.verdict() == GateDecision.Verdict.NOT_WORSE && policy.onHealthy() == RolloutPolicy.OnHealthy.HOLD) {
            tracked.holding(decision);
            return;
        }
        try {
            controller.decide(model, canary.version(), decision);
            tracked.decided(true);
            metrics.gateDecision(canary, decision.verdict());
        } catch (RolloutRejectedException e) {
            LOG.warnf("canary gate decision on %s not published yet (%s); trying again", canary, e.getMessage());
        }
    }

    private static boolean shadowIsCanary(Routing routing) {
        return routing.shadow() != null && routing.shadow().model().ref().equals(routing.canary().model().ref());
    }

    @PreDestroy
    void stop() {
        gate.shutdownNow();
        probe.close();
    }
}
