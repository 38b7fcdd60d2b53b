#!/usr/bin/env node
/**
 * `npm start`: the local edgeplane service.
 *
 * Serves HTTPS on 127.0.0.1:${PORT:-8787} with a self-signed certificate generated on first start, keeps all
 * state under .edgeplane/ (certificates, dev token, Durable Object and D1 state, wrangler's config and logs,
 * the kubeconfig), and once the demo cluster answers writes .edgeplane/kubeconfig (CA embedded, bearer token)
 * and prints the `export KUBECONFIG=...` line. EDGEPLANE_STATE overrides the state directory (tests use it).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const defaultState = join(root, ".edgeplane");
const state = resolve(process.env.EDGEPLANE_STATE ?? defaultState);
const port = Number(process.env.PORT ?? 8787);
const cluster = process.env.DEMO_CLUSTER ?? "demo";
const host = "127.0.0.1";

function log(msg) {
  process.stdout.write(`[edgeplane] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

/** A local CA and a server certificate for 127.0.0.1/localhost signed by it (Go's TLS needs the SAN). */
function ensureCertificates(dir) {
  const ca = join(dir, "ca.crt");
  const cert = join(dir, "server.crt");
  const key = join(dir, "server.key");
  if (existsSync(ca) && existsSync(cert) && existsSync(key)) return { ca, cert, key };
  mkdirSync(dir, { recursive: true });
  log("generating a self-signed certificate authority and server certificate");
  run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-sha256",
    "-days",
    "3650",
    "-keyout",
    join(dir, "ca.key"),
    "-out",
    ca,
    "-subj",
    "/CN=edgeplane local CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  run("openssl", [
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-sha256",
    "-keyout",
    key,
    "-out",
    join(dir, "server.csr"),
    "-subj",
    "/CN=127.0.0.1",
  ]);
  writeFileSync(
    join(dir, "server.ext"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
  );
  run("openssl", [
    "x509",
    "-req",
    "-sha256",
    "-days",
    "825",
    "-in",
    join(dir, "server.csr"),
    "-CA",
    ca,
    "-CAkey",
    join(dir, "ca.key"),
    "-CAcreateserial",
    "-out",
    cert,
    "-extfile",
    join(dir, "server.ext"),
  ]);
  chmodSync(join(dir, "ca.key"), 0o600);
  chmodSync(key, 0o600);
  return { ca, cert, key };
}

