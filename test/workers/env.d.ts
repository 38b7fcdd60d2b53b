declare namespace Cloudflare {
  interface Env {
    CLUSTERS: DurableObjectNamespace<import("../../src/durable/cluster-object").ClusterObject>;
    DB: D1Database;
    DEV_TOKEN: string;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}
