/**
 * Protobuf field numbers of the Kubernetes API types this server decodes (application/vnd.kubernetes.protobuf
 * request bodies), for every message reachable from the served kinds' schemas.
 *
 * The numbers are those of the Go struct tags (`protobuf:"bytes,1,opt,name=metadata"`) as compiled into
 * kubectl v1.32 (k8s.io/api core/v1, apps/v1, coordination/v1, autoscaling/v1 and apimachinery meta/v1
 * generated.proto). Protobuf numbers are never reused, so a newer client's extra fields are simply unknown
 * numbers and get skipped.
 *
 * One line per message, keyed by the OpenAPI definition name's last segment within its package; each entry is
 * `N name` with a suffix or prefix:
 * - `N name?`  a Go pointer scalar (`*int32`, `*bool`, `*string`): sent only when set, so a zero value is
 *              meaningful and kept. Other scalars are always sent and, like encoding/json's omitempty, dropped
 *              when zero unless the schema lists them as required.
 * - `N ^Type`  an embedded Go struct, inline in JSON (Probe's ProbeHandler, Volume's VolumeSource,
 *              EphemeralContainer's EphemeralContainerCommon, the LocalObjectReference in key selectors): its
 *              fields are read from a nested message but belong to the enclosing object. `Type` is a
 *              definition name of the same package unless it contains a dot.
 *
 * Types with their own wire shape are not listed here: resource.Quantity, intstr.IntOrString, metav1.Time /
 * MicroTime, runtime.RawExtension and metav1.FieldsV1 are decoded by schema kind (see decode.ts).
 */

import { FIELD_NUMBERS_BATCH_CORE } from "./fields-batch-core";
import { FIELD_NUMBERS_RBAC_NET } from "./fields-rbac-net";

export interface FieldNumberEntry {
  /** JSON field name, or for an inline entry the definition name of the embedded type. */
  name: string;
  inline?: true;
  /** A Go pointer scalar: present only when set, zero values kept. */
  pointer?: true;
}

export type FieldNumberTable = Record<string, Record<number, FieldNumberEntry>>;

type Messages = Record<string, string>;

// ---- meta
const meta: Messages = {
  Condition: "1 type, 2 status, 3 observedGeneration, 4 lastTransitionTime, 5 reason, 6 message",
  LabelSelector: "1 matchLabels, 2 matchExpressions",
  LabelSelectorRequirement: "1 key, 2 operator, 3 values",
  ManagedFieldsEntry: "1 manager, 2 operation, 3 apiVersion, 4 time, 6 fieldsType, 7 fieldsV1, 8 subresource",
  ObjectMeta:
    "1 name, 2 generateName, 3 namespace, 4 selfLink, 5 uid, 6 resourceVersion, 7 generation, 8 creationTimestamp, 9 deletionTimestamp, 10 deletionGracePeriodSeconds?, 11 labels, 12 annotations, 13 ownerReferences, 14 finalizers, 17 managedFields",
  OwnerReference: "1 kind, 3 name, 4 uid, 5 apiVersion, 6 controller?, 7 blockOwnerDeletion?",
};

