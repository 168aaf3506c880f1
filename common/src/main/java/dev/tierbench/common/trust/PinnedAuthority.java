package dev.tierbench.common.trust;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import dev.tierbench.common.model.ModelFile;

/**
 * Trusts a server whose certificate chain leads to one certificate authority, named by the sha256 of its public
 * key (what a {@link JoinToken} carries): an agent verifies its coordinator on first contact, with no system CA
 * store and no trust-on-first-use. The host name is checked as well, by the TLS client.
 */
public final class PinnedAuthority implements X509TrustManager {

  private final String caKeySha256;

  public PinnedAuthority(String caKeySha256) {
    this.caKeySha256 = caKeySha256;
  }

  /** The sha256 of a certificate's SubjectPublicKeyInfo, lower-case hex: what a join token pins. */
  public static String keySha256(X509Certificate certificate) {
    return HexFormat.of().formatHex(ModelFile.newDigest().digest(certificate.getPublicKey().getEncoded()));
  }

  public String caKeySha256() {
    return caKeySha256;
  }

  /** A TLS context that trusts only servers of this authority. */
  public SSLContext sslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {this}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java has no TLS: " + e.getMessage(), e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    int anchor = -1;
    for (int i = 0; i < chain.length && anchor < 0; i++) {
      if (keySha256(chain[i]).equals(caKeySha256)) {
        anchor = i;
      }
    }
    if (anchor < 0) {
      throw new CertificateException("the server's certificate is not from the certificate authority the join token"
          + " names (CA key sha256 " + caKeySha256.substring(0, 16) + "...); it presented "
          + Arrays.stream(chain).map(c -> c.getSubjectX500Principal().getName()).collect(Collectors.joining(" <- "))
          + ": another server, or a relay that terminates TLS, answered");
    }
    for (int i = 0; i <= anchor; i++) {
      chain[i].checkValidity();
      if (i < anchor) {
        try {
          chain[i].verify(chain[i + 1].getPublicKey());
        } catch (GeneralSecurityException e) {
          throw new CertificateException("the server's certificate " + chain[i].getSubjectX500Principal().getName()
              + " is not signed by " + chain[i + 1].getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
        }
      }
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a pinned authority checks servers only");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
