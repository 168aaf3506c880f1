package dev.tierbench.coordinator.trust;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import dev.tierbench.common.trust.SecretFile;

/**
 * The coordinator's own certificate authority: made on first start (EC P-256), it signs the server certificate
 * that agents and browsers see, for the names the coordinator is reached by. The JDK's own provider signs; Bouncy
 * Castle only builds and reads the certificates, so no signed provider jar is needed.
 */
public final class CertificateAuthority {

  private static final Duration CA_LIFETIME = Duration.ofDays(3650);
  private static final Duration SERVER_LIFETIME = Duration.ofDays(730);
  /** A server certificate this close to its end is made again at start. */
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);
  private static final String SIGNATURE = "SHA256withECDSA";

  private final X509Certificate certificate;
  private final PrivateKey key;

  private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The authority in {@code cert} and {@code keyFile}, made there first if neither exists. */
  static CertificateAuthority openOrCreate(Path certFile, Path keyFile, String name) throws IOException {
    if (Files.exists(certFile) || Files.exists(keyFile)) {
      return new CertificateAuthority(readCertificates(certFile).get(0), readKey(keyFile));
    }
    KeyPair pair = newKeyPair();
    Instant now = Instant.now();
    X500Name subject = new X500Name("CN=" + name);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(60)),
          Date.from(now.plus(CA_LIFETIME)), subject, pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate ca = sign(builder, pair.getPrivate());
      SecretFile.write(keyFile, pem(pair.getPrivate()));
      // Public, but kept as the state folder's other files are: its owner's alone.
      SecretFile.write(certFile, pem(ca));
      return new CertificateAuthority(ca, pair.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make a certificate authority: " + e.getMessage(), e);
    }
  }

  /**
   * Makes sure {@code chainFile} holds a server certificate of this authority, valid for a while yet, for at least
   * {@code names} (host names or IP addresses), followed by the authority's certificate; makes it (and its key in
   * {@code keyFile}) again when not.
   *
   * @return whether a new certificate was made
   */
  boolean ensureServer(Path chainFile, Path keyFile, Collection<String> names) throws IOException {
    Set<String> wanted = new TreeSet<>(names);
    if (Files.exists(chainFile) && Files.exists(keyFile)) {
      X509Certificate current = readCertificates(chainFile).get(0);
      boolean fresh = current.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
      if (fresh && names(current).containsAll(wanted) && signedByMe(current)) {
        return false;
      }
    }
    KeyPair pair = newKeyPair();
    Instant now = Instant.now();
    List<GeneralName> alternatives = new ArrayList<>();
    for (String name : wanted) {
      alternatives.add(isAddress(name) ? new GeneralName(GeneralName.iPAddress, name)
          : new GeneralName(GeneralName.dNSName, name));
    }
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
          Date.from(now.minusSeconds(60)), Date.from(now.plus(SERVER_LIFETIME)),
          new X500Name("CN=" + wanted.iterator().next()), pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false,
              new GeneralNames(alternatives.toArray(GeneralName[]::new)))
          .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
      X509Certificate server = sign(builder, key);
      SecretFile.write(keyFile, pem(pair.getPrivate()));
      SecretFile.write(chainFile, pem(server) + pem(certificate));
      return true;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make the server certificate: " + e.getMessage(), e);
    }
  }

  private boolean signedByMe(X509Certificate server) {
    try {
      server.verify(certificate.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The DNS names and IP addresses a certificate is for. */
  static Set<String> names(X509Certificate certificate) throws IOException {
    Set<String> names = new TreeSet<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> entry : alternatives) {
          Object value = entry.get(1);
          if (value instanceof String text) {
            names.add(isAddress(text) ? InetAddress.getByName(text).getHostAddress() : text);
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      throw new IOException("cannot read the names of " + certificate.getSubjectX500Principal() + ": " + e.getMessage(), e);
    }
    return names;
  }

  private static boolean isAddress(String name) {
    return name.matches("[0-9.]+") || name.contains(":");
  }

  /** Every certificate in a PEM file, in order. */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file)))) {
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof X509CertificateHolder holder) {
          certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException(file + ": not a PEM certificate file: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IOException(file + ": holds no PEM certificate");
    }
    return certificates;
  }

  /** The private key in a PEM file (PKCS#8, or the traditional EC or RSA forms). */
  public static PrivateKey readKey(Path file) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(SecretFile.read(file)))) {
      Object item = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (item instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (item instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IOException(file + ": holds no unencrypted PEM private key");
    } catch (org.bouncycastle.openssl.PEMException | RuntimeException e) {
      throw new IOException(file + ": not a private key this Java reads (" + e.getMessage() + "); convert it with"
          + " openssl pkcs8 -topk8 -nocrypt", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      ContentSigner contentSigner = new JcaContentSignerBuilder(SIGNATURE).build(signer);
      return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  private static KeyPair newKeyPair() throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IOException("this Java cannot make EC keys: " + e.getMessage(), e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, new SecureRandom());
  }

  /** A certificate, or a private key as PKCS#8 (what the JDK, Vert.x and openssl all read). */
  static String pem(Object item) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      // A key as PKCS#8: written as it is, the JDK's EC key becomes a SEC1 "EC PRIVATE KEY" without its curve,
      // which neither readKey nor Vert.x can read back.
      writer.writeObject(item instanceof PrivateKey key ? new JcaPKCS8Generator(key, null) : item);
    }
    return text.toString();
  }
}
