package dev.tierbench.coordinator.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.trust.JoinToken;
import dev.tierbench.common.trust.PinnedAuthority;
import dev.tierbench.coordinator.trust.Access.Role;

class StateFolderTest {

  @TempDir
  Path dir;

  private StateFolder open(Path folder, String... names) throws IOException {
    return StateFolder.open(folder, List.of(names), null, null);
  }

  @Test
  void firstStartMakesEverySecretForItsOwnerOnly() throws IOException {
    StateFolder state = open(dir.resolve("state"), "127.0.0.1", "coordinator.lab");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.dir())));
    List<String> made;
    try (var files = Files.list(state.dir())) {
      made = files.map(f -> f.getFileName().toString()).sorted().toList();
    }
    assertTrue(made.containsAll(List.of(StateFolder.CA, StateFolder.CA_KEY, StateFolder.SERVER_KEY,
        StateFolder.JOIN_TOKEN, StateFolder.OPERATOR_TOKEN, StateFolder.SCRAPE_TOKEN)), made.toString());
    assertTrue(Files.isRegularFile(state.serverChain()), "the server certificate is among them");
    for (String file : made) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.dir().resolve(file))),
          file + ": keys, tokens and certificates alike");
    }
    List<X509Certificate> chain = CertificateAuthority.readCertificates(state.serverChain());
    assertEquals(2, chain.size(), "the server certificate, then its authority");
    assertEquals(Set.of("127.0.0.1", "coordinator.lab"), CertificateAuthority.names(chain.get(0)));
    assertEquals(state.caKeySha256(), PinnedAuthority.keySha256(chain.get(1)));
    assertEquals(state.caKeySha256(), state.joinToken().caKeySha256(), "the token pins the authority");
  }

  @Test
  void theSecondStartKeepsWhatTheFirstMadeAndAddsANewName() throws IOException {
    Path folder = dir.resolve("state");
    StateFolder first = open(folder, "127.0.0.1");
    String token = first.joinToken().toString();
    StateFolder second = open(folder, "127.0.0.1");
    assertEquals(token, second.joinToken().toString());
    assertEquals(Files.readString(first.serverChain()), Files.readString(second.serverChain()));
    StateFolder third = open(folder, "127.0.0.1", "10.0.0.7");
    X509Certificate server = CertificateAuthority.readCertificates(third.serverChain()).get(0);
    assertTrue(CertificateAuthority.names(server).contains("10.0.0.7"), "a new name makes the certificate again");
    assertEquals(first.caKeySha256(), third.caKeySha256(), "by the same authority, so agents keep trusting it");
    assertEquals(token, third.joinToken().toString());
  }

  @Test
  void thePinnedAuthorityTrustsItsOwnServerAndNoOther() throws IOException, CertificateException {
    StateFolder ours = open(dir.resolve("ours"), "127.0.0.1");
    StateFolder theirs = open(dir.resolve("theirs"), "127.0.0.1");
    PinnedAuthority pin = new PinnedAuthority(ours.joinToken().caKeySha256());
    pin.checkServerTrusted(CertificateAuthority.readCertificates(ours.serverChain()).toArray(X509Certificate[]::new),
        "ECDHE_ECDSA");
    X509Certificate[] other = CertificateAuthority.readCertificates(theirs.serverChain()).toArray(X509Certificate[]::new);
    CertificateException refused = assertThrows(CertificateException.class, () -> pin.checkServerTrusted(other, "ECDHE_ECDSA"));
    assertTrue(refused.getMessage().contains("not from the certificate authority the join token names"),
        refused.getMessage());
    // Their server certificate presented with our authority's certificate after it: the signature gives it away.
    X509Certificate[] forged = {other[0], CertificateAuthority.readCertificates(ours.serverChain()).get(1)};
    refused = assertThrows(CertificateException.class, () -> pin.checkServerTrusted(forged, "ECDHE_ECDSA"));
    assertTrue(refused.getMessage().contains("is not signed by"), refused.getMessage());
  }

  @Test
  void eachSecretIdentifiesItsRole() throws IOException {
    StateFolder state = open(dir.resolve("state"), "127.0.0.1");
    Access access = state.access();
    JoinToken token = state.joinToken();
    assertEquals(Role.JOIN, access.identify(token.secret()).orElseThrow().role());
    assertEquals(Role.JOIN, access.identify(token.toString()).orElseThrow().role());
    assertEquals(Role.OPERATOR, access.identify(state.operatorToken()).orElseThrow().role());
    assertEquals(Role.SCRAPE, access.identify(state.scrapeToken()).orElseThrow().role());
    String credential = access.agents().issue("pi-7");
    assertEquals(new Access.Caller(Role.AGENT, "pi-7"), access.identify(credential).orElseThrow());
    assertEquals(Optional.empty(), access.identify(credential + "x"));
    assertEquals(Optional.empty(), access.identify(""));
    assertEquals(Optional.empty(), access.identify(null));
  }

  @Test
  void rotatingTheTokenKeepsCredentialsAndRevokingOneKeepsTheOthers() throws IOException {
    StateFolder state = open(dir.resolve("state"), "127.0.0.1");
    Access access = state.access();
    String oldSecret = state.joinToken().secret();
    String pi = access.agents().issue("pi-7");
    String jetson = access.agents().issue("jetson-2");
    JoinToken rotated = StateFolder.rotateJoinToken(state.dir());
    assertEquals(state.caKeySha256(), rotated.caKeySha256());
    assertEquals(Optional.empty(), access.identify(oldSecret), "the old token joins no one");
    assertEquals(Role.JOIN, access.identify(rotated.secret()).orElseThrow().role());
    assertEquals("pi-7", access.identify(pi).orElseThrow().name(), "agents that joined keep working");
    // Another process (tierbench token revoke) changes the file; this one sees it.
    assertTrue(StateFolder.agentCredentials(state.dir()).revoke("pi-7"));
    assertEquals(Optional.empty(), access.identify(pi));
    assertFalse(access.agents().holds("pi-7"));
    assertEquals("jetson-2", access.identify(jetson).orElseThrow().name());
    assertFalse(StateFolder.agentCredentials(state.dir()).revoke("pi-7"), "revoked once");
  }

  @Test
  void ofManyJoiningUnderOneNameAtOnceOneGetsIt() throws Exception {
    Access access = open(dir.resolve("state"), "127.0.0.1").access();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Optional<String>>> tries = pool.invokeAll(Collections.nCopies(16,
          () -> access.agents().issueNew("pi-7")));
      List<String> got = new ArrayList<>();
      for (Future<Optional<String>> tried : tries) {
        tried.get().ifPresent(got::add);
      }
      assertEquals(1, got.size(), "one credential for pi-7: " + got.size());
      assertEquals("pi-7", access.identify(got.get(0)).orElseThrow().name());
    } finally {
      pool.shutdown();
    }
    assertTrue(access.agents().revoke("pi-7"));
    assertTrue(access.agents().issueNew("pi-7").isPresent(), "a revoked name is free again");
  }

  @Test
  void theOperatorProvisioningANameReplacesItsCredential() throws IOException {
    Access access = open(dir.resolve("state"), "127.0.0.1").access();
    String lost = access.agents().issue("pi-7");
    String fresh = access.agents().issue("pi-7");
    assertNotEquals(lost, fresh);
    assertEquals(Optional.empty(), access.identify(lost));
    assertEquals(1, access.agents().issued().size());
    assertThrows(IllegalArgumentException.class, () -> access.agents().issue("../etc"));
  }

  @Test
  void anOperatorsOwnCertificateIsPinnedByItsAuthority() throws IOException {
    // Their own PKI: an authority made elsewhere, its server certificate handed to the coordinator.
    StateFolder pki = open(dir.resolve("pki"), "coordinator.example");
    StateFolder state = StateFolder.open(dir.resolve("state"), List.of("127.0.0.1"), pki.serverChain(), pki.serverKey());
    assertEquals(pki.caKeySha256(), state.caKeySha256());
    assertEquals(pki.caKeySha256(), state.joinToken().caKeySha256());
    assertFalse(Files.exists(state.dir().resolve(StateFolder.CA)), "no authority of its own is made");
    IOException e = assertThrows(IOException.class, () -> StateFolder.open(dir.resolve("bad"), List.of("x"),
        pki.serverChain(), pki.serverChain()));
    assertTrue(e.getMessage().contains("no unencrypted PEM private key") || e.getMessage().contains("readable by others"),
        e.getMessage());
  }
}
