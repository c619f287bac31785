package io.visionstream.inference.oip.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.visionstream.inference.config.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;

/**
 * Applies the REST surface's access policies to the gRPC port, which the HTTP permissions do not cover: ModelInfer
 * follows {@code visionstream.inference.security.classify-policy}, ServerMetadata, ModelMetadata and ModelReady
 * follow {@code read-policy}, ServerLive and ServerReady stay open like {@code /v2/health}. A policy is
 * {@code permit}, {@code authenticated} (a valid bearer JWT in the {@code authorization} metadata, verified like
 * REST's) or {@code ml-admin} (such a token with that role); the service refuses to start with any other value, so
 * the port is never more open than the policies say.
 */
@Startup
@ApplicationScoped
class GrpcPolicies implements ServerInterceptor {

    static final String PERMIT = "permit";
    static final String AUTHENTICATED = "authenticated";
    static final String ML_ADMIN = "ml-admin";
    private static final Set<String> OPEN_METHODS = Set.of("ServerLive", "ServerReady");
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "bearer ";
    private static final Logger LOG = Logger.getLogger(GrpcPolicies.class);

    private final String readPolicy;
    private final String classifyPolicy;
    private final JWTParser parser;

    @Inject
    GrpcPolicies(InferenceConfig config, JWTParser parser) {
        this.readPolicy = enforceable(config.security().readPolicy(), "visionstream.inference.security.read-policy");
        this.classifyPolicy = enforceable(config.security().classifyPolicy(), "visionstream.inference.security.classify-policy");
        this.parser = parser;
    }

    /** {@code policy}, when this port can enforce it; the service refuses to start otherwise. */
    static String enforceable(String policy, String key) {
        if (!Set.of(PERMIT, AUTHENTICATED, ML_ADMIN).contains(policy)) {
            throw new IllegalStateException("the gRPC port enforces the policies permit, authenticated and ml-admin, not '" + policy
                    + "': set " + key + " to one of them");
        }
        return policy;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        String policy = OPEN_METHODS.contains(method) ? PERMIT : "ModelInfer".equals(method) ? classifyPolicy : readPolicy;
        Status refusal = PERMIT.equals(policy) ? Status.OK : refusal(policy, headers.get(AUTHORIZATION), method);
        if (!refusal.isOk()) {
            call.close(refusal, new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }

    private Status refusal(String policy, String authorization, String method) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Status.UNAUTHENTICATED.withDescription(method + " needs a bearer JWT in the authorization metadata (policy " + policy + ")");
        }
        JsonWebToken token;
        try {
            token = parser.parse(authorization.substring(BEARER.length()).trim());
        } catch (ParseException e) {
            // as on REST, the answer never says which check refused the token; the log does
            LOG.debugf("gRPC %s: bearer token refused: %s", method, e.getMessage());
            return Status.UNAUTHENTICATED.withDescription("the bearer token is not valid: it must be signed by the trusted key, come from the "
                    + "configured issuer, name this service's audience and not be expired");
        }
        if (ML_ADMIN.equals(policy) && !token.getGroups().contains(ML_ADMIN)) {
            return Status.PERMISSION_DENIED.withDescription(method + " needs the role " + ML_ADMIN);
        }
        return Status.OK;
    }
}
