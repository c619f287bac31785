package io.visionstream.k8s;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboard queries only series the services really export, and covers what an operator watches. */
class DashboardTest {

    /** Series from outside VisionStream's own meters, each with where it comes from. */
    private static final Set<String> EXTERNAL = Set.of(
            "kafka_consumer_fetch_manager_records_lag", // Micrometer's Kafka client binder (quarkus.micrometer.binder.kafka.enabled=true)
            "http_server_requests_seconds_count", // Quarkus Micrometer HTTP server binder (default on)
            "process_cpu_usage", "jvm_memory_used_bytes", "jvm_memory_max_bytes", // Micrometer JVM/system binders (default on)
            "kube_deployment_status_replicas_available", "kube_deployment_spec_replicas"); // kube-state-metrics

    /** The classes that register VisionStream's own meters. */
    private static final List<String> METRICS_SOURCES = List.of(
            "inference-service/src/main/java/io/visionstream/inference/metrics/InferenceMetrics.java",
            "inference-service/src/main/java/io/visionstream/inference/quality/QualityGauges.java",
            "inference-service/src/main/java/io/visionstream/inference/retrain/RetrainPolicy.java",
            "trainer-service/src/main/java/io/visionstream/trainer/metrics/TrainingMetrics.java");

    private static Set<String> exported() throws Exception {
        Set<String> series = new LinkedHashSet<>();
        for (String source : METRICS_SOURCES) {
            series.addAll(MeterNames.prometheusSeries(Files.readString(Repo.root(source))));
        }
        series.addAll(EXTERNAL);
        return series;
    }

    @Test
    void everyQueriedSeriesIsExported() throws Exception {
        DashboardQueries queries = DashboardQueries.read(Repo.module("base/monitoring/visionstream-dashboard.json"));

        assertThat(queries.expressions()).hasSizeGreaterThan(15);
        assertThat(queries.series()).isSubsetOf(exported());
    }

    @Test
    void coversThroughputLatencyBatchesDeadLettersLagAndRollout() throws Exception {
        Set<String> series = DashboardQueries.read(Repo.module("base/monitoring/visionstream-dashboard.json")).series();

        assertThat(series).contains("visionstream_predictions_total", "visionstream_prediction_latency_seconds_bucket",
                "visionstream_scoring_latency_seconds_bucket", "visionstream_batch_size_bucket", "visionstream_rejections_total",
                "kafka_consumer_fetch_manager_records_lag", "visionstream_rollout_stable_version", "visionstream_rollout_canary_version",
                "visionstream_rollout_canary_weight_percent", "visionstream_model_loaded");
    }

    @Test
    void coversTrainingCurvesAndJobOutcomes() throws Exception {
        Set<String> series = DashboardQueries.read(Repo.module("base/monitoring/visionstream-dashboard.json")).series();

        assertThat(series).contains("visionstream_training_train_loss", "visionstream_training_validation_loss",
                "visionstream_training_train_accuracy", "visionstream_training_validation_accuracy", "visionstream_training_epoch",
                "visionstream_training_images_per_second", "visionstream_training_jobs_total");
    }

    @Test
    void aMisspelledSeriesIsCaught() throws Exception {
        DashboardQueries queries = DashboardQueries.of("""
                {"panels": [{"targets": [{"expr": "sum(rate(visionstream_prediction_total{model=\\"a\\"}[1m]))"},
                                         {"expr": "histogram_quantile(0.99, sum by (le) (rate(visionstream_scoring_latency_bucket{x=\\"y\\"}[1m])))"},
                                         {"expr": "max(visionstream_training_loss{arch=\\"a\\"})"},
                                         {"expr": "sum(increase(visionstream_training_jobs{status=\\"failed\\"}[1h]))"},
                                         {"expr": "max(visionstream_training_train_loss{arch=\\"a\\"})"}]}]}
                """);

        Set<String> unknown = new LinkedHashSet<>(queries.series());
        unknown.removeAll(exported());
        assertThat(unknown).containsExactly("visionstream_prediction_total", "visionstream_scoring_latency_bucket",
                "visionstream_training_loss", "visionstream_training_jobs");
    }

    @Test
    void meterNamesFollowMicrometersPrometheusConvention() {
        String source = """
                Counter.builder("a.b").register(r); Timer.builder("c.d"); DistributionSummary.builder("e"); Gauge.builder("f.g", x, y);
                latencyTimer("h.i", "text", model); curveGauge("j.k", "text", tags, curve, EpochRecord::epoch);
                """;

        assertThat(MeterNames.prometheusSeries(source)).containsExactly("a_b_total", "c_d_seconds_bucket", "c_d_seconds_count",
                "c_d_seconds_sum", "c_d_seconds_max", "e_bucket", "e_count", "e_sum", "e_max", "f_g", "h_i_seconds_bucket",
                "h_i_seconds_count", "h_i_seconds_sum", "h_i_seconds_max", "j_k");
    }
}
