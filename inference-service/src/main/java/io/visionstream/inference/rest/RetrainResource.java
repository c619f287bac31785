package io.visionstream.inference.rest;

import io.visionstream.common.events.TrainingTrigger;
import io.visionstream.inference.retrain.RetrainPolicy;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The requests to train a model again that this replica's retrain policy sent, with their reasons and evidence. */
@Path("/api/models/{name}/retrain-triggers")
@Produces(MediaType.APPLICATION_JSON)
public class RetrainResource {

    private final RetrainPolicy policy;

    @Inject
    public RetrainResource(RetrainPolicy policy) {
        this.policy = policy;
    }

    @GET
    public List<TrainingTrigger> triggers(@PathParam("name") String name) {
        return policy.triggers(name);
    }
}
