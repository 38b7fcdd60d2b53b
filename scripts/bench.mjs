#!/usr/bin/env node
/**
 * `npm run bench`: latency of the Kubernetes API through the whole local HTTPS stack (client → wrangler's
 * HTTPS server → Worker → cluster Durable Object → SQLite), store throughput inside the Durable Object, and
 * the cluster as a whole: scheduling throughput on 1,000 nodes, a 1,000-replica Deployment rolled out in
 * virtual time through the public API, and the size of a 1,000-node, 30,000-pod cluster (SQLite inside the
 * Durable Object; JS heap measured in plain Node, since workerd reports none).
 * Starts its own service (scripts/start.mjs) on a free port with a throwaway state directory, prints one JSON
 * document, and stops. Loops are bounded in count and time; traffic goes to 127.0.0.1 only.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:https";
import { createServer } from "node:net";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ITER = Number(process.env.BENCH_ITERATIONS ?? 400);

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

async function startService() {
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), "edgeplane-bench-"));
  const child = spawn(process.execPath, [join(root, "scripts/start.mjs")], {
    cwd: root,
    // The 31,000-object cluster of the size benchmark needs more than the default 20,000-object bound.
    env: { ...process.env, PORT: String(port), EDGEPLANE_STATE: state, EDGEPLANE_MAX_OBJECTS: "100000" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`service did not start:\n${out}`)), 180_000);
    const on = (d) => {
      out += d;
      if (out.includes("export KUBECONFIG=")) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout.on("data", on);
    child.stderr.on("data", on);
    child.on("exit", (c) => rej(new Error(`service exited ${c}:\n${out}`)));
  });
  return {
    port,
    state,
    token: readFileSync(join(state, "dev-token"), "utf8").trim(),
    ca: readFileSync(join(state, "pki", "ca.crt")),
    stop() {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
        rmSync(state, { recursive: true, force: true });
      }, 1500).unref();
    },
  };
}

function client(svc, cluster = "demo", token = svc.token) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64, ca: svc.ca });
  // cluster null: paths are absolute (the tenant API).
  const base = cluster === null ? "" : `/clusters/${cluster}`;
  return (method, path, body, headers = {}) =>
    new Promise((res, rej) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          host: "127.0.0.1",
          port: svc.port,
          method,
          path: base + path,
          agent,
          headers: {
            Authorization: `Bearer ${token}`,
            ...(data ? { "Content-Type": headers["Content-Type"] ?? "application/json" } : {}),
            ...headers,
          },
        },
        (r) => {
          const chunks = [];
          r.on("data", (c) => chunks.push(c));
          r.on("end", () => res({ status: r.statusCode, body: Buffer.concat(chunks).toString() }));
        },
      );
      req.on("error", rej);
      if (data) req.write(data);
      req.end();
    });
}

function percentiles(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  const r = (x) => Math.round(x * 100) / 100;
  return { n: s.length, p50_ms: r(at(50)), p99_ms: r(at(99)), max_ms: r(s[s.length - 1]) };
}

/** Runs `op(i)` ITER times with `concurrency` in flight; returns latency percentiles and throughput. */
async function measure(concurrency, op, iterations = ITER) {
  const samples = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= iterations) return;
        const t = performance.now();
        const r = await op(i);
        if (r.status >= 300) throw new Error(`request failed: ${r.status} ${r.body.slice(0, 200)}`);
        samples.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { ...percentiles(samples), requests_per_s: Math.round(iterations / seconds) };
}

const cm = (name, v = "1") => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { v } });

