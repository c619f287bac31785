package io.visionstream.inference.rest;

import io.visionstream.common.events.RolloutState;
import com.fasterxml.jackson.databind.JsonNode;
import io.visionstream.inference.rollout.CanaryAnalysis;
import io.visionstream.inference.rollout.CanaryMonitor;
import io.visionstream.inference.rollout.RolloutChange;
import io.visionstream.inference.rollout.RolloutController;
import io.visionstream.inference.rollout.RolloutRejectedException;
import io.visionstream.inference.rollout.RolloutTable;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The operator's control of a model's rollout. Changes are published to {@code model-rollouts} and followed by every
 * replica; they need a bearer JWT with role {@code ml-admin} (401 without a valid token, 403 without the role) and
 * are attributed to the token's subject. Changes merge: only the fields a request names are changed, under the
 * controller's lock, so concurrent operators never overwrite each other. Invalid changes are refused with 400 and a
 * reason. The analysis shows the canary gate's live evidence.
 */
@Path("/api/models/{name}")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

    static final String ADMIN = "ml-admin";

    private final RolloutTable table;
    private final RolloutController controller;
    private final CanaryMonitor monitor;
    private final SecurityIdentity identity;

    @Inject
    public RolloutResource(RolloutTable table, RolloutController controller, CanaryMonitor monitor, SecurityIdentity identity) {
        this.table = table;
        this.controller = controller;
        this.monitor = monitor;
        this.identity = identity;
    }

    @GET
    @Path("/rollout")
    @Operation(summary = "The model's current routing: stable, canary and weight, shadow, gate policy override, rolled-back versions, "
            + "the gate's last decision, and who changed it when and why")
    public RolloutState rollout(@PathParam("name") String name) throws RolloutRejectedException {
        return table.state(name).orElseThrow(() -> unknown(name));
    }

    @PUT
    @Path("/rollout")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    @Operation(summary = "Change only the fields named (JSON Merge Patch semantics): canary {version, weightPercent} or null, shadow or null, "
            + "policy {gate-policy fields} or null, reason")
    public RolloutState update(@PathParam("name") String name, JsonNode change) throws RolloutRejectedException {
        return controller.change(name, RolloutChange.parse(change), who());
    }

    @PATCH
    @Path("/rollout")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed(ADMIN)
    @Operation(summary = "Same as PUT: changes only the fields named")
    public RolloutState patch(@PathParam("name") String name, JsonNode change) throws RolloutRejectedException {
        return update(name, change);
    }

    @GET
    @Path("/rollout/analysis")
    @Operation(summary = "The live evidence about the current canary on this replica: each criterion's statistic, pairs, always-valid "
            + "p-values and level, under the policy in force")
    public CanaryAnalysis analysis(@PathParam("name") String name) throws RolloutRejectedException {
        RolloutState state = table.state(name).orElseThrow(() -> unknown(name));
        if (state.canary() == null) {
            throw new RolloutRejectedException(RolloutRejectedException.Reason.NO_CANARY, "model " + name + " has no canary to analyse");
        }
        return monitor.analysis(name).orElseThrow(() -> new RolloutRejectedException(RolloutRejectedException.Reason.NO_CANARY,
                "the canary v" + state.canary().version() + " of " + name + " is not being judged yet (the gate starts within a second)"));
    }

    @POST
    @Path("/promote")
    @RolesAllowed(ADMIN)
    @Operation(summary = "Make the canary the stable version; 'reason' is recorded with the change")
    public RolloutState promote(@PathParam("name") String name, @QueryParam("reason") String reason) throws RolloutRejectedException {
        return controller.promote(name, who(), blankToNull(reason));
    }

    @POST
    @Path("/rollback")
    @RolesAllowed(ADMIN)
    @Operation(summary = "Drop the canary, or without one return to the previous stable version; 'reason' is recorded")
    public RolloutState rollback(@PathParam("name") String name, @QueryParam("reason") String reason) throws RolloutRejectedException {
        return controller.rollback(name, who(), blankToNull(reason));
    }

    private String who() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static RolloutRejectedException unknown(String name) {
        return new RolloutRejectedException(RolloutRejectedException.Reason.UNKNOWN_MODEL, "model " + name + " has no rollout here");
    }
}
