package dev.tierbench.coordinator.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;

import dev.tierbench.coordinator.trust.CertificateAuthority;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * The certificate the coordinator's HTTP side presents: what agents, {@code tierbench status}, browsers and
 * Prometheus check it by.
 *
 * @param chain the server certificate, then those up to the authority (PEM)
 * @param key the server certificate's private key (PEM: PKCS#8, or the traditional EC or RSA forms)
 */
public record HttpTls(Path chain, Path key) {

  public HttpTls {
    if (chain == null || key == null) {
      throw new IllegalArgumentException("TLS needs both a certificate chain and its key");
    }
  }

  /**
   * The chain and key as Vert.x takes them. The key is read here (refused if others may read it) and handed over
   * as PKCS#8: Vert.x misreads the traditional EC form that the state folder and openssl write.
   */
  PemKeyCertOptions pemOptions() {
    try {
      byte[] pkcs8 = CertificateAuthority.readKey(key).getEncoded();
      String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
          .encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n";
      return new PemKeyCertOptions().setCertPath(chain.toString()).setKeyValue(Buffer.buffer(pem));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve TLS: " + e.getMessage(), e);
    }
  }
}
