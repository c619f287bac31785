package io.visionstream.trainer.jobs;

import io.visionstream.trainer.config.TrainerConfig;
import io.visionstream.trainer.metrics.TrainingMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The continual-training triggers this service has seen, newest last, bounded by {@code keep-triggers}; each also
 * counts in {@code visionstream_continual_triggers_total{model,reason}}, which is not bounded by that and survives
 * being forgotten here.
 */
@ApplicationScoped
public class ContinualTriggers {

    private final Deque<ContinualTrigger> recent = new ArrayDeque<>();
    private final int keep;
    private final TrainingMetrics metrics;

    @Inject
    public ContinualTriggers(TrainerConfig config, TrainingMetrics metrics) {
        this.keep = config.continual().keepTriggers();
        this.metrics = metrics;
    }

    public synchronized void record(ContinualTrigger trigger) {
        recent.addLast(trigger);
        while (recent.size() > keep) {
            recent.removeFirst();
        }
        metrics.continualTriggered(trigger.base().name(), trigger.reason());
    }

    public synchronized List<ContinualTrigger> list() {
        return List.copyOf(recent);
    }
}
