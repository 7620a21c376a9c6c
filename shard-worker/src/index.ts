// sqlotel shard worker: one SQLite-backed Durable Object per time slice, speaking the shard protocol
// (docs/shard-protocol.md) at /shards/{slice}/query, plus OTLP/HTTP JSON ingest and a slice catalog.
import { DurableObject } from "cloudflare:workers";
import { OTEL_SCHEMA_SQL } from "./schema";
import { checkReadOnly, GuardError } from "./sqlguard";
import { BadRecord, COLUMNS, mapRequest, parseJson, parseWidth, Signal, sliceName, sliceStart } from "./otlp";

export interface Env {
  SHARD: DurableObjectNamespace<SliceShard>;
  REGISTRY: DurableObjectNamespace<SliceRegistry>;
  /** Bearer token required on every endpoint; unset or empty: no authentication. */
  AUTH_TOKEN?: string;
  /** Slice width for ingest (1h, 15m, 1d, ...); default 1h. Do not change it once data was ingested. */
  SLICE_WIDTH?: string;
}

const MAX_QUERY_BODY = 8 * 1024 * 1024;
const MAX_INGEST_BODY = 64 * 1024 * 1024;
/** Rows per streamed chunk; each chunk is produced synchronously from the cursor. */
const CHUNK_ROWS = 512;
/** Also cut a chunk once this many characters are pending. */
const CHUNK_CHARS = 256 * 1024;

const JSON_TYPE = { "Content-Type": "application/json; charset=utf-8" };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_TYPE, ...headers } });
}

function error(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return json(status, { error: { message, code } }, headers);
}

function methodNotAllowed(allow: string): Response {
  return error(405, "METHOD_NOT_ALLOWED", "use " + allow, { Allow: allow });
}

/** Constant-time comparison of the Authorization header with `Bearer <token>`. */
function authorized(request: Request, token: string | undefined): boolean {
  if (!token) return true;
  const got = new TextEncoder().encode(request.headers.get("Authorization") ?? "");
  const want = new TextEncoder().encode("Bearer " + token);
  let diff = got.length ^ want.length;
  for (let i = 0; i < want.length; i++) diff |= (got[i] ?? 0) ^ want[i];
  return diff === 0;
}

// ---------------------------------------------------------------------------------------------------------------
// The Worker: auth, routing, ingest fan-out.

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    if (!authorized(request, env.AUTH_TOKEN)) {
      return error(401, "UNAUTHORIZED", "missing or wrong bearer token", { "WWW-Authenticate": "Bearer" });
    }
    if (path === "/health") {
      return request.method === "GET" ? json(200, { status: "ok" }) : methodNotAllowed("GET");
    }
    if (path === "/catalog") {
      if (request.method !== "GET") return methodNotAllowed("GET");
      const slices = await env.REGISTRY.get(env.REGISTRY.idFromName("registry")).list();
      return json(200, { slice_width_ns: parseWidth(env.SLICE_WIDTH).toString(), slices });
    }
    const shard = /^\/shards\/([A-Za-z0-9._:-]{1,128})\/(query|health)$/.exec(path);
    if (shard) {
      if (shard[2] === "health") {
        return request.method === "GET" ? json(200, { status: "ok" }) : methodNotAllowed("GET");
      }
      if (request.method !== "POST") return methodNotAllowed("POST");
      const stub = env.SHARD.get(env.SHARD.idFromName(shard[1]));
      return stub.fetch("https://shard/query", { method: "POST", body: await request.arrayBuffer() });
    }
    const ingest = /^\/v1\/(logs|traces|metrics)$/.exec(path);
    if (ingest) {
      if (request.method !== "POST") return methodNotAllowed("POST");
      return handleIngest(ingest[1] as Signal, request, env);
    }
    return error(404, "NOT_FOUND", "no such path: " + path);
  },
} satisfies ExportedHandler<Env>;

