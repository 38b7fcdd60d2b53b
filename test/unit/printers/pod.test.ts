import { describe, expect, it } from "vitest";
import { podColumns } from "../../../src/kube/printers/pod";
import { ago, cells, DAY, HOUR, headers, k, MIN, SEC } from "./helpers";

const containers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: "img" }));
const running = { running: {} };
const lastTerminated = (ms: number) => ({ terminated: { exitCode: 0, finishedAt: ago(ms) } });
const sidecar = (name: string) => ({ name, image: "img", restartPolicy: "Always" });

function pod(name: string, spec: Record<string, unknown>, status: Record<string, unknown>, meta = {}) {
  return k({ metadata: { name, ...meta }, spec, status });
}

describe("pod columns", () => {
  it("declares printers.go's columns", () => {
    expect(headers(podColumns)).toEqual(["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    expect(headers(podColumns, true)).toEqual([
      "NAME",
      "READY",
      "STATUS",
      "RESTARTS",
      "AGE",
      "IP",
      "NODE",
      "NOMINATED NODE",
      "READINESS GATES",
    ]);
    expect(podColumns.map((c) => c.type)).toEqual(Array(9).fill("string"));
    expect(podColumns[0].format).toBe("name");
  });
});

describe("printPod (printers_test TestPrintPod)", () => {
  const cases: [string, ReturnType<typeof pod>, unknown[]][] = [
    [
      "name, num of containers, restarts, container ready status",
      pod(
        "test1",
        { containers: containers(2) },
        {
          phase: "podPhase",
          containerStatuses: [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }],
        },
      ),
      ["test1", "1/2", "podPhase", "6", "<unknown>"],
    ],
    [
      "container waiting reason overwrites pod phase",
      pod(
        "test2",
        { containers: containers(2) },
        {
          phase: "podPhase",
          containerStatuses: [
            { ready: true, restartCount: 3, state: running },
            { state: { waiting: { reason: "ContainerWaitingReason" } }, restartCount: 3 },
          ],
        },
      ),
      ["test2", "1/2", "ContainerWaitingReason", "6", "<unknown>"],
    ],
    [
      "the first container's reason wins over later ones",
      pod(
        "test3",
        { containers: containers(2) },
        {
          phase: "podPhase",
          containerStatuses: [
            { state: { waiting: { reason: "ContainerWaitingReason" } }, restartCount: 3 },
            { state: { terminated: { reason: "ContainerTerminatedReason" } }, restartCount: 3 },
          ],
        },
      ),
      ["test3", "0/2", "ContainerWaitingReason", "6", "<unknown>"],
    ],
    [
      "ready is not enough for reporting running",
      pod(
        "test4",
        { containers: containers(2) },
        {
          phase: "podPhase",
          containerStatuses: [
            { ready: true, restartCount: 3, state: running },
            { ready: true, restartCount: 3 },
          ],
        },
      ),
      ["test4", "1/2", "podPhase", "6", "<unknown>"],
    ],
    [
      "pod reason overrides phase",
      pod(
        "test5",
        { containers: containers(2) },
        {
          reason: "podReason",
          phase: "podPhase",
          containerStatuses: [
            { ready: true, restartCount: 3, state: running },
            { ready: true, restartCount: 3 },
          ],
        },
      ),
      ["test5", "1/2", "podReason", "6", "<unknown>"],
    ],
    [
      "one running, one completed, without Ready condition: NotReady",
      pod(
        "test6",
        { containers: containers(2) },
        {
          phase: "Running",
          containerStatuses: [
            { ready: true, restartCount: 3, state: { terminated: { reason: "Completed", exitCode: 0 } } },
            { ready: true, restartCount: 3, state: running },
          ],
        },
      ),
      ["test6", "1/2", "NotReady", "6", "<unknown>"],
    ],
    [
      "one running, one completed, with Ready condition: Running",
      pod(
        "test6",
        { containers: containers(2) },
        {
          phase: "Running",
          containerStatuses: [
            { ready: true, restartCount: 3, state: { terminated: { reason: "Completed", exitCode: 0 } } },
            { ready: true, restartCount: 3, state: running },
          ],
          conditions: [{ type: "Ready", status: "True" }],
        },
      ),
      ["test6", "1/2", "Running", "6", "<unknown>"],
    ],
    [
      "1 init container restarting and 1 container not running",
      pod(
        "test7",
        { initContainers: containers(1), containers: containers(1) },
        {
          phase: "podPhase",
          initContainerStatuses: [
            { ready: false, restartCount: 3, state: running, lastState: lastTerminated(10 * SEC) },
          ],
          containerStatuses: [{ ready: false, restartCount: 0, state: { waiting: {} } }],
        },
      ),
      ["test7", "0/1", "Init:0/1", "3 (10s ago)", "<unknown>"],
    ],
    [
      "2 init containers, one restarting and the other not running",
      pod(
        "test8",
        { initContainers: containers(2), containers: containers(1) },
        {
          phase: "podPhase",
          initContainerStatuses: [
            { ready: false, restartCount: 3, state: running, lastState: lastTerminated(10 * SEC) },
            { ready: false, state: { waiting: {} } },
          ],
          containerStatuses: [{ ready: false, state: { waiting: {} } }],
        },
      ),
      ["test8", "0/1", "Init:0/2", "3 (10s ago)", "<unknown>"],
    ],
    [
      "2 init containers, one completed without restarts and the other restarting",
      pod(
        "test9",
        { initContainers: containers(2), containers: containers(1) },
        {
          phase: "podPhase",
          initContainerStatuses: [
            { ready: false, state: { terminated: {} } },
            { ready: false, restartCount: 3, state: running, lastState: lastTerminated(10 * SEC) },
          ],
          containerStatuses: [{ ready: false, state: { waiting: {} } }],
        },
      ),
      ["test9", "0/1", "Init:1/2", "3 (10s ago)", "<unknown>"],
    ],
    [
      "2 init containers, one completed with restarts and the other restarting",
      pod(
        "test10",
        { initContainers: containers(2), containers: containers(1) },
        {
          phase: "podPhase",
          initContainerStatuses: [
            { ready: false, restartCount: 2, state: { terminated: {} }, lastState: lastTerminated(2 * MIN) },
            { ready: false, restartCount: 3, state: running, lastState: lastTerminated(10 * SEC) },
          ],
          containerStatuses: [{ ready: false, state: { waiting: {} } }],
        },
      ),
      ["test10", "0/1", "Init:1/2", "5 (10s ago)", "<unknown>"],
    ],
    [
      "init container completed with restarts and one container restarting",
      pod(
        "test11",
        { initContainers: containers(1), containers: containers(1) },
        {
          phase: "Running",
          initContainerStatuses: [
            { ready: false, restartCount: 2, state: { terminated: {} }, lastState: lastTerminated(2 * MIN) },
          ],
          containerStatuses: [{ ready: false, restartCount: 4, state: running, lastState: lastTerminated(20 * SEC) }],
        },
      ),
      ["test11", "0/1", "Running", "4 (20s ago)", "<unknown>"],
    ],
    [
      "1 container that restarted 5d ago",
      pod(
        "test12",
        { containers: containers(1) },
        {
          phase: "Running",
          containerStatuses: [{ ready: true, restartCount: 3, state: running, lastState: lastTerminated(5 * DAY) }],
        },
      ),
      ["test12", "1/1", "Running", "3 (5d ago)", "<unknown>"],
    ],
    [
      "2 containers, one never restarted and the other restarted 10d ago",
      pod(
        "test13",
        { containers: containers(2) },
        {
          phase: "Running",
          containerStatuses: [
            { ready: true, restartCount: 0, state: running },
            { ready: true, restartCount: 3, state: running, lastState: lastTerminated(10 * DAY) },
          ],
        },
      ),
      ["test13", "2/2", "Running", "3 (10d ago)", "<unknown>"],
    ],
    [
      "2 containers, restarted 5d and 20d ago: the latest restart is shown",
      pod(
        "test14",
        { containers: containers(2) },
        {
          phase: "Running",
          containerStatuses: [
            { ready: true, restartCount: 6, state: running, lastState: lastTerminated(5 * DAY) },
            { ready: true, restartCount: 3, state: running, lastState: lastTerminated(20 * DAY) },
          ],
        },
      ),
      ["test14", "2/2", "Running", "9 (5d ago)", "<unknown>"],
    ],
    [
      "PodScheduled condition with reason SchedulingGated",
      pod(
        "test15",
        { containers: containers(2) },
        { phase: "podPhase", conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }] },
      ),
      ["test15", "0/2", "SchedulingGated", "0", "<unknown>"],
    ],
    [
      "succeeded pod: Completed",
      pod(
        "test16",
        { containers: containers(1) },
        {
          phase: "Succeeded",
          containerStatuses: [
            { ready: false, restartCount: 0, state: { terminated: { reason: "Completed", exitCode: 0 } } },
          ],
        },
      ),
      ["test16", "0/1", "Completed", "0", "<unknown>"],
    ],
    [
      "failed pod: Error",
      pod(
        "test17",
        { containers: containers(1) },
        {
          phase: "Failed",
          containerStatuses: [
            { ready: false, restartCount: 0, state: { terminated: { reason: "Error", exitCode: 1 } } },
          ],
        },
      ),
      ["test17", "0/1", "Error", "0", "<unknown>"],
    ],
    [
      "succeeded pod being deleted stays Completed",
      pod(
        "test18",
        { containers: containers(1) },
        {
          phase: "Succeeded",
          containerStatuses: [
            { ready: false, restartCount: 0, state: { terminated: { reason: "Completed", exitCode: 0 } } },
          ],
        },
        { deletionTimestamp: ago(10 * SEC) },
      ),
      ["test18", "0/1", "Completed", "0", "<unknown>"],
    ],
    [
      "running pod being deleted: Terminating",
      pod(
        "test19",
        { containers: containers(1) },
        { phase: "Running", containerStatuses: [{ ready: false, restartCount: 0, state: running }] },
        { deletionTimestamp: ago(10 * SEC) },
      ),
      ["test19", "0/1", "Terminating", "0", "<unknown>"],
    ],
    [
      "pending pod being deleted: Terminating",
      pod("test20", { containers: containers(1) }, { phase: "Pending" }, { deletionTimestamp: ago(10 * SEC) }),
      ["test20", "0/1", "Terminating", "0", "<unknown>"],
    ],
  ];
  it.each(cases)("%s", (_name, p, want) => {
    expect(cells(podColumns, p)).toEqual(want);
  });
});

