/**
 * Schemas of the core/v1 kinds other than Pod (k8s.io/api/core/v1, v1.32): Namespace, Node, Service, Endpoints,
 * ConfigMap, Secret, ServiceAccount, Event, plus PersistentVolumeClaim (used by StatefulSet templates).
 *
 * Field names, Go types, required lists and patch/list metadata follow the Go struct tags and markers of
 * release-1.32. Fields added after 1.32 (NodeSystemInfo.swap, NodeStatus.declaredFeatures, ...) are left out.
 */
import {
  bool,
  bytes,
  enumOf,
  int32,
  int64,
  intOrString,
  lazy,
  list,
  listMap,
  map,
  microTime,
  obj,
  quantity,
  type Schema,
  set,
  str,
  time,
} from "../schema/dsl";
import { localObjectReference, persistentVolumeClaimSpec } from "./core-pod";
import { condition, objectMeta, typeMeta } from "./meta";

const core = (name: string) => `io.k8s.api.core.v1.${name}`;
const gvk = (kind: string) => [{ group: "", version: "v1", kind }];

/** []LocalObjectReference, deferred so this file does not depend on core-pod's evaluation order. */
const localObjectReferenceRef: Schema = lazy(() => localObjectReference);

/** Protocol (+enum): TCP, UDP, SCTP. */
const protocol = () => enumOf(["SCTP", "TCP", "UDP"]);

// ---- ObjectReference, Taint ---------------------------------------------------------------------------

export const objectReference = obj(
  core("ObjectReference"),
  {
    kind: str(),
    namespace: str(),
    name: str(),
    uid: str(),
    apiVersion: str(),
    resourceVersion: str(),
    fieldPath: str(),
  },
  { mapType: "atomic" },
);

export const taint = obj(
  core("Taint"),
  {
    key: str(),
    value: str(),
    effect: enumOf(["NoExecute", "NoSchedule", "PreferNoSchedule"]),
    timeAdded: time(),
  },
  { required: ["key", "effect"] },
);

// ---- Namespace ------------------------------------------------------------------------------------------

export const namespaceCondition = obj(
  core("NamespaceCondition"),
  {
    type: str(),
    status: str(),
    lastTransitionTime: time(),
    reason: str(),
    message: str(),
  },
  { required: ["type", "status"] },
);

export const namespaceSpec = obj(core("NamespaceSpec"), {
  finalizers: list(str()),
});

export const namespaceStatus = obj(core("NamespaceStatus"), {
  phase: enumOf(["Active", "Terminating"]),
  conditions: listMap(namespaceCondition, ["type"], { patchKey: "type" }),
});

export const namespaceSchema = obj(
  core("Namespace"),
  { ...typeMeta, metadata: objectMeta, spec: namespaceSpec, status: namespaceStatus },
  { description: "Namespace provides a scope for Names.", gvk: gvk("Namespace") },
);

// ---- Node -----------------------------------------------------------------------------------------------

export const configMapNodeConfigSource = obj(
  core("ConfigMapNodeConfigSource"),
  {
    namespace: str(),
    name: str(),
    uid: str(),
    resourceVersion: str(),
    kubeletConfigKey: str(),
  },
  { required: ["namespace", "name", "kubeletConfigKey"] },
);

export const nodeConfigSource = obj(core("NodeConfigSource"), {
  configMap: configMapNodeConfigSource,
});

export const nodeSpec = obj(core("NodeSpec"), {
  podCIDR: str(),
  podCIDRs: set(str(), { patch: true }),
  providerID: str(),
  unschedulable: bool(),
  taints: list(taint),
  configSource: nodeConfigSource,
  externalID: str(),
});

export const nodeCondition = obj(
  core("NodeCondition"),
  {
    type: str(),
    status: str(),
    lastHeartbeatTime: time(),
    lastTransitionTime: time(),
    reason: str(),
    message: str(),
  },
  { required: ["type", "status"] },
);

export const nodeAddress = obj(core("NodeAddress"), { type: str(), address: str() }, { required: ["type", "address"] });

export const daemonEndpoint = obj(core("DaemonEndpoint"), { Port: int32() }, { required: ["Port"] });

export const nodeDaemonEndpoints = obj(core("NodeDaemonEndpoints"), { kubeletEndpoint: daemonEndpoint });

export const nodeSystemInfo = obj(
  core("NodeSystemInfo"),
  {
    machineID: str(),
    systemUUID: str(),
    bootID: str(),
    kernelVersion: str(),
    osImage: str(),
    containerRuntimeVersion: str(),
    kubeletVersion: str(),
    kubeProxyVersion: str(),
    operatingSystem: str(),
    architecture: str(),
  },
  {
    required: [
      "machineID",
      "systemUUID",
      "bootID",
      "kernelVersion",
      "osImage",
      "containerRuntimeVersion",
      "kubeletVersion",
      "kubeProxyVersion",
      "operatingSystem",
      "architecture",
    ],
  },
);

