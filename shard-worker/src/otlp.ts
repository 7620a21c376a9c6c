// OTLP/HTTP JSON → rows of the ClickHouse-exporter-shaped tables, mirroring the project's Java loader
// (otlp-loader: io.sqlotel.otlp.OtlpMapper / AnyValues / Json) for logs and traces.
//
// Int64 values (timestamps, durations, flags) are BigInts parsed from the JSON text (never through a JS number) and
// travel to the Durable Object as decimal strings; SQLite's INTEGER column affinity stores them as exact INTEGERs.

export type Cell = string | number | null;

/** One row for one table; `time` is the record's time in nanoseconds (the slice key). */
export interface Row { table: string; time: bigint; values: Cell[]; }

export const COLUMNS: Record<string, string[]> = {
  otel_logs: ["Timestamp", "TraceId", "SpanId", "TraceFlags", "SeverityText", "SeverityNumber", "ServiceName", "Body",
    "ResourceSchemaUrl", "ResourceAttributes", "ScopeSchemaUrl", "ScopeName", "ScopeVersion", "ScopeAttributes",
    "LogAttributes", "EventName"],
  otel_traces: ["Timestamp", "TraceId", "SpanId", "ParentSpanId", "TraceState", "SpanName", "SpanKind", "ServiceName",
    "ResourceAttributes", "ScopeName", "ScopeVersion", "SpanAttributes", "Duration", "StatusCode", "StatusMessage",
    "Events", "Links"],
};

export class BadRecord extends Error {}

const INT64_MAX = 9223372036854775807n;
const UINT64_MAX = 18446744073709551615n;

/**
 * JSON.parse keeping integers beyond 2^53 exact as BigInt (uses the reviver's source text, available in workerd's
 * and Node 20's V8; without it large numbers written as JSON numbers would be rounded, strings are always exact).
 */
export function parseJson(text: string): unknown {
  return JSON.parse(text, function (this: unknown, _key: string, value: unknown, ctx?: { source?: string }) {
    if (typeof value === "number" && !Number.isSafeInteger(value) && ctx?.source && /^-?\d+$/.test(ctx.source)) {
      return BigInt(ctx.source);
    }
    return value;
  } as (key: string, value: unknown) => unknown);
}

type Node = Record<string, unknown> | undefined | null;

function snake(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
}

/** A field by its camelCase name or its snake_case (proto) name. */
function get(node: unknown, camel: string): unknown {
  if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
  const o = node as Record<string, unknown>;
  if (camel in o) return o[camel];
  const s = snake(camel);
  return s in o ? o[s] : undefined;
}

function has(node: unknown, camel: string): boolean {
  const v = get(node, camel);
  return v !== undefined && v !== null;
}

function text(node: unknown, camel: string): string {
  const v = get(node, camel);
  if (v === undefined || v === null) return "";
  return typeof v === "string" ? v : typeof v === "bigint" ? v.toString() : typeof v === "object" ? JSON.stringify(v) : String(v);
}

function array(node: unknown, camel: string): unknown[] {
  const v = get(node, camel);
  return Array.isArray(v) ? v : [];
}

function bigInteger(v: unknown, what: string): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new BadRecord(`${what} ${v} is not an integer`);
    return BigInt(v);
  }
  if (typeof v === "string" && /^\s*[-+]?\d+\s*$/.test(v)) return BigInt(v.trim());
  throw new BadRecord(`${what} ${JSON.stringify(v)} is not an integer`);
}

/** Nanosecond timestamp; 0 when absent; must fit a signed 64-bit integer. */
export function timestamp(node: unknown, camel: string): bigint {
  const v = get(node, camel);
  if (v === undefined || v === null) return 0n;
  const big = bigInteger(v, camel);
  if (big < 0n || big > INT64_MAX) throw new BadRecord(`${camel} ${big} ns is beyond the signed 64-bit range`);
  return big;
}

/** A (u)int64 field as a signed 64-bit integer (uint64 wraps as in Java's longValue()). */
function int64(node: unknown, camel: string): bigint {
  const v = get(node, camel);
  if (v === undefined || v === null) return 0n;
  const big = bigInteger(v, camel);
  if (big < -INT64_MAX - 1n || big > UINT64_MAX) throw new BadRecord(`${camel} ${big} is beyond 64 bits`);
  return BigInt.asIntN(64, big);
}

function dbl(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") {
    if (v === "NaN") return NaN;
    if (v === "Infinity" || v === "+Infinity") return Infinity;
    if (v === "-Infinity") return -Infinity;
    const d = Number(v);
    if (v.trim() !== "" && !Number.isNaN(d)) return d;
  }
  throw new BadRecord(`${JSON.stringify(v)} is not a number`);
}

function bool(node: unknown, camel: string): boolean {
  const v = get(node, camel);
  return v === true || v === "true";
}

/** pdata's Value.AsString() formatting of a double (JavaScript's own shortest round-trip formatting). */
function formatDouble(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (d === Infinity) return "+Inf";
  if (d === -Infinity) return "-Inf";
  if (d === 0) return "0";
  return String(d);
}

