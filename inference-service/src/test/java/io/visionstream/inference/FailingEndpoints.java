package io.visionstream.inference;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Test-only endpoints that fail, in the REST layer and below it (Vert.x routes), to see what such a failure answers. */
public final class FailingEndpoints {

    static final String SECRET = "connection string with password hunter2";

    private FailingEndpoints() {
    }

    @Path("/test-only/failing-resource")
    public static class FailingResource {

        @GET
        public String fail() {
            throw new IllegalStateException(SECRET);
        }
    }

    @ApplicationScoped
    public static class FailingRoute {

        void install(@Observes Router router) {
            router.get("/test-only/failing-route").order(1).handler(ctx -> {
                throw new IllegalStateException(SECRET);
            });
            router.get("/test-only/status-route").order(1).handler(ctx -> ctx.fail(413));
        }
    }
}
