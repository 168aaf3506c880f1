package dev.tierbench.agent.cli;

import java.util.List;
import java.util.Locale;

import dev.tierbench.common.protocol.OperatorTime;

/** A profile as a table: each kind of operator, what ran it, how often per query, its time and share. */
final class OperatorTable {

  private OperatorTable() {}

  static String format(List<OperatorTime> profile, int queries) {
    long total = profile.stream().mapToLong(OperatorTime::nanosPerQuery).sum();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "operators (profiled over %d queries on an instance of their own; %.4f ms per query in all):%n", queries,
        total / 1e6));
    out.append(String.format(Locale.ROOT, "  %-44s %-14s %5s %12s %7s%n", "operator", "executor", "count", "us/query",
        "share"));
    for (OperatorTime t : profile) {
      out.append(String.format(Locale.ROOT, "  %-44s %-14s %5d %12.2f %6.1f%%%n", t.operator(), t.executor(),
          t.count(), t.nanosPerQuery() / 1e3, total == 0 ? 0 : 100.0 * t.nanosPerQuery() / total));
    }
    return out.toString().stripTrailing();
  }
}
