package dev.tierbench.agent.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.EvalRef;
import dev.tierbench.common.protocol.ModelRef;
import dev.tierbench.common.trust.ClientTrust;

/**
 * What an agent downloads from its coordinator, kept on its disk by sha256 and named by what it is: models under
 * {@code models/} with their format's extension, evaluation sets under {@code datasets/}. One missing here is
 * downloaded from the coordinator's HTTP server and kept only if its bytes hash to the name it was asked for. Each
 * download carries the agent's credential, and over https trusts only the authority the join token pinned (the
 * host name is checked too).
 */
public final class DownloadCache implements Fetcher {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Path models;
  private final Path datasets;
  private final ClientTrust trust;
  /** Made at the first download: an idle agent need not carry the HTTP client and its TLS classes (issue 14). */
  private HttpClient http;
  private final Set<String> verified = ConcurrentHashMap.newKeySet();

  /** @param trust the credential downloads carry and the authority an https coordinator must be of */
  public DownloadCache(Path cacheDir, ClientTrust trust) {
    this.models = cacheDir.resolve("models");
    this.datasets = cacheDir.resolve("datasets");
    this.trust = trust;
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http = trust.httpClient(CONNECT_TIMEOUT);
    }
    return http;
  }

  /** Where the models are kept. */
  public Path models() {
    return models;
  }

  /** Downloads {@code model} from {@code modelsUrl}/{sha256} unless it is on disk already. */
  @Override
  public Path fetch(ModelRef model, ModelFormat format, String modelsUrl) throws FetchException {
    return fetch("model", model.name(), model.sha256(), model.bytes(), models.resolve(model.sha256()
        + format.extension()), modelsUrl);
  }

  /** Downloads {@code set} like a model, from the coordinator's {@code /datasets} (the same HTTP root as models). */
  @Override
  public Path fetch(EvalRef set, String modelsUrl) throws FetchException {
    String datasetsUrl = URI.create(modelsUrl + "/").resolve("../datasets").toString();
    return fetch("evaluation set", set.name(), set.sha256(), set.bytes(), datasets.resolve(set.sha256() + ".tbev"),
        datasetsUrl);
  }

  private Path fetch(String kind, String name, String sha256, long bytes, Path file, String baseUrl)
      throws FetchException {
    try {
      if (Files.isRegularFile(file) && (verified.contains(sha256) || matches(file, sha256, bytes))) {
        verified.add(sha256);
        return file;
      }
      download(kind, name, sha256, baseUrl, file);
      verified.add(sha256);
      return file;
    } catch (IOException e) {
      throw new FetchException("cannot fetch " + kind + " " + name + " (" + sha256.substring(0, 12) + ") from "
          + baseUrl + ": " + e, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("interrupted while fetching " + kind + " " + name, true);
    }
  }

  private static boolean matches(Path file, String sha256, long bytes) throws IOException {
    return Files.size(file) == bytes && ModelFile.sha256(file).equals(sha256);
  }

  private void download(String kind, String name, String sha256, String baseUrl, Path file)
      throws IOException, InterruptedException, FetchException {
    Path folder = file.getParent();
    Files.createDirectories(folder);
    URI uri = URI.create(baseUrl + "/" + sha256);
    HttpResponse<InputStream> response = http().send(trust.authorize(HttpRequest.newBuilder(uri).GET()).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      response.body().close();
      // Asking again would be refused again: the task fails now, saying what to do.
      throw new FetchException("the coordinator refused this agent's credential (" + response.statusCode()
          + "): was it revoked? join again with a join token", false);
    }
    if (response.statusCode() != 200) {
      response.body().close();
      throw new FetchException("the coordinator does not serve " + kind + " " + name + " at " + uri
          + " (HTTP " + response.statusCode() + ")", response.statusCode() >= 500);
    }
    Path partial = Files.createTempFile(folder, sha256, ".part");
    MessageDigest digest = ModelFile.newDigest();
    try (InputStream in = response.body();
        OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
      in.transferTo(out);
      out.flush();
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(sha256)) {
        throw new FetchException(kind + " " + name + " downloaded from " + uri + " hashes to " + actual
            + ", not " + sha256 + " (corrupted in transit?)", true);
      }
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
