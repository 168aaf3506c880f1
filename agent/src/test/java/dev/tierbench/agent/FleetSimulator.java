package dev.tierbench.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;

import dev.tierbench.agent.host.HostInfo;
import dev.tierbench.agent.join.Enrolment;
import dev.tierbench.agent.link.CoordinatorChannel;
import dev.tierbench.agent.link.CoordinatorException;
import dev.tierbench.agent.link.CoordinatorLink;
import dev.tierbench.agent.link.TaskRunner;
import dev.tierbench.agent.measure.ProgressListener;
import dev.tierbench.agent.metrics.AgentMetrics;
import dev.tierbench.agent.task.ActiveTask;
import dev.tierbench.common.protocol.Ack;
import dev.tierbench.common.protocol.Addresses;
import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.EncodedHistogram;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.EngineInfo;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.NoWork;
import dev.tierbench.common.protocol.Phase;
import dev.tierbench.common.protocol.TaskAssignment;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.protocol.TaskSpec;
import dev.tierbench.common.protocol.WireMessage;
import dev.tierbench.common.stats.Histograms;
import dev.tierbench.common.trust.ClientTrust;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;

/**
 * Many lightweight agents in one JVM for {@code bench/fleet-scale.sh}: each a real {@link CoordinatorLink} over its
 * own {@link DialOutChannel} (one TLS WebSocket, its own agent id and credential, traded for the join token as a
 * real agent trades it), on a few event loops, with a fake measurement
 * that waits on a Vert.x timer and ends with a valid {@link TaskResult} (a small real HdrHistogram). It times every
 * LeaseRequest to its TaskAssignment, counts lease grants and accepted results inside a measured window, and near
 * the end can cut a few agents that hold leases (their sockets closed, no Leave) so that the bench sees how soon the
 * coordinator takes those leases back. Bench code, not product code: it lives in the agent's test sources.
 *
 * <pre>
 * run   --coordinator URL --state-dir DIR --agents-dir DIR --agents N [--first I] [--tier T] [--task-ms 100]
 *       [--event-loops 2] [--progress 3] [--ramp 16] --go FILE --out FILE [--kill K --kill-out FILE]
 * merge FILE...     (the run outputs of every JVM: one KEY=VALUE per line, histograms merged)
 * </pre>
 *
 * The go file, written by the bench once every JVM has registered its agents, holds four epoch milliseconds: the
 * measured window's start and end, when to cut agents, and when to stop.
 */
public final class FleetSimulator {

  /** The engine the simulated agents report: the default one, so that a plain sweep's tasks match. */
  static final EngineInfo ENGINE = EngineInfo.running(Engine.TFLITE, "2.20.0");
  static final String RUNTIME = "fleet simulator (no inference)";