export const containerImage = obj(core("ContainerImage"), { names: list(str()), sizeBytes: int64() });

export const attachedVolume = obj(
  core("AttachedVolume"),
  { name: str(), devicePath: str() },
  { required: ["name", "devicePath"] },
);

export const nodeConfigStatus = obj(core("NodeConfigStatus"), {
  assigned: nodeConfigSource,
  active: nodeConfigSource,
  lastKnownGood: nodeConfigSource,
  error: str(),
});

export const nodeRuntimeHandlerFeatures = obj(core("NodeRuntimeHandlerFeatures"), {
  recursiveReadOnlyMounts: bool(),
  userNamespaces: bool(),
});

export const nodeRuntimeHandler = obj(core("NodeRuntimeHandler"), {
  name: str(),
  features: nodeRuntimeHandlerFeatures,
});

export const nodeFeatures = obj(core("NodeFeatures"), { supplementalGroupsPolicy: bool() });

export const nodeStatus = obj(core("NodeStatus"), {
  capacity: map(quantity()),
  allocatable: map(quantity()),
  phase: enumOf(["Pending", "Running", "Terminated"]),
  conditions: listMap(nodeCondition, ["type"], { patchKey: "type" }),
  addresses: listMap(nodeAddress, ["type"], { patchKey: "type" }),
  daemonEndpoints: nodeDaemonEndpoints,
  nodeInfo: nodeSystemInfo,
  images: list(containerImage),
  volumesInUse: list(str()),
  volumesAttached: list(attachedVolume),
  config: nodeConfigStatus,
  runtimeHandlers: list(nodeRuntimeHandler),
  features: nodeFeatures,
});

export const nodeSchema = obj(
  core("Node"),
  { ...typeMeta, metadata: objectMeta, spec: nodeSpec, status: nodeStatus },
  { description: "Node is a worker node in Kubernetes.", gvk: gvk("Node") },
);

// ---- Service --------------------------------------------------------------------------------------------

export const servicePort = obj(
  core("ServicePort"),
  {
    name: str(),
    protocol: protocol(),
    appProtocol: str(),
    port: int32(),
    targetPort: intOrString(),
    nodePort: int32(),
  },
  { required: ["port"] },
);

export const clientIPConfig = obj(core("ClientIPConfig"), { timeoutSeconds: int32() });

export const sessionAffinityConfig = obj(core("SessionAffinityConfig"), { clientIP: clientIPConfig });

