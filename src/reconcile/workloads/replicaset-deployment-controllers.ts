/** The ReplicaSet and Deployment controllers, registered together in src/reconcile/controllers.ts. */
import type { ControllerContext } from "../controller-context";
import type { Controller } from "../engine";
import { deploymentController } from "./deployment";
import { replicaSetController } from "./replicaset";

export const REPLICASET_DEPLOYMENT_CONTROLLERS: ((ctx: ControllerContext) => Controller)[] = [
  replicaSetController,
  deploymentController,
];
