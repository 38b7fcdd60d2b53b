/**
 * Schemas of the core/v1 Pod-related types, mirroring k8s.io/api/core/v1 as of Kubernetes v1.32: field names,
 * Go types, required fields, enums (where Go declares +enum) and patch metadata (patchStrategy, patchMergeKey,
 * +listType, +listMapKey, +mapType / +structType). Fields added after v1.32 (e.g. Lifecycle.stopSignal,
 * PodStatus.observedGeneration, Container.restartPolicyRules, PodSpec.hostnameOverride) are deliberately absent.
 *
 * Enums are for the OpenAPI documents only: the API server does not reject unknown enum values while decoding.
 */
import {
  type ArraySchema,
  bool,
  enumOf,
  int32,
  int64,
  intOrString,
  list,
  listMap,
  map,
  type ObjectSchema,
  obj,
  quantity,
  str,
  time,
} from "../schema/dsl";
import { labelSelector, objectMeta, typeMeta } from "./meta";

const core = (goType: string) => `io.k8s.api.core.v1.${goType}`;

// ---- references and selectors ---------------------------------------------------------------------------

export const localObjectReference = obj(core("LocalObjectReference"), { name: str() }, { mapType: "atomic" });

export const typedLocalObjectReference = obj(
  core("TypedLocalObjectReference"),
  { apiGroup: str(), kind: str(), name: str() },
  { required: ["kind", "name"], mapType: "atomic" },
);

export const typedObjectReference = obj(
  core("TypedObjectReference"),
  { apiGroup: str(), kind: str(), name: str(), namespace: str() },
  { required: ["kind", "name"] },
);

export const objectFieldSelector = obj(
  core("ObjectFieldSelector"),
  { apiVersion: str(), fieldPath: str() },
  { required: ["fieldPath"], mapType: "atomic" },
);

export const resourceFieldSelector = obj(
  core("ResourceFieldSelector"),
  { containerName: str(), divisor: quantity(), resource: str() },
  { required: ["resource"], mapType: "atomic" },
);

export const configMapKeySelector = obj(
  core("ConfigMapKeySelector"),
  { key: str(), name: str(), optional: bool() },
  { required: ["key"], mapType: "atomic" },
);

export const secretKeySelector = obj(
  core("SecretKeySelector"),
  { key: str(), name: str(), optional: bool() },
  { required: ["key"], mapType: "atomic" },
);

export const keyToPath = obj(
  core("KeyToPath"),
  { key: str(), mode: int32(), path: str() },
  { required: ["key", "path"] },
);

// ---- resources ------------------------------------------------------------------------------------------

export const resourceClaim = obj(core("ResourceClaim"), { name: str(), request: str() }, { required: ["name"] });

export const resourceRequirements = obj(core("ResourceRequirements"), {
  claims: listMap(resourceClaim, ["name"]),
  limits: map(quantity()),
  requests: map(quantity()),
});

export const volumeResourceRequirements = obj(core("VolumeResourceRequirements"), {
  limits: map(quantity()),
  requests: map(quantity()),
});

// ---- environment ----------------------------------------------------------------------------------------

export const envVarSource = obj(core("EnvVarSource"), {
  configMapKeyRef: configMapKeySelector,
  fieldRef: objectFieldSelector,
  resourceFieldRef: resourceFieldSelector,
  secretKeyRef: secretKeySelector,
});

export const envVar = obj(
  core("EnvVar"),
  { name: str(), value: str(), valueFrom: envVarSource },
  { required: ["name"] },
);

export const configMapEnvSource = obj(core("ConfigMapEnvSource"), { name: str(), optional: bool() });

export const secretEnvSource = obj(core("SecretEnvSource"), { name: str(), optional: bool() });

export const envFromSource = obj(core("EnvFromSource"), {
  configMapRef: configMapEnvSource,
  prefix: str(),
  secretRef: secretEnvSource,
});

// ---- ports, mounts, devices -----------------------------------------------------------------------------

