package io.visionstream.inference.rollout;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.visionstream.common.events.RolloutState;
import io.visionstream.common.json.Json;
import io.visionstream.common.registry.ModelNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * Follows the compacted {@code model-rollouts} topic from the beginning on every replica and applies each state to
 * the {@link RolloutTable}: this is how all replicas converge on the same routing with no other coordination. It
 * tells {@link RolloutCatchUp} how far it has read.
 * A malformed state is logged and skipped; it never stops the topic.
 */
@ApplicationScoped
public class RolloutFollower {

    /** Channel name, shared with configuration. */
    public static final String CHANNEL = "model-rollouts";
    private static final Logger LOG = Logger.getLogger(RolloutFollower.class);

    private final RolloutTable table;
    private final RolloutCatchUp catchUp;

    @Inject
    public RolloutFollower(RolloutTable table, RolloutCatchUp catchUp) {
        this.table = table;
        this.catchUp = catchUp;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onState(Message<byte[]> message) {
        byte[] payload = message.getPayload();
        RolloutTable.LogPosition at = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> new RolloutTable.LogPosition(record.getPartition(), record.getOffset())).orElse(RolloutTable.LogPosition.UNKNOWN);
        if (payload != null) {
            try {
                RolloutState state = Json.fromBytes(payload, RolloutState.class);
                if (!ModelNames.isValid(state.model())) {
                    LOG.warnf("rollout state for invalid model name '%s' ignored", state.model());
                } else {
                    RolloutTable.ApplyOutcome outcome = table.apply(state, at);
                    if (!outcome.applied()) {
                        LOG.warnf("rollout state of %s not applied: %s", state.model(), outcome.detail());
                    }
                }
            } catch (IllegalArgumentException e) {
                LOG.warnf("malformed rollout state ignored: %s", e.getMessage());
            }
        }
        if (!at.equals(RolloutTable.LogPosition.UNKNOWN)) {
            catchUp.applied(at.partition(), at.offset());
        }
        return message.ack();
    }
}
