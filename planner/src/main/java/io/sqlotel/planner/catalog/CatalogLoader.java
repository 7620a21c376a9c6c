package io.sqlotel.planner.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sqlotel.shard.meta.ShardDescriptor;
import io.sqlotel.shard.meta.TimeRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a YAML catalog file (format in README.md, section "Catalog").
 *
 * <p>Shards list their base URL and their time slice {@code [start, end)} (ISO-8601 instants or integer nanoseconds
 * since the epoch). Tables declare their time column and, optionally, their columns; a table without declared columns
 * has them discovered from the first shard with {@code pragma_table_info} and mapped by SQLite affinity.
 */
public final class CatalogLoader {
  private CatalogLoader() {}

  /**
   * Loads a catalog file.
   *
   * @param file the YAML file
   * @param discovery runs discovery queries on a shard; may be null if every table declares its columns
   * @throws IllegalArgumentException for a malformed catalog, naming the offending entry
   * @throws IOException if the file cannot be read
   */
  public static Catalog load(Path file, ShardSqlRunner discovery) throws IOException {
    return parse(readTree(file), discovery);
  }

  /**
   * Reads a catalog file's YAML tree (for {@link #parse(JsonNode, ShardSqlRunner, Function)} and
   * {@link #refresh}).
   *
   * @throws IllegalArgumentException if the file is not a YAML mapping
   * @throws IOException if the file cannot be read
   */
  public static JsonNode readTree(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("catalog " + file + ": expected a YAML mapping");
    }
    return root;
  }

  /**
   * Builds a catalog from an already parsed YAML/JSON tree (see {@link #load}); tokens named by {@code token_env}
   * and {@code shard_token_env} are read from the process environment.
   *
   * @throws UncheckedIOException if the {@code worker}'s catalog cannot be read
   */
  public static Catalog parse(JsonNode root, ShardSqlRunner discovery) {
    return parse(root, discovery, System::getenv);
  }

  /**
   * Builds a catalog from an already parsed YAML/JSON tree: the shards listed under {@code shards} plus, with a
   * {@code worker: {url: ..., token_env: NAME}} entry, the slices of that shard worker ({@link WorkerCatalog}),
   * whose bearer token is the value of the environment variable {@code NAME}. A static shard's token comes from the
   * variable named by its {@code token_env}, else its {@code token}, else the variable named by the catalog's
   * {@code shard_token_env} (one token for all static shards).
   *
   * @param env looks up environment variables (the tokens named by {@code token_env} and {@code shard_token_env})
   * @throws IllegalArgumentException for a malformed catalog
   * @throws UncheckedIOException if the {@code worker}'s catalog cannot be read
   */
  public static Catalog parse(JsonNode root, ShardSqlRunner discovery, Function<String, String> env) {
    List<ShardDescriptor> shards = allShards(root, env);
    Map<String, TableDef> tables = new LinkedHashMap<>();
    if (root.path("otel_tables").asBoolean(true)) {
      for (TableDef t : OtelTables.definitions()) {
        tables.put(t.name().toLowerCase(Locale.ROOT), t);
      }
    }
    for (JsonNode t : root.path("tables")) {
      String name = required(t, "name", "table");
      String timeColumn = t.hasNonNull("time_column") ? t.get("time_column").asText() : null;
      List<ColumnDef> columns = new ArrayList<>();
      List<IndexDef> indexes = List.of(); // declared tables: unknown, so SQLite gets no index hints
      if (t.has("columns")) {
        for (JsonNode c : t.get("columns")) {
          String cname = required(c, "name", "table " + name + " column");
          ColumnType type = cname.equals(timeColumn) ? ColumnType.TIMESTAMP
              : ColumnType.parse(required(c, "type", "table " + name + " column " + cname));
          columns.add(new ColumnDef(cname, type, c.path("nullable").asBoolean(true)));
        }
      } else {
        if (shards.isEmpty() || discovery == null) {
          throw new IllegalArgumentException("table " + name + " declares no columns and there is no shard to discover them from");
        }
        columns = discover(discovery, shards.get(0), name, timeColumn);
        indexes = discoverIndexes(discovery, shards.get(0), name);
      }
      tables.put(name.toLowerCase(Locale.ROOT), new TableDef(name, timeColumn, columns, indexes));
    }
    return new Catalog(shards, new ArrayList<>(tables.values()));
  }

  /** Whether the catalog tree has a {@code worker} entry, i.e. its shards can change: see {@link #refresh}. */
  public static boolean hasWorker(JsonNode root) {
    return root.hasNonNull("worker");
  }

  /**
   * The catalog of {@code root} with the shards read again (the {@code worker}'s {@code GET /catalog}) and the
   * tables of {@code current} (so nothing is discovered again).
   *
   * @throws IOException if the worker's catalog cannot be read
   * @throws IllegalArgumentException for a malformed catalog
   */
  public static Catalog refresh(Catalog current, JsonNode root, Function<String, String> env) throws IOException {
    try {
      return new Catalog(allShards(root, env), current.tables());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * The static shards and the worker's, in time order. A static shard's bearer token is, in order: the environment
   * variable named by its {@code token_env}, its {@code token}, the variable named by the catalog's
   * {@code shard_token_env}; none means no token.
   */
  private static List<ShardDescriptor> allShards(JsonNode root, Function<String, String> env) {
    List<ShardDescriptor> shards = new ArrayList<>();
    String catalogToken = root.hasNonNull("shard_token_env")
        ? tokenFromEnv(root.get("shard_token_env").asText(), "shard_token_env", env) : null;
    for (JsonNode s : root.path("shards")) {
      String id = required(s, "id", "shard");
      URI url = URI.create(required(s, "url", "shard " + id).replaceAll("/+$", ""));
      long start = instant(s.get("start"), "shard " + id + " start");
      long end = instant(s.get("end"), "shard " + id + " end");
      if (s.hasNonNull("token") && s.hasNonNull("token_env")) {
        throw new IllegalArgumentException("catalog: shard " + id + " has both token and token_env; keep one");
      }
      String token = s.hasNonNull("token_env")
          ? tokenFromEnv(s.get("token_env").asText(), "shard " + id + " token_env", env)
          : s.hasNonNull("token") ? s.get("token").asText() : catalogToken;
      shards.add(new ShardDescriptor(id, url, new TimeRange(start, end), token, s.path("int64_as_text").asBoolean(false)));
    }
    JsonNode worker = root.get("worker");
    if (worker != null && !worker.isNull()) {
      if (!worker.isObject()) {
        throw new IllegalArgumentException("catalog: worker must be a mapping with url and token_env");
      }
      URI url = URI.create(required(worker, "url", "worker"));
      String token = null;
      if (worker.hasNonNull("token_env")) {
        token = tokenFromEnv(worker.get("token_env").asText(), "worker token_env", env);
      }
      Duration timeout = worker.hasNonNull("timeout_seconds")
          ? Duration.ofSeconds(worker.get("timeout_seconds").asLong()) : Duration.ofSeconds(10);
      try {
        shards.addAll(WorkerCatalog.shards(url, token, timeout));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      shards.sort(Comparator.comparingLong((ShardDescriptor d) -> d.range().startNanos()).thenComparing(d -> d.id()));
    }
    return shards;
  }

  /**
   * The value of environment variable {@code name}; the error names the variable, never a value.
   *
   * @throws IllegalArgumentException if it is unset or empty
   */
  private static String tokenFromEnv(String name, String what, Function<String, String> env) {
    String token = name.isEmpty() ? null : env.apply(name);
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("catalog: " + what + " " + name + " is not set in the environment");
    }
    return token;
  }

  /** Discovers a table's columns on one shard with {@code pragma_table_info}. */
  static List<ColumnDef> discover(ShardSqlRunner runner, ShardDescriptor shard, String table, String timeColumn) {
    String sql = "SELECT name, type, \"notnull\" FROM pragma_table_info('" + table.replace("'", "''") + "')";
    List<ColumnDef> columns = new ArrayList<>();
    for (List<Object> row : runner.queryRows(shard, sql)) {
      String name = String.valueOf(row.get(0));
      ColumnType type = name.equals(timeColumn) ? ColumnType.TIMESTAMP
          : ColumnType.fromSqliteDeclared(name, (String) row.get(1));
      // int64-as-text shards answer "1" rather than 1
      boolean notNull = row.get(2) != null && !String.valueOf(row.get(2)).equals("0");
      columns.add(new ColumnDef(name, type, !notNull));
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("table " + table + " does not exist on shard " + shard.id());
    }
    return columns;
  }

  /**
   * Discovers a table's indexes on one shard with {@code pragma_index_list} and {@code pragma_index_info}; indexes
   * on expressions are left out (the planner's index hints only reason about plain columns).
   */
  static List<IndexDef> discoverIndexes(ShardSqlRunner runner, ShardDescriptor shard, String table) {
    String sql = "SELECT il.name, il.partial, ii.name FROM pragma_index_list('" + table.replace("'", "''")
        + "') AS il, pragma_index_info(il.name) AS ii ORDER BY il.seq, ii.seqno";
    Map<String, List<String>> columns = new LinkedHashMap<>();
    Map<String, Boolean> partial = new LinkedHashMap<>();
    java.util.Set<String> expressions = new java.util.HashSet<>();
    for (List<Object> row : runner.queryRows(shard, sql)) {
      String index = String.valueOf(row.get(0));
      partial.put(index, row.get(1) != null && !String.valueOf(row.get(1)).equals("0"));
      if (row.get(2) == null) {
        expressions.add(index);
      } else {
        columns.computeIfAbsent(index, k -> new ArrayList<>()).add(String.valueOf(row.get(2)));
      }
    }
    List<IndexDef> out = new ArrayList<>();
    columns.forEach((index, cols) -> {
      if (!expressions.contains(index)) {
        out.add(new IndexDef(cols, partial.get(index)));
      }
    });
    return out;
  }

  private static String required(JsonNode node, String field, String what) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("catalog: " + what + " has no '" + field + "'");
    }
    return v.asText();
  }

  /** An ISO-8601 instant or an integer count of nanoseconds since the epoch. */
  static long instant(JsonNode v, String what) {
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("catalog: " + what + " is missing");
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    String text = v.asText().trim();
    if (text.matches("-?\\d+")) {
      return Long.parseLong(text);
    }
    try {
      Instant i = Instant.parse(text);
      return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("catalog: " + what + " is not an ISO-8601 instant or nanoseconds: " + text, e);
    }
  }
}