const protocol = () => enumOf(["SCTP", "TCP", "UDP"]);
const pullPolicy = () => enumOf(["Always", "IfNotPresent", "Never"]);

export const containerPort = obj(
  core("ContainerPort"),
  { containerPort: int32(), hostIP: str(), hostPort: int32(), name: str(), protocol: protocol() },
  { required: ["containerPort"] },
);

export const volumeMount = obj(
  core("VolumeMount"),
  {
    mountPath: str(),
    mountPropagation: enumOf(["Bidirectional", "HostToContainer", "None"]),
    name: str(),
    readOnly: bool(),
    recursiveReadOnly: str(),
    subPath: str(),
    subPathExpr: str(),
  },
  { required: ["mountPath", "name"] },
);

export const volumeDevice = obj(
  core("VolumeDevice"),
  { devicePath: str(), name: str() },
  { required: ["devicePath", "name"] },
);

// ---- probes and lifecycle -------------------------------------------------------------------------------

export const execAction = obj(core("ExecAction"), { command: list(str()) });

export const httpHeader = obj(core("HTTPHeader"), { name: str(), value: str() }, { required: ["name", "value"] });

export const httpGetAction = obj(
  core("HTTPGetAction"),
  {
    host: str(),
    httpHeaders: list(httpHeader),
    path: str(),
    port: intOrString(),
    scheme: enumOf(["HTTP", "HTTPS"]),
  },
  { required: ["port"] },
);

export const tcpSocketAction = obj(
  core("TCPSocketAction"),
  { host: str(), port: intOrString() },
  { required: ["port"] },
);

export const grpcAction = obj(core("GRPCAction"), { port: int32(), service: str() }, { required: ["port"] });

export const sleepAction = obj(core("SleepAction"), { seconds: int64() }, { required: ["seconds"] });

/** Probe inlines ProbeHandler (exec, httpGet, tcpSocket, grpc). */
export const probe = obj(core("Probe"), {
  exec: execAction,
  failureThreshold: int32(),
  grpc: grpcAction,
  httpGet: httpGetAction,
  initialDelaySeconds: int32(),
  periodSeconds: int32(),
  successThreshold: int32(),
  tcpSocket: tcpSocketAction,
  terminationGracePeriodSeconds: int64(),
  timeoutSeconds: int32(),
});

export const lifecycleHandler = obj(core("LifecycleHandler"), {
  exec: execAction,
  httpGet: httpGetAction,
  sleep: sleepAction,
  tcpSocket: tcpSocketAction,
});

export const lifecycle = obj(core("Lifecycle"), { postStart: lifecycleHandler, preStop: lifecycleHandler });

// ---- security -------------------------------------------------------------------------------------------

export const capabilities = obj(core("Capabilities"), { add: list(str()), drop: list(str()) });

export const seLinuxOptions = obj(core("SELinuxOptions"), { level: str(), role: str(), type: str(), user: str() });

export const seccompProfile = obj(
  core("SeccompProfile"),
  { localhostProfile: str(), type: enumOf(["Localhost", "RuntimeDefault", "Unconfined"]) },
  { required: ["type"] },
);

export const appArmorProfile = obj(
  core("AppArmorProfile"),
  { localhostProfile: str(), type: enumOf(["Localhost", "RuntimeDefault", "Unconfined"]) },
  { required: ["type"] },
);

export const windowsSecurityContextOptions = obj(core("WindowsSecurityContextOptions"), {
  gmsaCredentialSpec: str(),
  gmsaCredentialSpecName: str(),
  hostProcess: bool(),
  runAsUserName: str(),
});

export const sysctl = obj(core("Sysctl"), { name: str(), value: str() }, { required: ["name", "value"] });

export const securityContext = obj(core("SecurityContext"), {
  allowPrivilegeEscalation: bool(),
  appArmorProfile,
  capabilities,
  privileged: bool(),
  procMount: enumOf(["Default", "Unmasked"]),
  readOnlyRootFilesystem: bool(),
  runAsGroup: int64(),
  runAsNonRoot: bool(),
  runAsUser: int64(),
  seLinuxOptions,
  seccompProfile,
  windowsOptions: windowsSecurityContextOptions,
});

