// LTS answers no CORS preflight, so the page calls it through this server: /lts/... goes to
// LTS_ENDPOINT, or to LTS_REGION's endpoint, in `vite` (dev) and in `vite preview` alike.
// A deployed page needs the same proxy in front of it.
import { defineConfig } from "vite";
import { knownRegions } from "lts-kafka";

const { LTS_ENDPOINT, LTS_REGION } = process.env;
const target = LTS_ENDPOINT || knownRegions().find((r) => r.region === LTS_REGION)?.endpoint;

export default defineConfig(({ command }) => {
  // `vite build` needs no endpoint; the servers cannot start without one.
  if (command === "serve" && !target) {
    const regions = knownRegions().map((r) => r.region);
    throw new Error(`set LTS_ENDPOINT, or LTS_REGION to one of: ${regions.join(" ")}`);
  }
  const proxy = {
    "/lts/": { target, changeOrigin: true, rewrite: (/** @type {string} */ path) => path.slice("/lts".length) },
  };
  return {
    server: { proxy },
    preview: { proxy },
    // The dev server would pre-bundle the package into node_modules/.vite/deps/, away from the
    // .wasm it loads from next to itself (`vite build` emits the .wasm as an asset either way).
    optimizeDeps: { exclude: ["lts-kafka"] },
  };
});
