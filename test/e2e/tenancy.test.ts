/**
 * The hosted service end to end, as a tenant's program and its people use it, with the real kubectl: a tenant
 * JWT (minted by scripts/dev-jwt.mjs, the local identity provider) creates an API token; the token creates a
 * cluster and downloads its kubeconfig; kubectl drives it as an admin and as a restricted user (can-i,
 * Forbidden, impersonation); the audit log shows what happened; the cluster is snapshotted, forked and deleted.
 */
import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { available, eventually } from "./kubectl";
import { DEPLOYMENT } from "./manifests";

const root = resolve(__dirname, "../..");

function facts(): { base: string; ca: string } {
  const text = readFileSync(inject("kubeconfig"), "utf8");
  const server = /server: (\S+)/.exec(text)?.[1] ?? "";
  const caData = /certificate-authority-data: (\S+)/.exec(text)?.[1] ?? "";
  return { base: server.replace(/\/clusters\/[^/]+$/, ""), ca: Buffer.from(caData, "base64").toString("utf8") };
}

/** A tenant JWT from the local identity provider script, exactly as the README tells a developer to mint one. */
function jwt(args: string[]): Promise<string> {
  return new Promise((res, rej) =>
    execFile(
      process.execPath,
      [join(root, "scripts/dev-jwt.mjs"), ...args],
      { env: { ...process.env, EDGEPLANE_STATE: inject("stateDir") } },
      (err, stdout, stderr) => (err ? rej(new Error(stderr)) : res(stdout.trim())),
    ),
  );
}