export const podSecurityContext = obj(core("PodSecurityContext"), {
  appArmorProfile,
  fsGroup: int64(),
  fsGroupChangePolicy: enumOf(["Always", "OnRootMismatch"]),
  runAsGroup: int64(),
  runAsNonRoot: bool(),
  runAsUser: int64(),
  seLinuxChangePolicy: str(),
  seLinuxOptions,
  seccompProfile,
  supplementalGroups: list(int64()),
  supplementalGroupsPolicy: enumOf(["Merge", "Strict"]),
  sysctls: list(sysctl),
  windowsOptions: windowsSecurityContextOptions,
});

// ---- containers -----------------------------------------------------------------------------------------

export const containerResizePolicy = obj(
  core("ContainerResizePolicy"),
  { resourceName: str(), restartPolicy: str() },
  { required: ["resourceName", "restartPolicy"] },
);

/** Fields shared by Container and EphemeralContainer (EphemeralContainerCommon in Go). */
function containerProperties() {
  return {
    args: list(str()),
    command: list(str()),
    env: listMap(envVar, ["name"], { patchKey: "name" }),
    envFrom: list(envFromSource),
    image: str(),
    imagePullPolicy: pullPolicy(),
    lifecycle,
    livenessProbe: probe,
    name: str(),
    ports: listMap(containerPort, ["containerPort", "protocol"], { patchKey: "containerPort" }),
    readinessProbe: probe,
    resizePolicy: list(containerResizePolicy),
    resources: resourceRequirements,
    restartPolicy: str(),
    securityContext,
    startupProbe: probe,
    stdin: bool(),
    stdinOnce: bool(),
    terminationMessagePath: str(),
    terminationMessagePolicy: enumOf(["FallbackToLogsOnError", "File"]),
    tty: bool(),
    volumeDevices: listMap(volumeDevice, ["devicePath"], { patchKey: "devicePath" }),
    volumeMounts: listMap(volumeMount, ["mountPath"], { patchKey: "mountPath" }),
    workingDir: str(),
  };
}

export const container = obj(core("Container"), containerProperties(), { required: ["name"] });

export const ephemeralContainer = obj(
  core("EphemeralContainer"),
  { ...containerProperties(), targetContainerName: str() },
  { required: ["name"] },
);

// ---- scheduling -----------------------------------------------------------------------------------------

export const nodeSelectorRequirement = obj(
  core("NodeSelectorRequirement"),
  {
    key: str(),
    operator: enumOf(["DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"]),
    values: list(str()),
  },
  { required: ["key", "operator"] },
);

export const nodeSelectorTerm = obj(
  core("NodeSelectorTerm"),
  { matchExpressions: list(nodeSelectorRequirement), matchFields: list(nodeSelectorRequirement) },
  { mapType: "atomic" },
);

export const nodeSelector = obj(
  core("NodeSelector"),
  { nodeSelectorTerms: list(nodeSelectorTerm) },
  { required: ["nodeSelectorTerms"], mapType: "atomic" },
);

export const preferredSchedulingTerm = obj(
  core("PreferredSchedulingTerm"),
  { preference: nodeSelectorTerm, weight: int32() },
  { required: ["preference", "weight"] },
);

export const nodeAffinity = obj(core("NodeAffinity"), {
  preferredDuringSchedulingIgnoredDuringExecution: list(preferredSchedulingTerm),
  requiredDuringSchedulingIgnoredDuringExecution: nodeSelector,
});

export const podAffinityTerm = obj(
  core("PodAffinityTerm"),
  {
    labelSelector,
    matchLabelKeys: list(str()),
    mismatchLabelKeys: list(str()),
    namespaceSelector: labelSelector,
    namespaces: list(str()),
    topologyKey: str(),
  },
  { required: ["topologyKey"] },
);

export const weightedPodAffinityTerm = obj(
  core("WeightedPodAffinityTerm"),
  { podAffinityTerm, weight: int32() },
  { required: ["podAffinityTerm", "weight"] },
);

