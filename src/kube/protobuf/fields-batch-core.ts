/**
 * Protobuf field numbers of the kinds added with core-extra.ts, policy.ts, authentication.ts, batch.ts,
 * autoscaling-hpa.ts, discovery-events.ts and scheduling-storage.ts (and of every message they reach that
 * FIELD_NUMBERS does not already list), to be merged into the main table of field-numbers.ts.
 *
 * The numbers and pointer flags are those of the descriptors compiled into kubectl v1.32 (k8s.io/api core/v1,
 * policy/v1, authentication/v1, batch/v1, autoscaling/v1 and v2, discovery/v1, events/v1, scheduling/v1,
 * storage/v1 and apimachinery meta/v1 generated.proto), keyed by JSON field name. The notation is the one of
 * field-numbers.ts: `N name?` is a Go pointer scalar, `N ^Type` an embedded struct inlined in JSON
 * (PersistentVolumeSpec's PersistentVolumeSource).
 *
 * Known gap: authentication/v1 UserInfo.extra is map[string]ExtraValue, whose protobuf value is a message
 * `ExtraValue { repeated string items = 1 }` while the JSON value is a plain string list; the decoder has no
 * notion of such a wrapper message.
 */
import type { FieldNumberTable } from "./field-numbers";

type Messages = Record<string, string>;

// ---- meta.v1
const meta: Messages = {
  DeleteOptions:
    "1 gracePeriodSeconds?, 2 preconditions, 3 orphanDependents?, 4 propagationPolicy?, 5 dryRun, 6 ignoreStoreReadErrorWithClusterBreakingPotential?",
  Preconditions: "1 uid?, 2 resourceVersion?",
};

// ---- core.v1
const core: Messages = {
  AzureFilePersistentVolumeSource: "1 secretName, 2 shareName, 3 readOnly, 4 secretNamespace?",
  Binding: "1 metadata, 2 target",
  CephFSPersistentVolumeSource: "1 monitors, 2 path, 3 user, 4 secretFile, 5 secretRef, 6 readOnly",
  CinderPersistentVolumeSource: "1 volumeID, 2 fsType, 3 readOnly, 4 secretRef",
  CSIPersistentVolumeSource:
    "1 driver, 2 volumeHandle, 3 readOnly, 4 fsType, 5 volumeAttributes, 6 controllerPublishSecretRef, 7 nodeStageSecretRef, 8 nodePublishSecretRef, 9 controllerExpandSecretRef, 10 nodeExpandSecretRef",
  FlexPersistentVolumeSource: "1 driver, 2 fsType, 3 secretRef, 4 readOnly, 5 options",
  GlusterfsPersistentVolumeSource: "1 endpoints, 2 path, 3 readOnly, 4 endpointsNamespace?",
  ISCSIPersistentVolumeSource:
    "1 targetPortal, 2 iqn, 3 lun, 4 iscsiInterface, 5 fsType, 6 readOnly, 7 portals, 8 chapAuthDiscovery, 10 secretRef, 11 chapAuthSession, 12 initiatorName?",
  LimitRange: "1 metadata, 2 spec",
  LimitRangeItem: "1 type, 2 max, 3 min, 4 default, 5 defaultRequest, 6 maxLimitRequestRatio",
  LimitRangeSpec: "1 limits",
  LocalVolumeSource: "1 path, 2 fsType?",
  PersistentVolume: "1 metadata, 2 spec, 3 status",
  PersistentVolumeSource:
    "1 gcePersistentDisk, 2 awsElasticBlockStore, 3 hostPath, 4 glusterfs, 5 nfs, 6 rbd, 7 iscsi, 8 cinder, 9 cephfs, 10 fc, 11 flocker, 12 flexVolume, 13 azureFile, 14 vsphereVolume, 15 quobyte, 16 azureDisk, 17 photonPersistentDisk, 18 portworxVolume, 19 scaleIO, 20 local, 21 storageos, 22 csi",
  PersistentVolumeSpec:
    "1 capacity, 2 ^PersistentVolumeSource, 3 accessModes, 4 claimRef, 5 persistentVolumeReclaimPolicy, 6 storageClassName, 7 mountOptions, 8 volumeMode?, 9 nodeAffinity, 10 volumeAttributesClassName?",
  PersistentVolumeStatus: "1 phase, 2 message, 3 reason, 4 lastPhaseTransitionTime",
  RBDPersistentVolumeSource: "1 monitors, 2 image, 3 fsType, 4 pool, 5 user, 6 keyring, 7 secretRef, 8 readOnly",
  ReplicationController: "1 metadata, 2 spec, 3 status",
  ReplicationControllerCondition: "1 type, 2 status, 3 lastTransitionTime, 4 reason, 5 message",
  ReplicationControllerSpec: "1 replicas?, 2 selector, 3 template, 4 minReadySeconds",
  ReplicationControllerStatus:
    "1 replicas, 2 fullyLabeledReplicas, 3 observedGeneration, 4 readyReplicas, 5 availableReplicas, 6 conditions",
  ResourceQuota: "1 metadata, 2 spec, 3 status",
  ResourceQuotaSpec: "1 hard, 2 scopes, 3 scopeSelector",
  ResourceQuotaStatus: "1 hard, 2 used",
  ScaleIOPersistentVolumeSource:
    "1 gateway, 2 system, 3 secretRef, 4 sslEnabled, 5 protectionDomain, 6 storagePool, 7 storageMode, 8 volumeName, 9 fsType, 10 readOnly",
  ScopedResourceSelectorRequirement: "1 scopeName, 2 operator, 3 values",
  ScopeSelector: "1 matchExpressions",
  SecretReference: "1 name, 2 namespace",
  StorageOSPersistentVolumeSource: "1 volumeName, 2 volumeNamespace, 3 fsType, 4 readOnly, 5 secretRef",
  TopologySelectorLabelRequirement: "1 key, 2 values",
  TopologySelectorTerm: "1 matchLabelExpressions",
  VolumeNodeAffinity: "1 required",
};

