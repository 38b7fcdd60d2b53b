import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Three projects: pure machinery in plain Node, the Worker + Durable Object inside workerd,
// and the end-to-end suite that starts the local HTTPS service and drives it with real kubectl.
export default defineConfig({
  test: {
    projects: [
      {
        // Whole-cluster tests run every controller over an in-memory SQLite: allow a shared CI machine time.
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node", testTimeout: 30_000 },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            main: "./src/index.ts",
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                DEV_TOKEN: "test-token",
                EDGEPLANE_DEV: "1",
                BOOKMARK_INTERVAL_MS: "200",
                HISTORY_WINDOW: "50",
                MAX_OBJECTS_PER_CLUSTER: "400",
                // Tenant JWTs in tests are HS256 with this secret (issuer/audience from wrangler.toml).
                JWT_HS256_SECRET: "test-jwt-secret-0123456789abcdef0123456789abcdef",
                DEFAULT_REQUESTS_PER_SECOND: "100000",
                TEST_MIGRATIONS: await readD1Migrations("./migrations"),
              },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts"],
          setupFiles: ["./test/workers/apply-migrations.ts"],
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["./test/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
