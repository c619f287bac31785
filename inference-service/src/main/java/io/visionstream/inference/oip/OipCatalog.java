package io.visionstream.inference.oip;

import io.visionstream.common.events.ModelRef;
import io.visionstream.inference.models.VersionPool;
import io.visionstream.inference.rollout.RolloutTable;
import io.visionstream.inference.rollout.Routing;
import io.visionstream.inference.scoring.MicroBatcher;
import io.visionstream.inference.scoring.ModelSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * What this replica serves, as the protocol describes it: server metadata and readiness, model metadata, and the
 * lookups of a model's routing or one loaded version, refused alike (404 unknown, 503 not servable yet) on REST and
 * gRPC.
 */
@ApplicationScoped
public class OipCatalog {

    private final RolloutTable routes;
    private final VersionPool pool;
    private final String serverName;
    private final String serverVersion;

    @Inject
    public OipCatalog(RolloutTable routes, VersionPool pool,
                      @ConfigProperty(name = "quarkus.application.name") String serverName,
                      @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String serverVersion) {
        this.routes = routes;
        this.pool = pool;
        this.serverName = serverName;
        this.serverVersion = serverVersion;
    }

    public Metadata.Server server() {
        return new Metadata.Server(serverName, serverVersion, List.of("classification", "binary_tensor_data"));
    }

    /** Ready when at least one model is servable. */
    public boolean serverReady() {
        return !routes.routedNames().isEmpty();
    }

    /** Metadata of the stable version, with every version loaded here. */
    public Metadata.Model model(String model) {
        return Metadata.Model.of(routing(model).stable().model().manifest(), loadedVersions(model));
    }

    /** Metadata of one loaded version. */
    public Metadata.Model version(String model, String version) {
        ModelSession session = loaded(model, version).model();
        return Metadata.Model.of(session.manifest(), List.of(Integer.toString(session.ref().version())));
    }

    /** Whether the model has a servable version; an unknown model is refused (404). */
    public boolean modelReady(String model) {
        boolean ready = routes.routing(model).isPresent();
        if (!ready && !routes.isKnown(model)) {
            throw unknown(model);
        }
        return ready;
    }

    /** True when the version is loaded here; 404 otherwise. */
    public boolean versionReady(String model, String version) {
        loaded(model, version);
        return true;
    }

    /** The model's routing; 404 when unknown, 503 while it has no servable version. */
    Routing routing(String model) {
        return routes.routing(model).orElseThrow(() -> routes.isKnown(model)
                ? new OipException(503, "model '" + model + "' has no servable version yet")
                : unknown(model));
    }

    /** The batcher of a version loaded here; 404 otherwise (also for a version that is not a number from 1). */
    MicroBatcher loaded(String model, String version) {
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1) {
            throw OipException.notFound("versions are numbers from 1, '" + version + "' is not one");
        }
        return pool.get(new ModelRef(model, number))
                .orElseThrow(() -> OipException.notFound("version " + version + " of model '" + model + "' is not loaded here"));
    }

    private List<String> loadedVersions(String model) {
        return pool.sessions().stream().filter(s -> s.ref().name().equals(model)).map(s -> Integer.toString(s.ref().version())).toList();
    }

    private static OipException unknown(String model) {
        return OipException.notFound("model '" + model + "' is not served here");
    }
}
