/**
 * Every kind this API server serves, in discovery order (kube lists the core group first, then apps, ...).
 * Adding a kind: write its declaration in kinds/ and list it here.
 */

import { customResourceDefinitionKind } from "../kinds/apiextensions";
import { controllerRevisionKind, statefulSetKind } from "../kinds/apps-extra";
import { horizontalPodAutoscalerKind, horizontalPodAutoscalerV1Kind } from "../kinds/autoscaling";
import { cronJobKind, jobKind } from "../kinds/batch";
import { configMapKind } from "../kinds/configmap";
import {
  limitRangeKind,
  persistentVolumeClaimKind,
  persistentVolumeKind,
  podTemplateKind,
  replicationControllerKind,
  resourceQuotaKind,
} from "../kinds/core-extra";
import { daemonSetKind } from "../kinds/daemonset";
import { deploymentKind } from "../kinds/deployment";
import { endpointSliceKind } from "../kinds/discovery";
import { endpointsKind } from "../kinds/endpoints";
import { eventKind, eventsV1EventKind } from "../kinds/event";
import { leaseKind } from "../kinds/lease";
import { nodeMetricsKind, podMetricsKind } from "../kinds/metrics";
import { namespaceKind } from "../kinds/namespace";
import { ingressClassKind, ingressKind, networkPolicyKind } from "../kinds/networking";
import { nodeKind } from "../kinds/node";
import { podKind } from "../kinds/pod";
import { podDisruptionBudgetKind, priorityClassKind, storageClassKind } from "../kinds/policy-scheduling-storage";
import { clusterRoleBindingKind, clusterRoleKind, roleBindingKind, roleKind } from "../kinds/rbac";
import { replicaSetKind } from "../kinds/replicaset";
import { reviewKinds } from "../kinds/reviews";
import { secretKind } from "../kinds/secret";
import { serviceKind } from "../kinds/service";
import { serviceAccountKind } from "../kinds/serviceaccount";
import type { KindDeclaration } from "./kind";

export const KINDS: readonly KindDeclaration[] = [
  configMapKind,
  endpointsKind,
  eventKind,
  limitRangeKind,
  namespaceKind,
  nodeKind,
  persistentVolumeClaimKind,
  persistentVolumeKind,
  podKind,
  podTemplateKind,
  replicationControllerKind,
  resourceQuotaKind,
  secretKind,
  serviceAccountKind,
  serviceKind,
  controllerRevisionKind,
  daemonSetKind,
  deploymentKind,
  replicaSetKind,
  statefulSetKind,
  horizontalPodAutoscalerKind,
  horizontalPodAutoscalerV1Kind,
  cronJobKind,
  jobKind,
  endpointSliceKind,
  eventsV1EventKind,
  ingressClassKind,
  ingressKind,
  networkPolicyKind,
  podDisruptionBudgetKind,
  clusterRoleBindingKind,
  clusterRoleKind,
  roleBindingKind,
  roleKind,
  storageClassKind,
  priorityClassKind,
  leaseKind,
  customResourceDefinitionKind,
  nodeMetricsKind,
  podMetricsKind,
  ...reviewKinds,
];