export const podAffinity = obj(core("PodAffinity"), {
  preferredDuringSchedulingIgnoredDuringExecution: list(weightedPodAffinityTerm),
  requiredDuringSchedulingIgnoredDuringExecution: list(podAffinityTerm),
});

export const podAntiAffinity = obj(core("PodAntiAffinity"), {
  preferredDuringSchedulingIgnoredDuringExecution: list(weightedPodAffinityTerm),
  requiredDuringSchedulingIgnoredDuringExecution: list(podAffinityTerm),
});

export const affinity = obj(core("Affinity"), { nodeAffinity, podAffinity, podAntiAffinity });

export const toleration = obj(core("Toleration"), {
  effect: enumOf(["NoExecute", "NoSchedule", "PreferNoSchedule"]),
  key: str(),
  operator: enumOf(["Equal", "Exists"]),
  tolerationSeconds: int64(),
  value: str(),
});

export const topologySpreadConstraint = obj(
  core("TopologySpreadConstraint"),
  {
    labelSelector,
    matchLabelKeys: list(str()),
    maxSkew: int32(),
    minDomains: int32(),
    nodeAffinityPolicy: enumOf(["Honor", "Ignore"]),
    nodeTaintsPolicy: enumOf(["Honor", "Ignore"]),
    topologyKey: str(),
    whenUnsatisfiable: enumOf(["DoNotSchedule", "ScheduleAnyway"]),
  },
  { required: ["maxSkew", "topologyKey", "whenUnsatisfiable"] },
);

// ---- small PodSpec members ------------------------------------------------------------------------------

export const hostAlias = obj(core("HostAlias"), { hostnames: list(str()), ip: str() }, { required: ["ip"] });

export const podDNSConfigOption = obj(core("PodDNSConfigOption"), { name: str(), value: str() });

export const podDNSConfig = obj(core("PodDNSConfig"), {
  nameservers: list(str()),
  options: list(podDNSConfigOption),
  searches: list(str()),
});

export const podReadinessGate = obj(
  core("PodReadinessGate"),
  { conditionType: str() },
  { required: ["conditionType"] },
);

export const podOS = obj(core("PodOS"), { name: str() }, { required: ["name"] });

export const podSchedulingGate = obj(core("PodSchedulingGate"), { name: str() }, { required: ["name"] });

export const podResourceClaim = obj(
  core("PodResourceClaim"),
  { name: str(), resourceClaimName: str(), resourceClaimTemplateName: str() },
  { required: ["name"] },
);

// ---- volume sources -------------------------------------------------------------------------------------

export const hostPathVolumeSource = obj(
  core("HostPathVolumeSource"),
  {
    path: str(),
    type: enumOf(["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"]),
  },
  { required: ["path"] },
);

export const emptyDirVolumeSource = obj(core("EmptyDirVolumeSource"), { medium: str(), sizeLimit: quantity() });

export const configMapVolumeSource = obj(core("ConfigMapVolumeSource"), {
  defaultMode: int32(),
  items: list(keyToPath),
  name: str(),
  optional: bool(),
});

export const secretVolumeSource = obj(core("SecretVolumeSource"), {
  defaultMode: int32(),
  items: list(keyToPath),
  optional: bool(),
  secretName: str(),
});

export const persistentVolumeClaimVolumeSource = obj(
  core("PersistentVolumeClaimVolumeSource"),
  { claimName: str(), readOnly: bool() },
  { required: ["claimName"] },
);

export const downwardAPIVolumeFile = obj(
  core("DownwardAPIVolumeFile"),
  { fieldRef: objectFieldSelector, mode: int32(), path: str(), resourceFieldRef: resourceFieldSelector },
  { required: ["path"] },
);

export const downwardAPIVolumeSource = obj(core("DownwardAPIVolumeSource"), {
  defaultMode: int32(),
  items: list(downwardAPIVolumeFile),
});

export const downwardAPIProjection = obj(core("DownwardAPIProjection"), { items: list(downwardAPIVolumeFile) });