export const serviceSpec = obj(core("ServiceSpec"), {
  ports: listMap(servicePort, ["port", "protocol"], { patchKey: "port" }),
  selector: map(str(), { mapType: "atomic" }),
  clusterIP: str(),
  clusterIPs: list(str()),
  type: enumOf(["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]),
  externalIPs: list(str()),
  sessionAffinity: enumOf(["ClientIP", "None"]),
  loadBalancerIP: str(),
  loadBalancerSourceRanges: list(str()),
  externalName: str(),
  externalTrafficPolicy: enumOf(["Cluster", "Local"]),
  healthCheckNodePort: int32(),
  publishNotReadyAddresses: bool(),
  sessionAffinityConfig: sessionAffinityConfig,
  // []IPFamily: openapi-gen does not put enums on slice elements.
  ipFamilies: list(str()),
  ipFamilyPolicy: enumOf(["PreferDualStack", "RequireDualStack", "SingleStack"]),
  allocateLoadBalancerNodePorts: bool(),
  loadBalancerClass: str(),
  internalTrafficPolicy: enumOf(["Cluster", "Local"]),
  trafficDistribution: str(),
});

export const portStatus = obj(
  core("PortStatus"),
  { port: int32(), protocol: protocol(), error: str() },
  { required: ["port", "protocol"] },
);

export const loadBalancerIngress = obj(core("LoadBalancerIngress"), {
  ip: str(),
  hostname: str(),
  ipMode: str(),
  ports: list(portStatus),
});

export const loadBalancerStatus = obj(core("LoadBalancerStatus"), {
  ingress: list(loadBalancerIngress),
});

export const serviceStatus = obj(core("ServiceStatus"), {
  loadBalancer: loadBalancerStatus,
  conditions: listMap(condition, ["type"], { patchKey: "type" }),
});

export const serviceSchema = obj(
  core("Service"),
  { ...typeMeta, metadata: objectMeta, spec: serviceSpec, status: serviceStatus },
  {
    description: "Service is a named abstraction of software service consisting of local port and a selector.",
    gvk: gvk("Service"),
  },
);

// ---- Endpoints ------------------------------------------------------------------------------------------

export const endpointAddress = obj(
  core("EndpointAddress"),
  {
    ip: str(),
    hostname: str(),
    nodeName: str(),
    targetRef: objectReference,
  },
  { required: ["ip"], mapType: "atomic" },
);

export const endpointPort = obj(
  core("EndpointPort"),
  {
    name: str(),
    port: int32(),
    protocol: protocol(),
    appProtocol: str(),
  },
  { required: ["port"], mapType: "atomic" },
);

export const endpointSubset = obj(core("EndpointSubset"), {
  addresses: list(endpointAddress),
  notReadyAddresses: list(endpointAddress),
  ports: list(endpointPort),
});

export const endpointsSchema = obj(
  core("Endpoints"),
  { ...typeMeta, metadata: objectMeta, subsets: list(endpointSubset) },
  { description: "Endpoints is a collection of endpoints that implement the actual service.", gvk: gvk("Endpoints") },
);

// ---- ConfigMap, Secret ----------------------------------------------------------------------------------

export const configMapSchema = obj(
  core("ConfigMap"),
  {
    ...typeMeta,
    metadata: objectMeta,
    immutable: bool(),
    data: map(str()),
    binaryData: map(bytes()),
  },
  { description: "ConfigMap holds configuration data for pods to consume.", gvk: gvk("ConfigMap") },
);

export const secretSchema = obj(
  core("Secret"),
  {
    ...typeMeta,
    metadata: objectMeta,
    immutable: bool(),
    data: map(bytes()),
    stringData: map(str()),
    // SecretType is an open set of values, not a Go +enum.
    type: str(),
  },
  { description: "Secret holds secret data of a certain type.", gvk: gvk("Secret") },
);

// ---- ServiceAccount -------------------------------------------------------------------------------------

export const serviceAccountSchema = obj(
  core("ServiceAccount"),
  {
    ...typeMeta,
    metadata: objectMeta,
    secrets: listMap(objectReference, ["name"], { patchKey: "name" }),
    imagePullSecrets: list(localObjectReferenceRef),
    automountServiceAccountToken: bool(),
  },
  {
    description:
      "ServiceAccount binds together a name, a principal that can be authenticated and authorized, and secrets.",
    gvk: gvk("ServiceAccount"),
  },
);

// ---- Event (core/v1) ------------------------------------------------------------------------------------

export const eventSource = obj(core("EventSource"), { component: str(), host: str() });

export const eventSeries = obj(core("EventSeries"), { count: int32(), lastObservedTime: microTime() });

export const eventSchema = obj(
  core("Event"),
  {
    ...typeMeta,
    metadata: objectMeta,
    involvedObject: objectReference,
    reason: str(),
    message: str(),
    source: eventSource,
    firstTimestamp: time(),
    lastTimestamp: time(),
    count: int32(),
    type: str(),
    eventTime: microTime(),
    series: eventSeries,
    action: str(),
    related: objectReference,
    reportingComponent: str(),
    reportingInstance: str(),
  },
  {
    description: "Event is a report of an event somewhere in the cluster.",
    required: ["metadata", "involvedObject"],
    gvk: gvk("Event"),
  },
);

// ---- PersistentVolumeClaim (StatefulSet volumeClaimTemplates) -------------------------------------------

export const modifyVolumeStatus = obj(
  core("ModifyVolumeStatus"),
  {
    targetVolumeAttributesClassName: str(),
    status: enumOf(["InProgress", "Infeasible", "Pending"]),
  },
  { required: ["status"] },
);

export const persistentVolumeClaimCondition = obj(
  core("PersistentVolumeClaimCondition"),
  {
    type: str(),
    status: str(),
    lastProbeTime: time(),
    lastTransitionTime: time(),
    reason: str(),
    message: str(),
  },
  { required: ["type", "status"] },
);

export const persistentVolumeClaimStatus = obj(core("PersistentVolumeClaimStatus"), {
  phase: enumOf(["Bound", "Lost", "Pending"]),
  // []PersistentVolumeAccessMode: no enum on slice elements.
  accessModes: list(str()),
  capacity: map(quantity()),
  conditions: listMap(persistentVolumeClaimCondition, ["type"], { patchKey: "type" }),
  allocatedResources: map(quantity()),
  // map[ResourceName]ClaimResourceStatus: no enum on map values.
  allocatedResourceStatuses: map(str(), { mapType: "granular" }),
  currentVolumeAttributesClassName: str(),
  modifyVolumeStatus: modifyVolumeStatus,
});

export const persistentVolumeClaimSchema = obj(
  core("PersistentVolumeClaim"),
  {
    ...typeMeta,
    metadata: objectMeta,
    spec: lazy(() => persistentVolumeClaimSpec),
    status: persistentVolumeClaimStatus,
  },
  {
    description: "PersistentVolumeClaim is a user's request for and claim to a persistent volume.",
    gvk: gvk("PersistentVolumeClaim"),
  },
);