  private FleetSimulator() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: FleetSimulator run OPTIONS | merge FILE...");
    }
    if (args[0].equals("merge")) {
      List<Stats.Snapshot> parts = new ArrayList<>();
      for (int i = 1; i < args.length; i++) {
        parts.add(Stats.Snapshot.read(Path.of(args[i])));
      }
      System.out.print(Stats.Snapshot.merge(parts).describe());
      return;
    }
    try {
      run(options(args));
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.err.println("fleet-sim: failed: " + e);
      // The event loops are not daemons: without a halt a failed simulator would wait for ever.
      Runtime.getRuntime().halt(1);
    }
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --NAME VALUE, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  private static void run(Map<String, String> options) throws Exception {
    URI coordinator = URI.create(required(options, "coordinator"));
    Path state = Path.of(required(options, "state-dir"));
    Path agentsDir = Path.of(required(options, "agents-dir"));
    int agents = Integer.parseInt(required(options, "agents"));
    int first = Integer.parseInt(options.getOrDefault("first", "0"));
    String tier = options.getOrDefault("tier", "fleet");
    Duration task = Duration.ofMillis(Long.parseLong(options.getOrDefault("task-ms", "100")));
    int loops = Integer.parseInt(options.getOrDefault("event-loops", "2"));
    int progress = Integer.parseInt(options.getOrDefault("progress", "3"));
    int ramp = Integer.parseInt(options.getOrDefault("ramp", "16"));
    Path go = Path.of(required(options, "go"));
    Path out = Path.of(required(options, "out"));
    int kill = Integer.parseInt(options.getOrDefault("kill", "0"));
    Path killOut = kill > 0 ? Path.of(required(options, "kill-out")) : null;

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      ids.add(String.format(Locale.ROOT, "fleet-%05d", first + i));
    }
    long enrolling = System.nanoTime();
    Map<String, ClientTrust> credentials = enrol(ids, coordinator, agentsDir, read(state.resolve("join-token")), ramp);
    System.out.printf(Locale.ROOT, "fleet-sim: %d agents enrolled in %.1f s, %d at a time%n", agents,
        (System.nanoTime() - enrolling) / 1e9, ramp);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    Stats stats = new Stats();
    FakeMeasurement measurement = new FakeMeasurement(task, progress, 64, first);
    AgentInfo template = HostInfo.describe("fleet-template", tier, List.of(ENGINE), Map.of("simulated", "true"), "", null);

    long began = System.nanoTime();
    List<SimulatedAgent> fleet = new ArrayList<>();
    List<Future<?>> registered = new ArrayList<>();
    // A few registrations at a time, as a fleet that comes up over a while: hundreds of TLS handshakes at once
    // time out on a small machine, and the link takes a handshake that timed out for an untrusted server.
    Semaphore inFlight = new Semaphore(ramp);
    for (String id : ids) {
      SimulatedAgent agent = new SimulatedAgent(withId(template, id), coordinator, credentials.get(id), measurement,
          stats);
      fleet.add(agent);
      if (!inFlight.tryAcquire(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("agents did not register within 120 s");
      }
      registered.add(vertx.deployVerticle(agent).andThen(done -> inFlight.release()));
    }
    Future.all(registered).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    System.out.printf(Locale.ROOT, "fleet-sim: %d agents registered in %.1f s%n", agents,
        (System.nanoTime() - began) / 1e9);
    System.out.flush();

    long[] times = awaitGo(go);
    stats.window(times[0], times[1]);
    sleepUntil(times[0]);
    long cpuStart = processCpuNanos();
    sleepUntil(times[1]);
    long cpuEnd = processCpuNanos();
    if (kill > 0) {
      sleepUntil(times[2]);
      List<String> lines = cut(fleet, kill);
      Files.write(killOut, lines, StandardCharsets.UTF_8);
    }
    sleepUntil(times[3]);
    stats.snapshot(agents, times[1] - times[0], cpuEnd - cpuStart).write(out);
    // No Leave: the bench stops the coordinator next; halting spares 250 links' goodbyes.
    Runtime.getRuntime().halt(0);
  }

  /**
   * Each agent's credential, kept in {@code dir} or traded for {@code joinToken} by the agent's own
   * {@link Enrolment}, {@code parallel} at a time: hundreds of enrolments at once time out on a small machine.
   */
  static Map<String, ClientTrust> enrol(List<String> ids, URI coordinator, Path dir, String joinToken, int parallel)
      throws InterruptedException, ExecutionException {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Callable<ClientTrust>> each = ids.stream().<Callable<ClientTrust>>map(id -> () -> Enrolment.credential(dir,
          id, coordinator, joinToken, Duration.ofSeconds(60))).toList();
      List<java.util.concurrent.Future<ClientTrust>> enrolled = pool.invokeAll(each);
      Map<String, ClientTrust> credentials = new LinkedHashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        credentials.put(ids.get(i), enrolled.get(i).get());
      }
      return credentials;
    } finally {
      pool.shutdown();
    }
  }

  /** Cuts up to {@code count} agents that hold a lease now; one line per agent: id, lease, task, epoch ms cut. */
  static List<String> cut(List<SimulatedAgent> fleet, int count) throws Exception {
    List<CompletableFuture<String>> cuts = new ArrayList<>();
    // A slow coordinator keeps agents waiting for leases and acks: look again, for up to two seconds.
    long giveUp = System.nanoTime() + 2_000_000_000L;
    while (cuts.size() < count && System.nanoTime() < giveUp) {
      for (SimulatedAgent agent : fleet) {
        if (cuts.size() == count) {
          break;
        }
        CompletableFuture<String> cut = new CompletableFuture<>();
        agent.context().runOnContext(v -> cut.complete(agent.cutIfLeased()));
        if (cut.get(10, TimeUnit.SECONDS) != null) {
          cuts.add(cut);
        }
      }
    }
    List<String> lines = new ArrayList<>();
    for (CompletableFuture<String> cut : cuts) {
      lines.add(cut.get());
    }
    return lines;
  }

  static AgentInfo withId(AgentInfo t, String agentId) {
    return new AgentInfo(agentId, t.tier(), t.hostname(), t.os(), t.arch(), t.cores(), t.memoryBytes(), t.jvm(),
        t.engines(), t.labels(), t.metricsAddress());
  }

  private static long[] awaitGo(Path go) throws InterruptedException {
    while (true) {
      try {
        String[] parts = Files.readString(go).trim().split("\\s+");
        if (parts.length == 4) {
          long[] times = new long[4];
          for (int i = 0; i < 4; i++) {
            times[i] = Long.parseLong(parts[i]);
          }
          return times;
        }
      } catch (IOException e) {
        // not written yet
      }
      Thread.sleep(50);
    }
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    long wait = epochMillis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  // ---- one simulated agent

  /** An agent's link on its own event loop, as {@link Agent} wires it, with the fake measurement as its runner. */
  static final class SimulatedAgent extends VerticleBase {

    private final AgentInfo info;
    private final URI coordinator;
    private final ClientTrust trust;
    private final FakeMeasurement measurement;
    private final Stats stats;
    private MeteredChannel channel;
    private ActiveTask holding;
    private boolean cut;

    SimulatedAgent(AgentInfo info, URI coordinator, ClientTrust trust, FakeMeasurement measurement, Stats stats) {
      this.info = info;
      this.coordinator = coordinator;
      this.trust = trust;
      this.measurement = measurement;
      this.stats = stats;
    }

    io.vertx.core.Context context() {
      return context;
    }

    @Override
    public Future<?> start() {
      AgentSettings settings = new AgentSettings(info.agentId(), info.tier(), Map.of(), Path.of("unused-cache"),
          Path.of("unused-device.lock"), Duration.ofSeconds(120), Duration.ofSeconds(1), Duration.ofMinutes(10), trust);
      channel = new MeteredChannel(new DialOutChannel(vertx, context, coordinator, trust), stats);
      TaskRunner runner = (task, modelsUrl, listener) -> {
        holding = task;
        CompletableFuture<WireMessage> outcome = new CompletableFuture<>();
        measurement.run(vertx, info, task, listener, message -> {
          if (!cut) { // a cut agent is gone: its outcome never comes
            holding = null;
            outcome.complete(message);
          }
        });
        return outcome;
      };
      CoordinatorLink link = new CoordinatorLink(settings, info, new Outbox(), AgentMetrics.none(info.tier(),
          info.agentId()), channel, new VertxTicker(vertx), runner);
      return Future.fromCompletionStage(link.start(), context);
    }

    /** On this agent's loop: if it holds a lease, closes its link without a word and says what it held. */
    String cutIfLeased() {
      if (cut || holding == null) {
        return null;
      }
      cut = true;
      long at = System.currentTimeMillis();
      channel.cut();
      return info.agentId() + "\t" + holding.leaseId() + "\t" + holding.taskId() + "\t" + at;
    }
  }

  // ---- the fake measurement

  /**
   * Waits the task's length on a Vert.x timer (no thread sleeps), telling the phases a real agent tells, then ends
   * with a result shaped as {@code TaskPipeline} makes one: one of a pool of small real encoded histograms, made
   * once (encoding one per task would put the simulator's own zlib work in the figures).
   */
  static final class FakeMeasurement {

    private static final Phase[] PHASES = {Phase.DOWNLOADING, Phase.WAITING_FOR_DEVICE, Phase.MEASURING};
    private final Duration length;
    private final int progressMessages;
    private final List<EncodedHistogram> latencies = new ArrayList<>();
    private final List<Long> counts = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    /** @param progressMessages how many of the phases DOWNLOADING, WAITING_FOR_DEVICE, MEASURING each task tells */
    FakeMeasurement(Duration length, int progressMessages, int pool, long seed) {
      this.length = length;
      this.progressMessages = Math.max(0, Math.min(PHASES.length, progressMessages));
      Random random = new Random(seed);
      for (int i = 0; i < pool; i++) {
        Histogram histogram = Histograms.create();
        int queries = 20 + random.nextInt(80);
        for (int q = 0; q < queries; q++) {
          histogram.recordValue(500_000 + (long) (random.nextGaussian() * 20_000 + random.nextInt(50_000)));
        }
        latencies.add(EncodedHistogram.of(histogram));
        counts.add(histogram.getTotalCount());
      }
    }

    void run(Vertx vertx, AgentInfo agent, ActiveTask task, ProgressListener listener,
        java.util.function.Consumer<WireMessage> done) {
      long startedAt = System.currentTimeMillis();
      for (int i = 0; i < progressMessages; i++) {
        listener.progress(PHASES[i], 0, 0);
      }
      vertx.setTimer(Math.max(1, length.toMillis()), t -> done.accept(result(agent, task, startedAt)));
    }

    TaskResult result(AgentInfo agent, ActiveTask task, long startedAtMillis) {
      int i = Math.floorMod(next.getAndIncrement(), latencies.size());
      TaskSpec spec = task.assignment().task();
      Measurement measured = new Measurement(RUNTIME, 1_000_000, 600_000, 0, 0, true, counts.get(i), length.toNanos(),
          latencies.get(i), false, startedAtMillis, List.of(), Double.NaN, List.of(), List.of());
      return new TaskResult(spec.taskId(), task.leaseId(), agent.agentId(), agent.hostname(), agent.tier(),
          spec.model().sha256(), measured);
    }
  }

  // ---- what the coordinator is asked, timed and counted

  /** The agent's channel, timing lease requests and counting accepted results; once cut, it is silent for good. */
  static final class MeteredChannel implements CoordinatorChannel {

    private final CoordinatorChannel channel;
    private final Stats stats;
    private boolean cut;

    MeteredChannel(CoordinatorChannel channel, Stats stats) {
      this.channel = channel;
      this.stats = stats;
    }

    @Override
    public CompletionStage<Object> request(String address, WireMessage message, Duration timeout) {
      if (cut) {
        return CompletableFuture.failedFuture(CoordinatorException.unreachable("this simulated agent was cut"));
      }
      long sent = System.nanoTime();
      return channel.request(address, message, timeout).whenComplete((reply, e) -> {
        if (e != null) {
          stats.error();
        } else if (address.equals(Addresses.LEASE)) {
          if (reply instanceof TaskAssignment) {
            stats.leased(System.nanoTime() - sent);
          } else if (reply instanceof NoWork) {
            stats.noWork();
          }
        } else if (address.equals(Addresses.RESULT) && reply instanceof Ack ack && ack.accepted()) {
          stats.resultAccepted(System.nanoTime() - sent);
        }
      });
    }

    @Override
    public void send(String address, WireMessage message) {
      if (!cut) {
        channel.send(address, message);
      }
    }

    @Override
    public void close() {
      channel.close();
    }

    void cut() {
      cut = true;
      channel.close();
    }
  }

  /** Counts inside the measured window (epoch ms, half open), from any event loop. */
  static final class Stats {

    private volatile long from = Long.MAX_VALUE;
    private volatile long until = Long.MIN_VALUE;
    private final LongAdder leases = new LongAdder();
    private final LongAdder results = new LongAdder();
    private final LongAdder noWork = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Histogram leaseNanos = Histograms.create();
    /** From sending a result to its acknowledgement: the coordinator stores it first. */
    private final Histogram ackNanos = Histograms.create();

    void window(long fromMillis, long untilMillis) {
      from = fromMillis;
      until = untilMillis;
    }

    private boolean inWindow() {
      long now = System.currentTimeMillis();
      return now >= from && now < until;
    }

    void leased(long nanos) {
      if (inWindow()) {
        leases.increment();
        synchronized (leaseNanos) {
          leaseNanos.recordValue(nanos);
        }
      }
    }

    void resultAccepted(long nanos) {
      if (inWindow()) {
        results.increment();
        synchronized (ackNanos) {
          ackNanos.recordValue(nanos);
        }
      }
    }

    void noWork() {
      if (inWindow()) {
        noWork.increment();
      }
    }

    void error() {
      if (inWindow()) {
        errors.increment();
      }
    }

    Snapshot snapshot(int agents, long windowMillis, long cpuNanos) {
      synchronized (leaseNanos) {
        synchronized (ackNanos) {
          return new Snapshot(agents, windowMillis, leases.sum(), results.sum(), noWork.sum(), errors.sum(), cpuNanos,
              leaseNanos.copy(), ackNanos.copy());
        }
      }
    }

    /** One JVM's figures, or several merged: counts summed, lease latencies merged (never averaged). */
    record Snapshot(int agents, long windowMillis, long leases, long results, long noWork, long errors,
        long cpuNanos, Histogram leaseNanos, Histogram ackNanos) {

      static Snapshot merge(List<Snapshot> parts) {
        Histogram all = Histograms.create();
        Histogram acks = Histograms.create();
        int agents = 0;
        long window = 0;
        long leases = 0;
        long results = 0;
        long noWork = 0;
        long errors = 0;
        long cpu = 0;
        for (Snapshot part : parts) {
          all.add(part.leaseNanos);
          acks.add(part.ackNanos);
          agents += part.agents;
          window = Math.max(window, part.windowMillis);
          leases += part.leases;
          results += part.results;
          noWork += part.noWork;
          errors += part.errors;
          cpu += part.cpuNanos;
        }
        return new Snapshot(agents, window, leases, results, noWork, errors, cpu, all, acks);
      }

      double perSecond() {
        return windowMillis == 0 ? 0 : (leases + results) * 1000.0 / windowMillis;
      }

      double leaseMillis(double percentile) {
        return millis(leaseNanos, percentile);
      }

      double ackMillis(double percentile) {
        return millis(ackNanos, percentile);
      }

      private static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e6;
      }

      String describe() {
        return String.format(Locale.ROOT, "agents=%d%nwindow_ms=%d%nleases=%d%nresults=%d%nno_work=%d%nerrors=%d%n"
            + "rate=%.0f%np50_lease_ms=%.2f%np99_lease_ms=%.2f%nmax_lease_ms=%.2f%np50_ack_ms=%.2f%np99_ack_ms=%.2f%n"
            + "simulator_cpu_s=%.2f%n", agents, windowMillis, leases, results, noWork, errors, perSecond(),
            leaseMillis(50), leaseMillis(99), leaseMillis(100), ackMillis(50), ackMillis(99), cpuNanos / 1e9);
      }

      void write(Path file) throws IOException {
        Files.writeString(file, String.format(Locale.ROOT, "agents=%d%nwindow_ms=%d%nleases=%d%nresults=%d%n"
            + "no_work=%d%nerrors=%d%ncpu_ns=%d%nhistogram=%s%nacks=%s%n", agents, windowMillis, leases, results, noWork,
            errors, cpuNanos, Base64.getEncoder().encodeToString(EncodedHistogram.of(leaseNanos).bytes()),
            Base64.getEncoder().encodeToString(EncodedHistogram.of(ackNanos).bytes())));
      }

      static Snapshot read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
          int eq = line.indexOf('=');
          if (eq > 0) {
            values.put(line.substring(0, eq), line.substring(eq + 1));
          }
        }
        return new Snapshot(Integer.parseInt(values.get("agents")), Long.parseLong(values.get("window_ms")),
            Long.parseLong(values.get("leases")), Long.parseLong(values.get("results")),
            Long.parseLong(values.get("no_work")), Long.parseLong(values.get("errors")),
            Long.parseLong(values.get("cpu_ns")),
            new EncodedHistogram(Base64.getDecoder().decode(values.get("histogram"))).decode(),
            new EncodedHistogram(Base64.getDecoder().decode(values.get("acks"))).decode());
      }
    }
  }
}
