package io.visionstream.bench.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reliability suite's fast cases, against the real inference service process (built by the reactor before this
 * module) and a real broker process: every image the broker accepted gets a prediction or a dead letter, whatever
 * is killed or restarted meanwhile; with exactly-once delivery, also exactly one.
 */
class ReliabilitySuiteTest {

    private static final Path SERVICE_JAR = Path.of("../../inference-service/target/quarkus-app/quarkus-run.jar");
    private static final int RATE = 150;
    private static final int SECONDS = 8;
    private static final int KILLS = 2;

    @Test
    void atLeastOnceLosesNothingThroughKillsBrokerRestartsVersionSwapsAndPoison(@TempDir Path out) throws Exception {
        List<ScenarioResult> results = ReliabilitySuite.run(new ReliabilitySuite.Options(RATE, SECONDS, KILLS,
                List.of(Scenario.KILL_INFERENCE, Scenario.RESTART_BROKER, Scenario.SWAP_VERSIONS, Scenario.POISON_MIX),
                List.of(ReliabilitySuite.AT_LEAST_ONCE), SERVICE_JAR, out, null, 0));

        assertThat(results).hasSize(4).allSatisfy(result -> {
            assertThat(result.sent()).as(result.scenario() + ": every image reached the broker").isEqualTo(RATE * SECONDS);
            assertThat(result.lost()).as(result.scenario() + ": lost").isZero();
            assertThat(result.misrouted()).as(result.scenario() + ": misrouted").isZero();
            assertThat(result.disruptions()).as(result.scenario() + ": the scenario really disturbed the system").isPositive();
            assertThat(result.outOfMemoryErrors()).as(result.scenario() + ": OutOfMemoryErrors").isZero();
        });
        assertThat(results.get(3).health().livenessDown()).as("poison: liveness stayed UP").isZero();
        assertThat(results.get(0).disruptions()).as("kills").isEqualTo(KILLS);
        ScenarioResult poison = results.get(3);
        assertThat(poison.deadLettered()).as("every 5th image was bad and dead-lettered").isEqualTo(RATE * SECONDS / 5);
        assertThat(poison.predicted()).isEqualTo(RATE * SECONDS - RATE * SECONDS / 5);
    }

    @Test
    void exactlyOnceDeliveryNeitherLosesNorRepeatsThroughKills(@TempDir Path out) throws Exception {
        List<ScenarioResult> results = ReliabilitySuite.run(new ReliabilitySuite.Options(RATE, SECONDS, KILLS,
                List.of(Scenario.KILL_INFERENCE, Scenario.POISON_MIX), List.of(ReliabilitySuite.EXACTLY_ONCE), SERVICE_JAR, out, null, 0));

        assertThat(results).hasSize(2).allSatisfy(result -> {
            assertThat(result.delivery()).isEqualTo(ReliabilitySuite.EXACTLY_ONCE);
            assertThat(result.sent()).as(result.scenario()).isEqualTo(RATE * SECONDS);
            assertThat(result.lost()).as(result.scenario() + ": lost").isZero();
            assertThat(result.duplicates()).as(result.scenario() + ": duplicates").isZero();
            assertThat(result.misrouted()).as(result.scenario() + ": misrouted").isZero();
        });
        assertThat(results.get(0).disruptions()).as("kills").isEqualTo(KILLS);
        assertThat(results.get(1).deadLettered()).as("bad payloads dead-lettered inside the transactions").isEqualTo(RATE * SECONDS / 5);
    }
}