/** Watch delivery: `watchers` open watches; a writer updates objects; time from write start to each event. */
async function watchDelivery(svc, kube, watchers, writes) {
  const ns = `/api/v1/namespaces/default/configmaps`;
  await kube("POST", ns, cm("watched"));
  const rv = JSON.parse((await kube("GET", `${ns}?limit=1`)).body).metadata.resourceVersion;
  const started = new Map();
  const samples = [];
  const agent = new Agent({ keepAlive: false, ca: svc.ca });
  const streams = await Promise.all(
    Array.from(
      { length: watchers },
      () =>
        new Promise((res, rej) => {
          const req = request(
            {
              host: "127.0.0.1",
              port: svc.port,
              path: `/clusters/demo${ns}?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dwatched&timeoutSeconds=120`,
              agent,
              headers: { Authorization: `Bearer ${svc.token}` },
            },
            (r) => {
              let buf = "";
              r.on("data", (d) => {
                buf += d;
                let i = buf.indexOf("\n");
                while (i >= 0) {
                  const ev = JSON.parse(buf.slice(0, i));
                  buf = buf.slice(i + 1);
                  const v = ev.object?.data?.v;
                  if (started.has(v)) samples.push(performance.now() - started.get(v));
                  i = buf.indexOf("\n");
                }
              });
              res(req);
            },
          );
          req.on("error", rej);
          req.end();
        }),
    ),
  );
  await new Promise((r) => setTimeout(r, 300));
  for (let i = 0; i < writes; i++) {
    const v = `w${i}`;
    started.set(v, performance.now());
    await kube("PATCH", `${ns}/watched`, { data: { v } }, { "Content-Type": "application/merge-patch+json" });
  }
  const deadline = Date.now() + 10_000;
  while (samples.length < writes * watchers && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const s of streams) s.destroy();
  await kube("DELETE", `${ns}/watched`);
  return { watchers, events_expected: writes * watchers, ...percentiles(samples) };
}

async function json(res, what) {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.body.slice(0, 300)}`);
  return r.body ? JSON.parse(r.body) : undefined;
}

/**
 * A 1,000-replica Deployment until every replica is Available, in virtual time, through the public API only:
 * a fresh cluster, its clock made virtual, enough extra workers (copies of the seeded worker) for 1,000 pods
 * at 110 per node, then `time:advance?by=1s` and a GET of the Deployment until availableReplicas is reached
 * (1 s steps: the whole rollout takes a few seconds of cluster time, so coarser steps would hide it).
 */
async function rolloutInVirtualTime(svc, replicas) {
  const cluster = `bench-rollout-${process.pid}`;
  const kube = client(svc, cluster);
  await json(kube("PUT", "/time", { mode: "virtual" }), "set the clock virtual");
  const worker = await json(kube("GET", `/api/v1/nodes/${cluster}-worker`), "read the seeded worker");
  const extraNodes = Math.ceil(replicas / 100) + 2;
  for (let i = 1; i <= extraNodes; i++) {
    const name = `bench-worker-${i}`;
    const node = structuredClone(worker);
    const { uid, resourceVersion, creationTimestamp, managedFields, ...meta } = node.metadata;
    node.metadata = { ...meta, name, labels: { ...meta.labels, "kubernetes.io/hostname": name } };
    const cidr = `10.244.${i + 2}.0/24`;
    node.spec = { ...node.spec, podCIDR: cidr, podCIDRs: [cidr], providerID: `kind://docker/${cluster}/${name}` };
    node.status = {
      ...node.status,
      addresses: [
        { address: `172.18.0.${i + 10}`, type: "InternalIP" },
        { address: name, type: "Hostname" },
      ],
    };
    const created = await json(kube("POST", "/api/v1/nodes", node), `create node ${name}`);
    // Like a kubelet registering: if creation dropped the status, post it on the status subresource.
    if (!created.status?.allocatable) {
      await json(
        kube("PUT", `/api/v1/nodes/${name}/status`, { ...created, status: node.status }),
        `post status of ${name}`,
      );
    }
  }
  const labels = { app: "bench-web" };
  await json(
    kube("POST", "/apis/apps/v1/namespaces/default/deployments", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "bench-web", labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] },
        },
      },
    }),
    "create the Deployment",
  );
  const startClock = await json(kube("GET", "/time"), "read the clock");
  const t0 = performance.now();
  let advances = 0;
  let reconciled = 0;
  let available = 0;
  let status = {};
  const timeline = [];
  while (available < replicas && advances < 600 && performance.now() - t0 < 900_000) {
    const adv = await json(kube("POST", "/time:advance?by=1s"), "advance the clock");
    advances++;
    reconciled += adv.reconciled ?? 0;
    const d = await json(kube("GET", "/apis/apps/v1/namespaces/default/deployments/bench-web"), "read the Deployment");
    status = d.status ?? {};
    available = status.availableReplicas ?? 0;
    timeline.push([advances, available]);
  }
  const wallMs = performance.now() - t0;
  const endClock = await json(kube("GET", "/time"), "read the clock");
  const result = {
    cluster,
    replicas,
    extra_nodes: extraNodes,
    available_replicas: available,
    complete: available >= replicas,
    wall_ms: Math.round(wallMs),
    virtual_seconds: Math.round((endClock.nowMs - startClock.nowMs) / 1000),
    advance_calls: advances,
    reconciles: reconciled,
    // [cluster seconds since the Deployment was created, available replicas], for the first 60 s.
    available_by_second: timeline.slice(0, 60),
    deployment_status: status,
  };
  if (!result.complete) {
    // Where the pods are stuck: phase per node for the Deployment's pods.
    const pods = await json(kube("GET", "/api/v1/namespaces/default/pods?labelSelector=app%3Dbench-web"), "list pods");
    const byNode = {};
    for (const p of pods.items) {
      const k = `${p.spec.nodeName ?? "<unscheduled>"} ${p.status?.phase}`;
      byNode[k] = (byNode[k] ?? 0) + 1;
    }
    result.stuck_pods_by_node_and_phase = byNode;
  }
  return result;
}

