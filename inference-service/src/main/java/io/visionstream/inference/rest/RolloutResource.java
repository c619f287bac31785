package io.visionstream.inference.rest;

import io.visionstream.common.events.RolloutState;
import io.visionstream.inference.rollout.RolloutController;
import io.visionstream.inference.rollout.RolloutRejectedException;
import io.visionstream.inference.rollout.RolloutTable;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
 * are attributed to the token's subject. Invalid changes are refused with 400 and a reason.
 */
@Path("/api/models/{name}")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

    static final String ADMIN = "ml-admin";

    private final RolloutTable table;
    private final RolloutController controller;
    private final SecurityIdentity identity;

    @Inject
    public RolloutResource(RolloutTable table, RolloutController controller, SecurityIdentity identity) {
        this.table = table;
        this.controller = controller;
        this.identity = identity;
    }

    /** A requested routing: canary version and weight (absent = no canary), shadow version (absent = none), why. */
    public record RolloutChange(Canary canary, Integer shadow, String reason) {
        /** The canary part of a change. */
        public record Canary(Integer version, Integer weightPercent) {
        }
    }

    @GET
    @Path("/rollout")
    @Operation(summary = "The model's current routing: stable, canary and weight, shadow, and who changed it when and why")
    public RolloutState rollout(@PathParam("name") String name) throws RolloutRejectedException {
        return table.state(name).orElseThrow(() -> new RolloutRejectedException("UNKNOWN_MODEL", "model " + name + " has no rollout here"));
    }

    @PUT
    @Path("/rollout")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(ADMIN)
    @Operation(summary = "Set the canary (version + weightPercent 0-100, or null) and the shadow version (or null)")
    public RolloutState update(@PathParam("name") String name, RolloutChange change) throws RolloutRejectedException {
        if (change == null) {
            throw new RolloutRejectedException("INVALID_REQUEST", "a JSON body {canary: {version, weightPercent}, shadow, reason} is required");
        }
        Integer canaryVersion = change.canary() == null ? null : change.canary().version();
        Integer weight = change.canary() == null ? null : change.canary().weightPercent();
        if (change.canary() != null && canaryVersion == null) {
            throw new RolloutRejectedException("INVALID_VERSION", "canary.version is required when a canary is given");
        }
        return controller.update(name, canaryVersion, weight, change.shadow(), who(), reason(change.reason(), "rollout updated"));
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

    private static String reason(String given, String fallback) {
        return given == null || given.isBlank() ? fallback : given;
    }
}
