package io.sqlotel.planner.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sqlotel.shard.meta.ShardDescriptor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bearer tokens of static shards: {@code token_env} per shard, {@code shard_token_env} per catalog, {@code token}. */
class CatalogLoaderTokenTest {
  private static final Map<String, String> ENV = Map.of("SHARD_A", "secret-a", "ALL_SHARDS", "secret-all");

  private static JsonNode yaml(String text) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(text);
  }

  private static String shard(String id, String extra) {
    return "  - {id: " + id + ", url: 'http://127.0.0.1:1', start: 0, end: 10" + extra + "}\n";
  }

  private static List<ShardDescriptor> shards(String text) throws Exception {
    return CatalogLoader.parse(yaml(text), null, ENV::get).shards();
  }

  @Test
  void tokensComeFromTheShardThenTheCatalogVariable() throws Exception {
    List<ShardDescriptor> s = shards("shard_token_env: ALL_SHARDS\nshards:\n"
        + shard("a", ", token_env: SHARD_A") + shard("b", ", token: inline") + shard("c", ""));
    assertEquals("secret-a", s.get(0).bearerToken());
    assertEquals("inline", s.get(1).bearerToken());
    assertEquals("secret-all", s.get(2).bearerToken());
    assertFalse(s.toString().contains("secret"), "descriptors never print tokens: " + s);
    assertNull(shards("shards:\n" + shard("d", "")).get(0).bearerToken(), "no token configured");
  }

  @Test
  void anUnsetVariableFailsNamingItButNoValue() {
    IllegalArgumentException shardVar = assertThrows(IllegalArgumentException.class,
        () -> shards("shards:\n" + shard("a", ", token_env: MISSING_VAR")));
    assertTrue(shardVar.getMessage().contains("shard a token_env MISSING_VAR is not set"), shardVar.getMessage());
    IllegalArgumentException catalogVar = assertThrows(IllegalArgumentException.class,
        () -> shards("shard_token_env: NOPE\nshards:\n" + shard("a", "")));
    assertTrue(catalogVar.getMessage().contains("shard_token_env NOPE"), catalogVar.getMessage());
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> shards("shards:\n" + shard("a", ", token: x, token_env: SHARD_A")));
    assertTrue(both.getMessage().contains("both token and token_env"), both.getMessage());
    for (Exception e : List.of(shardVar, catalogVar, both)) {
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
  }
}
