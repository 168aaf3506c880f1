package dev.tierbench.agent.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tierbench.common.protocol.OperatorTime;

/** A profile being added up: operator runs by kind of operator and executor, then per query. */
final class OperatorTotals {

  private final Map<List<String>, long[]> totals = new LinkedHashMap<>();

  /** One run of {@code operator} on {@code executor} that took {@code nanos}. */
  void add(String operator, String executor, long nanos) {
    long[] total = totals.computeIfAbsent(List.of(operator, executor), k -> new long[2]);
    total[0]++;
    total[1] += nanos;
  }

  /** Counts and times per query over {@code queries} queries, the most time first. */
  List<OperatorTime> perQuery(int queries) {
    List<OperatorTime> times = new ArrayList<>();
    totals.forEach((key, total) -> times.add(new OperatorTime(key.get(0), key.get(1),
        (int) Math.round((double) total[0] / queries), total[1] / queries)));
    times.sort(Comparator.comparingLong(OperatorTime::nanosPerQuery).reversed());
    return times;
  }
}
