/**
 * The kube-controller-manager controllers of src/reconcile/core, registered in CONTROLLERS as one group so
 * adding one here does not touch the shared list.
 */
import type { ControllerContext } from "../controller-context";
import type { Controller } from "../engine";
import { disruptionController } from "./disruption-controller";
import { endpointsController } from "./endpoints-controller";
import { endpointSliceController } from "./endpointslice-controller";
import { horizontalPodAutoscalerController } from "./hpa-controller";
import { nodeHeartbeat } from "./node-heartbeat";
import { nodeLifecycleController } from "./node-lifecycle-controller";
import { podGarbageCollector } from "./pod-gc";
import { persistentVolumeController } from "./pv-controller";
import { taintEvictionController } from "./taint-eviction-controller";

export const CORE_CONTROLLERS: ((ctx: ControllerContext) => Controller)[] = [
  endpointsController,
  endpointSliceController,
  nodeHeartbeat,
  nodeLifecycleController,
  taintEvictionController,
  podGarbageCollector,
  persistentVolumeController,
  disruptionController,
  horizontalPodAutoscalerController,
];