export const configMapProjection = obj(core("ConfigMapProjection"), {
  items: list(keyToPath),
  name: str(),
  optional: bool(),
});

export const secretProjection = obj(core("SecretProjection"), {
  items: list(keyToPath),
  name: str(),
  optional: bool(),
});

export const serviceAccountTokenProjection = obj(
  core("ServiceAccountTokenProjection"),
  { audience: str(), expirationSeconds: int64(), path: str() },
  { required: ["path"] },
);

export const clusterTrustBundleProjection = obj(
  core("ClusterTrustBundleProjection"),
  { labelSelector, name: str(), optional: bool(), path: str(), signerName: str() },
  { required: ["path"] },
);

export const volumeProjection = obj(core("VolumeProjection"), {
  clusterTrustBundle: clusterTrustBundleProjection,
  configMap: configMapProjection,
  downwardAPI: downwardAPIProjection,
  secret: secretProjection,
  serviceAccountToken: serviceAccountTokenProjection,
});

export const projectedVolumeSource = obj(core("ProjectedVolumeSource"), {
  defaultMode: int32(),
  sources: list(volumeProjection),
});

export const nfsVolumeSource = obj(
  core("NFSVolumeSource"),
  { path: str(), readOnly: bool(), server: str() },
  { required: ["path", "server"] },
);

export const csiVolumeSource = obj(
  core("CSIVolumeSource"),
  {
    driver: str(),
    fsType: str(),
    nodePublishSecretRef: localObjectReference,
    readOnly: bool(),
    volumeAttributes: map(str()),
  },
  { required: ["driver"] },
);

export const persistentVolumeClaimSpec = obj(core("PersistentVolumeClaimSpec"), {
  accessModes: list(enumOf(["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"])),
  dataSource: typedLocalObjectReference,
  dataSourceRef: typedObjectReference,
  resources: volumeResourceRequirements,
  selector: labelSelector,
  storageClassName: str(),
  volumeAttributesClassName: str(),
  volumeMode: enumOf(["Block", "Filesystem"]),
  volumeName: str(),
});

export const persistentVolumeClaimTemplate = obj(
  core("PersistentVolumeClaimTemplate"),
  { metadata: objectMeta, spec: persistentVolumeClaimSpec },
  { required: ["spec"] },
);

export const ephemeralVolumeSource = obj(core("EphemeralVolumeSource"), {
  volumeClaimTemplate: persistentVolumeClaimTemplate,
});

export const iscsiVolumeSource = obj(
  core("ISCSIVolumeSource"),
  {
    chapAuthDiscovery: bool(),
    chapAuthSession: bool(),
    fsType: str(),
    initiatorName: str(),
    iqn: str(),
    iscsiInterface: str(),
    lun: int32(),
    portals: list(str()),
    readOnly: bool(),
    secretRef: localObjectReference,
    targetPortal: str(),
  },
  { required: ["iqn", "lun", "targetPortal"] },
);

export const imageVolumeSource = obj(core("ImageVolumeSource"), { pullPolicy: pullPolicy(), reference: str() });

export const awsElasticBlockStoreVolumeSource = obj(
  core("AWSElasticBlockStoreVolumeSource"),
  { fsType: str(), partition: int32(), readOnly: bool(), volumeID: str() },
  { required: ["volumeID"] },
);

export const gcePersistentDiskVolumeSource = obj(
  core("GCEPersistentDiskVolumeSource"),
  { fsType: str(), partition: int32(), pdName: str(), readOnly: bool() },
  { required: ["pdName"] },
);

export const azureDiskVolumeSource = obj(
  core("AzureDiskVolumeSource"),
  {
    cachingMode: enumOf(["None", "ReadOnly", "ReadWrite"]),
    diskName: str(),
    diskURI: str(),
    fsType: str(),
    kind: enumOf(["Dedicated", "Managed", "Shared"]),
    readOnly: bool(),
  },
  { required: ["diskName", "diskURI"] },
);