/** The JS heap of a 1,000-node, 30,000-pod cluster, measured in plain Node (test/bench/). */
function nodeHeap() {
  const out = join(mkdtempSync(join(tmpdir(), "edgeplane-bench-heap-")), "heap.json");
  const r = spawnSync(
    process.execPath,
    [join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", "test/bench/vitest.config.ts"],
    { cwd: root, env: { ...process.env, BENCH_OUT: out }, encoding: "utf8", timeout: 1_800_000 },
  );
  try {
    return JSON.parse(readFileSync(out, "utf8"));
  } catch {
    return { error: `the plain-Node measurement failed (${r.status}): ${(r.stdout + r.stderr).slice(-1500)}` };
  } finally {
    rmSync(dirname(out), { recursive: true, force: true });
  }
}

/** A tenant JWT signed with the local service's development secret (what scripts/dev-jwt.mjs does). */
async function tenantJwt(svc, tenant, role) {
  const { SignJWT } = await import("jose");
  const toml = readFileSync(join(root, "wrangler.toml"), "utf8");
  const setting = (name) => new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m").exec(toml)?.[1];
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tenant, role, groups: [] })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(setting("JWT_ISSUER"))
    .setAudience(setting("JWT_AUDIENCE"))
    .setSubject(`bench@${tenant}.example`)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(readFileSync(join(svc.state, "jwt-secret"), "utf8").trim()));
}

/**
 * The hosted service's own costs: one GET through each kind of credential (the development token, a tenant
 * JWT — verified, member looked up, rate-limited — and an API token), creating a cluster, forking one from a
 * snapshot, and a CI delivery that applies the course's Deployment to a fresh cluster and waits for it.
 */