function api(
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any; text: string }> {
  const { base, ca } = facts();
  return new Promise((res, rej) => {
    const req = request(
      `${base}${path}`,
      { method, ca, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" } },
      (r) => {
        let text = "";
        r.on("data", (d) => {
          text += d;
        });
        r.on("end", () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // YAML
          }
          res({ status: r.statusCode ?? 0, body: parsed, text });
        });
      },
    );
    req.on("error", rej);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

const dir = () => mkdtempSync(join(tmpdir(), "edgeplane-tenant-"));

function kubectlWith(kubeconfig: string, args: string[], input?: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((res) => {
    const child = execFile(
      inject("kubectl"),
      args,
      {
        env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(inject("stateDir"), "kube-cache-tenancy") },
        timeout: 30_000,
      },
      (err, stdout, stderr) =>
        res({ code: err ? (typeof (err as any).code === "number" ? (err as any).code : 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) {
      child.stdin?.write(input);
      child.stdin?.end();
    }
  });
}

async function kubeconfigFor(token: string, cluster: string): Promise<string> {
  const r = await api(token, "GET", `/v1/clusters/${cluster}/kubeconfig`);
  expect(r.status).toBe(200);
  const file = join(dir(), "kubeconfig");
  writeFileSync(file, r.text, { mode: 0o600 });
  return file;
}

describe.skipIf(!available())("the hosted service, as a tenant uses it", () => {
  it("token → cluster → kubeconfig → kubectl as admin and as a restricted user → audit → fork → delete", async () => {
    const tenant = `t${process.pid}`;
    const owner = await jwt(["--tenant", tenant, "--sub", "owen@corp.example", "--role", "owner"]);

    // A tenant token for a program (CI): created once, shown once.
    const created = await api(owner, "POST", "/v1/tokens", { name: "ci", role: "admin", expiresIn: "1h" });
    expect(created.status).toBe(201);
    const ci: string = created.body.token;

    // The program creates a cluster and downloads its kubeconfig.
    const made = await api(ci, "POST", "/v1/clusters", { name: "course", nodes: { count: 2 } });
    expect(made.status).toBe(201);
    expect(made.body.status.nodes).toEqual({ total: 3, ready: 3 });
    const adminKc = await kubeconfigFor(ci, "course");

    // As the admin: the course's Deployment rolls out.
    const applied = await kubectlWith(adminKc, ["apply", "-f", "-"], DEPLOYMENT("nginx:1.20"));
    expect(applied.stdout).toBe("deployment.apps/nginx-deployment created\n");
    const status = await kubectlWith(adminKc, ["rollout", "status", "deployment/nginx-deployment", "--timeout=60s"]);
    expect(status.stdout).toContain('deployment "nginx-deployment" successfully rolled out');
    expect((await kubectlWith(adminKc, ["auth", "whoami"])).stdout).toMatch(/Username\s+token:ci/);
    expect((await kubectlWith(adminKc, ["auth", "can-i", "delete", "deployments"])).stdout).toBe("yes\n");

    // A restricted person: a viewer of the tenant.
    const viewerJwt = await jwt(["--tenant", tenant, "--sub", "vic@corp.example", "--role", "viewer"]);
    const viewerKc = await kubeconfigFor(viewerJwt, "course");
    expect((await kubectlWith(viewerKc, ["auth", "whoami"])).stdout).toMatch(/Username\s+vic@corp\.example/);
    const canGet = await kubectlWith(viewerKc, ["auth", "can-i", "get", "pods"]);
    expect(canGet.stdout).toBe("yes\n");
    const canDelete = await kubectlWith(viewerKc, ["auth", "can-i", "delete", "pods"]);
    expect(canDelete.code).toBe(1);
    expect(canDelete.stdout).toBe("no\n");
    const list = await kubectlWith(viewerKc, ["auth", "can-i", "--list"]);
    expect(list.stdout).toMatch(/^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    expect((await kubectlWith(viewerKc, ["get", "pods"])).stdout).toMatch(/nginx-deployment-\S+\s+1\/1\s+Running/);
    const del = await kubectlWith(viewerKc, ["delete", "deployment", "nginx-deployment"]);
    expect(del.code).toBe(1);
    expect(del.stderr.trim()).toBe(
      'Error from server (Forbidden): deployments.apps "nginx-deployment" is forbidden: User "vic@corp.example" cannot delete resource "deployments" in API group "apps" in the namespace "default"',
    );
    // Impersonation needs the impersonate verb: the admin has it, the viewer does not.
    expect((await kubectlWith(adminKc, ["auth", "whoami", "--as", "vic@corp.example"])).stdout).toMatch(
      /Username\s+vic@corp\.example/,
    );
    const imp = await kubectlWith(viewerKc, ["get", "pods", "--as", "owen@corp.example"]);
    expect(imp.code).toBe(1);
    expect(imp.stderr).toContain(
      'users "owen@corp.example" is forbidden: User "vic@corp.example" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    expect((await kubectlWith(adminKc, ["get", "deploy", "nginx-deployment"])).stdout).toMatch(/3\/3/);

    // The audit log shows who changed what, and who was refused.
    const audit = await api(owner, "GET", "/v1/clusters/course/audit?resource=deployments.apps");
    expect(audit.status).toBe(200);
    const events = audit.body.items.map(
      (e: any) => `${e.user.username} ${e.verb} ${e.objectRef.name ?? ""} ${e.responseStatus.code}`,
    );
    expect(events).toEqual(
      expect.arrayContaining(["token:ci create nginx-deployment 201", "vic@corp.example delete nginx-deployment 403"]),
    );

    // Snapshot the running cluster and fork it: the fork has the Deployment, running.
    expect((await api(ci, "POST", "/v1/clusters/course/snapshots", { name: "deployed" })).status).toBe(201);
    const fork = await api(ci, "POST", "/v1/clusters", { name: "course-copy", fromSnapshot: "deployed" });
    expect(fork.status).toBe(201);
    const forkKc = await kubeconfigFor(ci, "course-copy");
    await eventually(
      async () => /nginx-deployment\s+3\/3/.test((await kubectlWith(forkKc, ["get", "deploy"])).stdout),
      30_000,
    );

    // Delete both: the API and kubectl no longer find them.
    for (const c of ["course", "course-copy"]) expect((await api(ci, "DELETE", `/v1/clusters/${c}`)).status).toBe(200);
    expect((await api(ci, "GET", "/v1/clusters")).body.items).toEqual([]);
    const gone = await kubectlWith(adminKc, ["get", "pods"]);
    expect(gone.code).not.toBe(0);
    // Its kubeconfig token was scoped to the deleted cluster: nothing else is reachable with it.
    expect((await api(owner, "GET", "/v1/tokens")).body.items.length).toBeGreaterThanOrEqual(3);
  });

  it("a CI delivery answers its report and POSTs it, signed, to the callback URL", async () => {
    const owner = await jwt(["--tenant", `ci${process.pid}`, "--sub", "olive@ci.example", "--role", "owner"]);
    // The CI system's receiving end.
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => {
        body += d;
      });
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const hook = await api(owner, "POST", "/v1/webhooks", {
        name: "deploy",
        style: "generic",
        role: "admin",
        callbackUrl: `http://127.0.0.1:${port}/report`,
      });
      expect(hook.status).toBe(201);
      const body = JSON.stringify({ manifests: DEPLOYMENT("nginx:1.20"), wait: true });
      const t = Math.floor(Date.now() / 1000);
      const sig = createHmac("sha256", hook.body.secret).update(`${t}.${body}`).digest("hex");
      const { base, ca } = facts();
      const answer = await new Promise<{ status: number; body: any }>((res, rej) => {
        const req = request(
          `${base}/v1/hooks/${hook.body.id}`,
          {
            method: "POST",
            ca,
            headers: {
              "Content-Type": "application/json",
              "X-Edgeplane-Signature": `t=${t},v1=${sig}`,
              "X-Edgeplane-Delivery": "e2e-1",
            },
          },
          (r) => {
            let text = "";
            r.on("data", (d) => {
              text += d;
            });
            r.on("end", () => res({ status: r.statusCode ?? 0, body: JSON.parse(text) }));
          },
        );
        req.on("error", rej);
        req.end(body);
      });
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe("succeeded");
      expect(answer.body.rollouts[0].message).toBe('deployment "nginx-deployment" successfully rolled out');
      await eventually(() => received.length > 0, 15_000);
      const cb = received[0];
      expect(JSON.parse(cb.body)).toEqual(answer.body);
      const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(cb.headers["x-edgeplane-signature"]));
      expect(m).not.toBeNull();
      const expected = createHmac("sha256", hook.body.secret).update(`${m![1]}.${cb.body}`).digest("hex");
      expect(m![2]).toBe(expected);
      expect(cb.headers["x-edgeplane-delivery"]).toBe("e2e-1");
      const cluster = answer.body.cluster;
      expect((await api(owner, "DELETE", `/v1/clusters/${cluster}`)).status).toBe(200);
    } finally {
      server.close();
    }
  });
});