// ---- policy.v1
const policy: Messages = {
  Eviction: "1 metadata, 2 deleteOptions",
  PodDisruptionBudget: "1 metadata, 2 spec, 3 status",
  PodDisruptionBudgetSpec: "1 minAvailable, 2 selector, 3 maxUnavailable, 4 unhealthyPodEvictionPolicy?",
  PodDisruptionBudgetStatus:
    "1 observedGeneration, 2 disruptedPods, 3 disruptionsAllowed, 4 currentHealthy, 5 desiredHealthy, 6 expectedPods, 7 conditions",
};

// ---- authentication.v1
const authentication: Messages = {
  BoundObjectReference: "1 kind, 2 apiVersion, 3 name, 4 uid",
  SelfSubjectReview: "1 metadata, 2 status",
  SelfSubjectReviewStatus: "1 userInfo",
  TokenRequest: "1 metadata, 2 spec, 3 status",
  TokenRequestSpec: "1 audiences, 3 boundObjectRef, 4 expirationSeconds?",
  TokenRequestStatus: "1 token, 2 expirationTimestamp",
  TokenReview: "1 metadata, 2 spec, 3 status",
  TokenReviewSpec: "1 token, 2 audiences",
  TokenReviewStatus: "1 authenticated, 2 user, 3 error, 4 audiences",
  UserInfo: "1 username, 2 uid, 3 groups, 4 extra",
};

