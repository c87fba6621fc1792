package io.iotpulsarload.results;

import io.iotpulsarload.gates.Gate;
import io.iotpulsarload.gates.RunFigures;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's end as its parts ({@link RunPart}) see it: what the run proved (its verification), and what the parts
 * found, collected: the lines they print, their gates and their parts of {@code summary.json}. One thread (the
 * run's end) fills it.
 */
public final class RunEnd {

  private final RunFigures.Verification verification;

  /** @param verification what the verifying consumer proved, or null when verification was off */
  public RunEnd(RunFigures.Verification verification) {
    this.verification = verification;
  }

  /** What the verifying consumer proved, or {@code null} when verification was off. */
  public RunFigures.Verification verification() {
    return verification;
  }

  private final List<String> lines = new ArrayList<>();
  private final List<Gate> gates = new ArrayList<>();
  private List<WatchedSubscription> subscriptions;
  private StageResult stage;

  /** A line for the console, printed after the run's own lines and before its gates. */
  public void print(String line) {
    lines.add(line);
  }

  public void gates(List<Gate> more) {
    gates.addAll(more);
  }

  /** The watched subscriptions and their verdicts. */
  public void subscriptions(List<WatchedSubscription> watched) {
    this.subscriptions = watched;
  }

  /** The processing stage's figures. */
  public void stage(StageResult result) {
    this.stage = result;
  }

  public List<String> lines() {
    return lines;
  }

  public List<Gate> gates() {
    return gates;
  }

  /** The watched subscriptions, or {@code null} when none was watched. */
  public List<WatchedSubscription> subscriptions() {
    return subscriptions;
  }

  /** The stage's figures, or {@code null} when no stage was timed. */
  public StageResult stage() {
    return stage;
  }
}
