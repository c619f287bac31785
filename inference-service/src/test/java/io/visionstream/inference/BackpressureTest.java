package io.visionstream.inference;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.visionstream.common.events.Prediction;
import io.visionstream.common.events.Route;
import io.visionstream.common.kafka.KafkaHeaders;
import io.visionstream.common.kafka.Topics;
import io.visionstream.common.preprocess.ColourMode;
import io.visionstream.common.testing.TinyClassifiers;
import io.visionstream.inference.budget.InFlightBudgets;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.scoring.PredictionFactory;
import io.visionstream.inference.scoring.Scored;
import io.visionstream.inference.stream.ImageStreamProcessor;
import io.visionstream.local.auth.DevJwtTestResource;
import io.visionstream.local.kafka.EmbeddedKafkaTestResource;
import io.visionstream.local.kafka.TopicClient;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Memory-bounded back-pressure on a real broker, with byte budgets far smaller than one poll batch: the stream waits
 * and the consumer pauses its partitions instead of taking in more, then resumes, and every image is answered once;
 * HTTP over its budget is refused with 503 and Retry-After; an unexpected failure dead-letters only its own image.
 */
@QuarkusTest
@TestProfile(BackpressureTest.TinyBudgets.class)
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(DevJwtTestResource.class)
class BackpressureTest extends KafkaServiceTestSupport {

    /** A poll batch of the test's images is about 30 KB, so the 8 KiB stream budget admits one image at a time. */
    public static class TinyBudgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("visionstream.inference.memory.stream-budget", "8K",
                    "visionstream.inference.memory.http-budget", "64K",
                    "visionstream.inference.memory.retry-after", "2s");
        }
    }

    private static final int IMAGES = 1200;

    @Inject
    KafkaClientService kafkaClients;

    @Inject
    InFlightBudgets budgets;

    @Inject
    InferenceConfig config;

    @Test
    void aFullBudgetPausesTheConsumerWhichResumesAndNothingIsLost() throws Exception {
        String model = unique("digits");
        serveStable(model, TinyClassifiers.columnClassifier(1, 10));
        long waitsBefore = budgets.stream().waits();
        AtomicInteger pausedSeen = new AtomicInteger();
        AtomicBoolean liveThroughout = new AtomicBoolean(true);
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleAtFixedRate(() -> {
            Set<TopicPartition> paused = kafkaClients.getConsumer(ImageStreamProcessor.CHANNEL).paused().await().atMost(Duration.ofSeconds(5));
            pausedSeen.accumulateAndGet(paused.size(), Math::max);
            if (given().get("/q/health/live").statusCode() != 200) {
                liveThroughout.set(false);
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
        Map<String, byte[]> burst = new LinkedHashMap<>();
        for (int i = 0; i < IMAGES; i++) {
            burst.put(unique("bp"), TinyClassifiers.pngWithHotColumn(10, i % 10));
        }
        List<String> ids = new ArrayList<>(burst.keySet());
        try {
            kafka.sendImages(burst, "image/png", model);
            Map<String, List<ConsumerRecord<String, byte[]>>> predictions = kafka.collect(Topics.PREDICTIONS, ids, Duration.ofSeconds(120));
            assertThat(predictions).as("every image answered").containsOnlyKeys(ids);
            assertThat(predictions.values()).as("each once").allSatisfy(list -> assertThat(list).hasSize(1));
        } finally {
            watcher.shutdownNow();
            watcher.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertThat(budgets.stream().waits() - waitsBefore).as("intake waited for room").isPositive();
        assertThat(pausedSeen.get()).as("the consumer paused its partitions while the budget was full").isPositive();
        assertThat(liveThroughout.get()).as("liveness stayed UP under back-pressure").isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(kafkaClients.getConsumer(ImageStreamProcessor.CHANNEL).paused().await().atMost(Duration.ofSeconds(5)))
                        .as("resumed once drained").isEmpty());
        assertThat(budgets.stream().used()).as("nothing left counted once drained").isZero();
    }

    @Test
    void httpOverItsBudgetIsRefusedWith503AndRetryAfterThenServed() throws Exception {
        String model = unique("digits");
        serveStable(model, TinyClassifiers.columnClassifier(1, 10));
        byte[] png = TinyClassifiers.pngWithHotColumn(10, 3);
        budgets.http().reserve(budgets.http().limit());
        try {
            given().contentType("image/png").body(png).queryParam("model", model).post("/api/classify")
                    .then().statusCode(503).header("Retry-After", "2")
                    .body("reason", equalTo("OVERLOADED"));
        } finally {
            budgets.http().release(budgets.http().limit());
        }
        given().contentType("image/png").body(png).queryParam("model", model).post("/api/classify")
                .then().statusCode(200).body("top[0].index", equalTo(3));
    }

    @Test
    void anUnexpectedFailureDeadLettersThatImageAsInternalAndTheStreamGoesOn() {
        String model = unique("digits");
        serveStable(model, TinyClassifiers.columnClassifier(1, 10));
        QuarkusMock.installMockForType(new FailingFor("boom-", config), PredictionFactory.class);
        List<String> good = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = unique(i % 5 == 0 ? "boom" : "fine");
            (i % 5 == 0 ? failing : good).add(id);
            kafka.sendImage(id, TinyClassifiers.pngWithHotColumn(10, i % 10), "image/png", model);
        }

        Map<String, List<ConsumerRecord<String, byte[]>>> dead = kafka.collect(Topics.IMAGES_DLQ, failing, ARRIVAL);
        assertThat(dead).containsOnlyKeys(failing);
        dead.values().forEach(records -> {
            assertThat(TopicClient.header(records.get(0), KafkaHeaders.DEAD_LETTER_REASON)).isEqualTo("INTERNAL");
            assertThat(TopicClient.header(records.get(0), KafkaHeaders.DEAD_LETTER_MESSAGE)).contains("injected failure");
        });
        assertThat(kafka.collect(Topics.PREDICTIONS, good, ARRIVAL)).as("the others, before and after, are served").containsOnlyKeys(good);
        given().get("/q/health/live").then().statusCode(200);
    }

    /** Fails to build the prediction of images whose id starts with a prefix: an unexpected exception in one image's path. */
    static class FailingFor extends PredictionFactory {
        private final String prefix;

        FailingFor(String prefix, InferenceConfig config) {
            super(config);
            this.prefix = prefix;
        }

        @Override
        public Prediction create(String imageId, Scored scored, Route route, Instant eventTime) {
            if (imageId.startsWith(prefix)) {
                throw new IllegalStateException("injected failure for " + imageId);
            }
            return super.create(imageId, scored, route, eventTime);
        }
    }
}