export const azureFileVolumeSource = obj(
  core("AzureFileVolumeSource"),
  { readOnly: bool(), secretName: str(), shareName: str() },
  { required: ["secretName", "shareName"] },
);

export const cephFSVolumeSource = obj(
  core("CephFSVolumeSource"),
  {
    monitors: list(str()),
    path: str(),
    readOnly: bool(),
    secretFile: str(),
    secretRef: localObjectReference,
    user: str(),
  },
  { required: ["monitors"] },
);

export const cinderVolumeSource = obj(
  core("CinderVolumeSource"),
  { fsType: str(), readOnly: bool(), secretRef: localObjectReference, volumeID: str() },
  { required: ["volumeID"] },
);

export const fcVolumeSource = obj(core("FCVolumeSource"), {
  fsType: str(),
  lun: int32(),
  readOnly: bool(),
  targetWWNs: list(str()),
  wwids: list(str()),
});

export const flexVolumeSource = obj(
  core("FlexVolumeSource"),
  { driver: str(), fsType: str(), options: map(str()), readOnly: bool(), secretRef: localObjectReference },
  { required: ["driver"] },
);

export const flockerVolumeSource = obj(core("FlockerVolumeSource"), { datasetName: str(), datasetUUID: str() });

export const gitRepoVolumeSource = obj(
  core("GitRepoVolumeSource"),
  { directory: str(), repository: str(), revision: str() },
  { required: ["repository"] },
);

export const glusterfsVolumeSource = obj(
  core("GlusterfsVolumeSource"),
  { endpoints: str(), path: str(), readOnly: bool() },
  { required: ["endpoints", "path"] },
);

export const photonPersistentDiskVolumeSource = obj(
  core("PhotonPersistentDiskVolumeSource"),
  { fsType: str(), pdID: str() },
  { required: ["pdID"] },
);

export const portworxVolumeSource = obj(
  core("PortworxVolumeSource"),
  { fsType: str(), readOnly: bool(), volumeID: str() },
  { required: ["volumeID"] },
);

export const quobyteVolumeSource = obj(
  core("QuobyteVolumeSource"),
  { group: str(), readOnly: bool(), registry: str(), tenant: str(), user: str(), volume: str() },
  { required: ["registry", "volume"] },
);

export const rbdVolumeSource = obj(
  core("RBDVolumeSource"),
  {
    fsType: str(),
    image: str(),
    keyring: str(),
    monitors: list(str()),
    pool: str(),
    readOnly: bool(),
    secretRef: localObjectReference,
    user: str(),
  },
  { required: ["image", "monitors"] },
);

export const scaleIOVolumeSource = obj(
  core("ScaleIOVolumeSource"),
  {
    fsType: str(),
    gateway: str(),
    protectionDomain: str(),
    readOnly: bool(),
    secretRef: localObjectReference,
    sslEnabled: bool(),
    storageMode: str(),
    storagePool: str(),
    system: str(),
    volumeName: str(),
  },
  { required: ["gateway", "secretRef", "system"] },
);

export const storageOSVolumeSource = obj(core("StorageOSVolumeSource"), {
  fsType: str(),
  readOnly: bool(),
  secretRef: localObjectReference,
  volumeName: str(),
  volumeNamespace: str(),
});

export const vsphereVirtualDiskVolumeSource = obj(
  core("VsphereVirtualDiskVolumeSource"),
  { fsType: str(), storagePolicyID: str(), storagePolicyName: str(), volumePath: str() },
  { required: ["volumePath"] },
);

