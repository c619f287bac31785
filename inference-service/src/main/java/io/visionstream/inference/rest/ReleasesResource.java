package io.visionstream.inference.rest;

import io.visionstream.inference.rollout.ReleaseCatalog;
import io.visionstream.inference.rollout.ReleaseStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Which announced model versions this replica has verified, and which it refused and why. */
@Path("/api/releases")
@Produces(MediaType.APPLICATION_JSON)
public class ReleasesResource {

    private final ReleaseCatalog catalog;

    @Inject
    public ReleasesResource(ReleaseCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public List<ReleaseStatus> releases() {
        return catalog.all();
    }
}
