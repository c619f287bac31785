package io.visionstream.trainer.jobs;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.visionstream.trainer.config.TrainerConfig;
import io.visionstream.trainer.metrics.TrainingMetrics;
import io.visionstream.trainer.publish.ModelPublisher;
import io.visionstream.trainer.settings.TrainingSettings;
import io.visionstream.trainer.train.EpochRecord;
import io.visionstream.trainer.train.JobStatus;
import io.visionstream.trainer.train.TrainingJob;
import io.visionstream.trainer.train.TrainingSummary;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The service-mode job queue: training jobs run one at a time (each uses every core) in submission order and
 * optionally publish their model when done; each
 * job's epochs are kept for polling and broadcast to live subscribers (server-sent events), and a job can be
 * cancelled while queued or running. Epochs and final statuses also go to {@link TrainingMetrics} (Prometheus).
 * Bounded ({@link TrainerConfig.Jobs}): unfinished jobs, finished jobs remembered, and open event streams.
 */
@ApplicationScoped
public class TrainingJobs {

    private static final Logger LOG = Logger.getLogger(TrainingJobs.class);

    /** A job as clients see it. */
    public record JobView(String id, JobStatus status, Instant submittedAt, Instant finishedAt, TrainingSettings settings,
                          List<EpochRecord> epochs, TrainingSummary summary, ModelPublisher.Outcome published, String error,
                          ContinualTrigger trigger) {
    }

    /** The training a job does, reporting each epoch and stopping when cancelled: a training or a continual job. */
    @FunctionalInterface
    public interface Work {
        TrainingSummary run(Consumer<EpochRecord> onEpoch, BooleanSupplier cancelled) throws Exception;
    }

    /** One server-sent event: an epoch finished, or the job changed status. */
    public record JobEvent(String type, JobStatus status, EpochRecord epoch, String error) {
    }

    private final class Job {
        final String id = UUID.randomUUID().toString();
        final TrainingSettings settings;
        final String publishAs;
        final Work work;
        final ContinualTrigger trigger;
        final Instant submittedAt = Instant.now();
        final List<EpochRecord> epochs = new java.util.concurrent.CopyOnWriteArrayList<>();
        final BroadcastProcessor<JobEvent> events = BroadcastProcessor.create();
        final AtomicBoolean cancelRequested = new AtomicBoolean();
        final Runnable task = () -> run(this);
        volatile JobStatus status = JobStatus.QUEUED;
        volatile Instant finishedAt;
        volatile TrainingSummary summary;
        volatile ModelPublisher.Outcome published;
        volatile String error;

        Job(TrainingSettings settings, String publishAs, Work work, ContinualTrigger trigger) {
            this.settings = settings;
            this.publishAs = publishAs;
            this.work = work;
            this.trigger = trigger == null ? null : new ContinualTrigger(trigger.at(), trigger.base(), trigger.reason(), trigger.requestedBy(),
                    trigger.dataset(), id);
        }

        JobView view() {
            return new JobView(id, status, submittedAt, finishedAt, settings, List.copyOf(epochs), summary, published, error, trigger);
        }

        void finish(JobStatus finalStatus, String failure) {
            status = finalStatus;
            error = failure;
            finishedAt = Instant.now();
            metrics.jobFinished(finalStatus);
            events.onNext(new JobEvent("status", finalStatus, null, failure));
            events.onComplete();
            forgetOldestFinished();
        }
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor runner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread thread = new Thread(r, "training-jobs");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicInteger openStreams = new AtomicInteger();
    private final ModelPublisher publisher;
    private final TrainingMetrics metrics;
    private final TrainerConfig.Jobs limits;
    private final ContinualTriggers triggers;

    @jakarta.inject.Inject
    public TrainingJobs(ModelPublisher publisher, TrainingMetrics metrics, TrainerConfig config, ContinualTriggers triggers) {
        this.triggers = triggers;
        this.publisher = publisher;
        this.metrics = metrics;
        this.limits = config.jobs();
    }

    /**
     * Queues a job; a non-null {@code publishAs} publishes the trained model under that name. Returns its initial view.
     *
     * @throws CapacityExceededException {@link CapacityExceededException.Limit#QUEUE_FULL} when {@code queue-capacity}
     *                                   jobs are queued or running
     */
    public JobView submit(TrainingSettings settings, String publishAs) {
        return submit(settings, publishAs, (onEpoch, cancelled) -> new TrainingJob(settings, onEpoch, cancelled).run(), null);
    }

    /**
     * Queues a continual job ({@link io.visionstream.trainer.train.ContinualJob} as {@code work}) in the same queue, so it
     * never trains beside another job; {@code trigger} (its job id filled in here) is recorded in {@link ContinualTriggers}
     * and shown in the job's view.
     *
     * @throws CapacityExceededException as {@link #submit(TrainingSettings, String)}
     */
    public JobView submitContinual(TrainingSettings settings, String publishAs, ContinualTrigger trigger, Work work) {
        return submit(settings, publishAs, work, trigger);
    }

