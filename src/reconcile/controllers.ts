/**
 * Every controller a cluster runs, in one list: the Durable Object and the in-memory test cluster both
 * register exactly these, so what the tests exercise is what tenants get.
 */
import { kubeletController } from "../kubelet/kubelet-controller";
import { schedulerController } from "../scheduler/controller";
import type { ControllerContext } from "./controller-context";
import { CORE_CONTROLLERS } from "./core";
import { crdCleanupController } from "./crd-cleanup";
import type { Controller } from "./engine";
import { eventTtlController } from "./event-ttl";
import { garbageCollector } from "./garbage-collector";
import { namespaceController } from "./namespace-controller";
import { namespaceDefaultsController } from "./namespace-defaults";
import { quotaController } from "./quota-controller";
import { BATCH_CONTROLLERS } from "./workloads/job-controllers";
import { REPLICASET_DEPLOYMENT_CONTROLLERS } from "./workloads/replicaset-deployment-controllers";
import { STATEFUL_DAEMON_CONTROLLERS } from "./workloads/statefulset-daemonset-controllers";

export const CONTROLLERS: ((ctx: ControllerContext) => Controller)[] = [
  ...BATCH_CONTROLLERS,
  kubeletController,
  garbageCollector,
  namespaceController,
  namespaceDefaultsController,
  quotaController,
  crdCleanupController,
  eventTtlController,
  schedulerController,
  ...CORE_CONTROLLERS,
  ...STATEFUL_DAEMON_CONTROLLERS,
  ...REPLICASET_DEPLOYMENT_CONTROLLERS,
];
