/**
 * Schemas of more core/v1 kinds (k8s.io/api/core/v1, v1.32): ResourceQuota, LimitRange, PersistentVolume,
 * ReplicationController and Binding (the body of pods/binding).
 *
 * Field names, Go types, required lists and patch/list metadata follow the Go struct tags and markers of
 * release-1.32 (cross-checked against the protobuf descriptors compiled into kubectl v1.32). PersistentVolume
 * reuses the Pod volume sources where the Go type is the same (GCEPersistentDiskVolumeSource, NFSVolumeSource,
 * ...); the PV-only source types (the `*PersistentVolumeSource` variants with a SecretReference, LocalVolumeSource)
 * are declared here.
 */
import { bool, enumOf, int32, int64, lazy, list, listMap, map, obj, quantity, str, time } from "../schema/dsl";
import { objectReference } from "./core-other";
import {
  awsElasticBlockStoreVolumeSource,
  azureDiskVolumeSource,
  fcVolumeSource,
  flockerVolumeSource,
  gcePersistentDiskVolumeSource,
  hostPathVolumeSource,
  nfsVolumeSource,
  nodeSelector,
  photonPersistentDiskVolumeSource,
  podTemplateSpec,
  portworxVolumeSource,
  quobyteVolumeSource,
  vsphereVirtualDiskVolumeSource,
} from "./core-pod";
import { objectMeta, typeMeta } from "./meta";

const core = (name: string) => `io.k8s.api.core.v1.${name}`;
const gvk = (kind: string) => [{ group: "", version: "v1", kind }];

/** ResourceList (map[ResourceName]resource.Quantity). */
const resourceList = () => map(quantity());

// ---- ResourceQuota --------------------------------------------------------------------------------------

export const scopedResourceSelectorRequirement = obj(
  core("ScopedResourceSelectorRequirement"),
  {
    // ResourceQuotaScope and ScopeSelectorOperator are +enum.
    scopeName: enumOf([
      "BestEffort",
      "CrossNamespacePodAffinity",
      "NotBestEffort",
      "NotTerminating",
      "PriorityClass",
      "Terminating",
    ]),
    operator: enumOf(["DoesNotExist", "Exists", "In", "NotIn"]),
    values: list(str()),
  },
  { required: ["scopeName", "operator"] },
);

export const scopeSelector = obj(
  core("ScopeSelector"),
  { matchExpressions: list(scopedResourceSelectorRequirement) },
  { mapType: "atomic" },
);

export const resourceQuotaSpec = obj(core("ResourceQuotaSpec"), {
  hard: resourceList(),
  // []ResourceQuotaScope: openapi-gen does not put enums on slice elements.
  scopes: list(str()),
  scopeSelector,
});

export const resourceQuotaStatus = obj(core("ResourceQuotaStatus"), {
  hard: resourceList(),
  used: resourceList(),
});

export const resourceQuotaSchema = obj(
  core("ResourceQuota"),
  { ...typeMeta, metadata: objectMeta, spec: resourceQuotaSpec, status: resourceQuotaStatus },
  {
    description: "ResourceQuota sets aggregate quota restrictions enforced per namespace",
    gvk: gvk("ResourceQuota"),
  },
);

// ---- LimitRange -----------------------------------------------------------------------------------------

export const limitRangeItem = obj(
  core("LimitRangeItem"),
  {
    // LimitType is not a Go +enum (Pod, Container, PersistentVolumeClaim).
    type: str(),
    max: resourceList(),
    min: resourceList(),
    default: resourceList(),
    defaultRequest: resourceList(),
    maxLimitRequestRatio: resourceList(),
  },
  { required: ["type"] },
);

export const limitRangeSpec = obj(core("LimitRangeSpec"), { limits: list(limitRangeItem) }, { required: ["limits"] });

export const limitRangeSchema = obj(
  core("LimitRange"),
  { ...typeMeta, metadata: objectMeta, spec: limitRangeSpec },
  {
    description: "LimitRange sets resource usage limits for each kind of resource in a Namespace.",
    gvk: gvk("LimitRange"),
  },
);

// ---- PersistentVolume sources ---------------------------------------------------------------------------

