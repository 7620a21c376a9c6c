#!/usr/bin/env node
// Starts the shard worker locally in workerd through Miniflare's API (no network, no telemetry, no cf fetch) and
// prints one line `READY <url>` on stdout once it serves. Stops on SIGINT/SIGTERM or when stdin closes (so a parent
// process that dies takes the worker with it).
//
//   node scripts/start-local.mjs [--host 127.0.0.1] [--port 0] [--token T] [--slice-width 1h] [--persist DIR]
//
// Without --persist the Durable Objects live in memory and vanish when the process stops.
process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

const { Miniflare, Log, LogLevel } = await import("miniflare");
const { bundle } = await import("./build.mjs");

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf("--" + name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const host = opt("host", "127.0.0.1");
const port = Number(opt("port", "0"));
const token = opt("token", process.env.AUTH_TOKEN ?? "");
const persist = opt("persist", undefined);

const script = await bundle();
const mf = new Miniflare({
  host,
  port,
  cf: false,
  log: new Log(LogLevel.WARN),
  modules: true,
  scriptPath: script,
  compatibilityDate: "2026-04-01",
  bindings: { AUTH_TOKEN: token, SLICE_WIDTH: opt("slice-width", "1h") },
  durableObjects: {
    SHARD: { className: "SliceShard", useSQLite: true },
    REGISTRY: { className: "SliceRegistry", useSQLite: true },
  },
  durableObjectsPersist: persist ?? false,
});
const url = await mf.ready;
console.log("READY " + url.href.replace(/\/$/, ""));

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  try {
    await mf.dispose();
  } finally {
    process.exit(0);
  }
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
