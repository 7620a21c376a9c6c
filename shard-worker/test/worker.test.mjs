// Node tests of the shard worker in workerd (Miniflare's API): `npm test`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
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
