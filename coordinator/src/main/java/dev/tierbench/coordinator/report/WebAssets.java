package dev.tierbench.coordinator.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files the report and the live page are made of, read from the classpath: tierbench's own under
 * {@code web/}, and Chart.js from its WebJar (the version pinned by the pom), so nothing is fetched at view time.
 */
public final class WebAssets {

  /** The Chart.js build both pages draw with, as the WebJar ships it. */
  public static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";

  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private WebAssets() {}

  /** tierbench's own asset {@code name} (e.g. "report.js"). */
  public static String own(String name) {
    return read("web/" + name);
  }

  /**
   * Chart.js without its source-map comment: the map is not shipped, and a browser asking for it would be a
   * request (and a console error) a self-contained file must not make.
   */
  public static String chartJs() {
    return read(CHART_JS).replaceAll("//# sourceMappingURL=\\S+\\s*$", "");
  }

  private static String read(String resource) {
    return CACHE.computeIfAbsent(resource, r -> {
      try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(r)) {
        if (in == null) {
          throw new IllegalStateException("missing from the coordinator jar: " + r);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
