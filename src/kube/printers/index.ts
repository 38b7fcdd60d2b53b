/** Server-side Table columns (meta.k8s.io/v1 Table) for the built-in kinds, as kube-apiserver v1.32 prints them. */
export { ageColumn, layoutContainerCells, NAME_DESCRIPTION, nameColumn } from "./common";
export { configMapColumns } from "./configmap";
export { controllerName, controllerRevisionColumns } from "./controllerrevision";
export { daemonSetColumns } from "./daemonset";
export { deploymentColumns } from "./deployment";
export {
  humanDuration,
  parseTime,
  shortHumanDuration,
  translateTimeSince,
  translateTimestampSince,
  ZERO_TIME,
} from "./duration";
export { endpointsColumns, formatEndpoints } from "./endpoints";
export { eventColumns } from "./event";
export { formatLabelSelector, formatLabels, labelSelectorString } from "./labels";
export { leaseColumns } from "./lease";
export { namespaceColumns } from "./namespace";
export { nodeColumns, nodeRoles, nodeStatus } from "./node";
export { type PodSummary, podColumns, summarizePod } from "./pod";
export { replicaSetColumns } from "./replicaset";
export { secretColumns } from "./secret";
export { serviceColumns, serviceExternalIP, servicePorts } from "./service";
export { serviceAccountColumns } from "./serviceaccount";
export { statefulSetColumns } from "./statefulset";
