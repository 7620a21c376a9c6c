// OTLP/HTTP JSON → rows of the ClickHouse-exporter-shaped tables, mirroring the project's Java loader
// (otlp-loader: io.sqlotel.otlp.OtlpMapper / AnyValues / Json) for logs, traces and the five metric point types.
//
// Int64 values (timestamps, durations, flags) are BigInts parsed from the JSON text (never through a JS number) and
// travel to the Durable Object as decimal strings; SQLite's INTEGER column affinity stores them as exact INTEGERs.

export type Cell = string | number | null;

/** One row for one table; `time` is the record's time in nanoseconds (the slice key). */
export interface Row { table: string; time: bigint; values: Cell[]; }

/** The columns every metric table starts with (the Java loader's Row.METRIC_COMMON). */
const METRIC_COMMON = ["ResourceAttributes", "ResourceSchemaUrl", "ScopeName", "ScopeVersion", "ScopeAttributes",
  "ScopeDroppedAttrCount", "ScopeSchemaUrl", "ServiceName", "MetricName", "MetricDescription", "MetricUnit",
  "Attributes", "StartTimeUnix", "TimeUnix", "Flags", "SeriesHash"];

/** The columns written per table, in value order (as the Java loader's Row.columns). */
export const COLUMNS: Record<string, string[]> = {
  otel_logs: ["Timestamp", "TraceId", "SpanId", "TraceFlags", "SeverityText", "SeverityNumber", "ServiceName", "Body",
    "ResourceSchemaUrl", "ResourceAttributes", "ScopeSchemaUrl", "ScopeName", "ScopeVersion", "ScopeAttributes",
    "LogAttributes", "EventName"],
  otel_traces: ["Timestamp", "TraceId", "SpanId", "ParentSpanId", "TraceState", "SpanName", "SpanKind", "ServiceName",
    "ResourceAttributes", "ScopeName", "ScopeVersion", "SpanAttributes", "Duration", "StatusCode", "StatusMessage",
    "Events", "Links"],
  otel_metrics_gauge: [...METRIC_COMMON, "Value", "Exemplars"],
  otel_metrics_sum: [...METRIC_COMMON, "Value", "Exemplars", "AggregationTemporality", "IsMonotonic"],
  otel_metrics_histogram: [...METRIC_COMMON, "Count", "Sum", "BucketCounts", "ExplicitBounds", "Exemplars", "Min",
    "Max", "AggregationTemporality"],
  otel_metrics_exponential_histogram: [...METRIC_COMMON, "Count", "Sum", "Scale", "ZeroCount", "PositiveOffset",
    "PositiveBucketCounts", "NegativeOffset", "NegativeBucketCounts", "Exemplars", "Min", "Max",
    "AggregationTemporality"],
  otel_metrics_summary: [...METRIC_COMMON, "Count", "Sum", "ValueAtQuantiles"],
};

export class BadRecord extends Error {}

const INT64_MAX = 9223372036854775807n;

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
  // (Jackson's asText() of an object or array is "")
  return typeof v === "string" ? v : typeof v === "bigint" ? v.toString() : typeof v === "object" ? "" : String(v);
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

/** An integer field as a signed 64-bit integer, 0 when absent; beyond the signed range: a bad record (as Java's Json.int64). */
function int64(node: unknown, camel: string): bigint {
  const v = get(node, camel);
  if (v === undefined || v === null) return 0n;
  const big = bigInteger(v, camel);
  if (big < -INT64_MAX - 1n || big > INT64_MAX) throw new BadRecord(`${camel} ${big} is beyond the signed 64-bit range`);
  return big;
}

/** An array element that is a uint64 count, wrapped to a signed 64-bit integer (Java's BigInteger.longValue()). */
function wrapped64(v: unknown, what: string): bigint {
  return BigInt.asIntN(64, bigInteger(v, what));
}

