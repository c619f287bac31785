package io.visionstream.trainer.optim;

import io.visionstream.trainer.settings.ScheduleKind;
import io.visionstream.trainer.settings.TrainingSettings;
import ai.djl.training.tracker.Tracker;

/**
 * Makes the optimiser and learning-rate schedule {@link TrainingSettings} name, with {@code warmupEpochs} of linear
 * warm-up, starting the schedule where a resumed run left off.
 */
public final class OptimizerFactory {

    /**
     * @param optimizer    the optimiser, its schedule shifted to the run's position
     * @param learningRate the schedule from update 0 (the rate an epoch ends with is read from it)
     * @param plateau      the plateau schedule to report epochs to; null for the other schedules
     */
    public record Optimization(ResumableOptimizer optimizer, Tracker learningRate, PlateauTracker plateau) {
    }

    private OptimizerFactory() {
    }

    /** The configured optimiser; its learning-rate schedule starts at update {@code updatesDone} (a resumed run's position). */
    public static Optimization create(TrainingSettings settings, int batchesPerEpoch, int updatesDone) {
        PlateauTracker plateau = settings.schedule() == ScheduleKind.PLATEAU
                ? new PlateauTracker((float) settings.lr(), (float) settings.gamma(), settings.stepEpochs()) : null;
        Tracker lr = switch (settings.schedule()) {
            case FIXED -> Tracker.fixed((float) settings.lr());
            case STEP -> Tracker.factor().setBaseValue((float) settings.lr())
                    .setFactor((float) Math.pow(settings.gamma(), 1.0 / (settings.stepEpochs() * batchesPerEpoch))).build();
            case MULTISTEP -> update -> (float) (settings.lr() * Math.pow(settings.gamma(),
                    settings.milestones().stream().filter(epoch -> epoch * batchesPerEpoch <= update).count()));
            case PLATEAU -> plateau;
            case COSINE -> Tracker.cosine().setBaseValue((float) settings.lr()).optFinalValue(0f)
                    .setMaxUpdates(settings.epochs() * batchesPerEpoch).build();
        };
        if (settings.warmupEpochs() > 0) {
            lr = Tracker.warmUp().setMainTracker(lr).optWarmUpSteps(settings.warmupEpochs() * batchesPerEpoch).build();
        }
        Tracker fromStart = lr;
        Tracker atPosition = updatesDone > 0 ? update -> fromStart.getNewValue(update + updatesDone) : fromStart;
        float weightDecay = (float) settings.weightDecay();
        ResumableOptimizer optimizer = switch (settings.optimizer()) {
            case SGD -> MomentumSgd.builder().setLearningRateTracker(atPosition).optMomentum((float) settings.momentum())
                    .optNesterov(settings.nesterov()).optWeightDecays(weightDecay).build();
            case ADAMW -> AdamOptimizer.builder().setLearningRateTracker(atPosition).optDecoupledWeightDecay(true)
                    .optWeightDecays(weightDecay).build();
            case ADAM -> AdamOptimizer.builder().setLearningRateTracker(atPosition).optWeightDecays(weightDecay).build();
            case RMSPROP -> RmsPropOptimizer.builder().setLearningRateTracker(atPosition).optMomentum((float) settings.momentum())
                    .optWeightDecays(weightDecay).build();
        };
        return new Optimization(optimizer, fromStart, plateau);
    }
}
