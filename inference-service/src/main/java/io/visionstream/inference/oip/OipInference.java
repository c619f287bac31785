package io.visionstream.inference.oip;

import io.visionstream.common.image.ImageDecoder;
import io.visionstream.inference.budget.InFlightBudgets;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.rollout.Routing;
import io.visionstream.inference.scoring.MicroBatcher;
import io.visionstream.inference.scoring.Scored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One inference request from either transport, request to outputs: the request's bytes count against the HTTP
 * budget while it is read and scored; its input becomes batch elements ({@link InputTensors}), scored through the
 * model's routing (sticky canary by the request id) or on the named version ({@link OipScorer}), and the outputs
 * asked for are built ({@link OutputTensors}). REST and gRPC differ only in how they read and write the messages.
 */
@ApplicationScoped
public class OipInference {

    private final OipCatalog catalog;
    private final OipScorer scorer;
    private final ImageDecoder decoder;
    private final InFlightBudgets budgets;
    private final InferenceConfig config;

    @Inject
    OipInference(OipCatalog catalog, OipScorer scorer, ImageDecoder decoder, InFlightBudgets budgets, InferenceConfig config) {
        this.catalog = catalog;
        this.scorer = scorer;
        this.decoder = decoder;
        this.budgets = budgets;
        this.config = config;
    }

    /**
     * Answers a request of {@code requestBytes} bytes on the wire, read by {@code read} once the budget has room for
     * them; an unversioned request ({@code version} null) follows the routing and is answered with its id, or a
     * generated one when it has none.
     *
     * @throws io.visionstream.inference.budget.OverloadedException when the HTTP budget cannot take the request now
     * @throws OipException when the request is refused
     */
    public InferenceAnswer infer(String model, String version, long requestBytes, Supplier<InferenceCall> read) throws InterruptedException {
        budgets.reserveHttp(requestBytes);
        try {
            InferenceCall call = read.get();
            int maxItems = config.batching().maxBatchSize();
            List<Scored> scored;
            String id;
            if (version == null) {
                Routing routing = catalog.routing(model);
                List<InputItem> items = InputTensors.items(call.inputs(), routing.stable().model().manifest().input().name(), maxItems, decoder,
                        routing.decodeTarget());
                id = call.id() == null || call.id().isBlank() ? "oip-" + UUID.randomUUID() : call.id();
                scored = scorer.routed(model, id, items);
            } else {
                MicroBatcher batcher = catalog.loaded(model, version);
                List<InputItem> items = InputTensors.items(call.inputs(), batcher.model().manifest().input().name(), maxItems, decoder,
                        batcher.model().manifest().preprocess().decodeTarget());
                id = call.id();
                scored = scorer.onVersion(batcher.model().ref(), items);
            }
            Scored first = scored.get(0);
            return new InferenceAnswer(id, first.model(), first.route(), OutputTensors.outputs(call.outputs(), call.rawOutputs(), scored));
        } finally {
            budgets.http().release(requestBytes);
        }
    }
}
