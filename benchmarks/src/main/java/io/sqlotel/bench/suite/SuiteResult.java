package io.sqlotel.bench.suite;

import io.sqlotel.bench.mode.BenchMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The cells of a suite run: one per query and mode, in query and mode order. */
public final class SuiteResult {
  private final List<BenchQuery> queries;
  private final List<String> modeIds = new ArrayList<>();
  private final Map<String, String> modeLabels = new LinkedHashMap<>();
  private final Map<String, Cell> cells = new LinkedHashMap<>();
  private final Map<String, double[]> planning = new LinkedHashMap<>();

  SuiteResult(List<BenchQuery> queries, List<BenchMode> modes) {
    this.queries = List.copyOf(queries);
    for (BenchMode m : modes) {
      modeIds.add(m.id());
      modeLabels.put(m.id(), m.label());
      for (BenchQuery q : queries) {
        cells.put(key(q.name(), m.id()), new Cell());
      }
    }
  }

  private static String key(String query, String mode) {
    return query + "\u0000" + mode;
  }

  /** Adds the cells of another run (e.g. the WAN modes) to this result. */
  public void merge(SuiteResult other) {
    for (String id : other.modeIds) {
      if (!modeIds.contains(id)) {
        modeIds.add(id);
        modeLabels.put(id, other.modeLabels.get(id));
      }
    }
    cells.putAll(other.cells);
    other.planning.forEach(planning::putIfAbsent);
  }

  /** Records the planner's warm median and p95 for a query, milliseconds. */
  void planning(String query, double medianMs, double p95Ms) {
    planning.put(query, new double[] {medianMs, p95Ms});
  }

  /**
   * The planner's warm planning time of a query, called directly (not through the engine), milliseconds.
   *
   * @return {median, p95}, or null if not measured
   */
  public double[] planning(String query) {
    return planning.get(query);
  }

  /** The queries, in report order. */
  public List<BenchQuery> queries() {
    return queries;
  }

  /** The mode ids, in report order. */
  public List<String> modeIds() {
    return List.copyOf(modeIds);
  }

  /** The description of a mode. */
  public String modeLabel(String id) {
    return modeLabels.get(id);
  }

  /**
   * The cell of a query and a mode.
   *
   * @return the cell, or null if that mode did not run
   */
  public Cell cell(String query, String modeId) {
    return cells.get(key(query, modeId));
  }
}