describe("printPod: other STATUS reasons", () => {
  it("CrashLoopBackOff with the last restart's age", () => {
    const p = pod(
      "crash",
      { containers: containers(1) },
      {
        phase: "Running",
        containerStatuses: [
          {
            ready: false,
            restartCount: 5,
            state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 2m40s" } },
            lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: ago(3 * MIN + 12 * SEC) } },
          },
        ],
      },
      { creationTimestamp: ago(2 * DAY + 3 * HOUR) },
    );
    expect(cells(podColumns, p)).toEqual(["crash", "0/1", "CrashLoopBackOff", "5 (3m12s ago)", "2d3h"]);
  });

  it("init container errors and back-off", () => {
    const base = { initContainers: containers(2), containers: containers(1) };
    const withInit = (st: Record<string, unknown>) =>
      cells(podColumns, pod("p", base, { phase: "Pending", initContainerStatuses: [st] }))[2];
    expect(withInit({ state: { terminated: { exitCode: 1, reason: "Error" } } })).toBe("Init:Error");
    expect(withInit({ state: { terminated: { exitCode: 2 } } })).toBe("Init:ExitCode:2");
    expect(withInit({ state: { terminated: { exitCode: 137, signal: 9 } } })).toBe("Init:Signal:9");
    expect(withInit({ state: { waiting: { reason: "CrashLoopBackOff" } }, restartCount: 4 })).toBe(
      "Init:CrashLoopBackOff",
    );
    expect(withInit({ state: { waiting: { reason: "PodInitializing" } } })).toBe("Init:0/2");
    expect(withInit({ state: { waiting: { reason: "ImagePullBackOff" } } })).toBe("Init:ImagePullBackOff");
  });

  it("containers terminated without a reason show ExitCode / Signal", () => {
    const st = (terminated: Record<string, unknown>) =>
      cells(
        podColumns,
        pod("p", { containers: containers(1) }, { phase: "Running", containerStatuses: [{ state: { terminated } }] }),
      )[2];
    expect(st({ exitCode: 3 })).toBe("ExitCode:3");
    expect(st({ exitCode: 0, signal: 15 })).toBe("Signal:15");
    expect(st({ exitCode: 1, reason: "OOMKilled" })).toBe("OOMKilled");
  });

  it("waiting ContainerCreating and image pull errors", () => {
    const st = (reason: string) =>
      cells(
        podColumns,
        pod(
          "p",
          { containers: containers(1) },
          { phase: "Pending", containerStatuses: [{ state: { waiting: { reason } } }] },
        ),
      )[2];
    expect(st("ContainerCreating")).toBe("ContainerCreating");
    expect(st("ErrImagePull")).toBe("ErrImagePull");
  });

  it("a pod on an unreachable node being deleted is Unknown", () => {
    const p = pod(
      "lost",
      { containers: containers(1) },
      { phase: "Running", reason: "NodeLost", containerStatuses: [{ ready: true, state: running }] },
      { deletionTimestamp: ago(MIN) },
    );
    expect(cells(podColumns, p)[2]).toBe("Unknown");
  });

  it("a failed pod being deleted keeps its reason", () => {
    const p = pod(
      "f",
      { containers: containers(1) },
      { phase: "Failed", reason: "Evicted" },
      { deletionTimestamp: ago(MIN) },
    );
    expect(cells(podColumns, p)[2]).toBe("Evicted");
  });

  it("restarts without a last termination time have no suffix", () => {
    const p = pod(
      "p",
      { containers: containers(1) },
      { phase: "Running", containerStatuses: [{ restartCount: 2, state: running, ready: true }] },
    );
    expect(cells(podColumns, p)[3]).toBe("2");
  });
});

