// Node tests of the shard worker in workerd (Miniflare's API): `npm test`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { bundle } from "../scripts/build.mjs";
import { render, SCHEMA_RESOURCE } from "../scripts/gen-schema.mjs";

process.env.WRANGLER_SEND_METRICS = "false";
const TOKEN = "t0ken";
let mf;
let url;

before(async () => {
  mf = new Miniflare({
    host: "127.0.0.1", port: 0, cf: false, modules: true, scriptPath: await bundle(),
    compatibilityDate: "2026-04-01", bindings: { AUTH_TOKEN: TOKEN, SLICE_WIDTH: "1h" },
    durableObjects: { SHARD: { className: "SliceShard", useSQLite: true },
      REGISTRY: { className: "SliceRegistry", useSQLite: true } },
  });
  url = (await mf.ready).href.replace(/\/$/, "");
});
after(async () => { await mf?.dispose(); });

const auth = { Authorization: "Bearer " + TOKEN };
const post = (path, body, headers = auth) => fetch(url + path, { method: "POST", headers: { ...headers,
  "Content-Type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
const query = (slice, sql, params) => post(`/shards/${slice}/query`, { sql, params });

test("embedded schema equals the project's otel-schema.sql", () => {
  assert.equal(readFileSync(new URL("../src/schema.ts", import.meta.url), "utf8"),
    render(readFileSync(SCHEMA_RESOURCE, "utf8")));
});

test("auth on every endpoint", async () => {
  for (const [m, p] of [["GET", "/health"], ["GET", "/catalog"], ["POST", "/shards/x/query"], ["POST", "/v1/logs"]]) {
    const r = await fetch(url + p, { method: m, body: m === "POST" ? "{}" : undefined });
    assert.equal(r.status, 401, p);
    assert.equal((await r.json()).error.code, "UNAUTHORIZED");
  }
  assert.deepEqual(await (await fetch(url + "/health", { headers: auth })).json(), { status: "ok" });
  assert.equal((await fetch(url + "/nope", { headers: auth })).status, 404);
  const r = await fetch(url + "/shards/x/query", { headers: auth });
  assert.equal(r.status, 405);
  assert.equal(r.headers.get("Allow"), "POST");
});

test("ingest splits by hour, exact nanoseconds, catalog lists the slices", async () => {
  const t1 = "1767225600123456789"; // 2026-01-01T00:00:00.123456789Z
  const t2 = "1767229200999999999"; // 01:00:00.999999999
  const body = `{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
    "scopeLogs":[{"logRecords":[{"timeUnixNano":"${t1}","body":{"stringValue":"a"}},
    {"timeUnixNano":${t2},"body":{"stringValue":"b"},"traceId":"5B8EFFF798038103D269B633813FC60C"}]}]}]}`;
  const r = await post("/v1/logs", body);
  assert.equal(r.status, 200, await r.clone().text());
  const cat = await (await fetch(url + "/catalog", { headers: auth })).json();
  assert.deepEqual(cat.slices.map((s) => [s.id, s.start, s.end]), [
    ["20260101T0000Z", "1767225600000000000", "1767229200000000000"],
    ["20260101T0100Z", "1767229200000000000", "1767232800000000000"]]);
  const q = await (await query("20260101T0100Z", "SELECT CAST(Timestamp AS TEXT) AS ts, TraceId, Body FROM otel_logs")).json();
  assert.deepEqual(q.rows, [[t2, "5b8efff798038103d269b633813fc60c", "b"]]);
  assert.equal(q.meta.rows_read, 1);
});

test("value encoding and parameters", async () => {
  const q = await (await query("enc", "SELECT 0.5, 1e999, -1e999, 'ü', x'00ff', NULL, ?1, ?2, length(?3)",
    [42, "s", { blob: "AP8Q" }])).json();
  assert.deepEqual(q.columns.length, 9);
  assert.deepEqual(q.rows, [[0.5, "Infinity", "-Infinity", "ü", "AP8=", null, 42, "s", 3]]);
});

test("writes, several statements and transaction control are refused", async () => {
  for (const [sql, status, code] of [
    ["DELETE FROM otel_logs", 403, "READ_ONLY"],
    ["WITH a AS (SELECT 1) INSERT INTO otel_logs (Timestamp) SELECT * FROM a", 403, "READ_ONLY"],
    ["SELECT 1; DROP TABLE otel_logs", 400, "SQL_ERROR"],
    ["BEGIN", 400, "SQL_ERROR"],
    ["PRAGMA user_version = 3", 403, "READ_ONLY"],
    ["SELECT * FROM nope", 400, "SQL_ERROR"],
  ]) {
    const r = await query("ro", sql);
    assert.equal(r.status, status, sql);
    assert.equal((await r.json()).error.code, code, sql);
  }
  // quoted words and replace() are fine; a trailing ';' is allowed
  const ok = await query("ro", "SELECT replace('delete', 'd', 'D') AS \"update\" -- drop\n;");
  assert.equal(ok.status, 200);
  assert.deepEqual((await ok.json()).rows, [["Delete"]]);
  assert.equal((await query("ro", "   ")).status, 400);
});

test("large results stream in chunks and end with meta", async () => {
  const n = 100000;
  const r = await query("big", `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${n})
    SELECT x, printf('%080d', x) FROM c`);
  assert.equal(r.status, 200);
  let chunks = 0;
  let text = "";
  const dec = new TextDecoder();
  for await (const c of r.body) { chunks++; text += dec.decode(c, { stream: true }); }
  assert.ok(chunks > 5, "chunks: " + chunks);
  const j = JSON.parse(text);
  assert.equal(j.rows.length, n);
  assert.equal(j.meta.rows_read, n);
  assert.deepEqual(j.rows[n - 1], [n, String(n).padStart(80, "0")]);
});

test("an error after rows were streamed ends the object with error instead of meta", async () => {
  const r = await query("err", `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000)
    SELECT CASE WHEN x < 2000 THEN x ELSE abs(-9223372036854775808) END FROM c`);
  assert.equal(r.status, 200);
  const j = JSON.parse(await r.text());
  assert.equal(j.meta, undefined);
  assert.equal(j.error.code, "SQL_ERROR");
  assert.ok(j.rows.length > 0);
});

// ---------------------------------------------------------------------------------------------------------------
// Metrics ingest: every point type into its otel_metrics_* table.

const SHARED = [new URL("../../../shared/data/", import.meta.url), new URL("file:///work/shared/data/")]
  .find((u) => existsSync(u));
const METRIC_TABLES = { gauge: "otel_metrics_gauge", sum: "otel_metrics_sum", histogram: "otel_metrics_histogram",
  exponentialHistogram: "otel_metrics_exponential_histogram", summary: "otel_metrics_summary" };

/** The number of data points per table in an OTLP/JSON metrics request. */
function pointsPerTable(req) {
  const n = {};
  for (const rm of req.resourceMetrics ?? []) for (const sm of rm.scopeMetrics ?? []) for (const m of sm.metrics ?? []) {
    for (const [field, table] of Object.entries(METRIC_TABLES)) {
      if (m[field]) n[table] = (n[table] ?? 0) + (m[field].dataPoints ?? []).length;
    }
  }
  return n;
}

const sliceOf = (ns) => {
  const d = new Date(Number(BigInt(ns) / 1000000n));
  const p = (x) => String(x).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}00Z`;
};

/** Rows of `table` over the given slices, int64 columns as text. */
async function metricRows(slices, table, cols) {
  const rows = [];
  for (const s of slices) {
    const r = await query(s, `SELECT ${cols} FROM ${table} ORDER BY TimeUnix, MetricName`);
    assert.equal(r.status, 200, await r.clone().text());
    rows.push(...(await r.json()).rows);
  }
  return rows;
}

test("metrics: the opentelemetry-proto example lands in the sum, gauge, histogram and exponential histogram tables",
  { skip: SHARED ? false : "no shared sample data" }, async () => {
    const text = readFileSync(new URL("opentelemetry-proto-examples/metrics.json", SHARED), "utf8");
    const req = JSON.parse(text);
    const r = await post("/v1/metrics", text);
    assert.equal(r.status, 200, await r.clone().text());
    assert.deepEqual(await r.json(), {});
    const slice = sliceOf("1544712660300000000");
    assert.deepEqual(JSON.parse(r.headers.get("X-Sqlotel-Slices")), { [slice]: 4 });
    const expected = pointsPerTable(req);
    for (const table of Object.values(METRIC_TABLES)) {
      const q = await (await query(slice, `SELECT COUNT(*) FROM ${table}`)).json();
      assert.equal(q.rows[0][0], expected[table] ?? 0, table);
    }
    const common = "ServiceName, MetricName, MetricDescription, MetricUnit, ResourceAttributes, ScopeName, ScopeVersion,"
      + " ScopeAttributes, Attributes, CAST(StartTimeUnix AS TEXT), CAST(TimeUnix AS TEXT), Exemplars";
    const sum = await metricRows([slice], "otel_metrics_sum", common + ", Value, AggregationTemporality, IsMonotonic");
    assert.deepEqual(sum, [["my.service", "my.counter", "I am a Counter", "1", '{"service.name":"my.service"}',
      "my.library", "1.0.0", '{"my.scope.attribute":"some scope attribute"}', '{"my.counter.attr":"some value"}',
      "1544712660300000000", "1544712660300000000", "[]", 5, 1, 1]]);
    const hist = await metricRows([slice], "otel_metrics_histogram",
      "CAST(Count AS TEXT), Sum, BucketCounts, ExplicitBounds, Min, Max, AggregationTemporality");
    assert.deepEqual(hist, [["2", 2, "[1,1]", "[1.0]", 0, 2, 1]]);
    const exp = await metricRows([slice], "otel_metrics_exponential_histogram",
      "CAST(Count AS TEXT), Sum, Scale, ZeroCount, PositiveOffset, PositiveBucketCounts, NegativeOffset,"
      + " NegativeBucketCounts, Min, Max");
    assert.deepEqual(exp, [["3", 10, 0, 1, 1, "[0,2]", 0, "[]", 0, 5]]);
  });

test("metrics: every duckdb-otlp metrics line, one request per line", { skip: SHARED ? false : "no shared sample data" },
  async () => {
    const expected = {};
    const slices = new Set();
    const dir = new URL("duckdb-otlp-testdata/", SHARED);
    for (const f of readdirSync(dir).filter((n) => n.startsWith("metrics_") && n.endsWith(".jsonl"))) {
      for (const line of readFileSync(new URL(f, dir), "utf8").split("\n").filter((l) => l.trim())) {
        const r = await post("/v1/metrics", line);
        assert.equal(r.status, 200, f + ": " + await r.clone().text());
        const body = await r.json();
        assert.equal(body.partialSuccess, undefined, f + ": " + JSON.stringify(body));
        for (const s of Object.keys(JSON.parse(r.headers.get("X-Sqlotel-Slices")))) slices.add(s);
        for (const [t, n] of Object.entries(pointsPerTable(JSON.parse(line)))) expected[t] = (expected[t] ?? 0) + n;
      }
    }
    for (const table of Object.values(METRIC_TABLES)) {
      let n = 0;
      for (const s of slices) n += (await (await query(s, `SELECT COUNT(*) FROM ${table}`)).json()).rows[0][0];
      assert.equal(n, expected[table] ?? 0, table);
    }
    assert.ok(expected.otel_metrics_summary > 0 && expected.otel_metrics_exponential_histogram > 0);
  });

test("metrics: int64 exact, uint64 bucket counts wrap, NaN is NULL, bad points are rejected one by one", async () => {
  const t = "1767225600123456789"; // beyond 2^53, written as a JSON number below
  const body = `{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"m"}}]},
    "scopeMetrics":[{"scope":{"name":"s","droppedAttributesCount":3},"metrics":[
    {"name":"g","gauge":{"dataPoints":[{"timeUnixNano":${t},"asInt":"9007199254740993","flags":1,
      "exemplars":[{"timeUnixNano":"${t}","asDouble":0.25,"spanId":"EEE19B7EC3C1B174",
      "filteredAttributes":[{"key":"k","value":{"intValue":7}}]}]},
      {"timeUnixNano":"${t}","asDouble":"NaN"},{"timeUnixNano":"${t}","asDouble":1e7},
      {"timeUnixNano":"18446744073709551000","asDouble":1}]}},
    {"name":"h","histogram":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_CUMULATIVE","dataPoints":[
      {"timeUnixNano":"${t}","count":"18446744073709551615","bucketCounts":["18446744073709551615",2]}]}},
    {"name":"s","summary":{"dataPoints":[{"timeUnixNano":"${t}","count":4,"sum":1.5,
      "quantileValues":[{"quantile":0.5,"value":0.001},{"value":12345678.5}]}]}},
    {"name":"none"}]}]}]}`;
  const r = await post("/v1/metrics", body);
  assert.equal(r.status, 200);
  const resp = await r.json();
  // the point beyond int64 ns, the histogram count beyond int64 and the metric without points
  assert.equal(resp.partialSuccess.rejectedDataPoints, "3", JSON.stringify(resp));
  const g = await (await query("20260101T0000Z", "SELECT CAST(TimeUnix AS TEXT), Value, Flags, Exemplars,"
    + " ScopeDroppedAttrCount FROM otel_metrics_gauge WHERE ServiceName = 'm' ORDER BY rowid")).json();
  assert.deepEqual(g.rows, [
    [t, 9007199254740992, 1, '[{"FilteredAttributes":{"k":"7"},"TimeUnix":' + t
      + ',"Value":0.25,"SpanId":"eee19b7ec3c1b174","TraceId":""}]', 3],
    [t, null, 0, "[]", 3], [t, 10000000, 0, "[]", 3]]);
  const h = await (await query("20260101T0000Z", "SELECT COUNT(*) FROM otel_metrics_histogram")).json();
  assert.equal(h.rows[0][0], 0);
  const s = await (await query("20260101T0000Z", "SELECT CAST(Count AS TEXT), Sum, ValueAtQuantiles"
    + " FROM otel_metrics_summary")).json();
  assert.deepEqual(s.rows, [["4", 1.5, '[{"Quantile":0.5,"Value":0.001},{"Quantile":0.0,"Value":1.23456785E7}]']]);
  const h2 = await post("/v1/metrics", `{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"h2","histogram":{
    "dataPoints":[{"timeUnixNano":"${t}","bucketCounts":["18446744073709551615"],"explicitBounds":[]}]}}]}]}]}`);
  assert.equal(h2.status, 200);
  const q2 = await (await query("20260101T0000Z", "SELECT BucketCounts, AggregationTemporality, Sum, Min"
    + " FROM otel_metrics_histogram WHERE MetricName = 'h2'")).json();
  assert.deepEqual(q2.rows, [["[-1]", 0, null, null]]);
});

test("series hash is FNV-1a 64 over the parts, each followed by a zero byte", async () => {
  const { seriesHash, javaDoubleString } = await import("../dist/otlp-for-tests.js");
  const reference = (...parts) => {
    let h = 0xcbf29ce484222325n;
    for (const part of parts) {
      for (const b of [...new TextEncoder().encode(part), 0]) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
    }
    return BigInt.asIntN(64, h);
  };
  for (const parts of [[], [""], ["my.counter", '{"service.name":"my.service"}', "my.library", "1.0.0", "{}"],
    ["ü€😀", "\u0000", "x".repeat(1000)]]) {
    assert.equal(seriesHash(...parts), reference(...parts), JSON.stringify(parts));
  }
  // Java's Double.toString forms
  for (const [d, s] of [[0, "0.0"], [-0, "-0.0"], [1, "1.0"], [0.001, "0.001"], [0.0001, "1.0E-4"], [1e7, "1.0E7"],
    [9999999.5, "9999999.5"], [123.456, "123.456"], [-2.5e-5, "-2.5E-5"], [1.7976931348623157e308, "1.7976931348623157E308"],
    [100, "100.0"], [1234567.0, "1234567.0"]]) {
    assert.equal(javaDoubleString(d), s, String(d));
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Durable Object limits: results stream in bounded chunks produced synchronously from the cursor.

test("the cursor is iterated synchronously: no await (or async function) in the query path after exec", () => {
  const src = readFileSync(new URL("../src/index.ts", import.meta.url), "utf8");
  const start = src.indexOf("function runQuery(");
  assert.ok(start > 0);
  const end = src.indexOf("\nfunction ", start + 1);
  const body = src.slice(start, end);
  assert.ok(body.includes("storage.exec("), "runQuery runs the statement");
  assert.ok(!/\bawait\b|\basync\b/.test(body), "runQuery (and the stream it returns) must not await:\n" + body);
});

test("a write into the slice while a large result streams leaves the result whole and well-formed", async () => {
  const t0 = 1767484800000000000n; // 2026-01-04T00:00Z
  const slice = "20260104T0000Z";
  const logs = (n, off) => JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: Array.from({ length: n },
    (_, i) => ({ timeUnixNano: String(t0 + BigInt(off + i)), body: { stringValue: "x".repeat(200) } })) }] }] });
  const n = 30000;
  assert.equal((await post("/v1/logs", logs(n, 0))).status, 200);
  // ~20 MB of JSON: far more than one chunk and than the socket buffers, so the stream is still open below
  const r = await query(slice, "SELECT CAST(Timestamp AS TEXT), Body, Body, Body FROM otel_logs");
  assert.equal(r.status, 200);
  const reader = r.body.getReader();
  const dec = new TextDecoder();
  let text = dec.decode((await reader.read()).value, { stream: true });
  const w = await post("/v1/logs", logs(1000, n));
  assert.equal(w.status, 200, await w.clone().text());
  let chunks = 1;
  for (let c = await reader.read(); !c.done; c = await reader.read()) {
    text += dec.decode(c.value, { stream: true });
    chunks++;
  }
  assert.ok(chunks > 5, "chunks: " + chunks);
  const j = JSON.parse(text);
  assert.equal(j.error, undefined, JSON.stringify(j.error));
  assert.equal(j.meta.rows_read, j.rows.length);
  // every row that existed before the stream started, each exactly once
  const seen = new Set(j.rows.map((row) => row[0]));
  assert.equal(seen.size, j.rows.length, "no row twice");
  for (let i = 0; i < n; i++) assert.ok(seen.has(String(t0 + BigInt(i))), "row " + i);
  assert.ok(j.rows.length <= n + 1000);
  const after = await (await query(slice, "SELECT COUNT(*) FROM otel_logs")).json();
  assert.equal(after.rows[0][0], n + 1000);
});

// ---------------------------------------------------------------------------------------------------------------
// The deployable bundle: `wrangler deploy --dry-run` builds it offline, and it serves in workerd.

test("wrangler deploy --dry-run bundles the worker, and the bundle serves", async () => {
  const out = mkdtempSync(join(tmpdir(), "sqlotel-worker-dry-run-"));
  try {
    const wrangler = fileURLToPath(new URL("../node_modules/wrangler/bin/wrangler.js", import.meta.url));
    const run = spawnSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", out], {
      cwd: fileURLToPath(new URL("..", import.meta.url)), encoding: "utf8", timeout: 120000,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_LOG_PATH: join(out, "logs"), CI: "true" },
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /--dry-run: exiting now/);
    assert.match(run.stdout, /env\.SHARD \(SliceShard\)/);
    assert.match(run.stdout, /env\.REGISTRY \(SliceRegistry\)/);
    const bundle = join(out, "index.js");
    assert.ok(statSync(bundle).size > 10000);
    const dry = new Miniflare({
      host: "127.0.0.1", port: 0, cf: false, modules: true, scriptPath: bundle, modulesRoot: out,
      compatibilityDate: "2026-04-01",
      bindings: { AUTH_TOKEN: TOKEN, SLICE_WIDTH: "1h" },
      durableObjects: { SHARD: { className: "SliceShard", useSQLite: true },
        REGISTRY: { className: "SliceRegistry", useSQLite: true } },
    });
    try {
      const base = (await dry.ready).href.replace(/\/$/, "");
      const h = { ...auth, "Content-Type": "application/json" };
      const ing = await fetch(base + "/v1/metrics", { method: "POST", headers: h, body: JSON.stringify({
        resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: "g", gauge: { dataPoints: [
          { timeUnixNano: "1767225600000000001", asDouble: 1.5 }] } }] }] }] }) });
      assert.equal(ing.status, 200, await ing.clone().text());
      const q = await fetch(base + "/shards/20260101T0000Z/query", { method: "POST", headers: h,
        body: JSON.stringify({ sql: "SELECT CAST(TimeUnix AS TEXT), Value FROM otel_metrics_gauge" }) });
      assert.deepEqual((await q.json()).rows, [["1767225600000000001", 1.5]]);
    } finally {
      await dry.dispose();
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
