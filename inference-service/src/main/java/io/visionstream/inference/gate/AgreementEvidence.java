package io.visionstream.inference.gate;

import io.visionstream.common.events.GateCriterion;

/**
 * Agreement: whether the canary and stable chose the same top-1 class for the same image. Worse means an agreement
 * rate below {@code minAgreement}: a canary that answers differently from the version users trust (untrained,
 * wrong labels, wrong preprocessing) is caught without ground truth.
 */
final class AgreementEvidence extends CriterionEvidence {

    private final double minAgreement;
    private long agreed;

    AgreementEvidence(double minAgreement) {
        super(minAgreement, false);
        this.minAgreement = minAgreement;
    }

    void pair(boolean agree) {
        agreed += agree ? 1 : 0;
        observe(agree ? 1 : 0);
    }

    @Override
    GateCriterion criterion() {
        return GateCriterion.AGREEMENT;
    }

    @Override
    String statistic() {
        return "top-1 agreement on the same images";
    }

    @Override
    Double estimate() {
        return samples() == 0 ? null : agreed / (double) samples();
    }

    @Override
    double threshold() {
        return minAgreement;
    }
}
