package io.visionstream.trainer.bench;

/**
 * One network's line in the zoo benchmark: its plan, size and cost, what training gave, or why it failed.
 *
 * @param trainImages    training images drawn for the run (a fifth of them validate)
 * @param imagesPerSecond training images per second, averaged over the epochs
 * @param error          why the network failed (its exception's class and message); null when it trained
 */
public record BenchRow(String arch, int inputSize, int widthDivisor, int epochs, int trainImages, long parameters, long multiplyAdds,
                       double imagesPerSecond, double bestValTop1, double testTop1, Double d2lTestTop1, double seconds, String error) {

    /** A network that failed after {@code seconds}: its plan and the error, no figures. */
    static BenchRow failed(BenchPlan plan, int trainImages, long parameters, long multiplyAdds, double seconds, Exception error) {
        return new BenchRow(plan.arch(), plan.inputSize(), plan.widthDivisor(), plan.epochs(), trainImages, parameters, multiplyAdds, 0, 0, 0,
                null, seconds, error.getClass().getSimpleName() + ": " + error.getMessage());
    }
}
