package io.posthorn.e2e.bench.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One column of the benchmark: the processes that move outbox rows to the receiver, by role
 * ("relay", "worker", "broker", "debezium" ...). A role's CPU is summed over every process that
 * held it (a restarted relay counts with its predecessor); its peak RSS is the highest of them.
 */
abstract class SystemUnderTest implements AutoCloseable {
  private final Map<String, List<Child>> roles = new LinkedHashMap<>();

  abstract String name();

  /** What an operator does before the first start (topics, slot reset, config files); not timed. */
  abstract void prepare() throws Exception;

  /** Launches every process; returns without waiting for readiness (the first delivery tells). */
  abstract void start() throws Exception;

  /**
   * Stops what reads the WAL (the relay, the server, Debezium Server): the backlog then piles up.
   */
  abstract void stopSource() throws Exception;

  /** Starts it again on the same slot and offsets. */
  abstract void startSource() throws Exception;

  /** Processes charged to this system that were started before it (the broker). */
  void adopt(String role, Child child) {
    roles.computeIfAbsent(role, r -> new ArrayList<>()).add(child);
  }

  protected Child launched(String role, Child child) {
    adopt(role, child);
    return child;
  }

  protected Child current(String role) {
    List<Child> all = roles.get(role);
    return all.get(all.size() - 1);
  }

  List<String> roles() {
    return List.copyOf(roles.keySet());
  }

  /** CPU seconds per role so far. */
  Map<String, Double> cpu() {
    Map<String, Double> out = new LinkedHashMap<>();
    roles.forEach(
        (role, children) -> out.put(role, children.stream().mapToDouble(Child::cpu).sum()));
    return out;
  }

  /** Peak RSS per role, MiB. */
  Map<String, Double> peakRssMib() {
    Map<String, Double> out = new LinkedHashMap<>();
    roles.forEach(
        (role, children) ->
            out.put(role, children.stream().mapToDouble(Child::peakRssMib).max().orElse(0)));
    return out;
  }

  /** CPU seconds per thread name, per live process of each role: the profile. */
  Map<String, Map<String, Double>> threadCpu() {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    roles.forEach((role, children) -> out.put(role, children.get(children.size() - 1).threadCpu()));
    return out;
  }

  /** Stops the processes this system launched (not adopted ones). */
  @Override
  public abstract void close();
}
