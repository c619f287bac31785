package io.visionstream.inference.rest;

import io.visionstream.inference.quality.OnlineQuality;
import io.visionstream.inference.quality.QualityReport;
import io.visionstream.inference.rollout.ReleaseCatalog;
import io.visionstream.inference.rollout.RolloutTable;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;

/** A model's online quality per version and route, measured on its labelled predictions (see {@link QualityReport}). */
@Path("/api/models/{name}/quality")
@Produces(MediaType.APPLICATION_JSON)
public class QualityResource {

    private final OnlineQuality quality;
    private final RolloutTable routes;
    private final ReleaseCatalog releases;

    @Inject
    public QualityResource(OnlineQuality quality, RolloutTable routes, ReleaseCatalog releases) {
        this.quality = quality;
        this.routes = routes;
        this.releases = releases;
    }

    @GET
    public QualityReport quality(@PathParam("name") String name) {
        if (!quality.enabled()) {
            throw new ServiceUnavailableException("online quality is not running on this replica (disabled by visionstream.inference.quality.enabled=false, or its topics are missing: see the log)");
        }
        QualityReport report = quality.report(name)
                .orElseThrow(() -> new ServiceUnavailableException("the online-quality join is starting; try again shortly"));
        if (report.versions().isEmpty() && releases.of(name).isEmpty() && routes.state(name).isEmpty()) {
            throw new NotFoundException("model " + name + " is unknown here");
        }
        return report;
    }
}
