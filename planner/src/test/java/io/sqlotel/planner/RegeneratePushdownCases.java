package io.sqlotel.planner;

import org.junit.jupiter.api.Test;

/**
 * Regenerates {@code Generated.java} (expected outputs of {@link PushdownCases}) into target/ when run with
 * {@code -Dregenerate=true}; review the diff before copying it over.
 */
class RegeneratePushdownCases {
  static String q(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n\"\n        + \"") + "\"";
  }

  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "regenerate", matches = "true")
  void regenerate() throws Exception {
    QueryPlanner p = new QueryPlanner(TestCatalogs.hourly(24), PlannerOptions.defaults());
    StringBuilder sb = new StringBuilder("package io.sqlotel.planner;\n\n/** Expected outputs of {@link PushdownCases#SQL}, reviewed by hand. */\nfinal class Generated {\n  private Generated() {}\n\n  static final String[][] CASES = {\n");
    for (String sql : PushdownCases.SQL) {
      PlannedQuery pq = p.plan(sql, java.util.List.of(), TestCatalogs.T0 + 3 * TestCatalogs.HOUR + 5);
      sb.append("    {").append(q(sql)).append(",\n        ").append(q(PlanPrinter.shardSql(pq))).append(",\n        ")
          .append(q(PlanPrinter.coordinator(pq))).append("},\n");
    }
    sb.append("  };\n}\n");
    java.nio.file.Files.writeString(java.nio.file.Path.of("target/Generated.java"), sb.toString());
  }
}
