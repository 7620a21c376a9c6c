package io.sqlotel.shard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTextTest {
  @Test
  void splitsAtTopLevelSemicolonsOnly() {
    assertEquals(List.of("SELECT 1", "SELECT 2"), SqlText.statements("SELECT 1; SELECT 2;"));
    assertEquals(List.of("SELECT 'a;b', \"c;d\", `e;f`, [g;h]"),
        SqlText.statements("SELECT 'a;b', \"c;d\", `e;f`, [g;h];"));
    assertEquals(List.of("SELECT 'it''s; fine'"), SqlText.statements("SELECT 'it''s; fine'"));
    assertEquals(List.of("SELECT 1 -- trailing; comment"), SqlText.statements("SELECT 1 -- trailing; comment"));
    assertEquals(List.of("SELECT /* ; */ 1"), SqlText.statements("SELECT /* ; */ 1;;  ; -- done\n"));
    assertEquals(2, SqlText.statements("SELECT 1;\n-- x\nSELECT 2").size());
  }

  @Test
  void blankTextHasNoStatement() {
    assertTrue(SqlText.isBlank(""));
    assertTrue(SqlText.isBlank("  ; -- nothing\n /* here */ ;"));
    assertFalse(SqlText.isBlank("SELECT 1"));
  }

  @Test
  void firstKeywordSkipsCommentsAndIsUpperCase() {
    assertEquals("SELECT", SqlText.firstKeyword("  -- hi\n /* x */ select 1"));
    assertEquals("BEGIN", SqlText.firstKeyword("begin transaction"));
    assertEquals("", SqlText.firstKeyword("(SELECT 1)"));
    assertEquals("", SqlText.firstKeyword("   "));
  }
}
