package dev.tierbench.coordinator.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tierbench.coordinator.trust.Access;
import dev.tierbench.coordinator.trust.Access.Caller;
import dev.tierbench.coordinator.trust.Access.Role;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a request through only with a credential whose role may use its method and path: {@code Authorization:
 * Bearer}, or the browser's cookie (see {@link BrowserLogin}). A request takes the operator unless a rule says
 * otherwise, so a route added later is closed until someone opens it. No or an unknown credential is answered 401,
 * a known one of the wrong role 403 naming the roles the request takes, and a state folder that cannot be read
 * 503; each refusal is logged through {@link Refusals}.
 */
final class Gate implements Handler<RoutingContext> {

  private static final String CALLER = "tierbench.caller";
  /** What a rule with no methods named applies to. */
  private static final Set<HttpMethod> ANY_METHOD = Set.of();
  private static final Rule OPERATOR_ONLY = new Rule(ANY_METHOD, "", true, EnumSet.of(Role.OPERATOR), "");

  /**
   * Who may use a path with one of {@code methods} (all when empty): exactly {@code path}, where a segment
   * {@code :name} stands for any one segment, or everything under it when {@code under}.
   *
   * @param what said in log lines, to tell an agent link's refusals from a page's
   */
  private record Rule(Set<HttpMethod> methods, String path, boolean under, Set<Role> roles, String what) {

    Rule {
      methods = Set.copyOf(methods);
      if (under && !path.endsWith("/") && !path.isEmpty()) {
        throw new IllegalArgumentException("a rule for a folder names it with a trailing '/': " + path);
      }
    }

    boolean matches(HttpMethod method, String requested) {
      if (!methods.isEmpty() && !methods.contains(method)) {
        return false;
      }
      if (under) {
        return requested.startsWith(path);
      }
      String[] want = path.split("/", -1);
      String[] got = requested.split("/", -1);
      if (want.length != got.length) {
        return false;
      }
      for (int i = 0; i < want.length; i++) {
        boolean any = want[i].startsWith(":") && !got[i].isEmpty();
        if (!any && !want[i].equals(got[i])) {
          return false;
        }
      }
      return true;
    }

    /** Rules naming a path are asked before folders, and a deeper folder before the one holding it. */
    int precedence() {
      return under ? path.length() : Integer.MAX_VALUE;
    }
  }

  private final Access access;
  private final BrowserLogin login;
  private final Refusals refusals;
  /** Replaced whole when a rule is added, so that a request never sees a list half sorted. */
  private volatile List<Rule> rules = List.of();

  Gate(Access access, BrowserLogin login, Refusals refusals) {
    if (access == null) {
      throw new IllegalArgumentException("the coordinator's HTTP side needs its access rules (a state folder):"
          + " it serves nothing to anyone unidentified");
    }
    this.access = access;
    this.login = login;
    this.refusals = refusals;
  }

  /** Lets {@code roles} use {@code path} exactly, by any method; {@code what} names it in refusals (blank: nothing). */
  void allow(String path, String what, Role... roles) {
    add(new Rule(ANY_METHOD, path, false, EnumSet.of(roles[0], roles), what));
  }

  /** Lets {@code roles} use {@code path} (a segment {@code :name} stands for any one) by one of {@code methods}. */
  void allow(Set<HttpMethod> methods, String path, Role... roles) {
    add(new Rule(methods, path, false, EnumSet.of(roles[0], roles), ""));
  }

  /** Lets {@code roles} use every path under {@code prefix} (which ends with '/'), by any method. */
  void allowUnder(String prefix, Role... roles) {
    allowUnder(ANY_METHOD, prefix, roles);
  }

  /** Lets {@code roles} use every path under {@code prefix} (which ends with '/') by one of {@code methods}. */
  void allowUnder(Set<HttpMethod> methods, String prefix, Role... roles) {
    add(new Rule(methods, prefix, true, EnumSet.of(roles[0], roles), ""));
  }