/** Volume inlines VolumeSource (a union: exactly one source may be set). */
export const volume = obj(
  core("Volume"),
  {
    awsElasticBlockStore: awsElasticBlockStoreVolumeSource,
    azureDisk: azureDiskVolumeSource,
    azureFile: azureFileVolumeSource,
    cephfs: cephFSVolumeSource,
    cinder: cinderVolumeSource,
    configMap: configMapVolumeSource,
    csi: csiVolumeSource,
    downwardAPI: downwardAPIVolumeSource,
    emptyDir: emptyDirVolumeSource,
    ephemeral: ephemeralVolumeSource,
    fc: fcVolumeSource,
    flexVolume: flexVolumeSource,
    flocker: flockerVolumeSource,
    gcePersistentDisk: gcePersistentDiskVolumeSource,
    gitRepo: gitRepoVolumeSource,
    glusterfs: glusterfsVolumeSource,
    hostPath: hostPathVolumeSource,
    image: imageVolumeSource,
    iscsi: iscsiVolumeSource,
    name: str(),
    nfs: nfsVolumeSource,
    persistentVolumeClaim: persistentVolumeClaimVolumeSource,
    photonPersistentDisk: photonPersistentDiskVolumeSource,
    portworxVolume: portworxVolumeSource,
    projected: projectedVolumeSource,
    quobyte: quobyteVolumeSource,
    rbd: rbdVolumeSource,
    scaleIO: scaleIOVolumeSource,
    secret: secretVolumeSource,
    storageos: storageOSVolumeSource,
    vsphereVolume: vsphereVirtualDiskVolumeSource,
  },
  { required: ["name"] },
);

// ---- PodSpec / PodTemplateSpec --------------------------------------------------------------------------

export const podSpec: ObjectSchema = obj(
  core("PodSpec"),
  {
    activeDeadlineSeconds: int64(),
    affinity,
    automountServiceAccountToken: bool(),
    containers: listMap(container, ["name"], { patchKey: "name" }),
    dnsConfig: podDNSConfig,
    dnsPolicy: enumOf(["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"]),
    enableServiceLinks: bool(),
    ephemeralContainers: listMap(ephemeralContainer, ["name"], { patchKey: "name" }),
    hostAliases: listMap(hostAlias, ["ip"], { patchKey: "ip" }),
    hostIPC: bool(),
    hostNetwork: bool(),
    hostPID: bool(),
    hostUsers: bool(),
    hostname: str(),
    imagePullSecrets: listMap(localObjectReference, ["name"], { patchKey: "name" }),
    initContainers: listMap(container, ["name"], { patchKey: "name" }),
    nodeName: str(),
    nodeSelector: map(str(), { mapType: "atomic" }),
    os: podOS,
    overhead: map(quantity()),
    preemptionPolicy: enumOf(["Never", "PreemptLowerPriority"]),
    priority: int32(),
    priorityClassName: str(),
    readinessGates: list(podReadinessGate),
    resourceClaims: listMap(podResourceClaim, ["name"], { patchKey: "name", patchStrategy: "merge,retainKeys" }),
    resources: resourceRequirements,
    restartPolicy: enumOf(["Always", "Never", "OnFailure"]),
    runtimeClassName: str(),
    schedulerName: str(),
    schedulingGates: listMap(podSchedulingGate, ["name"], { patchKey: "name" }),
    securityContext: podSecurityContext,
    serviceAccount: str(),
    serviceAccountName: str(),
    setHostnameAsFQDN: bool(),
    shareProcessNamespace: bool(),
    subdomain: str(),
    terminationGracePeriodSeconds: int64(),
    tolerations: list(toleration),
    topologySpreadConstraints: listMap(topologySpreadConstraint, ["topologyKey", "whenUnsatisfiable"], {
      patchKey: "topologyKey",
    }),
    volumes: listMap(volume, ["name"], { patchKey: "name", patchStrategy: "merge,retainKeys" }),
  },
  { required: ["containers"] },
);

export const podTemplateSpec: ObjectSchema = obj(core("PodTemplateSpec"), { metadata: objectMeta, spec: podSpec });

// ---- PodStatus ------------------------------------------------------------------------------------------

export const podCondition = obj(
  core("PodCondition"),
  {
    lastProbeTime: time(),
    lastTransitionTime: time(),
    message: str(),
    reason: str(),
    status: str(),
    type: str(),
  },
  { required: ["status", "type"] },
);

export const podIP = obj(core("PodIP"), { ip: str() }, { required: ["ip"] });

export const hostIP = obj(core("HostIP"), { ip: str() }, { required: ["ip"] });

