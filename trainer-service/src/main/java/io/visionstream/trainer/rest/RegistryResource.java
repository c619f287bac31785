package io.visionstream.trainer.rest;

import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Read access to what the trainer has published: model names, their versions, and a version's verified manifest. */
@Path("/api/registry/models")
@Produces(MediaType.APPLICATION_JSON)
public class RegistryResource {

    private final ModelRegistry registry;

    @Inject
    public RegistryResource(ModelRegistry registry) {
        this.registry = registry;
    }

    /** A model name and its published versions. */
    public record ModelVersions(String name, List<Integer> versions) {
    }

    @GET
    public List<ModelVersions> models() {
        return registry.models().stream().map(name -> new ModelVersions(name, registry.versions(name))).toList();
    }

    @GET
    @Path("/{name}/{version}")
    public ModelManifest version(@PathParam("name") String name, @PathParam("version") int version) {
        return registry.get(name, version).manifest();
    }
}
