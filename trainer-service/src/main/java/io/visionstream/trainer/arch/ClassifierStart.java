package io.visionstream.trainer.arch;

/**
 * How a zoo network's classification layer (its last dense layer, not an auxiliary head's) starts. Most networks
 * start it as their reference does ({@link #REFERENCE}). Seven references start off chance on Fashion-MNIST (a first
 * loss of 1.6-5.7 instead of ln 10, measured by {@code ReferenceInitializationTest}): their classifiers see large
 * features that are alike for every image (sigmoid outputs, summed residuals, concatenated dense features), so a
 * default-scaled last layer gives logits far from uniform. Those depart from the reference in this one layer only
 * ({@link #ZERO}), as Fixup does (Zhang, Dauphin and Ma 2019, "Fixup Initialization", section 3: "initialize the
 * classification layer ... to 0"): every logit is 0, the first loss is exactly ln 10, and the first update gives the
 * layer its weights from the gradient alone.
 */
public enum ClassifierStart {
    /** As the network's {@link InitScheme} draws dense layers. */
    REFERENCE,
    /** Weight and bias 0 (Fixup). */
    ZERO
}
