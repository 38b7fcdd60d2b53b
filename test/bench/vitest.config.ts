import { defineConfig } from "vitest/config";

// The plain-Node half of `npm run bench` (scripts/bench.mjs runs it with --config test/bench/vitest.config.ts).
// A config of its own, not a project of the root one, so `npm test` never runs it.
export default defineConfig({
  test: {
    name: "bench",
    root: ".",
    include: ["test/bench/**/*.bench.test.ts"],
    environment: "node",
    testTimeout: 600_000,
  },
});
