package dev.tierbench.coordinator.http;

import java.util.Map;

import dev.tierbench.coordinator.report.WebAssets;
import io.vertx.ext.web.Router;

/** The live page at {@code /} and the files it loads, all from the coordinator jar (no CDN: offline). */
final class WebPages {

  private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8", "html", "text/html; charset=utf-8");

  private WebPages() {}

  static void mount(Router router) {
    router.get("/").handler(ctx -> ctx.response().putHeader("content-type", TYPES.get("html"))
        .end(WebAssets.own("live.html")));
    router.get("/assets/chart.umd.min.js").handler(ctx -> ctx.response().putHeader("content-type", TYPES.get("js"))
        .end(WebAssets.chartJs()));
    for (String name : new String[] {"report.js", "api.js", "live.js", "submit.js", "report.css"}) {
      router.get("/assets/" + name).handler(ctx -> ctx.response()
          .putHeader("content-type", TYPES.get(name.substring(name.lastIndexOf('.') + 1))).end(WebAssets.own(name)));
    }
  }
}