    private synchronized JobView submit(TrainingSettings settings, String publishAs, Work work, ContinualTrigger trigger) {
        long unfinished = jobs.values().stream().filter(j -> j.finishedAt == null).count();
        if (unfinished >= limits.queueCapacity()) {
            throw new CapacityExceededException(CapacityExceededException.Limit.QUEUE_FULL, unfinished + " jobs are queued or running, the most "
                    + "this trainer accepts (visionstream.trainer.jobs.queue-capacity); try again when one has finished");
        }
        Job job = new Job(settings, publishAs, work, trigger);
        if (job.trigger != null) {
            triggers.record(job.trigger);
        }
        JobView queued = job.view();
        jobs.put(job.id, job);
        runner.execute(job.task);
        LOG.infof("training job %s queued: %s on %s", job.id, settings.arch(), settings.dataset());
        return queued;
    }

    private void run(Job job) {
        if (job.cancelRequested.get()) {
            job.finish(JobStatus.CANCELLED, "cancelled before it started");
            return;
        }
        job.status = JobStatus.RUNNING;
        job.events.onNext(new JobEvent("status", JobStatus.RUNNING, null, null));
        try {
            job.summary = job.work.run(epoch -> {
                job.epochs.add(epoch);
                metrics.epochFinished(job.settings.arch(), job.settings.dataset(), epoch);
                job.events.onNext(new JobEvent("epoch", JobStatus.RUNNING, epoch, null));
            }, job.cancelRequested::get);
            if (job.publishAs != null) {
                job.published = publisher.publish(job.settings.out(), job.publishAs);
            }
            job.finish(JobStatus.SUCCEEDED, null);
        } catch (CancellationException e) {
            job.finish(JobStatus.CANCELLED, e.getMessage());
        } catch (Exception | Error e) {
            LOG.errorf(e, "training job %s failed", job.id);
            job.finish(JobStatus.FAILED, e.toString());
        }
    }

    public List<JobView> list() {
        List<JobView> views = new ArrayList<>();
        jobs.values().forEach(job -> views.add(job.view()));
        views.sort(Comparator.comparing(JobView::submittedAt));
        return views;
    }

    public Optional<JobView> get(String id) {
        return Optional.ofNullable(jobs.get(id)).map(Job::view);
    }

    /**
     * Live events of a job: the epochs so far first, then new ones until it ends. The stream counts against
     * {@code max-event-streams} until it completes or its subscriber cancels.
     *
     * @throws CapacityExceededException {@link CapacityExceededException.Limit#TOO_MANY_STREAMS} when that many are open
     */
    public Optional<Multi<JobEvent>> events(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        if (openStreams.incrementAndGet() > limits.maxEventStreams()) {
            openStreams.decrementAndGet();
            throw new CapacityExceededException(CapacityExceededException.Limit.TOO_MANY_STREAMS, limits.maxEventStreams()
                    + " event streams are open, the most this trainer serves (visionstream.trainer.jobs.max-event-streams); poll GET /api/training/jobs/"
                    + id + " instead or try again later");
        }
        List<JobEvent> past = new ArrayList<>();
        job.epochs.forEach(epoch -> past.add(new JobEvent("epoch", job.status, epoch, null)));
        Multi<JobEvent> stream;
        if (job.finishedAt != null) {
            past.add(new JobEvent("status", job.status, null, job.error));
            stream = Multi.createFrom().iterable(past);
        } else {
            stream = Multi.createBy().concatenating().streams(Multi.createFrom().iterable(past), job.events);
        }
        return Optional.of(stream.onTermination().invoke(openStreams::decrementAndGet));
    }

    /**
     * Requests cancellation; returns false if the job is unknown or already finished. A queued job is taken out of the
     * queue and finished at once (its place in {@code queue-capacity} is free again); a running one stops after its
     * current batch.
     */
    public boolean cancel(String id) {
        Job job = jobs.get(id);
        if (job == null || job.finishedAt != null) {
            return false;
        }
        job.cancelRequested.set(true);
        if (runner.remove(job.task)) {
            job.finish(JobStatus.CANCELLED, "cancelled before it started");
        }
        return true;
    }

    /** Forgets the oldest finished jobs beyond {@code keep-finished}; their run directories stay on disk. */
    private void forgetOldestFinished() {
        List<Job> finished = jobs.values().stream().filter(j -> j.finishedAt != null).sorted(Comparator.comparing((Job j) -> j.finishedAt)).toList();
        finished.subList(0, Math.max(0, finished.size() - limits.keepFinished())).forEach(j -> jobs.remove(j.id));
    }

    @PreDestroy
    void stop() {
        jobs.values().forEach(job -> job.cancelRequested.set(true));
        runner.shutdownNow();
    }
}