// ---- core
const core: Messages = {
  Affinity: "1 nodeAffinity, 2 podAffinity, 3 podAntiAffinity",
  AppArmorProfile: "1 type, 2 localhostProfile?",
  AttachedVolume: "1 name, 2 devicePath",
  AWSElasticBlockStoreVolumeSource: "1 volumeID, 2 fsType, 3 partition, 4 readOnly",
  AzureDiskVolumeSource: "1 diskName, 2 diskURI, 3 cachingMode?, 4 fsType?, 5 readOnly?, 6 kind?",
  AzureFileVolumeSource: "1 secretName, 2 shareName, 3 readOnly",
  Capabilities: "1 add, 2 drop",
  CephFSVolumeSource: "1 monitors, 2 path, 3 user, 4 secretFile, 5 secretRef, 6 readOnly",
  CinderVolumeSource: "1 volumeID, 2 fsType, 3 readOnly, 4 secretRef",
  ClientIPConfig: "1 timeoutSeconds?",
  ClusterTrustBundleProjection: "1 name?, 2 signerName?, 3 labelSelector, 4 path, 5 optional?",
  ConfigMap: "1 metadata, 2 data, 3 binaryData, 4 immutable?",
  ConfigMapEnvSource: "1 ^LocalObjectReference, 2 optional?",
  ConfigMapKeySelector: "1 ^LocalObjectReference, 2 key, 3 optional?",
  ConfigMapNodeConfigSource: "1 namespace, 2 name, 3 uid, 4 resourceVersion, 5 kubeletConfigKey",
  ConfigMapProjection: "1 ^LocalObjectReference, 2 items, 4 optional?",
  ConfigMapVolumeSource: "1 ^LocalObjectReference, 2 items, 3 defaultMode?, 4 optional?",
  Container:
    "1 name, 2 image, 3 command, 4 args, 5 workingDir, 6 ports, 7 env, 8 resources, 9 volumeMounts, 10 livenessProbe, 11 readinessProbe, 12 lifecycle, 13 terminationMessagePath, 14 imagePullPolicy, 15 securityContext, 16 stdin, 17 stdinOnce, 18 tty, 19 envFrom, 20 terminationMessagePolicy, 21 volumeDevices, 22 startupProbe, 23 resizePolicy, 24 restartPolicy?",
  ContainerImage: "1 names, 2 sizeBytes",
  ContainerPort: "1 name, 2 hostPort, 3 containerPort, 4 protocol, 5 hostIP",
  ContainerResizePolicy: "1 resourceName, 2 restartPolicy",
  ContainerState: "1 waiting, 2 running, 3 terminated",
  ContainerStateRunning: "1 startedAt",
  ContainerStateTerminated: "1 exitCode, 2 signal, 3 reason, 4 message, 5 startedAt, 6 finishedAt, 7 containerID",
  ContainerStateWaiting: "1 reason, 2 message",
  ContainerStatus:
    "1 name, 2 state, 3 lastState, 4 ready, 5 restartCount, 6 image, 7 imageID, 8 containerID, 9 started?, 10 allocatedResources, 11 resources, 12 volumeMounts, 13 user, 14 allocatedResourcesStatus",
  ContainerUser: "1 linux",
  CSIVolumeSource: "1 driver, 2 readOnly?, 3 fsType?, 4 volumeAttributes, 5 nodePublishSecretRef",
  DaemonEndpoint: "1 Port",
  DownwardAPIProjection: "1 items",
  DownwardAPIVolumeFile: "1 path, 2 fieldRef, 3 resourceFieldRef, 4 mode?",
  DownwardAPIVolumeSource: "1 items, 2 defaultMode?",
  EmptyDirVolumeSource: "1 medium, 2 sizeLimit",
  EndpointAddress: "1 ip, 2 targetRef, 3 hostname, 4 nodeName?",
  EndpointPort: "1 name, 2 port, 3 protocol, 4 appProtocol?",
  Endpoints: "1 metadata, 2 subsets",
  EndpointSubset: "1 addresses, 2 notReadyAddresses, 3 ports",
  EnvFromSource: "1 prefix, 2 configMapRef, 3 secretRef",
  EnvVar: "1 name, 2 value, 3 valueFrom",
  EnvVarSource: "1 fieldRef, 2 resourceFieldRef, 3 configMapKeyRef, 4 secretKeyRef",
  EphemeralContainer: "1 ^EphemeralContainerCommon, 2 targetContainerName",
  EphemeralContainerCommon:
    "1 name, 2 image, 3 command, 4 args, 5 workingDir, 6 ports, 7 env, 8 resources, 9 volumeMounts, 10 livenessProbe, 11 readinessProbe, 12 lifecycle, 13 terminationMessagePath, 14 imagePullPolicy, 15 securityContext, 16 stdin, 17 stdinOnce, 18 tty, 19 envFrom, 20 terminationMessagePolicy, 21 volumeDevices, 22 startupProbe, 23 resizePolicy, 24 restartPolicy?",
  EphemeralVolumeSource: "1 volumeClaimTemplate",
  Event:
    "1 metadata, 2 involvedObject, 3 reason, 4 message, 5 source, 6 firstTimestamp, 7 lastTimestamp, 8 count, 9 type, 10 eventTime, 11 series, 12 action, 13 related, 14 reportingComponent, 15 reportingInstance",
  EventSeries: "1 count, 2 lastObservedTime",
  EventSource: "1 component, 2 host",
  ExecAction: "1 command",
  FCVolumeSource: "1 targetWWNs, 2 lun?, 3 fsType, 4 readOnly, 5 wwids",
  FlexVolumeSource: "1 driver, 2 fsType, 3 secretRef, 4 readOnly, 5 options",
  FlockerVolumeSource: "1 datasetName, 2 datasetUUID",
  GCEPersistentDiskVolumeSource: "1 pdName, 2 fsType, 3 partition, 4 readOnly",
  GitRepoVolumeSource: "1 repository, 2 revision, 3 directory",
  GlusterfsVolumeSource: "1 endpoints, 2 path, 3 readOnly",
  GRPCAction: "1 port, 2 service?",
  HostAlias: "1 ip, 2 hostnames",
  HostIP: "1 ip",
  HostPathVolumeSource: "1 path, 2 type?",
  HTTPGetAction: "1 path, 2 port, 3 host, 4 scheme, 5 httpHeaders",
  HTTPHeader: "1 name, 2 value",
  ImageVolumeSource: "1 reference, 2 pullPolicy",
  ISCSIVolumeSource:
    "1 targetPortal, 2 iqn, 3 lun, 4 iscsiInterface, 5 fsType, 6 readOnly, 7 portals, 8 chapAuthDiscovery, 10 secretRef, 11 chapAuthSession, 12 initiatorName?",
  KeyToPath: "1 key, 2 path, 3 mode?",
  Lifecycle: "1 postStart, 2 preStop",
  LifecycleHandler: "1 exec, 2 httpGet, 3 tcpSocket, 4 sleep",
  LinuxContainerUser: "1 uid, 2 gid, 3 supplementalGroups",
  LoadBalancerIngress: "1 ip, 2 hostname, 3 ipMode?, 4 ports",
  LoadBalancerStatus: "1 ingress",
  LocalObjectReference: "1 name",
  ModifyVolumeStatus: "1 targetVolumeAttributesClassName, 2 status",
  Namespace: "1 metadata, 2 spec, 3 status",
  NamespaceCondition: "1 type, 2 status, 4 lastTransitionTime, 5 reason, 6 message",
  NamespaceSpec: "1 finalizers",
  NamespaceStatus: "1 phase, 2 conditions",
  NFSVolumeSource: "1 server, 2 path, 3 readOnly",
  Node: "1 metadata, 2 spec, 3 status",
  NodeAddress: "1 type, 2 address",
  NodeAffinity: "1 requiredDuringSchedulingIgnoredDuringExecution, 2 preferredDuringSchedulingIgnoredDuringExecution",
  NodeCondition: "1 type, 2 status, 3 lastHeartbeatTime, 4 lastTransitionTime, 5 reason, 6 message",
  NodeConfigSource: "2 configMap",
  NodeConfigStatus: "1 assigned, 2 active, 3 lastKnownGood, 4 error",
  NodeDaemonEndpoints: "1 kubeletEndpoint",
  NodeFeatures: "1 supplementalGroupsPolicy?",
  NodeRuntimeHandler: "1 name, 2 features",
  NodeRuntimeHandlerFeatures: "1 recursiveReadOnlyMounts?, 2 userNamespaces?",
  NodeSelector: "1 nodeSelectorTerms",
  NodeSelectorRequirement: "1 key, 2 operator, 3 values",
  NodeSelectorTerm: "1 matchExpressions, 2 matchFields",
  NodeSpec: "1 podCIDR, 2 externalID, 3 providerID, 4 unschedulable, 5 taints, 6 configSource, 7 podCIDRs",
  NodeStatus:
    "1 capacity, 2 allocatable, 3 phase, 4 conditions, 5 addresses, 6 daemonEndpoints, 7 nodeInfo, 8 images, 9 volumesInUse, 10 volumesAttached, 11 config, 12 runtimeHandlers, 13 features",
  NodeSystemInfo:
    "1 machineID, 2 systemUUID, 3 bootID, 4 kernelVersion, 5 osImage, 6 containerRuntimeVersion, 7 kubeletVersion, 8 kubeProxyVersion, 9 operatingSystem, 10 architecture",
  ObjectFieldSelector: "1 apiVersion, 2 fieldPath",
  ObjectReference: "1 kind, 2 namespace, 3 name, 4 uid, 5 apiVersion, 6 resourceVersion, 7 fieldPath",
  PersistentVolumeClaim: "1 metadata, 2 spec, 3 status",
  PersistentVolumeClaimCondition: "1 type, 2 status, 3 lastProbeTime, 4 lastTransitionTime, 5 reason, 6 message",
  PersistentVolumeClaimSpec:
    "1 accessModes, 2 resources, 3 volumeName, 4 selector, 5 storageClassName?, 6 volumeMode?, 7 dataSource, 8 dataSourceRef, 9 volumeAttributesClassName?",
  PersistentVolumeClaimStatus:
    "1 phase, 2 accessModes, 3 capacity, 4 conditions, 5 allocatedResources, 7 allocatedResourceStatuses, 8 currentVolumeAttributesClassName?, 9 modifyVolumeStatus",
  PersistentVolumeClaimTemplate: "1 metadata, 2 spec",
  PersistentVolumeClaimVolumeSource: "1 claimName, 2 readOnly",
  PhotonPersistentDiskVolumeSource: "1 pdID, 2 fsType",
  Pod: "1 metadata, 2 spec, 3 status",
  PodAffinity: "1 requiredDuringSchedulingIgnoredDuringExecution, 2 preferredDuringSchedulingIgnoredDuringExecution",
  PodAffinityTerm:
    "1 labelSelector, 2 namespaces, 3 topologyKey, 4 namespaceSelector, 5 matchLabelKeys, 6 mismatchLabelKeys",
  PodAntiAffinity:
    "1 requiredDuringSchedulingIgnoredDuringExecution, 2 preferredDuringSchedulingIgnoredDuringExecution",
  PodCondition: "1 type, 2 status, 3 lastProbeTime, 4 lastTransitionTime, 5 reason, 6 message",
  PodDNSConfig: "1 nameservers, 2 searches, 3 options",
  PodDNSConfigOption: "1 name, 2 value?",
  PodIP: "1 ip",
  PodOS: "1 name",
  PodReadinessGate: "1 conditionType",
  PodResourceClaim: "1 name, 3 resourceClaimName?, 4 resourceClaimTemplateName?",
  PodResourceClaimStatus: "1 name, 2 resourceClaimName?",
  PodSchedulingGate: "1 name",
  PodSecurityContext:
    "1 seLinuxOptions, 2 runAsUser?, 3 runAsNonRoot?, 4 supplementalGroups, 5 fsGroup?, 6 runAsGroup?, 7 sysctls, 8 windowsOptions, 9 fsGroupChangePolicy?, 10 seccompProfile, 11 appArmorProfile, 12 supplementalGroupsPolicy?, 13 seLinuxChangePolicy?",
  PodSpec:
    "1 volumes, 2 containers, 3 restartPolicy, 4 terminationGracePeriodSeconds?, 5 activeDeadlineSeconds?, 6 dnsPolicy, 7 nodeSelector, 8 serviceAccountName, 9 serviceAccount, 10 nodeName, 11 hostNetwork, 12 hostPID, 13 hostIPC, 14 securityContext, 15 imagePullSecrets, 16 hostname, 17 subdomain, 18 affinity, 19 schedulerName, 20 initContainers, 21 automountServiceAccountToken?, 22 tolerations, 23 hostAliases, 24 priorityClassName, 25 priority?, 26 dnsConfig, 27 shareProcessNamespace?, 28 readinessGates, 29 runtimeClassName?, 30 enableServiceLinks?, 31 preemptionPolicy?, 32 overhead, 33 topologySpreadConstraints, 34 ephemeralContainers, 35 setHostnameAsFQDN?, 36 os, 37 hostUsers?, 38 schedulingGates, 39 resourceClaims, 40 resources",
  PodStatus:
    "1 phase, 2 conditions, 3 message, 4 reason, 5 hostIP, 6 podIP, 7 startTime, 8 containerStatuses, 9 qosClass, 10 initContainerStatuses, 11 nominatedNodeName, 12 podIPs, 13 ephemeralContainerStatuses, 14 resize, 15 resourceClaimStatuses, 16 hostIPs",
  PodTemplate: "1 metadata, 2 template",
  PodTemplateSpec: "1 metadata, 2 spec",
  PortStatus: "1 port, 2 protocol, 3 error?",
  PortworxVolumeSource: "1 volumeID, 2 fsType, 3 readOnly",
  PreferredSchedulingTerm: "1 weight, 2 preference",
  Probe:
    "1 ^ProbeHandler, 2 initialDelaySeconds, 3 timeoutSeconds, 4 periodSeconds, 5 successThreshold, 6 failureThreshold, 7 terminationGracePeriodSeconds?",
  ProbeHandler: "1 exec, 2 httpGet, 3 tcpSocket, 4 grpc",
  ProjectedVolumeSource: "1 sources, 2 defaultMode?",
  QuobyteVolumeSource: "1 registry, 2 volume, 3 readOnly, 4 user, 5 group, 6 tenant",
  RBDVolumeSource: "1 monitors, 2 image, 3 fsType, 4 pool, 5 user, 6 keyring, 7 secretRef, 8 readOnly",
  ResourceClaim: "1 name, 2 request",
  ResourceFieldSelector: "1 containerName, 2 resource, 3 divisor",
  ResourceHealth: "1 resourceID, 2 health",
  ResourceRequirements: "1 limits, 2 requests, 3 claims",
  ResourceStatus: "1 name, 2 resources",
  ScaleIOVolumeSource:
    "1 gateway, 2 system, 3 secretRef, 4 sslEnabled, 5 protectionDomain, 6 storagePool, 7 storageMode, 8 volumeName, 9 fsType, 10 readOnly",
  SeccompProfile: "1 type, 2 localhostProfile?",
  Secret: "1 metadata, 2 data, 3 type, 4 stringData, 5 immutable?",
  SecretEnvSource: "1 ^LocalObjectReference, 2 optional?",
  SecretKeySelector: "1 ^LocalObjectReference, 2 key, 3 optional?",
  SecretProjection: "1 ^LocalObjectReference, 2 items, 4 optional?",
  SecretVolumeSource: "1 secretName, 2 items, 3 defaultMode?, 4 optional?",
  SecurityContext:
    "1 capabilities, 2 privileged?, 3 seLinuxOptions, 4 runAsUser?, 5 runAsNonRoot?, 6 readOnlyRootFilesystem?, 7 allowPrivilegeEscalation?, 8 runAsGroup?, 9 procMount?, 10 windowsOptions, 11 seccompProfile, 12 appArmorProfile",
  SELinuxOptions: "1 user, 2 role, 3 type, 4 level",
  Service: "1 metadata, 2 spec, 3 status",
  ServiceAccount: "1 metadata, 2 secrets, 3 imagePullSecrets, 4 automountServiceAccountToken?",
  ServiceAccountTokenProjection: "1 audience, 2 expirationSeconds?, 3 path",
  ServicePort: "1 name, 2 protocol, 3 port, 4 targetPort, 5 nodePort, 6 appProtocol?",
  ServiceSpec:
    "1 ports, 2 selector, 3 clusterIP, 4 type, 5 externalIPs, 7 sessionAffinity, 8 loadBalancerIP, 9 loadBalancerSourceRanges, 10 externalName, 11 externalTrafficPolicy, 12 healthCheckNodePort, 13 publishNotReadyAddresses, 14 sessionAffinityConfig, 17 ipFamilyPolicy?, 18 clusterIPs, 19 ipFamilies, 20 allocateLoadBalancerNodePorts?, 21 loadBalancerClass?, 22 internalTrafficPolicy?, 23 trafficDistribution?",
  ServiceStatus: "1 loadBalancer, 2 conditions",
  SessionAffinityConfig: "1 clientIP",
  SleepAction: "1 seconds",
  StorageOSVolumeSource: "1 volumeName, 2 volumeNamespace, 3 fsType, 4 readOnly, 5 secretRef",
  Sysctl: "1 name, 2 value",
  Taint: "1 key, 2 value, 3 effect, 4 timeAdded",
  TCPSocketAction: "1 port, 2 host",
  Toleration: "1 key, 2 operator, 3 value, 4 effect, 5 tolerationSeconds?",
  TopologySpreadConstraint:
    "1 maxSkew, 2 topologyKey, 3 whenUnsatisfiable, 4 labelSelector, 5 minDomains?, 6 nodeAffinityPolicy?, 7 nodeTaintsPolicy?, 8 matchLabelKeys",
  TypedLocalObjectReference: "1 apiGroup?, 2 kind, 3 name",
  TypedObjectReference: "1 apiGroup?, 2 kind, 3 name, 4 namespace?",
  Volume: "1 name, 2 ^VolumeSource",
  VolumeDevice: "1 name, 2 devicePath",
  VolumeMount: "1 name, 2 readOnly, 3 mountPath, 4 subPath, 5 mountPropagation?, 6 subPathExpr, 7 recursiveReadOnly?",
  VolumeMountStatus: "1 name, 2 mountPath, 3 readOnly, 4 recursiveReadOnly?",
  VolumeProjection: "1 secret, 2 downwardAPI, 3 configMap, 4 serviceAccountToken, 5 clusterTrustBundle",
  VolumeResourceRequirements: "1 limits, 2 requests",
  VolumeSource:
    "1 hostPath, 2 emptyDir, 3 gcePersistentDisk, 4 awsElasticBlockStore, 5 gitRepo, 6 secret, 7 nfs, 8 iscsi, 9 glusterfs, 10 persistentVolumeClaim, 11 rbd, 12 flexVolume, 13 cinder, 14 cephfs, 15 flocker, 16 downwardAPI, 17 fc, 18 azureFile, 19 configMap, 20 vsphereVolume, 21 quobyte, 22 azureDisk, 23 photonPersistentDisk, 24 portworxVolume, 25 scaleIO, 26 projected, 27 storageos, 28 csi, 29 ephemeral, 30 image",
  VsphereVirtualDiskVolumeSource: "1 volumePath, 2 fsType, 3 storagePolicyName, 4 storagePolicyID",
  WeightedPodAffinityTerm: "1 weight, 2 podAffinityTerm",
  WindowsSecurityContextOptions: "1 gmsaCredentialSpecName?, 2 gmsaCredentialSpec?, 3 runAsUserName?, 4 hostProcess?",
};