async function handleIngest(signal: Signal, request: Request, env: Env): Promise<Response> {
  const type = request.headers.get("Content-Type") ?? "application/json";
  if (!type.toLowerCase().startsWith("application/json")) {
    return error(415, "UNSUPPORTED_MEDIA_TYPE", "only OTLP/HTTP JSON (application/json) is accepted");
  }
  const body = await request.text();
  if (body.length > MAX_INGEST_BODY) return error(413, "BAD_REQUEST", "body over 64 MiB");
  let width: bigint;
  try {
    width = parseWidth(env.SLICE_WIDTH);
  } catch (e) {
    return error(500, "INTERNAL", (e as Error).message);
  }
  let mapped;
  try {
    mapped = mapRequest(signal, parseJson(body));
  } catch (e) {
    if (e instanceof BadRecord) return error(400, "BAD_REQUEST", e.message);
    if (e instanceof SyntaxError) return error(400, "BAD_REQUEST", "not JSON: " + e.message);
    throw e;
  }
  // group by slice, then by table
  const parts = new Map<string, { start: bigint; tables: Map<string, (string | number | null)[][]> }>();
  for (const row of mapped.rows) {
    const start = sliceStart(row.time, width);
    const name = sliceName(start);
    let part = parts.get(name);
    if (!part) parts.set(name, part = { start, tables: new Map() });
    let rows = part.tables.get(row.table);
    if (!rows) part.tables.set(row.table, rows = []);
    rows.push(row.values);
  }
  const registry = env.REGISTRY.get(env.REGISTRY.idFromName("registry"));
  const written: Record<string, number> = {};
  await Promise.all([...parts.entries()].map(async ([name, part]) => {
    const tables = Object.fromEntries(part.tables);
    // register first: a slice listed in the catalog but still empty is harmless, data that is not listed is lost
    await registry.register(name, part.start.toString(), (part.start + width).toString());
    written[name] = await env.SHARD.get(env.SHARD.idFromName(name)).ingest(tables);
  }));
  // OTLP/HTTP: an empty ExportXServiceResponse, or partialSuccess naming rejected records
  const rejected = mapped.skipped.length;
  const response: Record<string, unknown> = {};
  if (rejected > 0) {
    const key = signal === "logs" ? "rejectedLogRecords" : signal === "traces" ? "rejectedSpans" : "rejectedDataPoints";
    response.partialSuccess = { [key]: String(rejected), errorMessage: mapped.skipped.slice(0, 10).join("; ") };
  }
  return json(200, response, { "X-Sqlotel-Slices": JSON.stringify(written) });
}

// ---------------------------------------------------------------------------------------------------------------
// One time slice: the OTel tables in the object's SQLite storage.

function splitStatements(ddl: string): string[] {
  // the schema file is split at top-level semicolons (it promises no triggers); comments are dropped first
  return ddl.split("\n").map((l) => l.replace(/--.*$/, "")).join("\n").split(";").map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const SCHEMA_STATEMENTS = splitStatements(OTEL_SCHEMA_SQL);

export class SliceShard extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // CREATE ... IF NOT EXISTS: cheap after the first time; synchronous, so no request sees a missing table
    for (const stmt of SCHEMA_STATEMENTS) this.sql.exec(stmt);
  }

  /** Inserts rows (table → rows of COLUMNS[table] values) in one transaction; returns the number of rows. */
  ingest(tables: Record<string, (string | number | null)[][]>): number {
    let n = 0;
    this.ctx.storage.transactionSync(() => {
      for (const [table, rows] of Object.entries(tables)) {
        const cols = COLUMNS[table];
        if (!cols) throw new Error("unknown table " + table);
        const insert = `INSERT INTO ${table} ("${cols.join('", "')}") VALUES (${cols.map(() => "?").join(", ")})`;
        for (const values of rows) {
          this.sql.exec(insert, ...values);
          n++;
        }
        if (table === "otel_traces") {
          // first and last span start per trace in this shard (as the Java loader maintains it)
          const ts = cols.indexOf("Timestamp");
          const tid = cols.indexOf("TraceId");
          for (const values of rows) {
            this.sql.exec("INSERT INTO otel_traces_trace_id_ts (TraceId, Start, \"End\") VALUES (?, ?, ?)"
              + " ON CONFLICT (TraceId) DO UPDATE SET Start = MIN(Start, excluded.Start),"
              + " \"End\" = MAX(\"End\", excluded.\"End\")", values[tid], values[ts], values[ts]);
          }
        }
      }
    });
    return n;
  }

  async fetch(request: Request): Promise<Response> {
    const body = await request.text();
    if (body.length > MAX_QUERY_BODY) return error(400, "BAD_REQUEST", "body over 8 MiB");
    let req: unknown;
    try {
      req = JSON.parse(body);
    } catch (e) {
      return error(400, "BAD_REQUEST", "body is not JSON: " + (e as Error).message);
    }
    if (req === null || typeof req !== "object" || Array.isArray(req)) {
      return error(400, "BAD_REQUEST", "body is not a JSON object");
    }
    const { sql, params } = req as { sql?: unknown; params?: unknown };
    if (typeof sql !== "string") return error(400, "BAD_REQUEST", "missing or non-string sql");
    if (sql.trim() === "") return error(400, "BAD_REQUEST", "blank sql");
    let bound: SqlStorageValue[];
    try {
      bound = bindParams(params);
      checkReadOnly(sql);
    } catch (e) {
      if (e instanceof GuardError) return error(e.status, e.code, e.message);
      throw e;
    }
    return runQuery(this.sql, sql, bound);
  }
}

function bindParams(params: unknown): SqlStorageValue[] {
  if (params === undefined || params === null) return [];
  if (!Array.isArray(params)) throw new GuardError("params must be an array", "BAD_REQUEST", 400);
  return params.map((p, i) => {
    if (p === null || typeof p === "string" || typeof p === "number") return p;
    if (typeof p === "boolean") return p ? 1 : 0;
    if (typeof p === "object" && !Array.isArray(p) && typeof (p as { blob?: unknown }).blob === "string"
      && Object.keys(p).length === 1) {
      return fromBase64((p as { blob: string }).blob);
    }
    throw new GuardError(`parameter ${i + 1} is neither a number, string, boolean, null nor {"blob": base64}`,
      "BAD_REQUEST", 400);
  });
}

