import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Three projects: pure machinery in plain Node, the Worker + Durable Object inside workerd,
// and the end-to-end suite that starts the local HTTPS service and drives it with real kubectl.
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
      },
    ],
  },
});
