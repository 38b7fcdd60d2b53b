/**
 * The cluster comes alive (issue 4), driven with the real kubectl: rollouts, StatefulSet order, DaemonSets
 * per node, Jobs and back-off, CronJobs firing after a time advance, scheduling failures, drain, logs and
 * top. Each test gets its own throwaway cluster in virtual time, so nothing waits on the wall clock: the test
 * advances the cluster clock and checks what kubectl shows.
 */
import { describe, expect, it } from "vitest";
import { available, background, eventually, kubectl, ok } from "./kubectl";
import { type Lab, lab } from "./lab";
import { DEPLOYMENT as COURSE_DEPLOYMENT } from "./manifests";

const DEPLOYMENT = COURSE_DEPLOYMENT("nginx:1.20");

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
      /Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set nginx-deployment-[a-z0-9]+ to 3$/m,
    );
  });
});

const STATEFULSET = `apiVersion: v1
kind: Service
metadata:
  name: nginx-headless
spec:
  clusterIP: None
  selector:
    app: web
  ports:
  - port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx-headless
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`;

// The course's DaemonSet: it tolerates the old `master` taint only, so kind's control plane gets no pod.
const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd
  namespace: kube-system
spec:
  selector:
    matchLabels:
      name: fluentd
  template:
    metadata:
      labels:
        name: fluentd
    spec:
      tolerations:
      - key: node-role.kubernetes.io/master
        effect: NoSchedule
      containers:
      - name: fluentd
        image: fluent/fluentd:v1.14
        volumeMounts:
        - name: varlog
          mountPath: /var/log
      volumes:
      - name: varlog
        hostPath:
          path: /var/log
`;

const PI_JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
`;

const FAILING_JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: flaky
spec:
  backoffLimit: 2
  template:
    spec:
      containers:
      - name: work
        image: busybox
        command: ["sh", "-c", "echo trying; exit 1"]
      restartPolicy: Never
`;

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox
            command: ["sh", "-c", "date; echo Hello from the Kubernetes cluster"]
          restartPolicy: OnFailure
`;

const podsIn = async (l: Lab, selector: string) =>
  (await l.ok(["get", "pods", "-l", selector, "--no-headers"]))
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split(/\s+/));