function sqlError(e: unknown): Response {
  const message = e instanceof Error ? e.message : String(e);
  if (/readonly|read-only|not authorized|SQLITE_AUTH/i.test(message)) return error(403, "READ_ONLY", message);
  if (/SQLITE_BUSY|locked/i.test(message)) return error(503, "UNAVAILABLE", message);
  return error(400, "SQL_ERROR", message.replace(/^Error:\s*/, ""));
}

/**
 * Runs the statement and streams its result. The first chunk is produced before answering, so an error on the
 * first rows still gets a proper status; later chunks are produced synchronously (no await while the cursor is
 * iterated inside one chunk) when the stream is pulled, so memory stays bounded by one chunk.
 */
function runQuery(storage: SqlStorage, sql: string, params: SqlStorageValue[]): Response {
  const t0 = performance.now();
  let cursor: SqlStorageCursor<Record<string, SqlStorageValue>>;
  let it: Iterator<SqlStorageValue[]>;
  let first: string;
  let rows = 0;
  let done = false;
  const nextChunk = (): string => {
    let out = "";
    let k = 0;
    while (k < CHUNK_ROWS && out.length < CHUNK_CHARS) {
      const r = it.next();
      if (r.done) { done = true; break; }
      out += (rows === 0 ? "" : ",") + encodeRow(r.value);
      rows++;
      k++;
    }
    return out;
  };
  try {
    cursor = storage.exec(sql, ...params);
    it = cursor.raw()[Symbol.iterator]();
    const names = cursor.columnNames;
    first = '{"columns":' + JSON.stringify(names) + ',"rows":[' + nextChunk();
  } catch (e) {
    return sqlError(e);
  }
  const meta = () => '],"meta":{"rows_read":' + rows + ',"duration_ms":' + Math.max(0, performance.now() - t0) + "}}";
  const enc = new TextEncoder();
  if (done) {
    // small result: one piece
    return new Response(first + meta(), { status: 200, headers: JSON_TYPE });
  }
  let sentFirst = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sentFirst) {
        sentFirst = true;
        controller.enqueue(enc.encode(first));
        first = "";
        return;
      }
      try {
        const chunk = nextChunk();
        if (chunk) controller.enqueue(enc.encode(chunk));
        if (done) {
          controller.enqueue(enc.encode(meta()));
          controller.close();
        }
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        controller.enqueue(enc.encode('],"error":' + JSON.stringify({ message, code: "SQL_ERROR" }) + "}"));
        controller.close();
      }
    },
    cancel() {
      done = true;
    },
  }, { highWaterMark: 0 });
  return new Response(stream, { status: 200, headers: JSON_TYPE });
}

function encodeValue(v: SqlStorageValue): string {
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") {
    if (v === Infinity) return '"Infinity"';
    if (v === -Infinity) return '"-Infinity"';
    if (Number.isNaN(v)) return "null";
    if (Object.is(v, -0)) return "-0.0";
    // integers print without exponent up to 1e21 (exact only below 2^53: int64 columns come as CAST(x AS TEXT))
    return String(v);
  }
  return JSON.stringify(toBase64(new Uint8Array(v as ArrayBuffer)));
}

function encodeRow(row: SqlStorageValue[]): string {
  let s = "[";
  for (let i = 0; i < row.length; i++) s += (i === 0 ? "" : ",") + encodeValue(row[i]);
  return s + "]";
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function toBase64(b: Uint8Array): string {
  let s = "";
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    s += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  if (i < b.length) {
    const n = (b[i] << 16) | ((i + 1 < b.length ? b[i + 1] : 0) << 8);
    s += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < b.length ? B64[(n >> 6) & 63] : "=") + "=";
  }
  return s;
}

export function fromBase64(s: string): ArrayBuffer {
  const clean = s.replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) {
    throw new GuardError("blob parameter is not base64", "BAD_REQUEST", 400);
  }
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let j = 0;
  for (const c of clean) {
    acc = (acc << 6) | B64.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 255;
    }
  }
  return out.buffer;
}

// ---------------------------------------------------------------------------------------------------------------
// The registry of slices that exist, for GET /catalog.

export class SliceRegistry extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS slices (name TEXT PRIMARY KEY, start INTEGER NOT NULL,"
      + " \"end\" INTEGER NOT NULL) WITHOUT ROWID");
  }

  /** Records a slice [start, end) (nanoseconds as decimal strings, stored as exact INTEGERs). */
  register(name: string, start: string, end: string): void {
    this.ctx.storage.sql.exec("INSERT INTO slices (name, start, \"end\") VALUES (?, CAST(? AS INTEGER),"
      + " CAST(? AS INTEGER)) ON CONFLICT (name) DO NOTHING", name, start, end);
  }

  /** The slices in time order, bounds as decimal strings. */
  list(): { id: string; start: string; end: string }[] {
    return this.ctx.storage.sql.exec<{ id: string; start: string; end: string }>(
      "SELECT name AS id, CAST(start AS TEXT) AS start, CAST(\"end\" AS TEXT) AS \"end\" FROM slices ORDER BY start, name")
      .toArray();
  }
}
