package dev.tierbench.coordinator;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its chromedriver (both found on this machine, never downloaded),
 * with the page's console kept so that a test can insist on no errors. Screenshots go to
 * {@code coordinator/target/screenshots/} as test artefacts.
 */
public final class Browser implements AutoCloseable {

  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;

  public Browser() {
    Path chromium = Path.of("/usr/bin/chromium");
    Path chromedriver = Path.of("/usr/bin/chromedriver");
    if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
      throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver: run bin/test"
          + " (bin/test-deps installs them) or apt-get install chromium chromium-driver");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-dev-shm-usage", "--window-size=1280,1600");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  public void open(String url) {
    driver.get(url);
  }

  public Object script(String javascript, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(javascript, args);
  }

  /**
   * Picks {@code files} in the file input {@code selector} as a person would in the file dialog (chromedriver sets
   * them through the DevTools protocol); a {@code multiple} input takes them all.
   */
  public void pick(String selector, Path... files) {
    driver.findElement(By.cssSelector(selector)).sendKeys(Arrays.stream(files)
        .map(f -> f.toAbsolutePath().toString()).collect(Collectors.joining("\n")));
  }

  /** Waits until {@code condition} holds, polling every 100 ms; fails after {@code limit}. */
  public void await(BooleanSupplier condition, Duration limit, String what) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what + "; console: "
            + console());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }

  /** True once the page set {@code document.body.dataset.rendered}. */
  public boolean rendered() {
    return "true".equals(script("return document.body.dataset.rendered || null;"));
  }

  /**
   * Points a Chart.js chart really drew for the plot {@code plotId}: markers (not fitted lines) whose pixel
   * position is finite and inside the chart area.
   */
  public long drawnMarkers(String plotId) {
    Object n = script("""
        const canvas = document.querySelector('canvas[data-plot="' + arguments[0] + '"]');
        if (!canvas) return -1;
        const chart = Chart.getChart(canvas);
        if (!chart) return -2;
        const area = chart.chartArea;
        let n = 0;
        chart.data.datasets.forEach((d, i) => {
          if (d.tbStyle === 'line') return;
          n += chart.getDatasetMeta(i).data.filter(e => Number.isFinite(e.x) && Number.isFinite(e.y)
              && e.x >= area.left - 1 && e.x <= area.right + 1 && e.y >= area.top - 1 && e.y <= area.bottom + 1).length;
        });
        return n;""", plotId);
    return ((Number) n).longValue();
  }

  /** Console messages at SEVERE (errors, failed loads), read since the last call. */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
  }

  private String console() {
    try {
      return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList()
          .toString();
    } catch (RuntimeException e) {
      return "(unavailable: " + e.getMessage() + ")";
    }
  }

  /** Saves the whole page (the window grown to its height) as {@code target/screenshots/<name>.png}. */
  public Path screenshot(String name) {
    long height = ((Number) script("return document.documentElement.scrollHeight;")).longValue();
    driver.manage().window().setSize(new Dimension(1280, (int) Math.min(12_000, Math.max(800, height))));
    File shot = driver.getScreenshotAs(OutputType.FILE);
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return target.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
