package io.visionstream.inference.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visionstream.common.events.ModelRef;
import io.visionstream.common.image.ImageDecoder;
import io.visionstream.inference.budget.InFlightBudgets;
import io.visionstream.inference.budget.OverloadedException;
import io.visionstream.inference.config.InferenceConfig;
import io.visionstream.inference.models.VersionPool;
import io.visionstream.inference.rollout.RolloutTable;
import io.visionstream.inference.rollout.Routing;
import io.visionstream.inference.scoring.MicroBatcher;
import io.visionstream.inference.scoring.ModelSession;
import io.visionstream.inference.scoring.Scored;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The Open Inference Protocol (KServe v2) REST surface, so generic clients (KServe, Triton's client libraries) can
 * use the served classifiers. Inference shares the stream's batchers and routing; refusals are the protocol's
 * {@code {"error": "..."}}, mapped here and only for this resource, so {@code /api} keeps its own error body.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Open Inference Protocol", description = "KServe v2 REST: metadata, health and inference (classification and binary tensor data extensions)")
public class OipResource {

    static final String INFERENCE_HEADER_CONTENT_LENGTH = "Inference-Header-Content-Length";

    private final RolloutTable routes;
    private final VersionPool pool;
    private final OipScorer scorer;
    private final ImageDecoder decoder;
    private final InFlightBudgets budgets;
    private final InferenceConfig config;
    private final ObjectMapper mapper;
    private final String serverName;
    private final String serverVersion;

    @Inject
    public OipResource(RolloutTable routes, VersionPool pool, OipScorer scorer, ImageDecoder decoder, InFlightBudgets budgets, InferenceConfig config, ObjectMapper mapper,
                       @ConfigProperty(name = "quarkus.application.name") String serverName,
                       @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String serverVersion) {
        this.routes = routes;
        this.pool = pool;
        this.scorer = scorer;
        this.decoder = decoder;
        this.budgets = budgets;
        this.config = config;
        this.mapper = mapper;
        this.serverName = serverName;
        this.serverVersion = serverVersion;
    }

    @GET
    @Operation(summary = "Server metadata: name, version and the protocol extensions supported")
    public Metadata.Server server() {
        return new Metadata.Server(serverName, serverVersion, List.of("classification", "binary_tensor_data"));
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
        boolean ready = !routes.routedNames().isEmpty();
        return Response.status(ready ? 200 : 503).entity(Map.of("ready", ready)).build();
    }

    @GET
    @Path("/models/{model}")
    @Operation(summary = "Model metadata of the stable version, with every version loaded here")
    public Metadata.Model model(@PathParam("model") String model) {
        return Metadata.Model.of(routing(model).stable().model().manifest(), loadedVersions(model));
    }

    @GET
    @Path("/models/{model}/versions/{version}")
    @Operation(summary = "Model metadata of one loaded version")
    public Metadata.Model version(@PathParam("model") String model, @PathParam("version") String version) {
        ModelSession session = loaded(model, version).model();
        return Metadata.Model.of(session.manifest(), List.of(Integer.toString(session.ref().version())));
    }

    @GET
    @Path("/models/{model}/ready")
    @Operation(summary = "200 when the model has a servable version, 503 while it has none yet, 404 when unknown")
    public Response modelReady(@PathParam("model") String model) {
        boolean ready = routes.routing(model).isPresent();
        if (!ready && !routes.isKnown(model)) {
            throw unknown(model);
        }
        return Response.status(ready ? 200 : 503).entity(new Metadata.Ready(model, ready)).build();
    }

    @GET
    @Path("/models/{model}/versions/{version}/ready")
    @Operation(summary = "200 when the version is loaded here, else 404")
    public Metadata.Ready versionReady(@PathParam("model") String model, @PathParam("version") String version) {
        loaded(model, version);
        return new Metadata.Ready(model, true);
    }

    @POST
    @Path("/models/{model}/infer")
    @Operation(summary = "Classify FP32 [N, C, H, W] preprocessed tensors or BYTES [N] encoded images (JPEG/PNG, base64 or raw), "
            + "as JSON or binary tensor data; routed like the stream (the request id picks the sticky canary bucket)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InferRequest.class)))
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InferResponse.class)))
    public Response infer(@PathParam("model") String model, byte[] body,
                          @HeaderParam(INFERENCE_HEADER_CONTENT_LENGTH) Integer jsonLength) throws InterruptedException {
        budgets.reserveHttp(body.length);
        try {
            InferBody request = InferBody.read(body, jsonLength, mapper);
            Routing routing = routing(model);
            String inputName = routing.stable().model().manifest().input().name();
            List<InputItem> items = InputTensors.items(request, inputName, config.batching().maxBatchSize(), decoder, routing.decodeTarget());
            String id = request.request().id() == null || request.request().id().isBlank() ? "oip-" + UUID.randomUUID() : request.request().id();
            return response(request.request(), id, scorer.routed(model, id, items));
        } finally {
            budgets.http().release(body.length);
        }
    }

    @POST
    @Path("/models/{model}/versions/{version}/infer")
    @Operation(summary = "Classify on one loaded version, whatever the routing")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InferRequest.class)))
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InferResponse.class)))
    public Response inferOnVersion(@PathParam("model") String model, @PathParam("version") String version, byte[] body,
                                   @HeaderParam(INFERENCE_HEADER_CONTENT_LENGTH) Integer jsonLength) throws InterruptedException {
        budgets.reserveHttp(body.length);
        try {
            InferBody request = InferBody.read(body, jsonLength, mapper);
            MicroBatcher batcher = loaded(model, version);
            List<InputItem> items = InputTensors.items(request, batcher.model().manifest().input().name(), config.batching().maxBatchSize(), decoder,
                    batcher.model().manifest().preprocess().decodeTarget());
            return response(request.request(), request.request().id(), scorer.onVersion(batcher.model().ref(), items));
        } finally {
            budgets.http().release(body.length);
        }
    }

    @ServerExceptionMapper
    public Response refused(OipException e) {
        return error(e.status(), e.getMessage());
    }

    /** The HTTP budget is full: 503 with Retry-After, in the protocol's error form. */
    @ServerExceptionMapper
    public Response overloaded(OverloadedException e) {
        return Response.fromResponse(error(503, e.getMessage())).header(HttpHeaders.RETRY_AFTER, Math.max(1, e.retryAfter().toSeconds())).build();
    }

    /** An unacceptable Accept header, a malformed Inference-Header-Content-Length and the like, in the protocol's error form. */
    @ServerExceptionMapper
    public Response unreadable(WebApplicationException e) {
        return error(e.getResponse().getStatus(), e.getMessage());
    }

    /** JSON, or with binary outputs the JSON followed by their bytes and its length in {@code Inference-Header-Content-Length}. */
    private Response response(InferRequest request, String id, List<Scored> scored) {
        Scored first = scored.get(0);
        OutputTensors.Outputs outputs = OutputTensors.outputs(request, scored);
        InferResponse answer = new InferResponse(first.model().name(), Integer.toString(first.model().version()), id,
                Map.of("route", first.route().name().toLowerCase(Locale.ROOT)), outputs.json());
        if (outputs.binary().length == 0) {
            return Response.ok(answer, MediaType.APPLICATION_JSON).build();
        }
        try {
            byte[] json = mapper.writeValueAsBytes(answer);
            byte[] body = Arrays.copyOf(json, json.length + outputs.binary().length);
            System.arraycopy(outputs.binary(), 0, body, json.length, outputs.binary().length);
            return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM).header(INFERENCE_HEADER_CONTENT_LENGTH, json.length).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an inference response", e);
        }
    }

    private Routing routing(String model) {
        return routes.routing(model).orElseThrow(() -> routes.isKnown(model)
                ? new OipException(503, "model '" + model + "' has no servable version yet")
                : unknown(model));
    }

    private MicroBatcher loaded(String model, String version) {
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

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", String.valueOf(message))).build();
    }
}
