/** The batch controllers of kube-controller-manager: job, cronjob and ttl-after-finished. */
import type { ControllerContext } from "../controller-context";
import type { Controller } from "../engine";
import { cronJobController } from "./cronjob-controller";
import { jobController } from "./job-controller";
import { ttlAfterFinishedController } from "./ttl-after-finished";

export const BATCH_CONTROLLERS: ((ctx: ControllerContext) => Controller)[] = [
  jobController,
  cronJobController,
  ttlAfterFinishedController,
];
