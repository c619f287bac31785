package io.visionstream.inference.rest;

import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.preprocess.PreprocessSpec;
import io.visionstream.inference.models.ServedModels;
import io.visionstream.inference.scoring.ModelSession;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/** The versions this replica serves now, where they run, and what input they take. */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final ServedModels models;

    @Inject
    public ModelsResource(ServedModels models) {
        this.models = models;
    }

    /** One served version. */
    public record ServedModel(String name, int version, String provider, String providerNote, int maxBatchSize,
                              ModelManifest.InputSpec input, PreprocessSpec preprocess, List<String> labels, Instant loadedAt) {

        static ServedModel of(ModelSession session) {
            ModelManifest m = session.manifest();
            return new ServedModel(m.name(), m.version(), session.provider().wireName(), session.providerNote(), session.maxBatchSize(),
                    m.input(), m.preprocess(), m.labels(), session.loadedAt());
        }
    }

    @GET
    public List<ServedModel> served() {
        return models.sessions().stream().map(ServedModel::of).toList();
    }
}
