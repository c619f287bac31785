package io.visionstream.inference.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visionstream.inference.budget.OverloadedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Open Inference Protocol (KServe v2) REST surface, so generic clients (KServe, Triton's client libraries) can
 * use the served classifiers. Inference shares the stream's batchers and routing, and the request-to-outputs path with gRPC ({@link OipInference}); refusals are the protocol's
 * {@code {"error": "..."}}, mapped here and only for this resource, so {@code /api} keeps its own error body, and
 * counted in the rejection metrics ({@link OipRejections}).
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Open Inference Protocol", description = "KServe v2 REST: metadata, health and inference (classification and binary tensor data extensions)")
public class OipResource {

    static final String INFERENCE_HEADER_CONTENT_LENGTH = "Inference-Header-Content-Length";

    private final OipCatalog catalog;
    private final OipInference inference;
    private final ObjectMapper mapper;
    private final OipRejections rejections;

    @Inject
    public OipResource(OipCatalog catalog, OipInference inference, ObjectMapper mapper, OipRejections rejections) {
        this.catalog = catalog;
        this.inference = inference;
        this.mapper = mapper;
        this.rejections = rejections;
    }

    @GET
    @Operation(summary = "Server metadata: name, version and the protocol extensions supported")
    public Metadata.Server server() {
        return catalog.server();
    }

    @GET
    @Path("/health/live")
    @Operation(summary = "200 while the server runs")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("/health/ready")
    @Operation(summary = "200 when at least one model is servable, else 503")
    public Response ready() {
        boolean ready = catalog.serverReady();
        return Response.status(ready ? 200 : 503).entity(Map.of("ready", ready)).build();
    }

    @GET
    @Path("/models/{model}")
    @Operation(summary = "Model metadata of the stable version, with every version loaded here")
    public Metadata.Model model(@PathParam("model") String model) {
        return catalog.model(model);
    }

    @GET
    @Path("/models/{model}/versions/{version}")
    @Operation(summary = "Model metadata of one loaded version")
    public Metadata.Model version(@PathParam("model") String model, @PathParam("version") String version) {
        return catalog.version(model, version);
    }

    @GET
    @Path("/models/{model}/ready")
    @Operation(summary = "200 when the model has a servable version, 503 while it has none yet, 404 when unknown")
    public Response modelReady(@PathParam("model") String model) {
        boolean ready = catalog.modelReady(model);
        return Response.status(ready ? 200 : 503).entity(new Metadata.Ready(model, ready)).build();
    }

    @GET
    @Path("/models/{model}/versions/{version}/ready")
    @Operation(summary = "200 when the version is loaded here, else 404")
    public Metadata.Ready versionReady(@PathParam("model") String model, @PathParam("version") String version) {
        return new Metadata.Ready(model, catalog.versionReady(model, version));
    }

    @POST
    @Path("/models/{model}/infer")
    @Operation(summary = "Classify FP32 [N, C, H, W] preprocessed tensors or BYTES [N] encoded images (JPEG/PNG, base64 or raw), "
            + "as JSON or binary tensor data; routed like the stream (the request id picks the sticky canary bucket)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InferRequest.class)))
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InferResponse.class)))
    public Response infer(@PathParam("model") String model, byte[] body,
                          @HeaderParam(INFERENCE_HEADER_CONTENT_LENGTH) Integer jsonLength) throws InterruptedException {
        return response(inference.infer(model, null, body.length, () -> InferBody.read(body, jsonLength, mapper).call()));
    }

    @POST
    @Path("/models/{model}/versions/{version}/infer")
    @Operation(summary = "Classify on one loaded version, whatever the routing")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InferRequest.class)))
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InferResponse.class)))
    public Response inferOnVersion(@PathParam("model") String model, @PathParam("version") String version, byte[] body,
                                   @HeaderParam(INFERENCE_HEADER_CONTENT_LENGTH) Integer jsonLength) throws InterruptedException {
        return response(inference.infer(model, version, body.length, () -> InferBody.read(body, jsonLength, mapper).call()));
    }

    @ServerExceptionMapper
    public Response refused(OipException e) {
        rejections.count(e, OipRejections.REST);
        return error(e.status(), e.getMessage());
    }

    /** The HTTP budget is full: 503 with Retry-After, in the protocol's error form. */
    @ServerExceptionMapper
    public Response overloaded(OverloadedException e) {
        rejections.count(e, OipRejections.REST);
        return Response.fromResponse(error(503, e.getMessage())).header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }

    /** An unacceptable Accept header, a malformed Inference-Header-Content-Length and the like, in the protocol's error form. */
    @ServerExceptionMapper
    public Response unreadable(WebApplicationException e) {
        return error(e.getResponse().getStatus(), e.getMessage());
    }

    /**
     * JSON, or with raw outputs the JSON followed by their bytes (each output's {@code binary_data_size} says how
     * many) and the JSON's length in {@code Inference-Header-Content-Length}.
     */
    private Response response(InferenceAnswer answer) {
        List<InferResponse.Output> outputs = new ArrayList<>(answer.outputs().size());
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        for (OutputTensor output : answer.outputs()) {
            if (output.raw()) {
                byte[] bytes = output.rawBytes();
                binary.writeBytes(bytes);
                outputs.add(new InferResponse.Output(output.name(), output.datatype(), output.shape(), Map.of(InferBody.BINARY_DATA_SIZE, bytes.length), null));
            } else {
                outputs.add(new InferResponse.Output(output.name(), output.datatype(), output.shape(), null, output.data()));
            }
        }
        InferResponse json = new InferResponse(answer.model().name(), Integer.toString(answer.model().version()), answer.id(),
                Map.of("route", answer.route().name().toLowerCase(Locale.ROOT)), outputs);
        if (binary.size() == 0) {
            return Response.ok(json, MediaType.APPLICATION_JSON).build();
        }
        try {
            byte[] head = mapper.writeValueAsBytes(json);
            byte[] body = Arrays.copyOf(head, head.length + binary.size());
            System.arraycopy(binary.toByteArray(), 0, body, head.length, binary.size());
            return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM).header(INFERENCE_HEADER_CONTENT_LENGTH, head.length).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an inference response", e);
        }
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", String.valueOf(message))).build();
    }
}
