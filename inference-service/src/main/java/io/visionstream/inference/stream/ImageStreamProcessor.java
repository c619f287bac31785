package io.visionstream.inference.stream;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.visionstream.common.image.ImageRejectedException;
import io.smallrye.reactive.messaging.kafka.transactions.KafkaTransactions;
import io.visionstream.inference.budget.ByteBudget;
import io.visionstream.inference.budget.InFlightBudgets;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.metrics.InferenceMetrics;
import io.visionstream.inference.scoring.PredictionFactory;
import io.visionstream.inference.scoring.Scored;
import io.visionstream.inference.scoring.ScoringRejectedException;
import io.visionstream.inference.kafka.ImageEvent;
import io.visionstream.inference.kafka.StreamOutput;
import io.visionstream.inference.kafka.StreamPublisher;
import io.visionstream.inference.kafka.TransactionalBatchOutput;
import io.visionstream.inference.serving.ImageIntake;
import io.visionstream.inference.serving.ScoringService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * The stream path: each Kafka poll batch of {@code images} is taken in on a decode worker (never the event loop);
 * every record is decoded and preprocessed in parallel on the decode pool and queued on its model's batcher, so
 * images of consecutive poll batches share model runs. Each record ends as exactly one published prediction or one
 * dead letter; the poll batch is acknowledged (its offsets become committable) only when all of its records' output
 * records are acknowledged by the broker. Nothing is skipped: whatever goes wrong with one image (refused input, an
 * unexpected exception) ends as that image's dead letter; only a failure to write to Kafka itself nacks the batch, which
 * stops the channel and leaves the offsets uncommitted for redelivery. Memory is bounded by the stream's
 * {@link ByteBudget}: when it is full, intake waits and the consumer pauses. With {@code delivery=exactly-once} a poll batch's outputs
 * and offsets are written in one Kafka transaction instead (batches then run one after another); a failure aborts it
 * and the batch is read again.
 */
@ApplicationScoped
public class ImageStreamProcessor {

    /** Channel name, shared with configuration. */
    public static final String CHANNEL = "images";
    /** The transactional producer of exactly-once delivery, shared with configuration. */
    public static final String TRANSACTIONAL_CHANNEL = "stream-transactional";
    private static final Logger LOG = Logger.getLogger(ImageStreamProcessor.class);

    private final ImageIntake intake;
    private final ScoringService scoring;
    private final PredictionFactory predictions;
    private final StreamPublisher publisher;
    private final ByteBudget budget;
    private final InferenceMetrics metrics;
    private final ExecutorService decodePool;
    private final boolean exactlyOnce;
    private final KafkaTransactions<byte[]> transactions;
    private final String predictionsTopic;
    private final String deadLettersTopic;