/** JSON text of a string with Jackson's escaping of control characters (uppercase hex). */
function jsonString(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, (_m, h: string) => "\\u00" + h.toUpperCase());
}

/** A raw JSON value (already serialized pieces) writer: values are strings, booleans, bigints, numbers, arrays, maps. */
type Raw = string | boolean | bigint | { num: string } | null | Raw[] | Map<string, Raw>;

function toJson(v: Raw): string {
  if (v === null) return "null";
  if (typeof v === "string") return jsonString(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return "[" + v.map(toJson).join(",") + "]";
  if (v instanceof Map) {
    const parts: string[] = [];
    for (const [k, x] of v) parts.push(jsonString(k) + ":" + toJson(x));
    return "{" + parts.join(",") + "}";
  }
  return v.num;
}

/** AnyValue.AsString(). */
export function asString(v: unknown): string {
  if (has(v, "stringValue")) return text(v, "stringValue");
  if (has(v, "boolValue")) return String(bool(v, "boolValue"));
  if (has(v, "intValue")) return int64(v, "intValue").toString();
  if (has(v, "doubleValue")) return formatDouble(dbl(get(v, "doubleValue")));
  if (has(v, "bytesValue")) return text(v, "bytesValue");
  if (has(v, "arrayValue") || has(v, "kvlistValue")) return toJson(raw(v));
  return "";
}

function raw(v: unknown): Raw {
  if (has(v, "stringValue")) return text(v, "stringValue");
  if (has(v, "boolValue")) return bool(v, "boolValue");
  if (has(v, "intValue")) return int64(v, "intValue");
  if (has(v, "doubleValue")) {
    const d = dbl(get(v, "doubleValue"));
    return Number.isFinite(d) ? { num: formatDouble(d) } : formatDouble(d);
  }
  if (has(v, "bytesValue")) return text(v, "bytesValue");
  if (has(v, "arrayValue")) return array(get(v, "arrayValue"), "values").map(raw);
  if (has(v, "kvlistValue")) {
    const entries = array(get(v, "kvlistValue"), "values").map((kv) => [text(kv, "key"), raw(get(kv, "value"))] as [string, Raw]);
    const m = new Map<string, Raw>();
    for (const [k, x] of entries) m.set(k, x);
    // sorted keys, as Go's encoder (and the Java loader's TreeMap) writes them
    return new Map([...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  }
  return null;
}

/** Attribute list → ordered map of AsString() values (a repeated key keeps its last value, first position). */
function attributesMap(keyValues: unknown): Map<string, string> {
  const m = new Map<string, string>();
  if (Array.isArray(keyValues)) {
    for (const kv of keyValues) m.set(text(kv, "key"), asString(get(kv, "value")));
  }
  return m;
}

function attributesJson(keyValues: unknown): string {
  return toJson(attributesMap(keyValues) as Map<string, Raw>);
}

function id(node: unknown, field: string, hexDigits: number): string {
  const s = text(node, field);
  if (s === "") return s;
  if (s.length !== hexDigits || !/^[0-9a-fA-F]+$/.test(s)) {
    throw new BadRecord(`${field} '${s}' is not ${hexDigits} hex digits`);
  }
  return s.toLowerCase();
}

function enumNumber(node: unknown, field: string, prefix: string, names: string[]): number {
  const v = get(node, field);
  if (v === undefined || v === null) return 0;
  let n = -1;
  if (typeof v === "number" && Number.isInteger(v)) {
    n = v;
  } else if (typeof v === "bigint") {
    n = v < 1000n ? Number(v) : -1;
  } else {
    const s = String(v).trim();
    if (/^\d{1,3}$/.test(s)) {
      n = parseInt(s, 10);
    } else {
      const name = s.startsWith(prefix) ? s.substring(prefix.length) : s;
      n = names.indexOf(name);
    }
  }
  if (n < 0 || n >= names.length) throw new BadRecord(`${field} ${JSON.stringify(v)} is not a known ${prefix}* value`);
  return n;
}

const SEVERITY: string[] = (() => {
  const base = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
  const names = ["UNSPECIFIED"];
  for (const b of base) for (let k = 0; k < 4; k++) names.push(k === 0 ? b : b + (k + 1));
  return names;
})();
const SPAN_KIND = ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"];
const SPAN_KIND_TEXT = ["Unspecified", "Internal", "Server", "Client", "Producer", "Consumer"];
const STATUS = ["UNSET", "OK", "ERROR"];
const STATUS_TEXT = ["Unset", "Ok", "Error"];

function resource(rx: unknown): { attributes: string; serviceName: string } {
  const attrs = attributesMap(get(get(rx, "resource"), "attributes"));
  return { attributes: toJson(attrs as Map<string, Raw>), serviceName: attrs.get("service.name") ?? "" };
}

export interface MapResult { rows: Row[]; skipped: string[]; }

export type Signal = "logs" | "traces" | "metrics";

export function mapRequest(signal: Signal, request: unknown): MapResult {
  const out: MapResult = { rows: [], skipped: [] };
  if (request === null || typeof request !== "object" || Array.isArray(request)) {
    throw new BadRecord("the body is not a JSON object");
  }
  if (signal === "logs") mapLogs(request, out);
  else if (signal === "traces") mapTraces(request, out);
  else throw new BadRecord("metrics ingest is not implemented by this worker yet");
  return out;
}

function mapLogs(request: unknown, out: MapResult): void {
  for (const rl of array(request, "resourceLogs")) {
    const res = resource(rl);
    for (const sl of array(rl, "scopeLogs")) {
      const scope = get(sl, "scope");
      for (const lr of array(sl, "logRecords")) {
        try {
          let ts = timestamp(lr, "timeUnixNano");
          if (ts === 0n) ts = timestamp(lr, "observedTimeUnixNano");
          const flags = int64(lr, "flags") & 0xffffffffn;
          out.rows.push({ table: "otel_logs", time: ts, values: [
            ts.toString(), id(lr, "traceId", 32), id(lr, "spanId", 16), flags.toString(), text(lr, "severityText"),
            enumNumber(lr, "severityNumber", "SEVERITY_NUMBER_", SEVERITY), res.serviceName, asString(get(lr, "body")),
            text(rl, "schemaUrl"), res.attributes, text(sl, "schemaUrl"), text(scope, "name"), text(scope, "version"),
            attributesJson(get(scope, "attributes")), attributesJson(get(lr, "attributes")), text(lr, "eventName"),
          ] });
        } catch (e) {
          if (!(e instanceof BadRecord)) throw e;
          out.skipped.push("log record: " + e.message);
        }
      }
    }
  }
}

function mapTraces(request: unknown, out: MapResult): void {
  for (const rs of array(request, "resourceSpans")) {
    const res = resource(rs);
    for (const ss of array(rs, "scopeSpans")) {
      const scope = get(ss, "scope");
      for (const span of array(ss, "spans")) {
        try {
          const start = timestamp(span, "startTimeUnixNano");
          const end = timestamp(span, "endTimeUnixNano");
          const status = get(span, "status");
          out.rows.push({ table: "otel_traces", time: start, values: [
            start.toString(), id(span, "traceId", 32), id(span, "spanId", 16), id(span, "parentSpanId", 16),
            text(span, "traceState"), text(span, "name"), SPAN_KIND_TEXT[enumNumber(span, "kind", "SPAN_KIND_", SPAN_KIND)],
            res.serviceName, res.attributes, text(scope, "name"), text(scope, "version"),
            attributesJson(get(span, "attributes")), (end >= start ? end - start : 0n).toString(),
            STATUS_TEXT[enumNumber(status, "code", "STATUS_CODE_", STATUS)], text(status, "message"),
            events(span), links(span),
          ] });
        } catch (e) {
          if (!(e instanceof BadRecord)) throw e;
          out.skipped.push(`span '${text(span, "name")}': ${e.message}`);
        }
      }
    }
  }
}

function attrsRaw(keyValues: unknown): Map<string, Raw> {
  return attributesMap(keyValues) as Map<string, Raw>;
}

function events(span: unknown): string {
  return toJson(array(span, "events").map((e) => new Map<string, Raw>([
    ["Timestamp", timestamp(e, "timeUnixNano")], ["Name", text(e, "name")],
    ["Attributes", attrsRaw(get(e, "attributes"))],
  ])));
}

function links(span: unknown): string {
  return toJson(array(span, "links").map((l) => new Map<string, Raw>([
    ["TraceId", id(l, "traceId", 32)], ["SpanId", id(l, "spanId", 16)], ["TraceState", text(l, "traceState")],
    ["Attributes", attrsRaw(get(l, "attributes"))],
  ])));
}

/** Start of the slice holding `t` (floor division, also for negative times). */
export function sliceStart(t: bigint, width: bigint): bigint {
  const q = t / width;
  return (t % width !== 0n && t < 0n ? q - 1n : q) * width;
}

/** Parses a slice width such as 1h, 15m, 1d, 30s, 500ms (default unit: seconds) into nanoseconds. */
export function parseWidth(s: string | undefined): bigint {
  const m = /^\s*(\d+)\s*(ns|us|ms|s|m|h|d)?\s*$/.exec(s ?? "1h");
  if (!m) throw new Error("SLICE_WIDTH is not a duration like 1h, 15m, 1d: " + s);
  const unit: Record<string, bigint> = { ns: 1n, us: 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n,
    h: 3600000000000n, d: 86400000000000n };
  const w = BigInt(m[1]) * unit[m[2] ?? "s"];
  if (w <= 0n) throw new Error("SLICE_WIDTH must be positive");
  return w;
}

/** The slice's name: its UTC start, e.g. 20181213T1451Z (seconds and nanoseconds added only when needed). */
export function sliceName(start: bigint): string {
  const ms = start / 1000000n;
  const rest = start % 1000000000n;
  const d = new Date(Number(ms));
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  let name = `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
  if (d.getUTCSeconds() !== 0 || rest !== 0n) name += p(d.getUTCSeconds());
  if (rest !== 0n) name += "." + rest.toString().padStart(9, "0");
  return name + "Z";
}
