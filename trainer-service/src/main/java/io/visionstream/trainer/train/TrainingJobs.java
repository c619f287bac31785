package io.visionstream.trainer.train;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.visionstream.trainer.metrics.TrainingMetrics;
import io.visionstream.trainer.publish.ModelPublisher;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The service-mode job queue: training jobs run one at a time (each uses every core) in submission order and
 * optionally publish their model when done; each
 * job's epochs are kept for polling and broadcast to live subscribers (server-sent events), and a job can be
 * cancelled while queued or running. Epochs and final statuses also go to {@link TrainingMetrics} (Prometheus).
 */
@ApplicationScoped
public class TrainingJobs {

    private static final Logger LOG = Logger.getLogger(TrainingJobs.class);

    /** Where a job is in its life. */
    public enum Status {
        QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED
    }

    /** A job as clients see it. */
    public record JobView(String id, Status status, Instant submittedAt, Instant finishedAt, TrainingSettings settings,
                          List<EpochRecord> epochs, TrainingSummary summary, ModelPublisher.Outcome published, String error) {
    }

    /** One server-sent event: an epoch finished, or the job changed status. */
    public record JobEvent(String type, Status status, EpochRecord epoch, String error) {
    }

    private final class Job {
        final String id = UUID.randomUUID().toString();
        final TrainingSettings settings;
        final String publishAs;
        final Instant submittedAt = Instant.now();
        final List<EpochRecord> epochs = new java.util.concurrent.CopyOnWriteArrayList<>();
        final BroadcastProcessor<JobEvent> events = BroadcastProcessor.create();
        final AtomicBoolean cancelRequested = new AtomicBoolean();
        volatile Status status = Status.QUEUED;
        volatile Instant finishedAt;
        volatile TrainingSummary summary;
        volatile ModelPublisher.Outcome published;
        volatile String error;

        Job(TrainingSettings settings, String publishAs) {
            this.settings = settings;
            this.publishAs = publishAs;
        }

        JobView view() {
            return new JobView(id, status, submittedAt, finishedAt, settings, List.copyOf(epochs), summary, published, error);
        }

        void finish(Status finalStatus, String failure) {
            status = finalStatus;
            error = failure;
            finishedAt = Instant.now();
            metrics.jobFinished(finalStatus);
            events.onNext(new JobEvent("status", finalStatus, null, failure));
            events.onComplete();
        }
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "training-jobs");
        thread.setDaemon(true);
        return thread;
    });

    private final ModelPublisher publisher;
    private final TrainingMetrics metrics;

    @jakarta.inject.Inject
    public TrainingJobs(ModelPublisher publisher, TrainingMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** Queues a job; a non-null {@code publishAs} publishes the trained model under that name. Returns its initial view. */
    public JobView submit(TrainingSettings settings, String publishAs) {
        Job job = new Job(settings, publishAs);
        JobView queued = job.view();
        jobs.put(job.id, job);
        runner.submit(() -> run(job));
        LOG.infof("training job %s queued: %s on %s", job.id, settings.arch(), settings.dataset());
        return queued;
    }

    private void run(Job job) {
        if (job.cancelRequested.get()) {
            job.finish(Status.CANCELLED, "cancelled before it started");
            return;
        }
        job.status = Status.RUNNING;
        job.events.onNext(new JobEvent("status", Status.RUNNING, null, null));
        try {
            job.summary = new TrainingJob(job.settings, epoch -> {
                job.epochs.add(epoch);
                metrics.epochFinished(job.settings.arch(), job.settings.dataset(), epoch);
                job.events.onNext(new JobEvent("epoch", Status.RUNNING, epoch, null));
            }, job.cancelRequested::get).run();
            if (job.publishAs != null) {
                job.published = publisher.publish(job.settings.out(), job.publishAs);
            }
            job.finish(Status.SUCCEEDED, null);
        } catch (CancellationException e) {
            job.finish(Status.CANCELLED, e.getMessage());
        } catch (Exception | Error e) {
            LOG.errorf(e, "training job %s failed", job.id);
            job.finish(Status.FAILED, e.toString());
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

    /** Live events of a job: the epochs so far first, then new ones until it ends. */
    public Optional<Multi<JobEvent>> events(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        List<JobEvent> past = new ArrayList<>();
        job.epochs.forEach(epoch -> past.add(new JobEvent("epoch", job.status, epoch, null)));
        if (job.finishedAt != null) {
            past.add(new JobEvent("status", job.status, null, job.error));
            return Optional.of(Multi.createFrom().iterable(past));
        }
        return Optional.of(Multi.createBy().concatenating().streams(Multi.createFrom().iterable(past), job.events));
    }

    /** Requests cancellation; returns false if the job is unknown or already finished. */
    public boolean cancel(String id) {
        Job job = jobs.get(id);
        if (job == null || job.finishedAt != null) {
            return false;
        }
        job.cancelRequested.set(true);
        return true;
    }

    @PreDestroy
    void stop() {
        jobs.values().forEach(job -> job.cancelRequested.set(true));
        runner.shutdownNow();
    }
}
