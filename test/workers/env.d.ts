declare namespace Cloudflare {
  interface Env {
    CLUSTERS: DurableObjectNamespace<import("../../src/durable/cluster-object").ClusterObject>;
    LIMITERS: DurableObjectNamespace<import("../../src/durable/rate-limiter").RateLimiter>;
    SNAPSHOTS: R2Bucket;
    DB: D1Database;
    DEV_TOKEN: string;
    JWT_HS256_SECRET: string;
    JWT_ISSUER: string;
    JWT_AUDIENCE: string;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}