/** A JSON number or decimal/NaN/Infinity string as a double (Java's Json.asDouble). */
function dbl(v: unknown, what = "value"): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") {
    if (v === "NaN") return NaN;
    if (v === "Infinity" || v === "+Infinity") return Infinity;
    if (v === "-Infinity") return -Infinity;
    const d = Number(v);
    if (v.trim() !== "" && !Number.isNaN(d)) return d;
  }
  throw new BadRecord(`${what} is not a number: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
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
  else mapMetrics(request, out);
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

// ---------------------------------------------------------------------------------------------------------------
// Metrics: one row per data point, in the table of its point type (OtlpMapper.mapMetrics).

const TEMPORALITY = ["UNSPECIFIED", "DELTA", "CUMULATIVE"];

/** The point types: the OTLP field that holds them and their table. */
const POINT_TYPES: [string, string][] = [["gauge", "otel_metrics_gauge"], ["sum", "otel_metrics_sum"],
  ["histogram", "otel_metrics_histogram"], ["exponentialHistogram", "otel_metrics_exponential_histogram"],
  ["summary", "otel_metrics_summary"]];

function mapMetrics(request: unknown, out: MapResult): void {
  for (const rm of array(request, "resourceMetrics")) {
    const res = resource(rm);
    for (const sm of array(rm, "scopeMetrics")) {
      const scope = get(sm, "scope");
      for (const metric of array(sm, "metrics")) {
        const name = text(metric, "name");
        const type = POINT_TYPES.find(([field]) => has(metric, field));
        if (!type) {
          out.skipped.push(`metric '${name}': no gauge, sum, histogram, exponentialHistogram or summary`);
          continue;
        }
        const [field, table] = type;
        const data = get(metric, field);
        for (const p of array(data, "dataPoints")) {
          try {
            const attrs = attributesJson(get(p, "attributes"));
            const scopeName = text(scope, "name");
            const scopeVersion = text(scope, "version");
            const time = timestamp(p, "timeUnixNano");
            const values: Cell[] = [res.attributes, text(rm, "schemaUrl"), scopeName, scopeVersion,
              attributesJson(get(scope, "attributes")), int64(scope, "droppedAttributesCount").toString(),
              text(sm, "schemaUrl"), res.serviceName, name, text(metric, "description"), text(metric, "unit"), attrs,
              timestamp(p, "startTimeUnixNano").toString(), time.toString(), int64(p, "flags").toString(),
              seriesHash(name, res.attributes, scopeName, scopeVersion, attrs).toString()];
            values.push(...pointValues(table, data, p));
            out.rows.push({ table, time, values });
          } catch (e) {
            if (!(e instanceof BadRecord)) throw e;
            out.skipped.push(`metric '${name}' point: ${e.message}`);
          }
        }
      }
    }
  }
}

/** The point-type columns after METRIC_COMMON, in COLUMNS order. */
function pointValues(table: string, data: unknown, p: unknown): Cell[] {
  const temporality = () => enumNumber(data, "aggregationTemporality", "AGGREGATION_TEMPORALITY_", TEMPORALITY);
  switch (table) {
    case "otel_metrics_gauge":
      return [numberValue(p), exemplars(p)];
    case "otel_metrics_sum":
      return [numberValue(p), exemplars(p), temporality(), bool(data, "isMonotonic") ? 1 : 0];
    case "otel_metrics_histogram": {
      const counts = array(p, "bucketCounts").map((c) => wrapped64(c, "bucketCounts"));
      const bounds = array(p, "explicitBounds").map((b) => jsonDouble(dbl(b, "explicitBounds")));
      return [int64(p, "count").toString(), optionalDouble(p, "sum"), toJson(counts), toJson(bounds), exemplars(p),
        optionalDouble(p, "min"), optionalDouble(p, "max"), temporality()];
    }
    case "otel_metrics_exponential_histogram": {
      const pos = get(p, "positive");
      const neg = get(p, "negative");
      return [int64(p, "count").toString(), optionalDouble(p, "sum"), int64(p, "scale").toString(),
        int64(p, "zeroCount").toString(), int64(pos, "offset").toString(), bucketCounts(pos),
        int64(neg, "offset").toString(), bucketCounts(neg), exemplars(p), optionalDouble(p, "min"),
        optionalDouble(p, "max"), temporality()];
    }
    case "otel_metrics_summary": {
      const qs = array(p, "quantileValues").map((q) => new Map<string, Raw>([
        ["Quantile", jsonDouble(has(q, "quantile") ? dbl(get(q, "quantile"), "quantile") : 0)],
        ["Value", jsonDouble(has(q, "value") ? dbl(get(q, "value"), "value") : 0)]]));
      return [int64(p, "count").toString(), optionalDouble(p, "sum"), toJson(qs)];
    }
    default:
      throw new Error("unknown metric table " + table);
  }
}

function bucketCounts(buckets: unknown): string {
  return toJson(array(buckets, "bucketCounts").map((c) => wrapped64(c, "bucketCounts")));
}

/** A double field, null when absent or NaN (SQLite stores NaN as NULL). */
function optionalDouble(node: unknown, camel: string): number | null {
  if (!has(node, camel)) return null;
  const d = dbl(get(node, camel), camel);
  return Number.isNaN(d) ? null : d;
}

/** asDouble, else asInt as a double, else null (NaN too). */
function numberValue(p: unknown): number | null {
  if (has(p, "asDouble")) return optionalDouble(p, "asDouble");
  if (has(p, "asInt")) return Number(int64(p, "asInt"));
  return null;
}

function exemplars(p: unknown): string {
  return toJson(array(p, "exemplars").map((e) => {
    const v = numberValue(e);
    return new Map<string, Raw>([
      ["FilteredAttributes", attrsRaw(get(e, "filteredAttributes"))], ["TimeUnix", timestamp(e, "timeUnixNano")],
      ["Value", v === null ? null : jsonDouble(v)], ["SpanId", id(e, "spanId", 16)], ["TraceId", id(e, "traceId", 32)],
    ]);
  }));
}

/** A double as Jackson writes a Java double: Double.toString digits, NaN and infinities as strings. */
function jsonDouble(d: number): Raw {
  if (Number.isNaN(d)) return "NaN";
  if (d === Infinity) return "Infinity";
  if (d === -Infinity) return "-Infinity";
  return { num: javaDoubleString(d) };
}

/**
 * Java's Double.toString of a finite double: plain decimal with at least one fractional digit for
 * 1e-3 <= |d| < 1e7 ("5.0", "0.001"), otherwise computerized scientific notation ("1.0E7", "1.5E-4"); the digits
 * are the shortest that round-trip (JavaScript's, as JDK 19+ and, for all but rare values, JDK 17).
 */
export function javaDoubleString(d: number): string {
  if (d === 0) return Object.is(d, -0) ? "-0.0" : "0.0";
  const sign = d < 0 ? "-" : "";
  const abs = Math.abs(d);
  const [mantissa, e] = abs.toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exp = parseInt(e, 10);
  if (abs >= 1e-3 && abs < 1e7) {
    if (exp < 0) return sign + "0." + "0".repeat(-exp - 1) + digits;
    const int = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
    return sign + int + "." + (digits.slice(exp + 1) || "0");
  }
  return sign + digits[0] + "." + (digits.slice(1) || "0") + "E" + exp;
}

const UTF8 = new TextEncoder();

/**
 * FNV-1a (64 bit) of the series identity, each part's UTF-8 bytes followed by a zero byte, as a signed 64-bit
 * integer (the Java loader's OtlpMapper.seriesHash). Computed on two 32-bit halves: h * 0x100000001b3 mod 2^64 is
 * h * 0x1b3 + (h << 40).
 */
export function seriesHash(...parts: string[]): bigint {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const step = (b: number) => {
    lo = (lo ^ b) >>> 0;
    const l = lo * 0x1b3;
    const carry = Math.floor(l / 0x100000000);
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = l >>> 0;
  };
  for (const part of parts) {
    for (const b of UTF8.encode(part)) step(b);
    step(0);
  }
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
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
