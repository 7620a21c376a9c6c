package io.sqlotel.shard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The request log's one-line SQL: same result as collapsing whitespace with a regex, stripping and cutting. */
class QueryHandlerAbbreviateTest {
  private static String reference(String sql) {
    String oneLine = sql.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }

  @Test
  void matchesTheRegexFormOnShortLongAndEdgeInputs() {
    String[] inputs = {
      "", "   ", "SELECT 1", "  SELECT\n\t count(*)  FROM  t \r\n", "a".repeat(200), "a".repeat(201),
      "a".repeat(199) + " b", "a".repeat(200) + " ", "a".repeat(200) + "  b", " " + "x ".repeat(150),
      "SELECT \"ServiceName\",\n  COUNT(*)\nFROM otel_spans\nWHERE \"Timestamp\" >= ? GROUP BY 1".repeat(5)
    };
    for (String in : inputs) {
      assertEquals(reference(in), QueryHandler.abbreviate(in), () -> "input: [" + in + "]");
    }
  }
}