    @Inject
    public ImageStreamProcessor(ImageIntake intake, ScoringService scoring, PredictionFactory predictions, StreamPublisher publisher,
                                InFlightBudgets budgets, InferenceMetrics metrics, DecodePool decodePool, InferenceConfig config,
                                @Channel(TRANSACTIONAL_CHANNEL) KafkaTransactions<byte[]> transactions,
                                @ConfigProperty(name = "mp.messaging.incoming.images.commit-strategy", defaultValue = "throttled") String commitStrategy,
                                @ConfigProperty(name = "mp.messaging.outgoing.predictions.topic") String predictionsTopic,
                                @ConfigProperty(name = "mp.messaging.outgoing.images-dlq.topic") String deadLettersTopic) {
        this.intake = intake;
        this.scoring = scoring;
        this.predictions = predictions;
        this.publisher = publisher;
        this.budget = budgets.stream();
        this.metrics = metrics;
        this.decodePool = decodePool.executor();
        this.exactlyOnce = config.delivery() == InferenceConfig.Delivery.EXACTLY_ONCE;
        this.transactions = transactions;
        this.predictionsTopic = predictionsTopic;
        this.deadLettersTopic = deadLettersTopic;
        if (exactlyOnce && !commitStrategy.equals("ignore")) {
            throw new IllegalStateException("visionstream.inference.delivery=exactly-once commits offsets in the transaction, so it needs "
                    + "mp.messaging.incoming.images.commit-strategy=ignore (was " + commitStrategy + "); the exactly-once profile sets it");
        }
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onImages(KafkaRecordBatch<String, byte[]> batch) {
        if (exactlyOnce) {
            return inTransaction(batch);
        }
        return Uni.createFrom().<Void>item(() -> {
            intake(batch);
            return null;
        }).runSubscriptionOn(decodePool);
    }

    private void intake(KafkaRecordBatch<String, byte[]> batch) {
        CompletableFuture<Void> all;
        try {
            all = process(batch, publisher);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batch.nack(e);
            return;
        }
        all.whenComplete((ignored, failure) -> {
            if (failure == null) {
                batch.ack();
            } else {
                LOG.errorf(failure, "publishing results of a batch of %d images failed; its offsets stay uncommitted", batch.getRecords().size());
                batch.nack(failure);
            }
        });
    }

    /**
     * Scores the batch inside a transaction that then writes its outputs and commits its offsets; any failure, or a
     * rebalance meanwhile, aborts it and the consumer goes back to the last committed offsets.
     */
    private Uni<Void> inTransaction(KafkaRecordBatch<String, byte[]> batch) {
        TransactionalBatchOutput output = new TransactionalBatchOutput(predictionsTopic, deadLettersTopic);
        return transactions.withTransactionAndAck(batch, emitter -> Uni.createFrom()
                .completionStage(() -> {
                    try {
                        return process(batch, output);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return CompletableFuture.failedFuture(e);
                    }
                })
                .runSubscriptionOn(decodePool)
                .invoke(() -> output.records().forEach(emitter::send)));
    }

    /**
     * Starts every record of the batch; the returned future completes when all of their outcomes are in {@code output}.
     * The batch's fetched bytes are charged to the stream budget until all of its records are answered (the records
     * stay referenced until the batch is acknowledged); each record then waits for room for its model tensor, so a
     * full budget holds the intake thread, no next poll batch is requested, and the consumer pauses its partitions.
     */
    private CompletableFuture<Void> process(KafkaRecordBatch<String, byte[]> batch, StreamOutput output) throws InterruptedException {
        List<KafkaRecord<String, byte[]>> records = batch.getRecords();
        long fetchedBytes = fetchedBytes(records);
        budget.charge(fetchedBytes);
        List<CompletableFuture<Void>> outcomes = new ArrayList<>(records.size());
        InterruptedException interrupted = null;
        for (KafkaRecord<String, byte[]> record : records) {
            ImageEvent event = ImageEvent.of(record);
            long inputBytes = scoring.inputBytesPerImage(event.model());
            try {
                budget.reserve(inputBytes);
            } catch (InterruptedException e) {
                interrupted = e;
                break;
            }
            outcomes.add(CompletableFuture.supplyAsync(() -> handle(event, output), decodePool)
                    .thenCompose(done -> done)
                    .whenComplete((ignored, failure) -> budget.release(inputBytes)));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .whenComplete((ignored, failure) -> budget.discharge(fetchedBytes));
        if (interrupted != null) {
            throw interrupted;
        }
        return all;
    }

    private static long fetchedBytes(List<KafkaRecord<String, byte[]>> records) {
        long bytes = 0;
        for (KafkaRecord<String, byte[]> record : records) {
            bytes += record.getPayload() == null ? 0 : record.getPayload().length;
        }
        return bytes;
    }

    /**
     * Decodes and queues one image; the returned future completes when its prediction or dead letter is in
     * {@code output}. Whatever goes wrong with this one image ends as its dead letter (an unexpected exception with
     * reason {@code INTERNAL}); only a failure to write to Kafka fails the future.
     */
    private CompletableFuture<Void> handle(ImageEvent event, StreamOutput output) {
        CompletableFuture<Scored> scored;
        try {
            scored = intake.decodeAndQueue(budget, event.model(), event.imageId(), event.eventTime(), event.payload(), event.contentType());
        } catch (ImageRejectedException e) {
            return deadLetter(output, event, e.reason().name(), e.getMessage());
        } catch (ScoringRejectedException e) {
            return deadLetter(output, event, e.reason().name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return internalFailure(output, event, e);
        }
        // continue on the decode pool: the batcher thread only runs the model
        return scored.handleAsync((result, failure) -> {
            if (failure == null) {
                return publish(output, event, result);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof ScoringRejectedException rejected) {
                return deadLetter(output, event, rejected.reason().name(), rejected.getMessage());
            }
            return internalFailure(output, event, cause);
        }, decodePool).thenCompose(done -> done);
    }

    private CompletableFuture<Void> publish(StreamOutput output, ImageEvent event, Scored scored) {
        long cpu = metrics.threadCpuNanos();
        CompletableFuture<Void> sent;
        try {
            sent = output.publish(predictions.create(event.imageId(), scored, scored.route(), event.eventTime()));
        } catch (RuntimeException e) {
            return internalFailure(output, event, e);
        } finally {
            metrics.stageCpu(InferenceMetrics.Stage.SERIALIZE, cpu);
        }
        return sent.thenRun(() -> metrics.predictionPublished(scored.model(), scored.route(),
                Duration.between(event.eventTime(), Instant.now()).toNanos()));
    }

    private CompletableFuture<Void> internalFailure(StreamOutput output, ImageEvent event, Throwable failure) {
        LOG.errorf(failure, "image %s failed unexpectedly; dead-lettering it as %s", event.imageId(), ScoringRejectedException.Reason.INTERNAL);
        return deadLetter(output, event, ScoringRejectedException.Reason.INTERNAL.name(), String.valueOf(failure));
    }

    private CompletableFuture<Void> deadLetter(StreamOutput output, ImageEvent event, String reason, String message) {
        LOG.debugf("dead-lettering %s (%s): %s", event.imageId(), reason, message);
        return output.deadLetter(event, reason, message).thenRun(() -> metrics.rejected(reason, "stream"));
    }
}
