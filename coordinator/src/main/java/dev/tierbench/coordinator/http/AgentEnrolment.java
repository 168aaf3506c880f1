package dev.tierbench.coordinator.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.coordinator.report.Json;
import dev.tierbench.coordinator.trust.Access;
import dev.tierbench.coordinator.trust.Access.Role;
import dev.tierbench.coordinator.trust.AgentCredentials;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /api/agents/credential {"name": NAME}}: how a new agent trades the join token for a credential of its
 * own, which the operator can later revoke without touching any other agent. A name that holds a credential is
 * refused (409) to the join token, which would otherwise let any holder of it take a running agent's id over:
 * revoking the name frees it. The operator may call it too, to provision an agent by hand, and then replaces any
 * credential the name held.
 */
final class AgentEnrolment {

  static final String PATH = "/api/agents/credential";
  /** {"name": 128 characters} is far below this. */
  private static final int BODY_LIMIT = 1_024;
  private static final Logger LOG = LoggerFactory.getLogger(AgentEnrolment.class);

  private AgentEnrolment() {}

  static void mount(Router router, Vertx vertx, Access access) {
    router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
        .handler(ctx -> issue(ctx, vertx, access));
  }

  private static void issue(RoutingContext ctx, Vertx vertx, Access access) {
    String name = name(ctx);
    if (!AgentCredentials.validName(name)) {
      new ApiError(400, Map.of("error", "give the agent's name as {\"name\": NAME}: 1 to 128 letters, digits, '.',"
          + " '_' or '-', the first a letter or digit")).send(ctx);
      return;
    }
    String peer = String.valueOf(ctx.request().remoteAddress());
    boolean operator = Gate.caller(ctx).role() == Role.OPERATOR;
    // Issuing rewrites the credentials file: a worker's job, not the event loop's.
    vertx.executeBlocking(() -> operator ? Optional.of(access.agents().issue(name)) : access.agents().issueNew(name),
        false).onComplete(issued -> {
      if (issued.failed()) {
        LOG.warn("cannot issue a credential to agent {} (from {}): {}", name, peer, issued.cause().toString());
        new ApiError(503, Map.of("error", "cannot issue a credential now: " + issued.cause().getMessage())).send(ctx);
        return;
      }
      if (issued.result().isEmpty()) {
        LOG.warn("refused the join token's request for agent {}'s credential (from {}): that agent holds one", name,
            peer);
        new ApiError(409, Map.of("error", "agent " + name + " already holds a credential: join under another"
            + " --agent-id, or, if this is " + name + " joining anew, run `tierbench token revoke " + name
            + "` on the coordinator first")).send(ctx);
        return;
      }
      LOG.info("issued a credential to agent {} (from {})", name, peer);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("credential", issued.result().get());
      ctx.response().putHeader("content-type", "application/json").putHeader("Cache-Control", "no-store")
          .end(Json.text(body));
    });
  }

  /** The name in the JSON body, or null when the body is not a JSON object with a string "name". */
  private static String name(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      return body == null || !(body.getValue("name") instanceof String name) ? null : name;
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }
}
