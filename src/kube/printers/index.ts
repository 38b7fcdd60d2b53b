/** Server-side Table columns (meta.k8s.io/v1 Table) for the built-in kinds, as kube-apiserver v1.32 prints them. */

export { clusterRoleColumns } from "./clusterrole";
export { clusterRoleBindingColumns } from "./clusterrolebinding";
export { ageColumn, layoutContainerCells, NAME_DESCRIPTION, nameColumn } from "./common";
export { configMapColumns } from "./configmap";
export { controllerName, controllerRevisionColumns } from "./controllerrevision";
export { cronJobColumns, printBoolPtr } from "./cronjob";
export { customResourceDefinitionColumns } from "./customresourcedefinition";
export { daemonSetColumns } from "./daemonset";
export { createdAtColumns, dateCell, defaultColumns, formatRFC3339 } from "./default";
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
export { endpointSliceColumns, formatDiscoveryEndpoints, formatDiscoveryPorts } from "./endpointslice";
export { eventColumns } from "./event";
export { eventsV1EventColumns, eventsV1ToCore } from "./eventsv1";
export { formatHPAMetrics, horizontalPodAutoscalerColumns, hpaMetrics } from "./horizontalpodautoscaler";
export { formatIngressHosts, ingressAddresses, ingressColumns } from "./ingress";
export { ingressClassColumns } from "./ingressclass";
export { hasJobCondition, jobColumns, jobCompletions, jobDuration, jobStatus } from "./job";
export { formatLabelSelector, formatLabels, labelSelectorString } from "./labels";
export { leaseColumns } from "./lease";
export { limitRangeColumns } from "./limitrange";
export { namespaceColumns } from "./namespace";
export { networkPolicyColumns } from "./networkpolicy";
export { nodeColumns, nodeRoles, nodeStatus } from "./node";
export {
  accessModesString,
  persistentVolumeClass,
  persistentVolumeColumns,
} from "./persistentvolume";
export { persistentVolumeClaimClass, persistentVolumeClaimColumns } from "./persistentvolumeclaim";
export { type PodSummary, podColumns, summarizePod } from "./pod";
export { intOrStringOrNA, podDisruptionBudgetColumns } from "./poddisruptionbudget";
export { podTemplateColumns } from "./podtemplate";
export { priorityClassColumns } from "./priorityclass";
export { quantityPtrString, quantityString } from "./quantities";
export { replicaSetColumns } from "./replicaset";
export { replicationControllerColumns } from "./replicationcontroller";
export { resourceQuotaColumns, resourceQuotaUsage } from "./resourcequota";
export { roleColumns } from "./role";
export { roleBindingColumns, subjectsStrings } from "./rolebinding";
export { secretColumns } from "./secret";
export { serviceColumns, serviceExternalIP, servicePorts } from "./service";
export { serviceAccountColumns } from "./serviceaccount";
export { statefulSetColumns } from "./statefulset";
export { isDefaultStorageClass, storageClassColumns } from "./storageclass";