describe.skipIf(!available())("stateful, daemon and batch workloads", () => {
  it("starts a StatefulSet's pods in order with their own claims, and scales down from the top", async () => {
    const l = await frozenLab("sts");
    await l.ok(["apply", "-f", "-"], STATEFULSET);
    // OrderedReady: web-N appears only once web-(N-1) is Running and ready.
    await stepThrough(l, 20, "2s", async () => {
      const pods = new Map((await podsIn(l, "app=web")).map((p) => [p[0], p]));
      for (const i of [1, 2]) {
        if (pods.has(`web-${i}`)) expect(pods.get(`web-${i - 1}`)?.slice(1, 3)).toEqual(["1/1", "Running"]);
      }
    });
    expect(await l.ok(["rollout", "status", "statefulset/web"])).toBe(
      "partitioned roll out complete: 3 new pods have been updated...\n",
    );
    expect(await l.ok(["get", "sts", "web"])).toMatch(/^web\s+3\/3\s+40s$/m);
    const pvc = await l.ok(["get", "pvc"]);
    for (const i of [0, 1, 2]) {
      expect(pvc).toMatch(new RegExp(`^www-web-${i}\\s+Bound\\s+pvc-[0-9a-f-]{36}\\s+1Gi\\s+RWO\\s+standard\\s`, "m"));
    }
    expect(await l.ok(["get", "pod", "web-1", "-o", "jsonpath={.spec.hostname}.{.spec.subdomain}"])).toBe(
      "web-1.nginx-headless",
    );

    expect(await l.ok(["scale", "statefulset", "web", "--replicas=1"])).toBe("statefulset.apps/web scaled\n");
    await stepThrough(l, 10, "1s", async () => {
      const names = (await podsIn(l, "app=web")).map((p) => p[0]);
      // Highest ordinal first: web-1 never goes while web-2 is still there.
      if (!names.includes("web-1")) expect(names).not.toContain("web-2");
    });
    expect((await podsIn(l, "app=web")).map((p) => p[0])).toEqual(["web-0"]);
    expect((await l.ok(["get", "pvc", "--no-headers"])).trim().split("\n")).toHaveLength(3);
  });

  it("runs a DaemonSet pod on every eligible node and rolls it to a new image", async () => {
    const l = await frozenLab("ds");
    await l.ok(["apply", "-f", "-"], DAEMONSET);
    await l.advance("30s");
    expect(await l.ok(["get", "ds", "-n", "kube-system", "fluentd"])).toMatch(
      /^fluentd\s+2\s+2\s+2\s+2\s+2\s+<none>\s+30s$/m,
    );
    const fluentd = (path: string) =>
      l.ok(["get", "pods", "-n", "kube-system", "-l", "name=fluentd", "-o", `jsonpath={.items[*].${path}}`]);
    const nodes = await fluentd("spec.nodeName");
    expect(nodes.split(" ").sort()).toEqual([`${l.name}-worker`, `${l.name}-worker2`]);
    expect(await l.ok(["set", "image", "daemonset/fluentd", "fluentd=fluent/fluentd:v1.15", "-n", "kube-system"])).toBe(
      "daemonset.apps/fluentd image updated\n",
    );
    await l.advance("60s");
    expect(await l.ok(["rollout", "status", "daemonset/fluentd", "-n", "kube-system"])).toBe(
      'daemon set "fluentd" successfully rolled out\n',
    );
    expect(await fluentd("spec.containers[0].image")).toBe("fluent/fluentd:v1.15 fluent/fluentd:v1.15");
  });

  it("completes the pi Job and gives up on a failing one after its back-offs", async () => {
    const l = await frozenLab("job");
    await l.ok(["apply", "-f", "-"], PI_JOB);
    await l.ok(["apply", "-f", "-"], FAILING_JOB);
    await l.advance("30s");
    expect(await l.ok(["get", "job", "pi"])).toMatch(/^pi\s+Complete\s+1\/1\s+\d+s\s+30s$/m);
    expect(await l.ok(["logs", "job/pi"])).toMatch(/^3\.14159265358979323846264338327950288419716939937510\d{1949}\n$/);
    expect((await podsIn(l, "job-name=pi"))[0].slice(1, 3)).toEqual(["0/1", "Completed"]);

    // Back-off between retries: 10 s, then 20 s; with backoffLimit 2 the third failure ends the Job.
    await l.advance("5m");
    expect(await l.ok(["get", "job", "flaky"])).toMatch(/^flaky\s+Failed\s+0\/1\s+/m);
    const failed = await podsIn(l, "job-name=flaky");
    expect(failed).toHaveLength(3);
    expect(failed.every((p) => p[2] === "Error")).toBe(true);
    const describe = await l.ok(["describe", "job", "flaky"]);
    expect(describe).toMatch(
      /Warning\s+BackoffLimitExceeded\s+.*job-controller\s+Job has reached the specified backoff limit/,
    );
    expect(await l.ok(["logs", `pod/${failed[0][0]}`])).toBe("trying\n");
  });

  it("fires a CronJob on schedule when the clock is advanced, keeping three successful jobs", async () => {
    const l = await frozenLab("cron");
    await l.ok(["apply", "-f", "-"], CRONJOB);
    expect(await l.ok(["get", "cj", "hello"])).toMatch(/^hello\s+\*\/5 \* \* \* \*\s+<none>\s+False\s+0\s+<none>\s+/m);
    await l.advance("16m");
    const jobs = (await l.ok(["get", "jobs", "--no-headers"])).trim().split("\n");
    expect(jobs).toHaveLength(3);
    for (const j of jobs) expect(j).toMatch(/^hello-\d+\s+Complete\s+1\/1\s+/);
    expect(await l.ok(["get", "cj", "hello"])).toMatch(
      /^hello\s+\*\/5 \* \* \* \*\s+<none>\s+False\s+0\s+(\d+s|\d+m\d*s?)\s+16m$/m,
    );
    const newest = jobs
      .map((j) => j.split(/\s+/)[0])
      .sort()
      .pop() as string;
    expect(await l.ok(["logs", `job/${newest}`])).toMatch(
      /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\nHello from the Kubernetes cluster\n$/,
    );
    expect(await l.ok(["create", "job", "--from=cronjob/hello", "manual-hello"])).toBe(
      "job.batch/manual-hello created\n",
    );
    await l.advance("10s");
    expect(await l.ok(["get", "job", "manual-hello"])).toMatch(/^manual-hello\s+Complete\s+1\/1/m);
  });
});

