/** The StatefulSet and DaemonSet controllers, registered together in CONTROLLERS. */
import type { ControllerContext } from "../controller-context";
import type { Controller } from "../engine";
import { daemonSetController } from "./daemonset";
import { statefulSetController } from "./statefulset";

export const STATEFUL_DAEMON_CONTROLLERS: ((ctx: ControllerContext) => Controller)[] = [
  statefulSetController,
  daemonSetController,
];
