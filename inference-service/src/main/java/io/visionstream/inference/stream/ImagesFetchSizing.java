package io.visionstream.inference.stream;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.ClientCustomizer;
import io.visionstream.inference.budget.InFlightBudgets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * Sizes the {@code images} consumer's fetches to the stream's byte budget, so that what Kafka holds outside the budget
 * stays a fraction of it: a fetch response carries at most an eighth of the budget (Kafka still returns a single
 * record larger than that, alone, so progress never stops). The connector holds at most three poll batches while
 * intake waits (then it pauses the partitions), and the client one fetch per broker: about five eighths of the budget
 * on top of it. Settings given explicitly in the configuration are kept.
 */
@ApplicationScoped
public class ImagesFetchSizing implements ClientCustomizer<Map<String, Object>> {

    /** Budget divided by this is the most one fetch response may carry. */
    static final int FETCHES_PER_BUDGET = 8;
    /** Below this fetches become too small to be efficient. */
    static final long MIN_FETCH_BYTES = 1L << 20;
    private static final Logger LOG = Logger.getLogger(ImagesFetchSizing.class);

    private final InFlightBudgets budgets;

    @Inject
    public ImagesFetchSizing(InFlightBudgets budgets) {
        this.budgets = budgets;
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> clientConfig) {
        if (!channel.equals(ImageStreamProcessor.CHANNEL)) {
            return clientConfig;
        }
        long fetchBytes = Math.max(MIN_FETCH_BYTES, budgets.stream().limit() / FETCHES_PER_BUDGET);
        int bytes = (int) Math.min(Integer.MAX_VALUE, fetchBytes);
        setUnlessGiven(channelConfig, clientConfig, ConsumerConfig.FETCH_MAX_BYTES_CONFIG, bytes);
        setUnlessGiven(channelConfig, clientConfig, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, bytes);
        LOG.infof("%s consumer: fetch.max.bytes=%s, max.partition.fetch.bytes=%s (stream budget %d bytes)", channel,
                clientConfig.get(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), clientConfig.get(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                budgets.stream().limit());
        return clientConfig;
    }

    private static void setUnlessGiven(Config channelConfig, Map<String, Object> clientConfig, String key, int value) {
        if (channelConfig.getOptionalValue(key, String.class).isEmpty()) {
            clientConfig.put(key, value);
        }
    }
}
