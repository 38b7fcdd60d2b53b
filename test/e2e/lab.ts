/**
 * A throwaway cluster of the local service for tests that move time: the development server creates any
 * cluster on first use, so each such test gets its own and the shared demo cluster's clock never jumps.
 * kubectl reaches it with `--server <base>/clusters/<name>` (the kubeconfig's CA and token still apply).
 */
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { inject } from "vitest";
import { kubectl, type Run } from "./kubectl";

function kubeconfigFacts(): { base: string; token: string; ca: string } {
  const text = readFileSync(inject("kubeconfig"), "utf8");
  const server = /server: (\S+)/.exec(text)?.[1] ?? "";
  const token = /token: (\S+)/.exec(text)?.[1] ?? "";
  const caData = /certificate-authority-data: (\S+)/.exec(text)?.[1] ?? "";
  return { base: server.replace(/\/clusters\/[^/]+$/, ""), token, ca: Buffer.from(caData, "base64").toString("utf8") };
}

export interface Lab {
  name: string;
  /** The cluster's server URL (for kubectl --server). */
  server: string;
  kubectl(args: string[], input?: string): Promise<Run>;
  ok(args: string[], input?: string): Promise<string>;
  /** Calls the cluster's own (non-Kubernetes) API, e.g. the clock. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Switches the cluster to virtual time (nothing timed happens until advanced). */
  freeze(): Promise<void>;
  /** Advances the cluster clock by a Go duration ("10m"), running everything due on the way. */
  advance(by: string): Promise<void>;
}

export function lab(name: string): Lab {
  const { base, token, ca } = kubeconfigFacts();
  const server = `${base}/clusters/${name}`;
  const call = (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(
        `${server}${path}`,
        { method, ca, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" } },
        (res) => {
          let text = "";
          res.on("data", (d) => {
            text += d;
          });
          res.on("end", () => {
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // plain text
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on("error", reject);
      if (body !== undefined) req.write(JSON.stringify(body));
      req.end();
    });
  const run = (args: string[], input?: string) => kubectl(["--server", server, ...args], input);
  return {
    name,
    server,
    kubectl: run,
    async ok(args, input) {
      const r = await run(args, input);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed (${r.code}):\n${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    call,
    async freeze() {
      const r = await call("PUT", "/time", { mode: "virtual" });
      if (r.status !== 200) throw new Error(`freeze failed: ${r.status} ${JSON.stringify(r.body)}`);
    },
    async advance(by) {
      const r = await call("POST", `/time:advance?by=${encodeURIComponent(by)}`);
      if (r.status !== 200) throw new Error(`advance failed: ${r.status} ${JSON.stringify(r.body)}`);
    },
  };
}
