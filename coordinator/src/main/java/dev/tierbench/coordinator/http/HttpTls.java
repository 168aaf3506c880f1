package dev.tierbench.coordinator.http;

import java.nio.file.Path;

/**
 * The certificate the coordinator's HTTP side presents: what agents, {@code tierbench status}, browsers and
 * Prometheus check it by.
 *
 * @param chain the server certificate, then those up to the authority (PEM)
 * @param key the server certificate's private key (PEM)
 */
public record HttpTls(Path chain, Path key) {

  public HttpTls {
    if (chain == null || key == null) {
      throw new IllegalArgumentException("TLS needs both a certificate chain and its key");
    }
  }
}