describe.skipIf(!available())("scheduling, nodes, logs and metrics", () => {
  it("explains why a pod cannot be scheduled, and drains a node through evictions", async () => {
    const l = await frozenLab("sched");
    await l.ok([
      "run",
      "hungry",
      "--image=nginx",
      "--overrides",
      '{"spec":{"containers":[{"name":"hungry","image":"nginx","resources":{"requests":{"cpu":"100"}}}]}}',
    ]);
    await l.advance("5s");
    expect(await l.ok(["get", "pod", "hungry"])).toMatch(/^hungry\s+0\/1\s+Pending\s+0\s+5s$/m);
    expect(await l.ok(["describe", "pod", "hungry"])).toContain(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..",
    );

    await l.ok(["apply", "-f", "-"], DEPLOYMENT.replace("replicas: 3", "replicas: 4"));
    await l.advance("30s");
    const worker = `${l.name}-worker`;
    const drain = background(["--server", l.server, "drain", worker, "--ignore-daemonsets"]);
    await eventually(async () => {
      await l.advance("2s");
      return drain.output().includes(`node/${worker} drained`);
    }, 45_000);
    const out = await drain.stop();
    expect(out).toContain(`node/${worker} cordoned`);
    expect(out).toMatch(/evicting pod default\/nginx-deployment-/);
    expect(out).toMatch(
      /Warning: ignoring DaemonSet-managed Pods: kube-system\/kindnet-\w+, kube-system\/kube-proxy-\w+/,
    );
    expect(await l.ok(["get", "node", worker])).toMatch(
      new RegExp(`^${worker}\\s+Ready,SchedulingDisabled\\s+<none>`, "m"),
    );
    await l.advance("30s");
    const placed = await l.ok(["get", "pods", "-l", "app=nginx", "-o", "jsonpath={.items[*].spec.nodeName}"]);
    expect(placed.split(" ")).toEqual(Array(4).fill(`${l.name}-worker2`));
    expect(await l.ok(["uncordon", worker])).toBe(`node/${worker} uncordoned\n`);
  });

  it("follows a container's output with logs -f until it exits", async () => {
    await ok([
      "run",
      "counter",
      "--image=busybox",
      "--restart=Never",
      "--annotations=sim.edgeplane.dev/pull-delay=0s",
      "--",
      "sh",
      "-c",
      "sleep 2; for i in 1 2 3; do echo line $i; sleep 1; done",
    ]);
    expect(await ok(["wait", "--for=condition=Ready", "pod/counter", "--timeout=30s"])).toBe(
      "pod/counter condition met\n",
    );
    const started = Date.now();
    const r = await kubectl(["logs", "-f", "counter"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("line 1\nline 2\nline 3\n");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    await ok(["delete", "pod", "counter", "--wait=false"]);

    // A server keeps the stream open: what it wrote so far arrives at once, not when the stream ends.
    await ok(["run", "server", "--image=nginx:1.27", "--annotations=sim.edgeplane.dev/pull-delay=0s"]);
    await ok(["wait", "--for=condition=Ready", "pod/server", "--timeout=30s"]);
    const follow = background(["logs", "-f", "server"]);
    await eventually(() => follow.output().includes("Configuration complete; ready for start up"), 10_000);
    await follow.stop();
    await ok(["delete", "pod", "server", "--wait=false"]);
  });

  it("reports simulated usage through kubectl top", async () => {
    const nodes = await ok(["top", "nodes"]);
    expect(nodes).toMatch(/^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s*$/m);
    expect(nodes).toMatch(/^demo-worker\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%\s*$/m);
    const pods = await ok(["top", "pods", "-n", "kube-system", "-l", "k8s-app=kube-dns"]);
    expect(pods).toMatch(/^coredns-\S+\s+\d+m\s+\d+Mi\s*$/m);
  });
});

describe.skipIf(!available())("failures as a real cluster shows them", () => {
  it("backs off a crashing container and a missing image", async () => {
    const l = await frozenLab("crash");
    await l.ok(["run", "crasher", "--image=busybox", "--", "sh", "-c", "echo starting; echo oops >&2; exit 1"]);
    await l.ok(["run", "typo", "--image=nginx:1.999"]);
    await l.advance("2m");
    // The kubelet restarts at once, then after 10 s, 20 s and 40 s back-offs: four restarts within two
    // minutes, now backing off 80 s.
    expect(await l.ok(["get", "pod", "crasher"])).toMatch(/^crasher\s+0\/1\s+CrashLoopBackOff\s+4 \(\d+s ago\)\s+2m$/m);
    expect(await l.ok(["logs", "crasher", "--previous"])).toBe("starting\noops\n");
    const d = await l.ok(["describe", "pod", "crasher"]);
    expect(d).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+1/);
    expect(d).toMatch(
      /Warning\s+BackOff\s+.*kubelet\s+Back-off restarting failed container crasher in pod crasher_default\(/,
    );

    expect(await l.ok(["get", "pod", "typo"])).toMatch(/^typo\s+0\/1\s+ImagePullBackOff\s+0\s+2m$/m);
    expect(await l.ok(["describe", "pod", "typo"])).toContain(
      'Failed to pull image "nginx:1.999": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.999": failed to resolve reference "docker.io/library/nginx:1.999": docker.io/library/nginx:1.999: not found',
    );
  });

  it("scales a Deployment with the HPA when its pods are busy", async () => {
    const l = await frozenLab("hpa");
    const busy = DEPLOYMENT.replace(
      "    metadata:\n      labels:\n        app: nginx\n",
      '    metadata:\n      labels:\n        app: nginx\n      annotations:\n        sim.edgeplane.dev/cpu-load-shared: "900m"\n',
    ).replace(
      "        - containerPort: 80\n",
      "        - containerPort: 80\n        resources:\n          requests:\n            cpu: 200m\n",
    );
    await l.ok(["apply", "-f", "-"], busy);
    await l.advance("30s");
    expect(await l.ok(["autoscale", "deployment", "nginx-deployment", "--min=3", "--max=10", "--cpu-percent=80"])).toBe(
      "horizontalpodautoscaler.autoscaling/nginx-deployment autoscaled\n",
    );
    await l.advance("20s");
    // 900m shared by 3 pods = 300m of 200m requested = 150% against 80%: ceil(3 × 150 / 80) = 6 replicas.
    // REPLICAS shows the count the HPA saw at its sync; the next sync sees the new pods.
    expect(await l.ok(["get", "hpa"])).toMatch(
      /^nginx-deployment\s+Deployment\/nginx-deployment\s+cpu: 15[0-2]%\/80%\s+3\s+10\s+3\s+20s$/m,
    );
    // Six pods share the load: 150m each (plus 1-3m idle), 75% against 80% is within the HPA's tolerance,
    // so it settles.
    await l.advance("60s");
    expect(await l.ok(["get", "deploy", "nginx-deployment"])).toMatch(/^nginx-deployment\s+6\/6\s+6\s+6\s+/m);
    expect(await l.ok(["get", "hpa"])).toMatch(/^nginx-deployment\s+\S+\s+cpu: 7[5-7]%\/80%\s+3\s+10\s+6\s+80s$/m);
    const described = await l.ok(["describe", "hpa", "nginx-deployment"]);
    expect(described).toMatch(
      /Normal\s+SuccessfulRescale\s+.*horizontal-pod-autoscaler\s+New size: 6; reason: cpu resource utilization \(percentage of request\) above target/,
    );
    expect(described).toMatch(
      /ScalingLimited\s+False\s+DesiredWithinRange\s+the desired count is within the acceptable range/,
    );
    const top = await l.ok(["top", "pods", "-l", "app=nginx", "--no-headers"]);
    const cpu = top
      .trim()
      .split("\n")
      .map((r) => Number(r.split(/\s+/)[1].replace("m", "")));
    expect(cpu).toHaveLength(6);
    for (const m of cpu) expect(m >= 151 && m <= 153).toBe(true);
  });

  it("takes a node whose kubelet stops out of service and moves its pods", async () => {
    const l = await frozenLab("nodefail");
    await l.ok(["apply", "-f", "-"], DEPLOYMENT);
    await l.advance("30s");
    const worker = `${l.name}-worker`;
    await l.ok(["annotate", "node", worker, "sim.edgeplane.dev/kubelet=stopped"]);
    await l.advance("60s");
    expect(await l.ok(["get", "node", worker])).toMatch(new RegExp(`^${worker}\\s+NotReady\\s+<none>`, "m"));
    expect(await l.ok(["describe", "node", worker])).toMatch(/node\.kubernetes\.io\/unreachable:NoExecute/);
    // Pods tolerate unreachable nodes for 300 s, then are evicted and replaced elsewhere.
    await l.advance("6m");
    // The evicted pods stay Terminating on the dead node (no kubelet confirms they stopped), as in a real
    // cluster; their replacements run on the healthy worker.
    const rows = (await l.ok(["get", "pods", "-l", "app=nginx", "-o", "wide", "--no-headers"])).trim().split("\n");
    const live = rows.filter((r) => /\sRunning\s/.test(r));
    expect(live.map((r) => r.split(/\s+/)[6])).toEqual(Array(3).fill(`${l.name}-worker2`));
    const stuck = rows.filter((r) => /\sTerminating\s/.test(r));
    expect(stuck.length).toBeGreaterThan(0);
    expect(stuck.every((r) => r.split(/\s+/)[6] === worker)).toBe(true);
  });
});

function serverOf(l: Lab): string {
  return l.server;
}
