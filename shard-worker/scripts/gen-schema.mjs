// Regenerates src/schema.ts from the project's schema resource (the shard-server module's otel-schema.sql).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const SCHEMA_RESOURCE = join(root, "..", "shard-server", "src", "main", "resources", "io", "sqlotel", "shard",
  "schema", "otel-schema.sql");

export function render(ddl) {
  return "// The OTel schema of every shard, embedded from this project's own\n"
    + "// shard-server/src/main/resources/io/sqlotel/shard/schema/otel-schema.sql.\n"
    + "// Regenerate with `node scripts/gen-schema.mjs`; test/worker.test.mjs fails when the copies drift apart.\n"
    + "export const OTEL_SCHEMA_SQL = " + JSON.stringify(ddl) + ";\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(join(root, "src", "schema.ts"), render(readFileSync(SCHEMA_RESOURCE, "utf8")));
  console.log("wrote src/schema.ts");
}
