package io.visionstream.inference.rest;

import io.visionstream.inference.drift.DriftMonitor;
import io.visionstream.inference.drift.DriftReport;
import io.visionstream.inference.rollout.ReleaseCatalog;
import io.visionstream.inference.rollout.RolloutTable;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A model's drift per version loaded on this replica, measured from its own scoring runs (see {@link DriftReport}). */
@Path("/api/models/{name}/drift")
@Produces(MediaType.APPLICATION_JSON)
public class DriftResource {

    private final DriftMonitor drift;
    private final RolloutTable routes;
    private final ReleaseCatalog releases;

    @Inject
    public DriftResource(DriftMonitor drift, RolloutTable routes, ReleaseCatalog releases) {
        this.drift = drift;
        this.routes = routes;
        this.releases = releases;
    }

    @GET
    public DriftReport drift(@PathParam("name") String name) {
        DriftReport report = drift.report(name);
        if (report.versions().isEmpty() && releases.of(name).isEmpty() && routes.state(name).isEmpty()) {
            throw new NotFoundException("model " + name + " is unknown here");
        }
        return report;
    }
}
