#!/usr/bin/env node
// Queries sqlotel over Arrow Flight SQL with @lakehouse-rs/flight-sql-client and prints one JSON document:
// the query's columns and rows, the catalogs, and the tables.
//
//   node query.mjs HOST:PORT ["SQL"]        (npm ci first; SQLOTEL_TOKEN=T for a server started with --token T)
import { createFlightSqlClient } from '@lakehouse-rs/flight-sql-client';
import { tableFromIPC } from 'apache-arrow';

const [address = '127.0.0.1:31337', sql = 'SELECT ServiceName, COUNT(*) AS n FROM otel_logs GROUP BY ServiceName ORDER BY ServiceName'] =
  process.argv.slice(2);
const match = /^(.+):(\d+)$/.exec(address);
if (!match) {
  console.error(`usage: node query.mjs HOST:PORT ["SQL"] (got ${address})`);
  process.exit(2);
}

// Arrow IPC bytes -> { columns, rows } with JSON-safe values (int64 arrives as BigInt).
function toJson(ipc) {
  const table = tableFromIPC(ipc);
  const columns = table.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
  const rows = table.toArray().map((row) => {
    const out = {};
    for (const { name } of columns) {
      out[name] = jsonValue(row[name]);
    }
    return out;
  });
  return { columns, rows };
}

function jsonValue(v) {
  if (typeof v === 'bigint') {
    return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  }
  if (v instanceof Uint8Array) {
    return Buffer.from(v).toString('base64');
  }
  if (v !== null && typeof v === 'object' && typeof v.toJSON === 'function') {
    return v.toJSON();
  }
  return v ?? null;
}

try {
  const client = await createFlightSqlClient({
    host: match[1],
    port: Number(match[2]),
    tls: false,
    headers: [],
    ...(process.env.SQLOTEL_TOKEN ? { token: process.env.SQLOTEL_TOKEN } : {}),
  });

  const result = toJson(await client.query(sql));
  const catalogs = toJson(await client.getCatalogs()).rows.map((r) => r.catalog_name);
  const tables = toJson(await client.getTables({ includeSchema: false })).rows.map((r) => ({
    catalog: r.catalog_name,
    schema: r.db_schema_name,
    table: r.table_name,
    type: r.table_type,
  }));

  process.stdout.write(JSON.stringify({ query: sql, ...result, catalogs, tables }, null, 2) + '\n');
} catch (e) {
  // The client reports failures without the server's message (e.g. "failed to prepare statement" for bad SQL).
  console.error(`query.mjs: ${e?.message ?? e} (${address})`);
  process.exitCode = 1;
}
