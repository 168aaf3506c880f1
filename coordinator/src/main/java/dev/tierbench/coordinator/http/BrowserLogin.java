package dev.tierbench.coordinator.http;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.coordinator.trust.Access;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * How a person's browser signs in, as Jupyter does it: open any page with {@code ?token=<token>} (the operator's,
 * in the link {@code tierbench coordinator} prints, or a person's own from {@code tierbench token user add}), or
 * type the token into the login page a browser gets instead of a 401. Either sets a cookie holding the token
 * itself: nothing is kept in memory, a restarted coordinator still knows the browser, and replacing the
 * operator-token file or revoking the person signs their browsers out. The cookie
 * is HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it) and Secure over TLS.
 */
final class BrowserLogin {

  static final String COOKIE = "tierbench-token";
  static final String QUERY = "token";
  /** A form holding a token is far below this; more is not a login. */
  private static final int FORM_LIMIT = 4_096;
  private static final Logger LOG = LoggerFactory.getLogger(BrowserLogin.class);

  private final Access access;
  private final boolean secure;

  /** @param secure whether the server speaks TLS, so that the cookie is never sent in clear */
  BrowserLogin(Access access, boolean secure) {
    this.access = access;
    this.secure = secure;
  }

  /** Whether the request comes from a browser opening a page (it would show a 401's JSON as text). */
  static boolean wantsPage(HttpServerRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("text/html");
  }

  /** {@code POST /login}: the login page's form; needs no credential, as it is how one is given. */
  void mount(Router router) {
    router.post("/login").handler(BodyHandler.create(false).setBodyLimit(FORM_LIMIT)).handler(ctx -> {
      String token = ctx.request().getFormAttribute(QUERY);
      boolean person;
      try {
        person = token != null && access.identify(token.strip()).map(c -> c.role().person()).orElse(false);
      } catch (IOException | IllegalArgumentException e) {
        page(ctx, 503, "The coordinator cannot check tokens now: " + e.getMessage());
        return;
      }
      if (!person) {
        LOG.warn("refused a login from {}: not a person's token", ctx.request().remoteAddress());
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"tierbench\"");
        page(ctx, 401, "That is not this coordinator's operator token, nor a user token of it.");
        return;
      }
      ctx.response().addCookie(cookie(token.strip()));
      redirect(ctx, "/");
    });
  }

  /** Sets the cookie for a person's {@code token} and sends the browser to the page it asked for, less the token. */
  void signIn(RoutingContext ctx, String token) {
    ctx.response().addCookie(cookie(token));
    String query = ctx.request().query() == null ? "" : Arrays.stream(ctx.request().query().split("&"))
        .filter(p -> !p.isEmpty() && !p.equals(QUERY) && !p.startsWith(QUERY + "="))
        .collect(Collectors.joining("&"));
    // Leading slashes and backslashes collapsed: "//host" would send the browser to another site.
    redirect(ctx, "/" + ctx.request().path().replaceFirst("^[/\\\\]+", "") + (query.isEmpty() ? "" : "?" + query));
  }

  private Cookie cookie(String token) {
    return Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
        .setSecure(secure);
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
  }

  /** The login page, answering {@code status}, with {@code message} above the form. */
  void page(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(PAGE.replace("{message}", escape(message)));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static final String PAGE = """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>tierbench: sign in</title>
      <style>body{font-family:sans-serif;max-width:32rem;margin:4rem auto}input{width:100%;font-family:monospace}</style>
      </head><body>
      <h1>tierbench coordinator</h1>
      <p id="message">{message}</p>
      <form method="post" action="/login">
      <p><label for="token">Token</label>: your own (from <code>tierbench token user add</code>), or the operator's
      (the file <code>operator-token</code> in the coordinator's state folder, or the link the coordinator printed
      when it started)</p>
      <p><input id="token" name="token" type="password" autocomplete="current-password" autofocus></p>
      <p><button type="submit">Sign in</button></p>
      </form>
      </body></html>
      """;
}
