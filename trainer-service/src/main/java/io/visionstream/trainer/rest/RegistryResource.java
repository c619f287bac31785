package io.visionstream.trainer.rest;

import io.visionstream.common.manifest.ModelManifest;
import io.visionstream.common.registry.ModelRegistry;
import io.visionstream.trainer.publish.ModelRegistration;
import io.visionstream.trainer.publish.RegistrationRejectedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The model registry over HTTP: what has been published (names, versions, verified manifests), and registration of
 * ONNX classifiers made elsewhere (bearer JWT with role {@code ml-admin}).
 */
@Path("/api/registry/models")
@Produces(MediaType.APPLICATION_JSON)
public class RegistryResource {

    private final ModelRegistry registry;
    private final ModelRegistration registration;

    @Inject
    public RegistryResource(ModelRegistry registry, ModelRegistration registration) {
        this.registry = registry;
        this.registration = registration;
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

    @POST
    @Path("/{name}")
    @RolesAllowed(Roles.ML_ADMIN)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Register an ONNX image classifier: multipart parts 'model' (the .onnx file) and 'manifest' (JSON)")
    public Response register(@PathParam("name") String name, @RestForm("model") FileUpload model, @RestForm("manifest") String manifest)
            throws RegistrationRejectedException {
        ModelRegistration.Result result = registration.register(name, manifest == null ? null : manifest.getBytes(StandardCharsets.UTF_8),
                model == null ? null : model.uploadedFile());
        return Response.created(URI.create("/api/registry/models/" + name + "/" + result.manifest().version())).entity(result).build();
    }
}
