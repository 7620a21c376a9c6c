// Bundles src/index.ts into dist/index.js (an ES module Worker) for Miniflare; `wrangler deploy` bundles by itself.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLE = join(ROOT, "dist", "index.js");
/** The OTLP mapping alone, for unit tests in Node. */
export const OTLP_MODULE = join(ROOT, "dist", "otlp-for-tests.js");

export async function bundle() {
  await build({
    entryPoints: [join(ROOT, "src", "index.ts")],
    outfile: BUNDLE,
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "neutral",
    external: ["cloudflare:*"],
    logLevel: "warning",
  });
  await build({
    entryPoints: [join(ROOT, "src", "otlp.ts")],
    outfile: OTLP_MODULE,
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "neutral",
    logLevel: "warning",
  });
  return BUNDLE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle();
  console.log("wrote " + BUNDLE);
}