// ---- apps
const apps: Messages = {
  ControllerRevision: "1 metadata, 2 data, 3 revision",
  DaemonSet: "1 metadata, 2 spec, 3 status",
  DaemonSetCondition: "1 type, 2 status, 3 lastTransitionTime, 4 reason, 5 message",
  DaemonSetSpec: "1 selector, 2 template, 3 updateStrategy, 4 minReadySeconds, 6 revisionHistoryLimit?",
  DaemonSetStatus:
    "1 currentNumberScheduled, 2 numberMisscheduled, 3 desiredNumberScheduled, 4 numberReady, 5 observedGeneration, 6 updatedNumberScheduled, 7 numberAvailable, 8 numberUnavailable, 9 collisionCount?, 10 conditions",
  DaemonSetUpdateStrategy: "1 type, 2 rollingUpdate",
  Deployment: "1 metadata, 2 spec, 3 status",
  DeploymentCondition: "1 type, 2 status, 4 reason, 5 message, 6 lastUpdateTime, 7 lastTransitionTime",
  DeploymentSpec:
    "1 replicas?, 2 selector, 3 template, 4 strategy, 5 minReadySeconds, 6 revisionHistoryLimit?, 7 paused, 9 progressDeadlineSeconds?",
  DeploymentStatus:
    "1 observedGeneration, 2 replicas, 3 updatedReplicas, 4 availableReplicas, 5 unavailableReplicas, 6 conditions, 7 readyReplicas, 8 collisionCount?",
  DeploymentStrategy: "1 type, 2 rollingUpdate",
  ReplicaSet: "1 metadata, 2 spec, 3 status",
  ReplicaSetCondition: "1 type, 2 status, 3 lastTransitionTime, 4 reason, 5 message",
  ReplicaSetSpec: "1 replicas?, 2 selector, 3 template, 4 minReadySeconds",
  ReplicaSetStatus:
    "1 replicas, 2 fullyLabeledReplicas, 3 observedGeneration, 4 readyReplicas, 5 availableReplicas, 6 conditions",
  RollingUpdateDaemonSet: "1 maxUnavailable, 2 maxSurge",
  RollingUpdateDeployment: "1 maxUnavailable, 2 maxSurge",
  RollingUpdateStatefulSetStrategy: "1 partition?, 2 maxUnavailable",
  StatefulSet: "1 metadata, 2 spec, 3 status",
  StatefulSetCondition: "1 type, 2 status, 3 lastTransitionTime, 4 reason, 5 message",
  StatefulSetOrdinals: "1 start",
  StatefulSetPersistentVolumeClaimRetentionPolicy: "1 whenDeleted, 2 whenScaled",
  StatefulSetSpec:
    "1 replicas?, 2 selector, 3 template, 4 volumeClaimTemplates, 5 serviceName, 6 podManagementPolicy, 7 updateStrategy, 8 revisionHistoryLimit?, 9 minReadySeconds, 10 persistentVolumeClaimRetentionPolicy, 11 ordinals",
  StatefulSetStatus:
    "1 observedGeneration, 2 replicas, 3 readyReplicas, 4 currentReplicas, 5 updatedReplicas, 6 currentRevision, 7 updateRevision, 9 collisionCount?, 10 conditions, 11 availableReplicas",
  StatefulSetUpdateStrategy: "1 type, 2 rollingUpdate",
};