export const secretReference = obj(core("SecretReference"), { name: str(), namespace: str() }, { mapType: "atomic" });

export const glusterfsPersistentVolumeSource = obj(
  core("GlusterfsPersistentVolumeSource"),
  { endpoints: str(), path: str(), readOnly: bool(), endpointsNamespace: str() },
  { required: ["endpoints", "path"] },
);

export const rbdPersistentVolumeSource = obj(
  core("RBDPersistentVolumeSource"),
  {
    monitors: list(str()),
    image: str(),
    fsType: str(),
    pool: str(),
    user: str(),
    keyring: str(),
    secretRef: secretReference,
    readOnly: bool(),
  },
  { required: ["monitors", "image"] },
);

export const iscsiPersistentVolumeSource = obj(
  core("ISCSIPersistentVolumeSource"),
  {
    targetPortal: str(),
    iqn: str(),
    lun: int32(),
    iscsiInterface: str(),
    fsType: str(),
    readOnly: bool(),
    portals: list(str()),
    chapAuthDiscovery: bool(),
    chapAuthSession: bool(),
    secretRef: secretReference,
    initiatorName: str(),
  },
  { required: ["targetPortal", "iqn", "lun"] },
);

export const cinderPersistentVolumeSource = obj(
  core("CinderPersistentVolumeSource"),
  { volumeID: str(), fsType: str(), readOnly: bool(), secretRef: secretReference },
  { required: ["volumeID"] },
);

export const cephFSPersistentVolumeSource = obj(
  core("CephFSPersistentVolumeSource"),
  {
    monitors: list(str()),
    path: str(),
    user: str(),
    secretFile: str(),
    secretRef: secretReference,
    readOnly: bool(),
  },
  { required: ["monitors"] },
);

export const flexPersistentVolumeSource = obj(
  core("FlexPersistentVolumeSource"),
  { driver: str(), fsType: str(), secretRef: secretReference, readOnly: bool(), options: map(str()) },
  { required: ["driver"] },
);

export const azureFilePersistentVolumeSource = obj(
  core("AzureFilePersistentVolumeSource"),
  { secretName: str(), shareName: str(), readOnly: bool(), secretNamespace: str() },
  { required: ["secretName", "shareName"] },
);

export const scaleIOPersistentVolumeSource = obj(
  core("ScaleIOPersistentVolumeSource"),
  {
    gateway: str(),
    system: str(),
    secretRef: secretReference,
    sslEnabled: bool(),
    protectionDomain: str(),
    storagePool: str(),
    storageMode: str(),
    volumeName: str(),
    fsType: str(),
    readOnly: bool(),
  },
  { required: ["gateway", "system", "secretRef"] },
);

export const localVolumeSource = obj(core("LocalVolumeSource"), { path: str(), fsType: str() }, { required: ["path"] });

export const storageOSPersistentVolumeSource = obj(core("StorageOSPersistentVolumeSource"), {
  volumeName: str(),
  volumeNamespace: str(),
  fsType: str(),
  readOnly: bool(),
  secretRef: objectReference,
});

export const csiPersistentVolumeSource = obj(
  core("CSIPersistentVolumeSource"),
  {
    driver: str(),
    volumeHandle: str(),
    readOnly: bool(),
    fsType: str(),
    volumeAttributes: map(str()),
    controllerPublishSecretRef: secretReference,
    nodeStageSecretRef: secretReference,
    nodePublishSecretRef: secretReference,
    controllerExpandSecretRef: secretReference,
    nodeExpandSecretRef: secretReference,
  },
  { required: ["driver", "volumeHandle"] },
);

export const volumeNodeAffinity = obj(core("VolumeNodeAffinity"), { required: nodeSelector });