describe("printPod with restartable init containers (TestPrintPodWithRestartableInitContainer)", () => {
  const spec = {
    initContainers: [sidecar("restartable-init-1"), sidecar("restartable-init-2")],
    containers: containers(1),
  };

  it("first sidecar running but not started", () => {
    const p = pod("test1", spec, {
      phase: "Pending",
      initContainerStatuses: [
        {
          name: "restartable-init-1",
          ready: false,
          restartCount: 3,
          state: running,
          started: false,
          lastState: lastTerminated(10 * SEC),
        },
        { name: "restartable-init-2", ready: false, state: { waiting: {} }, started: false },
      ],
      containerStatuses: [{ ready: false, restartCount: 0, state: { waiting: {} } }],
      conditions: [{ type: "Initialized", status: "False" }],
    });
    expect(cells(podColumns, p)).toEqual(["test1", "0/3", "Init:0/2", "3 (10s ago)", "<unknown>"]);
  });

  it("first sidecar started, second running but not started", () => {
    const p = pod("test1", spec, {
      phase: "Pending",
      initContainerStatuses: [
        {
          name: "restartable-init-1",
          ready: false,
          restartCount: 3,
          state: running,
          started: true,
          lastState: lastTerminated(10 * SEC),
        },
        { name: "restartable-init-2", ready: false, state: running, started: false },
      ],
      containerStatuses: [{ ready: false, restartCount: 0, state: { waiting: {} } }],
      conditions: [{ type: "Initialized", status: "False" }],
    });
    expect(cells(podColumns, p)).toEqual(["test1", "0/3", "Init:1/2", "3 (10s ago)", "<unknown>"]);
  });

  it("both sidecars started and the container running", () => {
    const p = pod("test2", spec, {
      phase: "Running",
      initContainerStatuses: [
        {
          name: "restartable-init-1",
          ready: false,
          restartCount: 3,
          state: running,
          started: true,
          lastState: lastTerminated(10 * SEC),
        },
        { name: "restartable-init-2", ready: false, state: running, started: true },
      ],
      containerStatuses: [{ ready: true, restartCount: 4, state: running, lastState: lastTerminated(20 * SEC) }],
      conditions: [{ type: "Initialized", status: "True" }],
    });
    expect(cells(podColumns, p)).toEqual(["test2", "1/3", "Running", "7 (10s ago)", "<unknown>"]);
  });

  it("ready sidecars count in READY", () => {
    const p = pod("test2b", spec, {
      phase: "Running",
      initContainerStatuses: [
        { name: "restartable-init-1", ready: true, state: running, started: true },
        { name: "restartable-init-2", ready: true, state: running, started: true },
      ],
      containerStatuses: [{ ready: true, state: running }],
      conditions: [
        { type: "Initialized", status: "True" },
        { type: "Ready", status: "True" },
      ],
    });
    expect(cells(podColumns, p)).toEqual(["test2b", "3/3", "Running", "0", "<unknown>"]);
  });

  it("sidecars terminated with non-zero codes and the container completed", () => {
    const p = pod("test3", spec, {
      phase: "Succeeded",
      initContainerStatuses: [
        {
          name: "restartable-init-1",
          ready: false,
          restartCount: 3,
          state: { terminated: { reason: "Error", exitCode: 137 } },
          started: false,
          lastState: lastTerminated(10 * SEC),
        },
        {
          name: "restartable-init-2",
          ready: false,
          state: { terminated: { reason: "Error", exitCode: 137 } },
          started: false,
        },
      ],
      containerStatuses: [
        {
          ready: false,
          restartCount: 4,
          state: { terminated: { reason: "Completed", exitCode: 0 } },
          lastState: lastTerminated(20 * SEC),
        },
      ],
      conditions: [{ type: "Initialized", status: "True" }],
    });
    expect(cells(podColumns, p)).toEqual(["test3", "0/3", "Completed", "7 (10s ago)", "<unknown>"]);
  });

  it("statuses for non-existent init containers and containers", () => {
    const p = pod(
      "test4",
      {
        initContainers: [{ name: "init1", image: "initimage" }, sidecar("sidecar1")],
        containers: [{ name: "container1", image: "containerimage" }],
      },
      {
        phase: "Running",
        initContainerStatuses: [{ name: "initinvalid" }, { name: "init1" }, { name: "sidecar1" }],
        containerStatuses: [{ name: "containerinvalid" }, { name: "container1" }],
      },
    );
    expect(cells(podColumns, p)).toEqual(["test4", "0/2", "Init:0/2", "0", "<unknown>"]);
  });
});