// ---- batch.v1
const batch: Messages = {
  CronJob: "1 metadata, 2 spec, 3 status",
  CronJobSpec:
    "1 schedule, 2 startingDeadlineSeconds?, 3 concurrencyPolicy, 4 suspend?, 5 jobTemplate, 6 successfulJobsHistoryLimit?, 7 failedJobsHistoryLimit?, 8 timeZone?",
  CronJobStatus: "1 active, 4 lastScheduleTime, 5 lastSuccessfulTime",
  Job: "1 metadata, 2 spec, 3 status",
  JobCondition: "1 type, 2 status, 3 lastProbeTime, 4 lastTransitionTime, 5 reason, 6 message",
  JobSpec:
    "1 parallelism?, 2 completions?, 3 activeDeadlineSeconds?, 4 selector, 5 manualSelector?, 6 template, 7 backoffLimit?, 8 ttlSecondsAfterFinished?, 9 completionMode?, 10 suspend?, 11 podFailurePolicy, 12 backoffLimitPerIndex?, 13 maxFailedIndexes?, 14 podReplacementPolicy?, 15 managedBy?, 16 successPolicy",
  JobStatus:
    "1 conditions, 2 startTime, 3 completionTime, 4 active, 5 succeeded, 6 failed, 7 completedIndexes, 8 uncountedTerminatedPods, 9 ready?, 10 failedIndexes?, 11 terminating?",
  JobTemplateSpec: "1 metadata, 2 spec",
  PodFailurePolicy: "1 rules",
  PodFailurePolicyOnExitCodesRequirement: "1 containerName?, 2 operator, 3 values",
  PodFailurePolicyOnPodConditionsPattern: "1 type, 2 status",
  PodFailurePolicyRule: "1 action, 2 onExitCodes, 3 onPodConditions",
  SuccessPolicy: "1 rules",
  SuccessPolicyRule: "1 succeededIndexes?, 2 succeededCount?",
  UncountedTerminatedPods: "1 succeeded, 2 failed",
};

// ---- autoscaling.v1
const autoscalingV1: Messages = {
  CrossVersionObjectReference: "1 kind, 2 name, 3 apiVersion",
  HorizontalPodAutoscaler: "1 metadata, 2 spec, 3 status",
  HorizontalPodAutoscalerSpec: "1 scaleTargetRef, 2 minReplicas?, 3 maxReplicas, 4 targetCPUUtilizationPercentage?",
  HorizontalPodAutoscalerStatus:
    "1 observedGeneration?, 2 lastScaleTime, 3 currentReplicas, 4 desiredReplicas, 5 currentCPUUtilizationPercentage?",
};

// ---- autoscaling.v2
const autoscalingV2: Messages = {
  ContainerResourceMetricSource: "1 name, 2 target, 3 container",
  ContainerResourceMetricStatus: "1 name, 2 current, 3 container",
  CrossVersionObjectReference: "1 kind, 2 name, 3 apiVersion",
  ExternalMetricSource: "1 metric, 2 target",
  ExternalMetricStatus: "1 metric, 2 current",
  HorizontalPodAutoscaler: "1 metadata, 2 spec, 3 status",
  HorizontalPodAutoscalerBehavior: "1 scaleUp, 2 scaleDown",
  HorizontalPodAutoscalerCondition: "1 type, 2 status, 3 lastTransitionTime, 4 reason, 5 message",
  HorizontalPodAutoscalerSpec: "1 scaleTargetRef, 2 minReplicas?, 3 maxReplicas, 4 metrics, 5 behavior",
  HorizontalPodAutoscalerStatus:
    "1 observedGeneration?, 2 lastScaleTime, 3 currentReplicas, 4 desiredReplicas, 5 currentMetrics, 6 conditions",
  HPAScalingPolicy: "1 type, 2 value, 3 periodSeconds",
  HPAScalingRules: "1 selectPolicy?, 2 policies, 3 stabilizationWindowSeconds?",
  MetricIdentifier: "1 name, 2 selector",
  MetricSpec: "1 type, 2 object, 3 pods, 4 resource, 5 external, 7 containerResource",
  MetricStatus: "1 type, 2 object, 3 pods, 4 resource, 5 external, 7 containerResource",
  MetricTarget: "1 type, 2 value, 3 averageValue, 4 averageUtilization?",
  MetricValueStatus: "1 value, 2 averageValue, 3 averageUtilization?",
  ObjectMetricSource: "1 describedObject, 2 target, 3 metric",
  ObjectMetricStatus: "1 metric, 2 current, 3 describedObject",
  PodsMetricSource: "1 metric, 2 target",
  PodsMetricStatus: "1 metric, 2 current",
  ResourceMetricSource: "1 name, 2 target",
  ResourceMetricStatus: "1 name, 2 current",
};

