package io.visionstream.inference.budget;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.visionstream.inference.config.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * The service's two byte budgets: the Kafka stream's (intake waits, the consumer pauses) and HTTP's (requests are
 * refused with 503). Separate so that a flood on one path cannot starve the other. Defaults are fractions of the
 * maximum heap, so a pod given more memory admits more work without new settings. Exposed as
 * {@code visionstream_inflight_bytes}, {@code visionstream_inflight_budget_bytes} and
 * {@code visionstream_inflight_waits_total}, each by {@code path}.
 */
@ApplicationScoped
public class InFlightBudgets {

    /** Share of the maximum heap the stream may hold in flight by default. */
    static final double DEFAULT_STREAM_HEAP_SHARE = 0.25;
    /** Share of the maximum heap HTTP requests may hold in flight by default. */
    static final double DEFAULT_HTTP_HEAP_SHARE = 0.10;
    private static final Logger LOG = Logger.getLogger(InFlightBudgets.class);

    private final ByteBudget stream;
    private final ByteBudget http;
    private final Duration retryAfter;

    @Inject
    public InFlightBudgets(InferenceConfig config, MeterRegistry registry) {
        long maxHeap = Runtime.getRuntime().maxMemory();
        this.stream = new ByteBudget("stream", bytes(config.memory().streamBudget(), maxHeap, DEFAULT_STREAM_HEAP_SHARE));
        this.http = new ByteBudget("http", bytes(config.memory().httpBudget(), maxHeap, DEFAULT_HTTP_HEAP_SHARE));
        this.retryAfter = config.memory().retryAfter();
        register(registry, stream);
        register(registry, http);
        LOG.infof("work in flight bounded to %d MiB (stream) and %d MiB (http) of a %d MiB heap",
                stream.limit() >> 20, http.limit() >> 20, maxHeap >> 20);
    }

    public ByteBudget stream() {
        return stream;
    }

    public ByteBudget http() {
        return http;
    }

    /**
     * Reserves room for one HTTP request's work.
     *
     * @throws OverloadedException when the HTTP budget is full
     */
    public void reserveHttp(long bytes) throws OverloadedException {
        if (!http.tryReserve(bytes)) {
            throw new OverloadedException("the service is at its limit of " + http.limit() + " bytes of HTTP work in flight ("
                    + http.used() + " in use); retry after " + retryAfter.toSeconds() + " s", retryAfter);
        }
    }

    private static long bytes(Optional<MemorySize> configured, long maxHeap, double heapShare) {
        return configured.map(MemorySize::asLongValue).orElse((long) (maxHeap * heapShare));
    }

    private static void register(MeterRegistry registry, ByteBudget budget) {
        Gauge.builder("visionstream.inflight.bytes", budget, ByteBudget::used).tag("path", budget.name())
                .description("Bytes of work in flight (payloads, decoded pixels, model tensors)").baseUnit("bytes").register(registry);
        Gauge.builder("visionstream.inflight.budget.bytes", budget, ByteBudget::limit).tag("path", budget.name())
                .description("The byte budget of work in flight").baseUnit("bytes").register(registry);
        FunctionCounter.builder("visionstream.inflight.waits", budget, ByteBudget::waits).tag("path", budget.name())
                .description("Admissions that found the budget full (stream: waited; http: refused with 503)").register(registry);
    }
}