/** The PersistentVolumeSource union, embedded inline in PersistentVolumeSpec (Go field order). */
const persistentVolumeSourceProperties = {
  gcePersistentDisk: gcePersistentDiskVolumeSource,
  awsElasticBlockStore: awsElasticBlockStoreVolumeSource,
  hostPath: hostPathVolumeSource,
  glusterfs: glusterfsPersistentVolumeSource,
  nfs: nfsVolumeSource,
  rbd: rbdPersistentVolumeSource,
  iscsi: iscsiPersistentVolumeSource,
  cinder: cinderPersistentVolumeSource,
  cephfs: cephFSPersistentVolumeSource,
  fc: fcVolumeSource,
  flocker: flockerVolumeSource,
  flexVolume: flexPersistentVolumeSource,
  azureFile: azureFilePersistentVolumeSource,
  vsphereVolume: vsphereVirtualDiskVolumeSource,
  quobyte: quobyteVolumeSource,
  azureDisk: azureDiskVolumeSource,
  photonPersistentDisk: photonPersistentDiskVolumeSource,
  portworxVolume: portworxVolumeSource,
  scaleIO: scaleIOPersistentVolumeSource,
  local: localVolumeSource,
  storageos: storageOSPersistentVolumeSource,
  csi: csiPersistentVolumeSource,
};

// ---- PersistentVolume -----------------------------------------------------------------------------------

export const persistentVolumeSpec = obj(core("PersistentVolumeSpec"), {
  capacity: resourceList(),
  ...persistentVolumeSourceProperties,
  // []PersistentVolumeAccessMode: no enum on slice elements.
  accessModes: list(str()),
  // Go marks claimRef +structType=granular (ObjectReference itself is atomic); the schema language has no
  // per-use override of a struct's map type, so it is declared with ObjectReference's own (atomic).
  claimRef: objectReference,
  persistentVolumeReclaimPolicy: enumOf(["Delete", "Recycle", "Retain"]),
  storageClassName: str(),
  mountOptions: list(str()),
  volumeMode: enumOf(["Block", "Filesystem"]),
  nodeAffinity: volumeNodeAffinity,
  volumeAttributesClassName: str(),
});

export const persistentVolumeStatus = obj(core("PersistentVolumeStatus"), {
  phase: enumOf(["Available", "Bound", "Failed", "Pending", "Released"]),
  message: str(),
  reason: str(),
  lastPhaseTransitionTime: time(),
});

export const persistentVolumeSchema = obj(
  core("PersistentVolume"),
  { ...typeMeta, metadata: objectMeta, spec: persistentVolumeSpec, status: persistentVolumeStatus },
  {
    description:
      "PersistentVolume (PV) is a storage resource provisioned by an administrator. It is analogous to a node. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes",
    gvk: gvk("PersistentVolume"),
  },
);

// ---- ReplicationController ------------------------------------------------------------------------------

export const replicationControllerSpec = obj(core("ReplicationControllerSpec"), {
  replicas: int32(),
  minReadySeconds: int32(),
  selector: map(str(), { mapType: "atomic" }),
  template: lazy(() => podTemplateSpec),
});

export const replicationControllerCondition = obj(
  core("ReplicationControllerCondition"),
  {
    type: str(),
    status: str(),
    lastTransitionTime: time(),
    reason: str(),
    message: str(),
  },
  { required: ["type", "status"] },
);

export const replicationControllerStatus = obj(
  core("ReplicationControllerStatus"),
  {
    replicas: int32(),
    fullyLabeledReplicas: int32(),
    readyReplicas: int32(),
    availableReplicas: int32(),
    observedGeneration: int64(),
    conditions: listMap(replicationControllerCondition, ["type"], { patchKey: "type" }),
  },
  { required: ["replicas"] },
);

export const replicationControllerSchema = obj(
  core("ReplicationController"),
  { ...typeMeta, metadata: objectMeta, spec: replicationControllerSpec, status: replicationControllerStatus },
  {
    description: "ReplicationController represents the configuration of a replication controller.",
    gvk: gvk("ReplicationController"),
  },
);

// ---- Binding (pods/binding) -----------------------------------------------------------------------------

export const bindingSchema = obj(
  core("Binding"),
  { ...typeMeta, metadata: objectMeta, target: objectReference },
  {
    description:
      "Binding ties one object to another; for example, a pod is bound to a node by a scheduler. Deprecated in 1.7, please use the bindings subresource of pods instead.",
    required: ["target"],
    gvk: gvk("Binding"),
  },
);
