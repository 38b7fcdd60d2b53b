/**
 * Starts the local service exactly as a user does (`scripts/start.mjs`, what `npm start` runs), on a free
 * port with its own state directory, waits for the `export KUBECONFIG=...` line and hands the kubeconfig to
 * the tests. Stops it afterwards.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    kubeconfig: string;
    kubectl: string;
    stateDir: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

let child: ChildProcess | undefined;
let stateDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  const which = spawnSync("sh", ["-c", "command -v kubectl"], { encoding: "utf8" });
  const kubectl = which.stdout.trim();
  if (!kubectl) {
    const msg = "kubectl is not on PATH: the end-to-end suite needs the real kubectl (v1.32) to drive the cluster";
    if (process.env.CI) throw new Error(msg);
    console.warn(`${msg}; skipping it`);
    project.provide("kubectl", "");
    project.provide("kubeconfig", "");
    project.provide("stateDir", "");
    return;
  }
  const port = process.env.E2E_PORT ? Number(process.env.E2E_PORT) : await freePort();
  stateDir = mkdtempSync(join(tmpdir(), "edgeplane-e2e-"));
  const root = resolve(__dirname, "../..");
  child = spawn(process.execPath, [join(root, "scripts/start.mjs")], {
    cwd: root,
    env: { ...process.env, PORT: String(port), EDGEPLANE_STATE: stateDir },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const kubeconfig = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`service did not start in time:\n${output}`)), 170_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /export KUBECONFIG=(\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        res(m[1]);
      }
    };
    child!.stdout!.on("data", onData);
    child!.stderr!.on("data", onData);
    child!.on("exit", (code) => {
      clearTimeout(timer);
      rej(new Error(`service exited with ${code}:\n${output}`));
    });
  });
  project.provide("kubectl", kubectl);
  project.provide("kubeconfig", kubeconfig);
  project.provide("stateDir", stateDir);
}

export async function teardown(): Promise<void> {
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 1500));
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  if (stateDir && !process.env.E2E_KEEP_STATE) rmSync(stateDir, { recursive: true, force: true });
}