export const containerStateWaiting = obj(core("ContainerStateWaiting"), { message: str(), reason: str() });

export const containerStateRunning = obj(core("ContainerStateRunning"), { startedAt: time() });

export const containerStateTerminated = obj(
  core("ContainerStateTerminated"),
  {
    containerID: str(),
    exitCode: int32(),
    finishedAt: time(),
    message: str(),
    reason: str(),
    signal: int32(),
    startedAt: time(),
  },
  { required: ["exitCode"] },
);

export const containerState = obj(core("ContainerState"), {
  running: containerStateRunning,
  terminated: containerStateTerminated,
  waiting: containerStateWaiting,
});

export const resourceHealth = obj(
  core("ResourceHealth"),
  { health: str(), resourceID: str() },
  { required: ["resourceID"] },
);

export const resourceStatus = obj(
  core("ResourceStatus"),
  { name: str(), resources: listMap(resourceHealth, ["resourceID"]) },
  { required: ["name"] },
);

export const linuxContainerUser = obj(
  core("LinuxContainerUser"),
  { gid: int64(), supplementalGroups: list(int64()), uid: int64() },
  { required: ["gid", "uid"] },
);

export const containerUser = obj(core("ContainerUser"), { linux: linuxContainerUser });

export const volumeMountStatus = obj(
  core("VolumeMountStatus"),
  { mountPath: str(), name: str(), readOnly: bool(), recursiveReadOnly: str() },
  { required: ["mountPath", "name"] },
);

export const containerStatus = obj(
  core("ContainerStatus"),
  {
    allocatedResources: map(quantity()),
    allocatedResourcesStatus: listMap(resourceStatus, ["name"], { patchKey: "name" }),
    containerID: str(),
    image: str(),
    imageID: str(),
    lastState: containerState,
    name: str(),
    ready: bool(),
    resources: resourceRequirements,
    restartCount: int32(),
    started: bool(),
    state: containerState,
    user: containerUser,
    volumeMounts: listMap(volumeMountStatus, ["mountPath"], { patchKey: "mountPath" }),
  },
  { required: ["image", "imageID", "name", "ready", "restartCount"] },
);

export const podResourceClaimStatus = obj(
  core("PodResourceClaimStatus"),
  { name: str(), resourceClaimName: str() },
  { required: ["name"] },
);

/** hostIPs: SMP merges on ip, but server-side apply treats the list as atomic. */
const hostIPs: ArraySchema = { ...list(hostIP), patchStrategy: "merge", patchMergeKey: "ip" };

export const podStatus = obj(core("PodStatus"), {
  conditions: listMap(podCondition, ["type"], { patchKey: "type" }),
  containerStatuses: list(containerStatus),
  ephemeralContainerStatuses: list(containerStatus),
  hostIP: str(),
  hostIPs,
  initContainerStatuses: list(containerStatus),
  message: str(),
  nominatedNodeName: str(),
  phase: enumOf(["Failed", "Pending", "Running", "Succeeded", "Unknown"]),
  podIP: str(),
  podIPs: listMap(podIP, ["ip"], { patchKey: "ip" }),
  qosClass: enumOf(["BestEffort", "Burstable", "Guaranteed"]),
  reason: str(),
  resize: str(),
  resourceClaimStatuses: listMap(podResourceClaimStatus, ["name"], {
    patchKey: "name",
    patchStrategy: "merge,retainKeys",
  }),
  startTime: time(),
});

// ---- top-level kinds ------------------------------------------------------------------------------------

export const podSchema = obj(
  core("Pod"),
  { ...typeMeta, metadata: objectMeta, spec: podSpec, status: podStatus },
  {
    description:
      "Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.",
    gvk: [{ group: "", version: "v1", kind: "Pod" }],
  },
);

export const podTemplateSchema = obj(
  core("PodTemplate"),
  { ...typeMeta, metadata: objectMeta, template: podTemplateSpec },
  {
    description: "PodTemplate describes a template for creating copies of a predefined pod.",
    gvk: [{ group: "", version: "v1", kind: "PodTemplate" }],
  },
);
