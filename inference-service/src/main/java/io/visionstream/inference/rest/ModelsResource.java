package io.visionstream.inference.rest;

import io.visionstream.common.events.RolloutState;
import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.inference.models.VersionPool;
import io.visionstream.inference.rollout.ReleaseCatalog;
import io.visionstream.inference.rollout.ReleaseStatus;
import io.visionstream.inference.rollout.RolloutTable;
import io.visionstream.inference.scoring.ModelSession;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/** The versions this replica has loaded, where they run and what input they take; per model, its routing and releases. */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final VersionPool pool;
    private final RolloutTable routes;
    private final ReleaseCatalog releases;

    @Inject
    public ModelsResource(VersionPool pool, RolloutTable routes, ReleaseCatalog releases) {
        this.pool = pool;
        this.routes = routes;
        this.releases = releases;
    }

    /** One loaded version. */
    public record ServedModel(String name, int version, String provider, String providerNote, int maxBatchSize,
                              ModelManifest.InputSpec input, PreprocessSpec preprocess, List<String> labels, Instant loadedAt) {

        static ServedModel of(ModelSession session) {
            ModelManifest m = session.manifest();
            return new ServedModel(m.name(), m.version(), session.provider().wireName(), session.providerNote(), session.maxBatchSize(),
                    m.input(), m.preprocess(), m.labels(), session.loadedAt());
        }
    }

    /** Everything this replica knows about one model. */
    public record ModelStatus(String name, RolloutState rollout, List<ServedModel> loaded, List<ReleaseStatus> releases) {
    }

    @GET
    public List<ServedModel> served() {
        return pool.sessions().stream().map(ServedModel::of).toList();
    }

    @GET
    @Path("/{name}")
    public ModelStatus model(@PathParam("name") String name) {
        List<ServedModel> loaded = served().stream().filter(m -> m.name().equals(name)).toList();
        List<ReleaseStatus> seen = releases.of(name);
        if (loaded.isEmpty() && seen.isEmpty() && routes.state(name).isEmpty()) {
            throw new NotFoundException("model " + name + " is unknown here");
        }
        return new ModelStatus(name, routes.state(name).orElse(null), loaded, seen);
    }
}