async function tenancy(svc) {
  const jwt = await tenantJwt(svc, `bench${process.pid}`, "owner");
  const v1 = client(svc, null, jwt);
  const timed = async (what, fn) => {
    const t = performance.now();
    const r = await fn();
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.body.slice(0, 300)}`);
    return { ms: Math.round((performance.now() - t) * 10) / 10, body: JSON.parse(r.body) };
  };
  const create = [];
  for (let i = 0; i < 5; i++)
    create.push((await timed("create", () => v1("POST", "/v1/clusters", { name: `c${i}` }))).ms);
  const token = (await timed("token", () => v1("POST", "/v1/tokens", { name: "bench", role: "admin" }))).body.token;
  const path = "/api/v1/namespaces/default/configmaps/kube-root-ca.crt";
  const [byDev, byJwt, byToken] = [client(svc), client(svc, "c0", jwt), client(svc, "c0", token)];
  const get_by_credential = {
    development_token: await measure(1, () => byDev("GET", path)),
    tenant_jwt: await measure(1, () => byJwt("GET", path)),
    api_token: await measure(1, () => byToken("GET", path)),
  };
  await timed("snapshot", () => v1("POST", "/v1/clusters/c0/snapshots", { name: "s" }));
  const fork = [];
  for (let i = 0; i < 5; i++) {
    fork.push((await timed("fork", () => v1("POST", "/v1/clusters", { name: `f${i}`, fromSnapshot: "s" }))).ms);
  }
  // Within the tenant's default limit of 10 clusters: delete them before the deliveries make their own.
  const remove = [];
  for (const n of ["c1", "c2", "c3", "c4", "f0", "f1", "f2", "f3", "f4"]) {
    remove.push((await timed("delete", () => v1("DELETE", `/v1/clusters/${n}`))).ms);
  }
  const hook = (
    await timed("webhook", () => v1("POST", "/v1/webhooks", { name: "ci", style: "generic", role: "admin" }))
  ).body;
  const { createHmac } = await import("node:crypto");
  const deliveries = [];
  for (let i = 0; i < 3; i++) {
    const body = JSON.stringify({ manifests: DEPLOYMENT, wait: true });
    const t = Math.floor(Date.now() / 1000);
    const sig = createHmac("sha256", hook.secret).update(`${t}.${body}`).digest("hex");
    const r = await timed("delivery", () =>
      client(svc, null)("POST", `/v1/hooks/${hook.id}`, JSON.parse(body), {
        "X-Edgeplane-Signature": `t=${t},v1=${sig}`,
        "X-Edgeplane-Delivery": `bench-${i}`,
      }),
    );
    if (r.body.status !== "succeeded") throw new Error(`delivery: ${JSON.stringify(r.body).slice(0, 300)}`);
    deliveries.push(r.ms);
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    get_by_credential,
    create_cluster_ms: { median: med(create), all: create },
    fork_from_snapshot_ms: { median: med(fork), all: fork },
    delete_cluster_ms: { median: med(remove), all: remove },
    ci_delivery_fresh_cluster_apply_and_rollout_ms: { median: med(deliveries), all: deliveries },
  };
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.20
`;

async function main() {
  const svc = await startService();
  let result;
  if (process.env.BENCH_ONLY === "tenancy") {
    try {
      await client(svc)("GET", "/version");
      result = { iterations: ITER, tenancy: await tenancy(svc) };
    } finally {
      svc.stop();
    }
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  try {
    const kube = client(svc);
    const ns = "/api/v1/namespaces/default/configmaps";
    result = {
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        memory_gib: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      iterations: ITER,
      http: {},
    };
    for (const c of [1, 32]) {
      const prefix = `c${c}`;
      const create = await measure(c, (i) => kube("POST", ns, cm(`${prefix}-${i}`)));
      const get = await measure(c, (i) => kube("GET", `${ns}/${prefix}-${i % ITER}`));
      const update = await measure(c, (i) => kube("PUT", `${ns}/${prefix}-${i}`, cm(`${prefix}-${i}`, "2")));
      result.http[`concurrency_${c}`] = { create, get, update };
    }
    // A list of 1,000 objects: fill a namespace, then list it whole (plain JSON and as kubectl's Table).
    await kube("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "bench-list" } });
    await measure(32, (i) => kube("POST", "/api/v1/namespaces/bench-list/configmaps", cm(`item-${i}`)), 1000);
    for (const c of [1, 32]) {
      result.http[`concurrency_${c}`].list_1000 = await measure(
        c,
        () => kube("GET", "/api/v1/namespaces/bench-list/configmaps"),
        c === 1 ? 30 : 64,
      );
      result.http[`concurrency_${c}`].list_1000_table = await measure(
        c,
        () =>
          kube("GET", "/api/v1/namespaces/bench-list/configmaps", undefined, {
            Accept: "application/json;as=Table;v=v1;g=meta.k8s.io",
          }),
        c === 1 ? 30 : 64,
      );
    }
    result.watch_delivery = {
      concurrency_1: await watchDelivery(svc, kube, 1, 100),
      concurrency_32: await watchDelivery(svc, kube, 32, 50),
    };
    const store = await kube("GET", "/_dev/bench/store?n=5000");
    result.store_inside_durable_object = JSON.parse(store.body);
    result.scheduler_inside_durable_object = await json(
      kube("GET", "/_dev/bench/scheduler?nodes=1000&pods=3000"),
      "scheduler benchmark",
    );
    result.tenancy = await tenancy(svc);
    result.deployment_1000_replicas_virtual_time = await rolloutInVirtualTime(svc, 1000);
    // Last: it leaves a large cluster behind in its own Durable Object.
    const sized = client(svc, `bench-size-${process.pid}`);
    result.cluster_1000_nodes_30000_pods = {
      durable_object: await json(sized("GET", "/_dev/bench/cluster-size?nodes=1000&pods=30000"), "cluster size"),
    };
  } finally {
    svc.stop();
  }
  // Opt-in: over sql.js (WebAssembly SQLite) the same build and settle take about 12 minutes on 2 vCPUs.
  if (result.cluster_1000_nodes_30000_pods && process.env.BENCH_NODE_HEAP === "1") {
    result.cluster_1000_nodes_30000_pods.plain_node_heap = nodeHeap();
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
