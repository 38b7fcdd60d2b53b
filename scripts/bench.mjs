#!/usr/bin/env node
/**
 * `npm run bench`: latency of the Kubernetes API through the whole local HTTPS stack (client → wrangler's
 * HTTPS server → Worker → cluster Durable Object → SQLite), and store throughput inside the Durable Object.
 * Starts its own service (scripts/start.mjs) on a free port with a throwaway state directory, prints one JSON
 * document, and stops. Loops are bounded in count and time; traffic goes to 127.0.0.1 only.
 */
import { spawn } from "node:child_process";
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
    env: { ...process.env, PORT: String(port), EDGEPLANE_STATE: state },
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

function client(svc) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64, ca: svc.ca });
  const base = `/clusters/demo`;
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
            Authorization: `Bearer ${svc.token}`,
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

async function main() {
  const svc = await startService();
  try {
    const kube = client(svc);
    const ns = "/api/v1/namespaces/default/configmaps";
    const result = {
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
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    svc.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
