/**
 * The cluster comes alive (issue 4), driven with the real kubectl: rollouts, StatefulSet order, DaemonSets
 * per node, Jobs and back-off, CronJobs firing after a time advance, scheduling failures, drain, logs and
 * top. Each test gets its own throwaway cluster in virtual time, so nothing waits on the wall clock: the test
 * advances the cluster clock and checks what kubectl shows.
 */
import { describe, expect, it } from "vitest";
import { available, background, eventually } from "./kubectl";
import { type Lab, lab } from "./lab";

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
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
        ports:
        - containerPort: 80
`;

let n = 0;
async function frozenLab(prefix: string): Promise<Lab> {
  const l = lab(`${prefix}-${process.pid}-${n++}`);
  await l.freeze();
  return l;
}

/** Advances in steps, collecting `what` after each (to assert invariants during a rollout). */
async function stepThrough(l: Lab, steps: number, by: string, what: () => Promise<void>): Promise<void> {
  for (let i = 0; i < steps; i++) {
    await l.advance(by);
    await what();
  }
}

describe.skipIf(!available())("workloads come alive", () => {
  it("rolls a Deployment out, updates, undoes, pauses and scales it", async () => {
    const l = await frozenLab("rollout");
    expect(await l.ok(["apply", "-f", "-"], DEPLOYMENT)).toBe("deployment.apps/nginx-deployment created\n");
    await l.advance("30s");
    expect(await l.ok(["rollout", "status", "deployment/nginx-deployment"])).toBe(
      'deployment "nginx-deployment" successfully rolled out\n',
    );
    expect(await l.ok(["get", "deploy"])).toMatch(/^nginx-deployment\s+3\/3\s+3\s+3\s+30s$/m);
    const pods = await l.ok(["get", "pods", "-l", "app=nginx", "-o", "wide"]);
    expect(
      pods.match(
        /^nginx-deployment-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+\S+-worker2?\s/gm,
      ),
    ).toHaveLength(3);
    expect(pods).not.toContain("control-plane");

    expect(await l.ok(["set", "image", "deployment/nginx-deployment", "nginx=nginx:1.21"])).toBe(
      "deployment.apps/nginx-deployment image updated\n",
    );
    const watch = background(["--server", `${serverOf(l)}`, "rollout", "status", "deployment/nginx-deployment"]);
    await stepThrough(l, 12, "5s", async () => {
      const rs = await l.ok(["get", "rs", "-o", "jsonpath={range .items[*]}{.status.availableReplicas}{' '}{end}"]);
      const available = rs
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number)
        .reduce((a, b) => a + b, 0);
      // maxUnavailable 25% of 3 rounds down to 0: never fewer than 3 available during the rollout.
      expect(available).toBeGreaterThanOrEqual(3);
    });
    await eventually(() => watch.output().includes("successfully rolled out"), 15_000);
    const progress = await watch.stop();
    expect(progress).toContain('Waiting for deployment "nginx-deployment" rollout to finish:');
    expect(progress).toContain('deployment "nginx-deployment" successfully rolled out');

    const history = await l.ok(["rollout", "history", "deployment/nginx-deployment"]);
    expect(history).toMatch(/^REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/m);
    expect(await l.ok(["rollout", "history", "deployment/nginx-deployment", "--revision=2"])).toMatch(
      /Image:\s+nginx:1\.21/,
    );

    expect(await l.ok(["rollout", "undo", "deployment/nginx-deployment"])).toBe(
      "deployment.apps/nginx-deployment rolled back\n",
    );
    await l.advance("60s");
    expect(
      await l.ok(["get", "deploy", "nginx-deployment", "-o", "jsonpath={.spec.template.spec.containers[0].image}"]),
    ).toBe("nginx:1.20");
    expect(await l.ok(["rollout", "history", "deployment/nginx-deployment"])).toMatch(/^2\s+<none>\n3\s+<none>\n/m);
    expect(await l.ok(["rollout", "undo", "deployment/nginx-deployment", "--to-revision=2"])).toBe(
      "deployment.apps/nginx-deployment rolled back\n",
    );
    await l.advance("60s");
    expect(await l.ok(["get", "pods", "-l", "app=nginx", "-o", "jsonpath={.items[*].spec.containers[0].image}"])).toBe(
      "nginx:1.21 nginx:1.21 nginx:1.21",
    );

    expect(await l.ok(["rollout", "pause", "deployment/nginx-deployment"])).toBe(
      "deployment.apps/nginx-deployment paused\n",
    );
    await l.ok(["set", "image", "deployment/nginx-deployment", "nginx=nginx:1.22"]);
    await l.advance("60s");
    expect(await l.ok(["get", "pods", "-l", "app=nginx", "-o", "jsonpath={.items[*].spec.containers[0].image}"])).toBe(
      "nginx:1.21 nginx:1.21 nginx:1.21",
    );
    expect(await l.ok(["rollout", "resume", "deployment/nginx-deployment"])).toBe(
      "deployment.apps/nginx-deployment resumed\n",
    );
    await l.advance("60s");
    expect(await l.ok(["rollout", "status", "deployment/nginx-deployment"])).toContain("successfully rolled out");

    expect(await l.ok(["scale", "deployment/nginx-deployment", "--replicas=5"])).toBe(
      "deployment.apps/nginx-deployment scaled\n",
    );
    await l.advance("30s");
    expect(await l.ok(["get", "deploy", "nginx-deployment"])).toMatch(/^nginx-deployment\s+5\/5\s+5\s+5\s/m);

    // Self-healing: a deleted pod is replaced.
    const victim = (await l.ok(["get", "pods", "-l", "app=nginx", "-o", "jsonpath={.items[0].metadata.name}"])).trim();
    await l.ok(["delete", "pod", victim, "--wait=false"]);
    await l.advance("30s");
    const after = await l.ok(["get", "pods", "-l", "app=nginx", "--no-headers"]);
    expect(after).not.toContain(victim);
    expect(after.match(/1\/1\s+Running/g)).toHaveLength(5);
    const describe = await l.ok(["describe", "deployment", "nginx-deployment"]);
    expect(describe).toMatch(
      /Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set nginx-deployment-[a-z0-9]+ from 0 to 3/,
    );
  });
});

function serverOf(l: Lab): string {
  return l.server;
}
