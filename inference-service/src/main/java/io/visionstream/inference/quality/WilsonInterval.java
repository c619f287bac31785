package io.visionstream.inference.quality;

/**
 * The Wilson score interval of a proportion (Wilson, "Probable inference, the law of succession, and statistical
 * inference", JASA 1927): unlike the normal approximation it stays inside [0, 1] and keeps its coverage near 0 and 1,
 * where a good model's accuracy lives, and for small counts.
 */
public record WilsonInterval(double low, double high, double level) {

    static WilsonInterval of(long hits, long trials, double level) {
        if (trials == 0) {
            return new WilsonInterval(0, 1, level);
        }
        double z = standardNormalQuantile(1 - (1 - level) / 2);
        double n = trials;
        double p = hits / n;
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        return new WilsonInterval(Math.max(0, centre - half), Math.min(1, centre + half), level);
    }

    /** The standard normal quantile by Acklam's rational approximation (relative error below 1.2e-9). */
    static double standardNormalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("a quantile needs p within (0, 1), was " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low || p > 1 - low) {
            double q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
            double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            return p < low ? x : -x;
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
