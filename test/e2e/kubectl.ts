/** Runs the real kubectl against the service the global setup started. */
import { execFile, spawn } from "node:child_process";
import { inject } from "vitest";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export const available = (): boolean => inject("kubectl") !== "";

function env(): NodeJS.ProcessEnv {
  // A private discovery cache per run, so a stale ~/.kube/cache never hides what the server answers.
  return { ...process.env, KUBECONFIG: inject("kubeconfig"), KUBECACHEDIR: `${inject("stateDir")}/kube-cache` };
}

export function kubectl(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      inject("kubectl"),
      args,
      { env: env(), timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === "number"
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (input !== undefined) {
      child.stdin?.write(input);
      child.stdin?.end();
    }
  });
}

/** kubectl that must succeed; returns stdout. */
export async function ok(args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed (${r.code}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Starts a long-running kubectl (e.g. `get -w`) and collects its output until stopped. */
export function background(args: string[]): { output: () => string; stop: () => Promise<string> } {
  const child = spawn(inject("kubectl"), args, { env: env() });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d.toString();
  });
  child.stderr.on("data", (d) => {
    out += d.toString();
  });
  const done = new Promise<void>((r) => child.on("exit", () => r()));
  return {
    output: () => out,
    stop: async () => {
      child.kill("SIGINT");
      await done;
      return out;
    },
  };
}

export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}