  /** Keeps the rules in the order they are asked, so that where a rule sits in the code does not matter. */
  private synchronized void add(Rule rule) {
    List<Rule> sorted = new ArrayList<>(rules);
    sorted.add(rule);
    sorted.sort(Comparator.comparingInt(Rule::precedence).reversed());
    rules = List.copyOf(sorted);
  }

  /** The first rule that matches, else the operator's. */
  private Rule rule(HttpMethod method, String path) {
    return rules.stream().filter(r -> r.matches(method, path)).findFirst().orElse(OPERATOR_ONLY);
  }

  /**
   * The caller a request was let through for: its role and name (the operator, an agent, a person), for a handler
   * to record who asked (who submitted a run).
   */
  static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String path = request.path();
    Rule rule = rule(request.method(), path);
    Optional<Caller> caller;
    Presented presented;
    try {
      String queryToken = request.method() == HttpMethod.GET ? ctx.queryParams().get(BrowserLogin.QUERY) : null;
      if (queryToken != null) {
        if (access.identify(queryToken).filter(c -> c.role().person()).isPresent()) {
          login.signIn(ctx, queryToken);
        } else {
          // Not a person's: refused as unknown, whatever else the request carries.
          unauthorized(ctx, rule, "an unknown token in the query");
        }
        return;
      }
      presented = presented(request);
      caller = presented.secret() == null ? Optional.empty() : access.identify(presented.secret());
    } catch (IOException | IllegalArgumentException e) {
      // The state folder cannot be read (or holds a broken token): nobody can be identified, so nobody gets in.
      String reason = "cannot check credentials: " + e.getMessage();
      refuse(ctx, rule, reason);
      new ApiError(503, Map.of("error", reason)).send(ctx);
      return;
    }
    if (presented.secret() == null) {
      unauthorized(ctx, rule, presented.problem());
    } else if (caller.isEmpty()) {
      unauthorized(ctx, rule, "an unknown " + presented.problem());
    } else if (!rule.roles().contains(caller.get().role())) {
      forbidden(ctx, rule, caller.get());
    } else {
      ctx.put(CALLER, caller.get());
      ctx.next();
    }
  }

  /**
   * What a request presents: a bearer secret, else the browser cookie; {@code problem} says which it was, or, with
   * no secret, what is wrong.
   */
  private record Presented(String secret, String problem) {}

  private static Presented presented(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    if (header != null) {
      String[] parts = header.strip().split("\\s+", 2);
      if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer") || parts[1].isBlank()) {
        return new Presented(null, "an Authorization header that is not 'Bearer <token>'");
      }
      return new Presented(parts[1].strip(), "bearer credential");
    }
    Cookie cookie = request.getCookie(BrowserLogin.COOKIE);
    if (cookie != null && !cookie.getValue().isBlank()) {
      return new Presented(cookie.getValue(), "login cookie");
    }
    return new Presented(null, "no credential");
  }

  private void unauthorized(RoutingContext ctx, Rule rule, String reason) {
    refuse(ctx, rule, reason);
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"tierbench\"");
    if (BrowserLogin.wantsPage(ctx.request())) {
      login.page(ctx, 401, "");
    } else {
      new ApiError(401, Map.of("error", "this coordinator needs a credential: send 'Authorization: Bearer <token>'"
          + " (an agent's credential, your own from 'tierbench token user add', or the operator token in the"
          + " coordinator's state folder); " + reason
          + " was given")).send(ctx);
    }
  }

  private void forbidden(RoutingContext ctx, Rule rule, Caller caller) {
    String needs = rule.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted()
        .collect(Collectors.joining(" or "));
    String reason = caller.role().name().toLowerCase(Locale.ROOT) + " credential (" + caller.name() + ") may not "
        + ctx.request().method() + " " + ctx.request().path() + ": it takes " + needs;
    refuse(ctx, rule, reason);
    new ApiError(403, Map.of("error", "the " + reason)).send(ctx);
  }

  private void refuse(RoutingContext ctx, Rule rule, String reason) {
    var peer = ctx.request().remoteAddress();
    refusals.refused(peer == null ? "?" : peer.hostAddress(), peer == null ? 0 : peer.port(),
        ctx.request().method().name(), ctx.request().path(), rule.what(), reason);
  }
}
