/**
 * DaemonSet columns (printers.go printDaemonSet): NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE
 * | wide: CONTAINERS IMAGES SELECTOR.
 */
import type { TableColumn } from "../registry/kind";
import { ageColumn, containerColumns, field, nameColumn, rec } from "./common";
import { formatLabelSelector, formatLabels } from "./labels";
import { statusInt } from "./workload";

const DAEMONSET_DOC_LINK = " More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/";

export const daemonSetColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Desired",
    type: "integer",
    format: "",
    description: `The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).${DAEMONSET_DOC_LINK}`,
    priority: 0,
    cell: (obj) => statusInt(obj, "desiredNumberScheduled"),
  },
  {
    name: "Current",
    type: "integer",
    format: "",
    description: `The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.${DAEMONSET_DOC_LINK}`,
    priority: 0,
    cell: (obj) => statusInt(obj, "currentNumberScheduled"),
  },
  {
    name: "Ready",
    type: "integer",
    format: "",
    description:
      "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.",
    priority: 0,
    cell: (obj) => statusInt(obj, "numberReady"),
  },
  {
    name: "Up-to-date",
    type: "integer",
    format: "",
    description: "The total number of nodes that are running updated daemon pod",
    priority: 0,
    cell: (obj) => statusInt(obj, "updatedNumberScheduled"),
  },
  {
    name: "Available",
    type: "integer",
    format: "",
    description:
      "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)",
    priority: 0,
    cell: (obj) => statusInt(obj, "numberAvailable"),
  },
  {
    name: "Node Selector",
    type: "string",
    format: "",
    description:
      "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
    priority: 0,
    cell: (obj) => formatLabels(rec(rec(field(obj, "spec").template).spec).nodeSelector),
  },
  ageColumn,
  ...containerColumns(),
  {
    name: "Selector",
    type: "string",
    format: "",
    description:
      "A label query over pods that are managed by the daemon set. Must match in order to be controlled. If empty, defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
    priority: 1,
    cell: (obj) => formatLabelSelector(field(obj, "spec").selector),
  },
];