// ---- coordination
const coordination: Messages = {
  Lease: "1 metadata, 2 spec",
  LeaseSpec:
    "1 holderIdentity?, 2 leaseDurationSeconds?, 3 acquireTime, 4 renewTime, 5 leaseTransitions?, 6 strategy?, 7 preferredHolder?",
};

// ---- autoscaling
const autoscaling: Messages = {
  Scale: "1 metadata, 2 spec, 3 status",
  ScaleSpec: "1 replicas",
  ScaleStatus: "1 replicas, 2 selector",
};

const PACKAGES: Record<string, Messages> = {
  "io.k8s.apimachinery.pkg.apis.meta.v1": meta,
  "io.k8s.api.core.v1": core,
  "io.k8s.api.apps.v1": apps,
  "io.k8s.api.coordination.v1": coordination,
  "io.k8s.api.autoscaling.v1": autoscaling,
};

function parseMessage(pkg: string, line: string): Record<number, FieldNumberEntry> {
  const out: Record<number, FieldNumberEntry> = {};
  for (const token of line.split(",")) {
    const m = /^\s*(\d+) (\^?)([A-Za-z0-9.]+)(\??)\s*$/.exec(token);
    if (!m) throw new Error(`field-numbers: bad entry "${token}" in ${pkg}`);
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

/**
 * Definition name (io.k8s.api.core.v1.Container) → field number → JSON field or inline embedded type: the
 * core/apps/meta table here plus the tables of the other API groups, kept in their own files.
 */
export const FIELD_NUMBERS: FieldNumberTable = { ...build(), ...FIELD_NUMBERS_BATCH_CORE, ...FIELD_NUMBERS_RBAC_NET };
