package dev.tierbench.coordinator.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import dev.tierbench.common.trust.ClientTrust;
import dev.tierbench.common.trust.JoinToken;
import dev.tierbench.common.trust.PinnedAuthority;
import dev.tierbench.common.trust.SecretFile;

/**
 * The coordinator's state folder: its certificate authority, the server certificate agents and browsers see, the
 * join token, the agents' and people's credentials, and the operator's and Prometheus's tokens. Whatever is missing is made on
 * first start; secrets are written 0600 in a folder only the owner may enter.
 *
 * @param serverChain the server certificate, then the certificates up to the authority (PEM)
 * @param caKeySha256 what the join token pins: the sha256 of the authority's public key
 */
public record StateFolder(Path dir, Path serverChain, Path serverKey, String caKeySha256, Access access) {

  public static final String CA = "ca.pem";
  public static final String CA_KEY = "ca.key";
  public static final String SERVER = "server.pem";
  public static final String SERVER_KEY = "server.key";
  public static final String JOIN_TOKEN = "join-token";
  public static final String AGENTS = "agent-credentials";
  public static final String USERS = "user-credentials";
  public static final String OPERATOR_TOKEN = "operator-token";
  public static final String SCRAPE_TOKEN = "scrape-token";

  /**
   * Opens {@code dir}, making what is missing.
   *
   * @param names the host names and addresses the server certificate must be valid for
   * @param userChain the operator's own server certificate chain (PEM, the pinned authority last), or null to use
   *     the folder's own authority
   * @param userKey the key of {@code userChain}
   */
  public static StateFolder open(Path dir, Collection<String> names, Path userChain, Path userKey) throws IOException {
    SecretFile.folder(dir);
    Path chain;
    Path key;
    String pin;
    if (userChain != null) {
      List<X509Certificate> certificates = CertificateAuthority.readCertificates(userChain);
      CertificateAuthority.readKey(userKey); // refused now, in one line, rather than at the first connection
      chain = userChain;
      key = userKey;
      pin = PinnedAuthority.keySha256(certificates.get(certificates.size() - 1));
    } else {
      CertificateAuthority ca = CertificateAuthority.openOrCreate(dir.resolve(CA), dir.resolve(CA_KEY),
          "tierbench coordinator CA");
      chain = dir.resolve(SERVER);
      key = dir.resolve(SERVER_KEY);
      ca.ensureServer(chain, key, names);
      pin = PinnedAuthority.keySha256(ca.certificate());
    }
    Path joinToken = dir.resolve(JOIN_TOKEN);
    // A token of another authority (the operator brought a certificate since) would make every agent refuse.
    if (!Files.exists(joinToken) || !JoinToken.parse(SecretFile.read(joinToken)).caKeySha256().equals(pin)) {
      SecretFile.write(joinToken, JoinToken.create(pin) + "\n");
    }
    for (String token : List.of(OPERATOR_TOKEN, SCRAPE_TOKEN)) {
      if (!Files.exists(dir.resolve(token))) {
        SecretFile.write(dir.resolve(token), JoinToken.randomSecret() + "\n");
      }
    }
    Access access = new Access(new WatchedFile<>(joinToken, f -> JoinToken.parse(SecretFile.read(f))),
        new WatchedFile<>(dir.resolve(OPERATOR_TOKEN), SecretFile::read),
        new WatchedFile<>(dir.resolve(SCRAPE_TOKEN), SecretFile::read), agentCredentials(dir),
        userCredentials(dir));
    return new StateFolder(dir, chain, key, pin, access);
  }

  /** The current join token. */
  public JoinToken joinToken() throws IOException {
    return JoinToken.parse(SecretFile.read(dir.resolve(JOIN_TOKEN)));
  }

  /**
   * Replaces the join token in {@code dir} with a new one for the same authority: agents holding a credential keep
   * working, and a running coordinator takes the new token at the next join; the old token joins no new agent.
   */
  public static JoinToken rotateJoinToken(Path dir) throws IOException {
    JoinToken token = JoinToken.create(pin(dir));
    SecretFile.write(dir.resolve(JOIN_TOKEN), token + "\n");
    return token;
  }

  /** The agent credentials kept in {@code dir}, for {@code tierbench token}. */
  public static AgentCredentials agentCredentials(Path dir) {
    return new AgentCredentials(dir.resolve(AGENTS));
  }

  /** People's credentials kept in {@code dir}, for {@code tierbench token user}. */
  public static UserCredentials userCredentials(Path dir) {
    return new UserCredentials(dir.resolve(USERS));
  }

  /**
   * What a client on the coordinator's machine presents as the operator, read from {@code dir}: the operator token,
   * and the authority the join token pins as the only one the coordinator's certificate may come from.
   */
  public static ClientTrust operatorTrust(Path dir) throws IOException {
    return new ClientTrust(SecretFile.read(dir.resolve(OPERATOR_TOKEN)), new PinnedAuthority(pin(dir)));
  }

  /** The sha256 of the authority the coordinator's certificate comes from, as {@code dir}'s join token pins it. */
  public static String pin(Path dir) throws IOException {
    return JoinToken.parse(SecretFile.read(dir.resolve(JOIN_TOKEN))).caKeySha256();
  }

  public String operatorToken() throws IOException {
    return SecretFile.read(dir.resolve(OPERATOR_TOKEN));
  }

  public String scrapeToken() throws IOException {
    return SecretFile.read(dir.resolve(SCRAPE_TOKEN));
  }
}