describe("printPod wide (TestPrintPodwide)", () => {
  const gates = [{ conditionType: "condition1" }, { conditionType: "condition2" }, { conditionType: "condition3" }];
  it("node name, pod IP, nominated node and readiness gates", () => {
    const p = pod(
      "test1",
      { containers: containers(2), nodeName: "test1", readinessGates: gates },
      {
        conditions: [
          { type: "condition1", status: "False" },
          { type: "condition2", status: "True" },
        ],
        phase: "podPhase",
        podIP: "1.1.1.1",
        podIPs: [{ ip: "1.1.1.1" }, { ip: "2001:db8::" }],
        containerStatuses: [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }],
        nominatedNodeName: "node1",
      },
    );
    expect(cells(podColumns, p, true)).toEqual([
      "test1",
      "1/2",
      "podPhase",
      "6",
      "<unknown>",
      "1.1.1.1",
      "test1",
      "node1",
      "1/3",
    ]);
  });

  it("falls back to podIPs when podIP is unset", () => {
    const p = pod("p", { containers: containers(1) }, { phase: "Pending", podIPs: [{ ip: "10.0.0.7" }] });
    expect(cells(podColumns, p, true)[5]).toBe("10.0.0.7");
  });

  it("<none> for missing node name, pod IP, nominated node and gates", () => {
    const p = pod(
      "test2",
      { containers: containers(2), nodeName: "" },
      {
        phase: "podPhase",
        containerStatuses: [
          { ready: true, restartCount: 3, state: running },
          { state: { waiting: { reason: "ContainerWaitingReason" } }, restartCount: 3 },
        ],
      },
    );
    expect(cells(podColumns, p, true)).toEqual([
      "test2",
      "1/2",
      "ContainerWaitingReason",
      "6",
      "<unknown>",
      "<none>",
      "<none>",
      "<none>",
      "<none>",
    ]);
  });

  it("AGE from creationTimestamp", () => {
    const p = pod("p", { containers: containers(1) }, { phase: "Running" }, { creationTimestamp: ago(90 * SEC) });
    expect(cells(podColumns, p)[4]).toBe("90s");
  });
});