// ---- discovery.v1
const discovery: Messages = {
  Endpoint: "1 addresses, 2 conditions, 3 hostname?, 4 targetRef, 5 deprecatedTopology, 6 nodeName?, 7 zone?, 8 hints",
  EndpointConditions: "1 ready?, 2 serving?, 3 terminating?",
  EndpointHints: "1 forZones",
  EndpointPort: "1 name?, 2 protocol?, 3 port?, 4 appProtocol?",
  EndpointSlice: "1 metadata, 2 endpoints, 3 ports, 4 addressType",
  ForZone: "1 name",
};

// ---- events.v1
const events: Messages = {
  Event:
    "1 metadata, 2 eventTime, 3 series, 4 reportingController, 5 reportingInstance, 6 action, 7 reason, 8 regarding, 9 related, 10 note, 11 type, 12 deprecatedSource, 13 deprecatedFirstTimestamp, 14 deprecatedLastTimestamp, 15 deprecatedCount",
  EventSeries: "1 count, 2 lastObservedTime",
};

// ---- scheduling.v1
const scheduling: Messages = {
  PriorityClass: "1 metadata, 2 value, 3 globalDefault, 4 description, 5 preemptionPolicy?",
};

// ---- storage.v1
const storage: Messages = {
  StorageClass:
    "1 metadata, 2 provisioner, 3 parameters, 4 reclaimPolicy?, 5 mountOptions, 6 allowVolumeExpansion?, 7 volumeBindingMode?, 8 allowedTopologies",
};

const PACKAGES: Record<string, Messages> = {
  "io.k8s.apimachinery.pkg.apis.meta.v1": meta,
  "io.k8s.api.core.v1": core,
  "io.k8s.api.policy.v1": policy,
  "io.k8s.api.authentication.v1": authentication,
  "io.k8s.api.batch.v1": batch,
  "io.k8s.api.autoscaling.v1": autoscalingV1,
  "io.k8s.api.autoscaling.v2": autoscalingV2,
  "io.k8s.api.discovery.v1": discovery,
  "io.k8s.api.events.v1": events,
  "io.k8s.api.scheduling.v1": scheduling,
  "io.k8s.api.storage.v1": storage,
};

function parseMessage(pkg: string, line: string): FieldNumberTable[string] {
  const out: FieldNumberTable[string] = {};
  for (const token of line.split(",")) {
    const m = /^\s*(\d+) (\^?)([A-Za-z0-9.]+)(\??)\s*$/.exec(token);
    if (!m) throw new Error(`fields-batch-core: bad entry "${token}" in ${pkg}`);
    const [, num, caret, name, question] = m;
    const n = Number(num);
    if (caret) out[n] = { name: name.includes(".") ? name : `${pkg}.${name}`, inline: true };
    else out[n] = question ? { name, pointer: true } : { name };
  }
  return out;
}

function build(): FieldNumberTable {
  const table: FieldNumberTable = {};
  for (const [pkg, messages] of Object.entries(PACKAGES)) {
    for (const [name, line] of Object.entries(messages)) table[`${pkg}.${name}`] = parseMessage(pkg, line);
  }
  return table;
}

/** Definition name → field number → JSON field (or inline embedded type), for the kinds listed above. */
export const FIELD_NUMBERS_BATCH_CORE: Record<
  string,
  Record<number, { name: string; inline?: true; pointer?: true }>
> = build();
