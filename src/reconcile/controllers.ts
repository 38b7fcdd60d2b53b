/**
 * Every controller a cluster runs, in one list: the Durable Object and the in-memory test cluster both
 * register exactly these, so what the tests exercise is what tenants get.
 */
import type { ControllerContext } from "./controller-context";
import { crdCleanupController } from "./crd-cleanup";
import type { Controller } from "./engine";
import { garbageCollector } from "./garbage-collector";
import { namespaceController } from "./namespace-controller";
import { namespaceDefaultsController } from "./namespace-defaults";
import { podTerminationController } from "./pod-termination";
import { quotaController } from "./quota-controller";

export const CONTROLLERS: ((ctx: ControllerContext) => Controller)[] = [
  podTerminationController,
  garbageCollector,
  namespaceController,
  namespaceDefaultsController,
  quotaController,
  crdCleanupController,
];