function ensureDevToken() {
  const file = join(state, "dev-token");
  if (!existsSync(file)) {
    writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/** The HS256 secret local tenant JWTs are signed with (scripts/dev-jwt.mjs mints them). */
function ensureJwtSecret() {
  const file = join(state, "jwt-secret");
  if (!existsSync(file)) {
    writeFileSync(file, `${randomBytes(48).toString("hex")}\n`, { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

function get(path, token, ca) {
  return new Promise((resolvePromise) => {
    const req = request(
      { host, port, path, method: "GET", ca, headers: { Authorization: `Bearer ${token}` }, timeout: 5000 },
      (res) => {
        let body = "";
        res.on("data", (d) => {
          body += d;
        });
        res.on("end", () => resolvePromise({ status: res.statusCode, body }));
      },
    );
    req.on("error", (e) => resolvePromise({ status: 0, body: String(e.message) }));
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.end();
  });
}

/** The devtools inspector needs a port too; take any free one so several instances can run side by side. */
async function freePort() {
  const { createServer } = await import("node:net");
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, host, () => {
      const p = srv.address().port;
      srv.close(() => res(p));
    });
  });
}

function kubeconfig(caPem, token) {
  const caData = Buffer.from(caPem).toString("base64");
  const name = `edgeplane-${cluster}`;
  return `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster:
    server: https://${host}:${port}/clusters/${cluster}
    certificate-authority-data: ${caData}
contexts:
- name: ${name}
  context:
    cluster: ${name}
    user: edgeplane-dev
current-context: ${name}
preferences: {}
users:
- name: edgeplane-dev
  user:
    token: ${token}
`;
}

async function main() {
  mkdirSync(join(state, "logs"), { recursive: true });
  mkdirSync(join(state, "config"), { recursive: true });
  const certs = ensureCertificates(join(state, "pki"));
  const token = ensureDevToken();
  const jwtSecret = ensureJwtSecret();
  // Secrets reach the Worker through an env file inside the state dir, never through argv or logs.
  const varsFile = join(state, "dev.vars");
  // EDGEPLANE_MAX_OBJECTS raises the per-cluster object bound (npm run bench builds a 31,000-object cluster).
  const maxObjects = process.env.EDGEPLANE_MAX_OBJECTS
    ? `MAX_OBJECTS_PER_CLUSTER=${Number(process.env.EDGEPLANE_MAX_OBJECTS)}\n`
    : "";
  // The local tenant is the developer: a generous request rate unless EDGEPLANE_RPS says otherwise.
  const rps = Number(process.env.EDGEPLANE_RPS ?? 1000);
  const caData = Buffer.from(readFileSync(certs.ca, "utf8")).toString("base64");
  writeFileSync(
    varsFile,
    [
      `DEV_TOKEN=${token}`,
      "EDGEPLANE_DEV=1",
      `DEMO_CLUSTER=${cluster}`,
      `JWT_HS256_SECRET=${jwtSecret}`,
      `DEFAULT_REQUESTS_PER_SECOND=${rps}`,
      `KUBECONFIG_CA_DATA=${caData}`,
      maxObjects.trim(),
      "",
    ].join("\n"),
    { mode: 0o600 },
  );

  const env = {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    XDG_CONFIG_HOME: join(state, "config"),
    WRANGLER_LOG_PATH: join(state, "logs"),
    WRANGLER_LOG: process.env.WRANGLER_LOG ?? "warn",
  };
  const wrangler = join(root, "node_modules", ".bin", "wrangler");
  const persist = join(state, "state");

  log("applying D1 migrations (local)");
  run(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], {
    cwd: root,
    env: { ...env, CI: "true" },
  });

  log(`starting on https://${host}:${port}`);
  const devLog = join(state, "logs", "wrangler-dev.log");
  const child = spawn(
    wrangler,
    [
      "dev",
      "--ip",
      host,
      "--port",
      String(port),
      "--inspector-port",
      String(await freePort()),
      "--local-protocol",
      "https",
      "--https-key-path",
      certs.key,
      "--https-cert-path",
      certs.cert,
      "--persist-to",
      persist,
      "--env-file",
      varsFile,
      "--show-interactive-dev-session=false",
      "--log-level",
      process.env.EDGEPLANE_LOG_LEVEL ?? "warn",
    ],
    { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  const { createWriteStream } = await import("node:fs");
  const out = createWriteStream(devLog, { flags: "a" });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  if (process.env.EDGEPLANE_VERBOSE) {
    child.stdout.pipe(process.stdout);
    child.stderr.pipe(process.stderr);
  }
  let exited = false;
  child.on("exit", (code, signal) => {
    exited = true;
    log(`wrangler exited (${signal ?? code}); its log is ${devLog}`);
    process.exit(code ?? 1);
  });
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.on(sig, () => {
      child.kill(sig);
      setTimeout(() => process.exit(0), 3000).unref();
    });
  }

  const caPem = readFileSync(certs.ca, "utf8");
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) return;
    const r = await get(`/clusters/${cluster}/readyz`, token, caPem);
    if (r.status === 200) break;
    if (Date.now() > deadline) {
      log(`the demo cluster did not answer within 120 s (last: ${r.status} ${r.body.slice(0, 200)}); see ${devLog}`);
      child.kill("SIGTERM");
      process.exit(1);
    }
    await new Promise((r2) => setTimeout(r2, 300));
  }
  const kubeconfigPath = join(state, "kubeconfig");
  writeFileSync(kubeconfigPath, kubeconfig(caPem, token), { mode: 0o600 });
  log(`cluster "${cluster}" is ready; kubeconfig written to ${kubeconfigPath}`);
  const shown = state === defaultState ? "$PWD/.edgeplane/kubeconfig" : kubeconfigPath;
  process.stdout.write(`export KUBECONFIG=${shown}\n`);
  if (state === defaultState && relative(process.cwd(), root) !== "") {
    log(`(run that from ${root})`);
  }
  const rel = (f) => (state === defaultState ? `.edgeplane/${f}` : join(state, f));
  log(`tenant API: https://${host}:${port}/v1 (reference: https://${host}:${port}/v1/docs)`);
  log(`  as the local tenant's owner (the development token):`);
  log(
    `  curl --cacert ${rel("pki/ca.crt")} -H "Authorization: Bearer $(cat ${rel("dev-token")})" https://${host}:${port}/v1/clusters`,
  );
  const stateEnv = state === defaultState ? "" : `EDGEPLANE_STATE=${state} `;
  log(
    `  as someone else: TOKEN=$(${stateEnv}node scripts/dev-jwt.mjs --tenant acme --sub alice@acme.example --role admin)`,
  );
}

main().catch((e) => {
  process.stderr.write(`[edgeplane] ${e.stack ?? e}\n`);
  process.exit(1);
});
