// Bundles src/index.ts into dist/index.js (an ES module Worker) for Miniflare; `wrangler deploy` bundles by itself.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLE = join(ROOT, "dist", "index.js");

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
  return BUNDLE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle();
  console.log("wrote " + BUNDLE);
}
