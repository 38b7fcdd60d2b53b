/**
 * The RBAC objects of a fresh kind cluster (Kubernetes v1.32): the bootstrap policy kube-apiserver reconciles
 * at startup (plugin/pkg/auth/authorizer/rbac/bootstrappolicy: policy.go, controller_policy.go,
 * namespace_policy.go, with the default feature gates of 1.32), the roles and bindings kubeadm creates during
 * `kubeadm init`, and those of kind's kindnet and local-path-storage manifests.
 *
 * Our own compact transcription of those facts: a rule is written `R(verbs, apiGroups, resources, names?)`
 * with comma-separated lists (`""` is the core group, `",events.k8s.io"` the core group and events.k8s.io),
 * a non-resource rule `U(verbs, urls)`. Lists are kept in the order kube stores them (its helpers sort them).
 * The aggregated roles (admin, edit, view) are filled in here as the clusterrole-aggregation controller
 * leaves them. Pure data: metadata (uids, timestamps) is added by seed.ts.
 */

import { ROLE_GROUPS } from "../auth/principal";
import type { PolicyRule } from "../kube/rbac/types";

export type { PolicyRule };

export interface Subject {
  kind: "User" | "Group" | "ServiceAccount";
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: "Role" | "ClusterRole";
  name: string;
}

/** One RBAC object without its server-set metadata. */
export interface RbacSpec {
  kind: "ClusterRole" | "ClusterRoleBinding" | "Role" | "RoleBinding";
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  rules?: PolicyRule[];
  aggregationRule?: { clusterRoleSelectors: { matchLabels: Record<string, string> }[] };
  subjects?: Subject[];
  roleRef?: RoleRef;
}

export const RBAC_GROUP = "rbac.authorization.k8s.io";
export const AUTOUPDATE_ANNOTATION = "rbac.authorization.kubernetes.io/autoupdate";
export const BOOTSTRAPPING_LABEL = "kubernetes.io/bootstrapping";
const AGGREGATE = "rbac.authorization.k8s.io/aggregate-to-";

/** The kubeadm bootstrap-token group of joining nodes. */
const BOOTSTRAPPERS = "system:bootstrappers:kubeadm:default-node-token";

// ---- rule shorthand -------------------------------------------------------------------------------------

const split = (s: string): string[] => s.split(",");

function R(verbs: string, groups: string, resources: string, names?: string): PolicyRule {
  const rule: PolicyRule = { verbs: split(verbs), apiGroups: split(groups), resources: split(resources) };
  if (names) rule.resourceNames = split(names);
  return rule;
}

function U(verbs: string, urls: string): PolicyRule {
  return { verbs: split(verbs), nonResourceURLs: split(urls) };
}

const READ = "get,list,watch";
const WRITE = "create,delete,deletecollection,patch,update";
const READ_WRITE = "create,delete,deletecollection,get,list,patch,update,watch";
const ALL_BUT_COLLECTION = "create,delete,get,list,patch,update,watch";
/** eventsRule(): every controller may record events through either events API. */
const EVENTS = R("create,patch,update", ",events.k8s.io", "events");
const TOKEN_AND_ACCESS_REVIEWS = [
  R("create", "authentication.k8s.io", "tokenreviews"),
  R("create", "authorization.k8s.io", "subjectaccessreviews"),
];

export const group = (name: string): Subject => ({ kind: "Group", apiGroup: RBAC_GROUP, name });
export const user = (name: string): Subject => ({ kind: "User", apiGroup: RBAC_GROUP, name });
export const serviceAccount = (name: string, namespace = "kube-system"): Subject => ({
  kind: "ServiceAccount",
  name,
  namespace,
});
const clusterRoleRef = (name: string): RoleRef => ({ apiGroup: RBAC_GROUP, kind: "ClusterRole", name });
const roleRef = (name: string): RoleRef => ({ apiGroup: RBAC_GROUP, kind: "Role", name });

// ---- bootstrap cluster roles (policy.go) ----------------------------------------------------------------

interface RoleEntry {
  rules?: PolicyRule[];
  /** Extra labels (aggregate-to-*). */
  labels?: Record<string, string>;
  /** aggregationRule selecting `rbac.authorization.k8s.io/aggregate-to-<this>: "true"`. */
  aggregates?: "admin" | "edit" | "view";
}

const aggregateTo = (target: string) => ({ [`${AGGREGATE}${target}`]: "true" });

/** ClusterRoles(), in the order kube declares them (it reconciles them in this order). */
const CLUSTER_ROLES: Record<string, RoleEntry> = {
  "cluster-admin": { rules: [R("*", "*", "*"), U("*", "*")] },
  "system:discovery": {
    rules: [U("get", "/api,/api/*,/apis,/apis/*,/healthz,/livez,/openapi,/openapi/*,/readyz,/version,/version/")],
  },
  "system:monitoring": {
    rules: [U("get", "/healthz,/healthz/*,/livez,/livez/*,/metrics,/metrics/slis,/readyz,/readyz/*")],
  },
  "system:basic-user": {
    rules: [
      R("create", "authorization.k8s.io", "selfsubjectaccessreviews,selfsubjectrulesreviews"),
      R("create", "authentication.k8s.io", "selfsubjectreviews"),
    ],
  },
  "system:public-info-viewer": { rules: [U("get", "/healthz,/livez,/readyz,/version,/version/")] },
  admin: { aggregates: "admin" },
  edit: { aggregates: "edit", labels: aggregateTo("admin") },
  view: { aggregates: "view", labels: aggregateTo("edit") },
  "system:aggregate-to-admin": {
    labels: aggregateTo("admin"),
    rules: [
      R("create", "authorization.k8s.io", "localsubjectaccessreviews"),
      R(READ_WRITE, RBAC_GROUP, "rolebindings,roles"),
    ],
  },
  "system:aggregate-to-edit": {
    labels: aggregateTo("edit"),
    rules: [
      R(READ, "", "pods/attach,pods/exec,pods/portforward,pods/proxy,secrets,services/proxy"),
      R("impersonate", "", "serviceaccounts"),
      R(WRITE, "", "pods,pods/attach,pods/exec,pods/portforward,pods/proxy"),
      R("create", "", "pods/eviction"),
      R(
        WRITE,
        "",
        "configmaps,events,persistentvolumeclaims,replicationcontrollers,replicationcontrollers/scale,secrets,serviceaccounts,services,services/proxy",
      ),
      R("create", "", "serviceaccounts/token"),
      R(
        WRITE,
        "apps",
        "daemonsets,deployments,deployments/rollback,deployments/scale,replicasets,replicasets/scale,statefulsets,statefulsets/scale",
      ),
      R(WRITE, "autoscaling", "horizontalpodautoscalers"),
      R(WRITE, "batch", "cronjobs,jobs"),
      R(
        WRITE,
        "extensions",
        "daemonsets,deployments,deployments/rollback,deployments/scale,ingresses,networkpolicies,replicasets,replicasets/scale,replicationcontrollers/scale",
      ),
      R(WRITE, "policy", "poddisruptionbudgets"),
      R(WRITE, "networking.k8s.io", "ingresses,networkpolicies"),
      R(READ_WRITE, "coordination.k8s.io", "leases"),
    ],
  },
  "system:aggregate-to-view": {
    labels: aggregateTo("view"),
    rules: [
      R(
        READ,
        "",
        "configmaps,endpoints,persistentvolumeclaims,persistentvolumeclaims/status,pods,replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,services/status",
      ),
      R(
        READ,
        "",
        "bindings,events,limitranges,namespaces/status,pods/log,pods/status,replicationcontrollers/status,resourcequotas,resourcequotas/status",
      ),
      R(READ, "", "namespaces"),
      R(READ, "discovery.k8s.io", "endpointslices"),
      R(
        READ,
        "apps",
        "controllerrevisions,daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,replicasets,replicasets/scale,replicasets/status,statefulsets,statefulsets/scale,statefulsets/status",
      ),
      R(READ, "autoscaling", "horizontalpodautoscalers,horizontalpodautoscalers/status"),
      R(READ, "batch", "cronjobs,cronjobs/status,jobs,jobs/status"),
      R(
        READ,
        "extensions",
        "daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,ingresses,ingresses/status,networkpolicies,replicasets,replicasets/scale,replicasets/status,replicationcontrollers/scale",
      ),
      R(READ, "policy", "poddisruptionbudgets,poddisruptionbudgets/status"),
      R(READ, "networking.k8s.io", "ingresses,ingresses/status,networkpolicies"),
    ],
  },
  "system:heapster": { rules: [R(READ, "", "events,namespaces,nodes,pods"), R(READ, "extensions", "deployments")] },
  "system:node": {
    rules: [
      R("create", "authentication.k8s.io", "tokenreviews"),
      R("create", "authorization.k8s.io", "localsubjectaccessreviews,subjectaccessreviews"),
      R(READ, "", "services"),
      R("create,get,list,watch", "", "nodes"),
      R("patch,update", "", "nodes/status"),
      R("patch,update", "", "nodes"),
      R("create,patch,update", "", "events"),
      R(READ, "", "pods"),
      R("create,delete", "", "pods"),
      R("patch,update", "", "pods/status"),
      R("create", "", "pods/eviction"),
      R(READ, "", "configmaps,secrets"),
      R("get", "", "persistentvolumeclaims,persistentvolumes"),
      R("get", "", "endpoints"),
      R("create,get,list,watch", "certificates.k8s.io", "certificatesigningrequests"),
      R("create,delete,get,patch,update", "coordination.k8s.io", "leases"),
      R("get", "storage.k8s.io", "volumeattachments"),
      R("create", "", "serviceaccounts/token"),
      R("get,patch,update", "", "persistentvolumeclaims/status"),
      R(READ, "storage.k8s.io", "csidrivers"),
      R("create,delete,get,patch,update", "storage.k8s.io", "csinodes"),
      R(READ, "node.k8s.io", "runtimeclasses"),
    ],
  },
  "system:node-problem-detector": { rules: [R("get", "", "nodes"), R("patch", "", "nodes/status"), EVENTS] },
  "system:kubelet-api-admin": {
    rules: [
      R(READ, "", "nodes"),
      R("proxy", "", "nodes"),
      R("*", "", "nodes/log,nodes/metrics,nodes/proxy,nodes/stats"),
    ],
  },
  "system:node-bootstrapper": {
    rules: [R("create,get,list,watch", "certificates.k8s.io", "certificatesigningrequests")],
  },
  "system:auth-delegator": { rules: TOKEN_AND_ACCESS_REVIEWS },
  "system:kube-aggregator": { rules: [R(READ, "", "endpoints,services")] },
  "system:kube-controller-manager": {
    rules: [
      EVENTS,
      R("create", "coordination.k8s.io", "leases"),
      R("get,update", "coordination.k8s.io", "leases", "kube-controller-manager"),
      R("create", "", "secrets,serviceaccounts"),
      R("delete", "", "secrets"),
      R("get", "", "configmaps,namespaces,secrets,serviceaccounts"),
      R("update", "", "secrets,serviceaccounts"),
      ...TOKEN_AND_ACCESS_REVIEWS,
      R("list,watch", "*", "*"),
      R("create", "", "serviceaccounts/token"),
    ],
  },
  "system:kube-dns": { rules: [R("list,watch", "", "endpoints,services")] },
  "system:persistent-volume-provisioner": {
    rules: [
      R("create,delete,get,list,watch", "", "persistentvolumes"),
      R("get,list,update,watch", "", "persistentvolumeclaims"),
      R(READ, "storage.k8s.io", "storageclasses"),
      R("watch", "", "events"),
      EVENTS,
    ],
  },
  "system:certificates.k8s.io:kubelet-serving-approver": {
    rules: [R("approve", "certificates.k8s.io", "signers", "kubernetes.io/kubelet-serving")],
  },
  "system:certificates.k8s.io:kube-apiserver-client-approver": {
    rules: [R("approve", "certificates.k8s.io", "signers", "kubernetes.io/kube-apiserver-client")],
  },
  "system:certificates.k8s.io:kube-apiserver-client-kubelet-approver": {
    rules: [R("approve", "certificates.k8s.io", "signers", "kubernetes.io/kube-apiserver-client-kubelet")],
  },
  "system:certificates.k8s.io:legacy-unknown-approver": {
    rules: [R("approve", "certificates.k8s.io", "signers", "kubernetes.io/legacy-unknown")],
  },
  "system:kube-scheduler": {
    rules: [
      EVENTS,
      R("create", "coordination.k8s.io", "leases"),
      R("get,update", "coordination.k8s.io", "leases", "kube-scheduler"),
      R(READ, "", "nodes"),
      R("delete,get,list,watch", "", "pods"),
      R("create", "", "bindings,pods/binding"),
      R("patch,update", "", "pods/status"),
      R(READ, "", "replicationcontrollers,services"),
      R(READ, "apps,extensions", "replicasets"),
      R(READ, "apps", "statefulsets"),
      R(READ, "policy", "poddisruptionbudgets"),
      R(READ, "", "persistentvolumeclaims,persistentvolumes"),
      ...TOKEN_AND_ACCESS_REVIEWS,
      R(READ, "storage.k8s.io", "csinodes"),
      R(READ, "", "namespaces"),
      R(READ, "storage.k8s.io", "csidrivers"),
      R(READ, "storage.k8s.io", "csistoragecapacities"),
    ],
  },
  "system:volume-scheduler": {
    rules: [
      R("get,list,patch,update,watch", "", "persistentvolumes"),
      R(READ, "storage.k8s.io", "storageclasses"),
      R("get,list,patch,update,watch", "", "persistentvolumeclaims"),
    ],
  },
  "system:node-proxier": {
    rules: [
      R("list,watch", "", "endpoints,services"),
      R(READ, "", "nodes"),
      EVENTS,
      R("list,watch", "discovery.k8s.io", "endpointslices"),
    ],
  },
  "system:service-account-issuer-discovery": {
    rules: [U("get", "/.well-known/openid-configuration,/openid/v1/jwks")],
  },
  "system:certificates.k8s.io:certificatesigningrequests:nodeclient": {
    rules: [R("create", "certificates.k8s.io", "certificatesigningrequests/nodeclient")],
  },
  "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient": {
    rules: [R("create", "certificates.k8s.io", "certificatesigningrequests/selfnodeclient")],
  },
};

// ---- controller roles (controller_policy.go), without the feature-gated ones off by default in 1.32 --------

/**
 * system:controller:<name> for every kube-controller-manager controller running with its own service
 * account. Left out because their gates are off by default in 1.32: resource-claim-controller
 * (DynamicResourceAllocation), service-cidrs-controller (MultiCIDRServiceAllocator),
 * volumeattributesclass-protection-controller (VolumeAttributesClass), selinux-warning-controller
 * (SELinuxChangePolicy) and storage-version-garbage-collector (StorageVersionAPI).
 */
const CONTROLLER_ROLES: Record<string, PolicyRule[]> = {
  "attachdetach-controller": [
    R("list,watch", "", "persistentvolumeclaims,persistentvolumes"),
    R(READ, "", "nodes"),
    R("patch,update", "", "nodes/status"),
    R("list,watch", "", "pods"),
    EVENTS,
    R("create,delete,get,list,watch", "storage.k8s.io", "volumeattachments"),
    R(READ, "storage.k8s.io", "csidrivers"),
    R(READ, "storage.k8s.io", "csinodes"),
  ],
  "clusterrole-aggregation-controller": [R("escalate,get,list,patch,update,watch", RBAC_GROUP, "clusterroles")],
  "cronjob-controller": [
    R("get,list,update,watch", "batch", "cronjobs"),
    R(ALL_BUT_COLLECTION, "batch", "jobs"),
    R("update", "batch", "cronjobs/status"),
    R("update", "batch", "cronjobs/finalizers"),
    R("delete,list,watch", "", "pods"),
    EVENTS,
  ],
  "daemon-set-controller": [
    R(READ, "apps,extensions", "daemonsets"),
    R("update", "apps,extensions", "daemonsets/status"),
    R("update", "apps,extensions", "daemonsets/finalizers"),
    R("list,watch", "", "nodes"),
    R("create,delete,list,patch,watch", "", "pods"),
    R("create", "", "pods/binding"),
    R(ALL_BUT_COLLECTION, "apps", "controllerrevisions"),
    EVENTS,
  ],
  "deployment-controller": [
    R("get,list,update,watch", "apps,extensions", "deployments"),
    R("update", "apps,extensions", "deployments/status"),
    R("update", "apps,extensions", "deployments/finalizers"),
    R(ALL_BUT_COLLECTION, "apps,extensions", "replicasets"),
    R("get,list,update,watch", "", "pods"),
    EVENTS,
  ],
  "disruption-controller": [
    R(READ, "apps,extensions", "deployments"),
    R(READ, "apps,extensions", "replicasets"),
    R(READ, "", "replicationcontrollers"),
    R(READ, "policy", "poddisruptionbudgets"),
    R(READ, "apps", "statefulsets"),
    R("update", "policy", "poddisruptionbudgets/status"),
    R("patch,update", "", "pods/status"),
    R("get", "*", "*/scale"),
    EVENTS,
  ],
  "endpoint-controller": [
    R(READ, "", "pods,services"),
    R("create,delete,get,list,update,watch", "", "endpoints"),
    R("create", "", "endpoints/restricted"),
    EVENTS,
  ],
  "endpointslice-controller": [
    R(READ, "", "nodes,pods,services"),
    R("update", "", "services/finalizers"),
    R("create,delete,get,list,update,watch", "discovery.k8s.io", "endpointslices"),
    EVENTS,
  ],
  "endpointslicemirroring-controller": [
    R(READ, "", "endpoints,services"),
    R("update", "", "services/finalizers"),
    R("update", "", "endpoints/finalizers"),
    R("create,delete,get,list,update,watch", "discovery.k8s.io", "endpointslices"),
    EVENTS,
  ],
  "expand-controller": [
    R("get,list,patch,update,watch", "", "persistentvolumes"),
    R("patch,update", "", "persistentvolumeclaims/status"),
    R(READ, "", "persistentvolumeclaims"),
    EVENTS,
  ],
  "ephemeral-volume-controller": [
    R(READ, "", "pods"),
    R("update", "", "pods/finalizers"),
    R("create,get,list,watch", "", "persistentvolumeclaims"),
    EVENTS,
  ],
  "generic-garbage-collector": [R("delete,get,list,patch,update,watch", "*", "*"), EVENTS],
  "horizontal-pod-autoscaler": [
    R(READ, "autoscaling", "horizontalpodautoscalers"),
    R("update", "autoscaling", "horizontalpodautoscalers/status"),
    R("get,update", "*", "*/scale"),
    R("list,watch", "", "pods"),
    R("list,watch", "metrics.k8s.io", "pods"),
    R(READ, "custom.metrics.k8s.io", "*"),
    R(READ, "external.metrics.k8s.io", "*"),
    EVENTS,
  ],
  "job-controller": [
    R("get,list,patch,update,watch", "batch", "jobs"),
    R("update", "batch", "jobs/status"),
    R("update", "batch", "jobs/finalizers"),
    R("create,delete,list,patch,watch", "", "pods"),
    EVENTS,
  ],
  "namespace-controller": [
    R("delete,get,list,watch", "", "namespaces"),
    R("update", "", "namespaces/finalize,namespaces/status"),
    R("delete,deletecollection,get,list,watch", "*", "*"),
  ],
  "node-controller": [
    R("delete,get,list,patch,update,watch", "", "nodes"),
    R("patch,update", "", "nodes/status"),
    R("patch,update", "", "pods/status"),
    R("delete,get,list,watch", "", "pods"),
    EVENTS,
  ],
  "persistent-volume-binder": [
    R("create,delete,get,list,update,watch", "", "persistentvolumes"),
    R("update", "", "persistentvolumes/status"),
    R("get,list,update,watch", "", "persistentvolumeclaims"),
    R("update", "", "persistentvolumeclaims/status"),
    R("create,delete,get,list,watch", "", "pods"),
    R(READ, "storage.k8s.io", "storageclasses"),
    R("list,watch", "", "nodes"),
    EVENTS,
    R("watch", "", "events"),
  ],
  "pod-garbage-collector": [R("delete,list,watch", "", "pods"), R(READ, "", "nodes"), R("patch", "", "pods/status")],
  "replicaset-controller": [
    R("get,list,update,watch", "apps,extensions", "replicasets"),
    R("update", "apps,extensions", "replicasets/status"),
    R("update", "apps,extensions", "replicasets/finalizers"),
    R("create,delete,list,patch,watch", "", "pods"),
    EVENTS,
  ],
  "replication-controller": [
    R("get,list,update,watch", "", "replicationcontrollers"),
    R("update", "", "replicationcontrollers/status"),
    R("update", "", "replicationcontrollers/finalizers"),
    R("create,delete,list,patch,watch", "", "pods"),
    EVENTS,
  ],
  "resourcequota-controller": [R("list,watch", "*", "*"), R("update", "", "resourcequotas/status"), EVENTS],
  "route-controller": [R("list,watch", "", "nodes"), R("patch", "", "nodes/status"), EVENTS],
  "service-account-controller": [R("create", "", "serviceaccounts"), EVENTS],
  "service-controller": [
    R(READ, "", "services"),
    R("patch,update", "", "services/status"),
    R("list,watch", "", "nodes"),
    EVENTS,
  ],
  "statefulset-controller": [
    R("list,watch", "", "pods"),
    R(READ, "apps", "statefulsets"),
    R("update", "apps", "statefulsets/status"),
    R("update", "apps", "statefulsets/finalizers"),
    R("create,delete,get,patch,update", "", "pods"),
    R(ALL_BUT_COLLECTION, "apps", "controllerrevisions"),
    R("create,get,list,watch", "", "persistentvolumeclaims"),
    R("delete,update", "", "persistentvolumeclaims"),
    R("update", "", "pods/finalizers"),
    EVENTS,
  ],
  "ttl-controller": [R("list,patch,update,watch", "", "nodes"), EVENTS],
  "certificate-controller": [
    R("delete,get,list,watch", "certificates.k8s.io", "certificatesigningrequests"),
    R("update", "certificates.k8s.io", "certificatesigningrequests/approval,certificatesigningrequests/status"),
    R("approve", "certificates.k8s.io", "signers", "kubernetes.io/kube-apiserver-client-kubelet"),
    R(
      "sign",
      "certificates.k8s.io",
      "signers",
      "kubernetes.io/kube-apiserver-client,kubernetes.io/kube-apiserver-client-kubelet,kubernetes.io/kubelet-serving,kubernetes.io/legacy-unknown",
    ),
    R("create", "authorization.k8s.io", "subjectaccessreviews"),
    EVENTS,
  ],
  "pvc-protection-controller": [R("get,list,update,watch", "", "persistentvolumeclaims"), R(READ, "", "pods"), EVENTS],
  "pv-protection-controller": [R("get,list,update,watch", "", "persistentvolumes"), EVENTS],
  "ttl-after-finished-controller": [R("delete,get,list,watch", "batch", "jobs"), EVENTS],
  "root-ca-cert-publisher": [R("create,update", "", "configmaps"), EVENTS],
  "validatingadmissionpolicy-status-controller": [
    R(READ, "admissionregistration.k8s.io", "validatingadmissionpolicies"),
    R("get,patch,update", "admissionregistration.k8s.io", "validatingadmissionpolicies/status"),
    EVENTS,
  ],
  "legacy-service-account-token-cleaner": [
    R("get", "", "configmaps", "kube-apiserver-legacy-service-account-token-tracking"),
    R("delete,patch", "", "secrets"),
  ],
};

export const CONTROLLER_ROLE_NAMES: readonly string[] = Object.keys(CONTROLLER_ROLES);

// ---- the bootstrap policy as objects --------------------------------------------------------------------

const bootstrapMeta = (labels?: Record<string, string>) => ({
  labels: { [BOOTSTRAPPING_LABEL]: "rbac-defaults", ...(labels ?? {}) },
  annotations: { [AUTOUPDATE_ANNOTATION]: "true" },
});

function ruleKey(r: PolicyRule): string {
  return JSON.stringify([r.verbs, r.apiGroups, r.resources, r.resourceNames, r.nonResourceURLs]);
}

/**
 * The clusterrole-aggregation controller's result: every role with an aggregationRule gets the rules of the
 * roles its selectors match (sorted by name, duplicates dropped), repeated until nothing changes (view feeds
 * edit, which feeds admin).
 */
function aggregate(roles: RbacSpec[]): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const role of roles) {
      if (!role.aggregationRule) continue;
      const selected = roles
        .filter(
          (r) =>
            r !== role &&
            role.aggregationRule!.clusterRoleSelectors.some((s) =>
              Object.entries(s.matchLabels).every(([k, v]) => r.labels?.[k] === v),
            ),
        )
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const rules: PolicyRule[] = [];
      const seen = new Set<string>();
      for (const r of selected.flatMap((x) => x.rules ?? [])) {
        const key = ruleKey(r);
        if (!seen.has(key)) {
          seen.add(key);
          rules.push(r);
        }
      }
      if (JSON.stringify(rules) !== JSON.stringify(role.rules ?? [])) {
        role.rules = rules;
        changed = true;
      }
    }
  }
}

/** The bootstrap ClusterRoles (policy.go, then controller_policy.go), aggregated roles filled in. */
export function bootstrapClusterRoles(): RbacSpec[] {
  const roles: RbacSpec[] = Object.entries(CLUSTER_ROLES).map(([name, e]) => ({
    kind: "ClusterRole",
    name,
    ...bootstrapMeta(e.labels),
    rules: e.rules,
    aggregationRule: e.aggregates ? { clusterRoleSelectors: [{ matchLabels: aggregateTo(e.aggregates) }] } : undefined,
  }));
  for (const [name, rules] of Object.entries(CONTROLLER_ROLES)) {
    roles.push({ kind: "ClusterRole", name: `system:controller:${name}`, ...bootstrapMeta(), rules });
  }
  aggregate(roles);
  return roles;
}

function clusterBinding(name: string, subjects: Subject[] | undefined, roleName = name): RbacSpec {
  return { kind: "ClusterRoleBinding", name, ...bootstrapMeta(), roleRef: clusterRoleRef(roleName), subjects };
}

/** The bootstrap ClusterRoleBindings (ClusterRoleBindings(), then ControllerRoleBindings()). */
export function bootstrapClusterRoleBindings(): RbacSpec[] {
  return [
    clusterBinding("cluster-admin", [group("system:masters")]),
    clusterBinding("system:monitoring", [group("system:monitoring")]),
    clusterBinding("system:discovery", [group("system:authenticated")]),
    clusterBinding("system:basic-user", [group("system:authenticated")]),
    clusterBinding("system:public-info-viewer", [group("system:authenticated"), group("system:unauthenticated")]),
    clusterBinding("system:node-proxier", [user("system:kube-proxy")]),
    clusterBinding("system:kube-controller-manager", [user("system:kube-controller-manager")]),
    clusterBinding("system:kube-dns", [serviceAccount("kube-dns")]),
    clusterBinding("system:kube-scheduler", [user("system:kube-scheduler")]),
    clusterBinding("system:volume-scheduler", [user("system:kube-scheduler")]),
    // Deprecated since the Node authorizer (1.7): kept, with no subjects, so reconciliation can tighten it.
    clusterBinding("system:node", undefined),
    clusterBinding("system:service-account-issuer-discovery", [group("system:serviceaccounts")]),
    ...CONTROLLER_ROLE_NAMES.map((n) => clusterBinding(`system:controller:${n}`, [serviceAccount(n)])),
  ];
}

/**
 * The bootstrap Roles and RoleBindings of kube-system and kube-public (namespace_policy.go as of 1.32: the
 * leader-locking roles still grant the configmap locks; leases come from the components' ClusterRoles).
 */
export function bootstrapNamespacePolicy(): RbacSpec[] {
  const role = (namespace: string, name: string, rules: PolicyRule[]): RbacSpec => ({
    kind: "Role",
    name,
    namespace,
    ...bootstrapMeta(),
    rules,
  });
  const binding = (namespace: string, name: string, role: string, subjects: Subject[]): RbacSpec => ({
    kind: "RoleBinding",
    name,
    namespace,
    ...bootstrapMeta(),
    roleRef: roleRef(role),
    subjects,
  });
  const sys = "kube-system";
  const leaderLocking = (component: string) => [
    R("watch", "", "configmaps"),
    R("get,update", "", "configmaps", component),
  ];
  return [
    role(sys, "extension-apiserver-authentication-reader", [
      R(READ, "", "configmaps", "extension-apiserver-authentication"),
    ]),
    role(sys, "system:controller:bootstrap-signer", [R(READ, "", "secrets")]),
    role(sys, "system:controller:cloud-provider", [R("create,get,list,watch", "", "configmaps")]),
    role(sys, "system:controller:token-cleaner", [R("delete,get,list,watch", "", "secrets"), EVENTS]),
    role(sys, "system::leader-locking-kube-controller-manager", leaderLocking("kube-controller-manager")),
    role(sys, "system::leader-locking-kube-scheduler", leaderLocking("kube-scheduler")),
    role("kube-public", "system:controller:bootstrap-signer", [
      R(READ, "", "configmaps"),
      R("update", "", "configmaps", "cluster-info"),
      EVENTS,
    ]),
    binding(sys, "system::extension-apiserver-authentication-reader", "extension-apiserver-authentication-reader", [
      user("system:kube-controller-manager"),
      user("system:kube-scheduler"),
    ]),
    binding(sys, "system::leader-locking-kube-controller-manager", "system::leader-locking-kube-controller-manager", [
      user("system:kube-controller-manager"),
      serviceAccount("kube-controller-manager"),
    ]),
    binding(sys, "system::leader-locking-kube-scheduler", "system::leader-locking-kube-scheduler", [
      user("system:kube-scheduler"),
      serviceAccount("kube-scheduler"),
    ]),
    binding(sys, "system:controller:bootstrap-signer", "system:controller:bootstrap-signer", [
      serviceAccount("bootstrap-signer"),
    ]),
    binding(sys, "system:controller:cloud-provider", "system:controller:cloud-provider", [
      serviceAccount("cloud-provider"),
    ]),
    binding(sys, "system:controller:token-cleaner", "system:controller:token-cleaner", [
      serviceAccount("token-cleaner"),
    ]),
    binding("kube-public", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer", [
      serviceAccount("bootstrap-signer"),
    ]),
  ];
}

// ---- kubeadm --------------------------------------------------------------------------------------------

/**
 * What `kubeadm init` creates, with the boot second of each step: the admin binding (kubeconfig phase),
 * upload-config and kubelet-config (9), bootstrap-token (10), the CoreDNS and kube-proxy addons (11).
 * kubeadm sets no labels or annotations; subjects' apiGroup is the API server's defaulting. Edgeplane's tenant
 * bindings (tenantAccessBindings) come last, dated with kubeadm's admin binding.
 */
export function kubeadmRbac(): { created: number; spec: RbacSpec }[] {
  const getConfigMap = (name: string) => [R("get", "", "configmaps", name)];
  const cr = (name: string, rules: PolicyRule[]): RbacSpec => ({ kind: "ClusterRole", name, rules });
  const crb = (name: string, role: string, subjects: Subject[]): RbacSpec => ({
    kind: "ClusterRoleBinding",
    name,
    roleRef: clusterRoleRef(role),
    subjects,
  });
  const r = (namespace: string, name: string, rules: PolicyRule[]): RbacSpec => ({
    kind: "Role",
    name,
    namespace,
    rules,
  });
  const rb = (namespace: string, name: string, subjects: Subject[]): RbacSpec => ({
    kind: "RoleBinding",
    name,
    namespace,
    roleRef: roleRef(name),
    subjects,
  });
  return [
    { created: 9, spec: crb("kubeadm:cluster-admins", "cluster-admin", [group("kubeadm:cluster-admins")]) },
    { created: 9, spec: r("kube-system", "kubeadm:nodes-kubeadm-config", getConfigMap("kubeadm-config")) },
    {
      created: 9,
      spec: rb("kube-system", "kubeadm:nodes-kubeadm-config", [group(BOOTSTRAPPERS), group("system:nodes")]),
    },
    { created: 9, spec: r("kube-system", "kubeadm:kubelet-config", getConfigMap("kubelet-config")) },
    { created: 9, spec: rb("kube-system", "kubeadm:kubelet-config", [group("system:nodes"), group(BOOTSTRAPPERS)]) },
    { created: 10, spec: crb("kubeadm:kubelet-bootstrap", "system:node-bootstrapper", [group(BOOTSTRAPPERS)]) },
    { created: 10, spec: cr("kubeadm:get-nodes", [R("get", "", "nodes")]) },
    { created: 10, spec: crb("kubeadm:get-nodes", "kubeadm:get-nodes", [group(BOOTSTRAPPERS)]) },
    {
      created: 10,
      spec: crb(
        "kubeadm:node-autoapprove-bootstrap",
        "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
        [group(BOOTSTRAPPERS)],
      ),
    },
    {
      created: 10,
      spec: crb(
        "kubeadm:node-autoapprove-certificate-rotation",
        "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
        [group("system:nodes")],
      ),
    },
    { created: 10, spec: r("kube-public", "kubeadm:bootstrap-signer-clusterinfo", getConfigMap("cluster-info")) },
    {
      created: 10,
      spec: rb("kube-public", "kubeadm:bootstrap-signer-clusterinfo", [user("system:anonymous")]),
    },
    {
      created: 11,
      spec: cr("system:coredns", [
        R("list,watch", "", "endpoints,services,pods,namespaces"),
        R("list,watch", "discovery.k8s.io", "endpointslices"),
      ]),
    },
    { created: 11, spec: crb("system:coredns", "system:coredns", [serviceAccount("coredns")]) },
    { created: 11, spec: crb("kubeadm:node-proxier", "system:node-proxier", [serviceAccount("kube-proxy")]) },
    { created: 11, spec: r("kube-system", "kube-proxy", getConfigMap("kube-proxy")) },
    { created: 11, spec: rb("kube-system", "kube-proxy", [group(BOOTSTRAPPERS)]) },
    // Created with kubeadm's admin binding: edgeplane's own mapping of tenant roles into the cluster.
    ...tenantAccessBindings().map((spec) => ({ created: 9, spec })),
  ];
}

// ---- edgeplane ------------------------------------------------------------------------------------------

/** The label on the objects edgeplane (not Kubernetes) puts into every new cluster. */
export const MANAGED_BY_EDGEPLANE = { "app.kubernetes.io/managed-by": "edgeplane" };

/**
 * How a tenant's members reach into its clusters: the Worker gives each member the group of its tenant role,
 * bound here to kube's user-facing roles (admins → cluster-admin, developers → edit, viewers → view).
 * Ordinary objects: tenants narrow access by editing or deleting them, and since they carry no autoupdate
 * annotation nothing puts them back.
 */
const DEVELOPER_ROLE = "edgeplane:developer";

/**
 * kube's `edit`, minus its two ways to become someone else: impersonating ServiceAccounts and minting their
 * tokens. Bound cluster-wide, `edit` would let a developer act as any kube-system controller account (some hold
 * `escalate`) and so make itself cluster-admin; the tenant's developer/admin line must hold. Built from the
 * same aggregated parts as `edit` (aggregate-to-edit + aggregate-to-view), so it follows kube's rules.
 */
function developerRole(): RbacSpec {
  const parts = [CLUSTER_ROLES["system:aggregate-to-edit"], CLUSTER_ROLES["system:aggregate-to-view"]];
  const rules = parts
    .flatMap((p) => p.rules ?? [])
    .filter((r) => !r.verbs.includes("impersonate"))
    .map((r) => ({ ...r, resources: r.resources?.filter((res) => res !== "serviceaccounts/token") }))
    .filter((r) => (r.resources ?? []).length > 0);
  return { kind: "ClusterRole", name: DEVELOPER_ROLE, labels: { ...MANAGED_BY_EDGEPLANE }, rules };
}

export function tenantAccessBindings(): RbacSpec[] {
  // Each binding is named after the group it binds (the group the Worker gives a tenant role).
  const binding = (groupName: string, clusterRole: string): RbacSpec => ({
    kind: "ClusterRoleBinding",
    name: groupName,
    labels: { ...MANAGED_BY_EDGEPLANE },
    roleRef: clusterRoleRef(clusterRole),
    subjects: [group(groupName)],
  });
  // The cluster clock (/time, /time:advance) is edgeplane's own non-resource API: anyone signed in may read
  // it; developers may also move it (a learner fast-forwards their sandbox); admins hold it via cluster-admin.
  const clockRole = (name: string, verbs: string): RbacSpec => ({
    kind: "ClusterRole",
    name,
    labels: { ...MANAGED_BY_EDGEPLANE },
    rules: [U(verbs, "/time,/time:advance")],
  });
  const clockBinding = (name: string, subject: Subject): RbacSpec => ({
    kind: "ClusterRoleBinding",
    name,
    labels: { ...MANAGED_BY_EDGEPLANE },
    roleRef: clusterRoleRef(name),
    subjects: [subject],
  });
  return [
    binding(ROLE_GROUPS.admin, "cluster-admin"),
    developerRole(),
    binding(ROLE_GROUPS.developer, DEVELOPER_ROLE),
    binding(ROLE_GROUPS.viewer, "view"),
    clockRole("edgeplane:clock-reader", "get"),
    clockBinding("edgeplane:clock-reader", group("system:authenticated")),
    clockRole("edgeplane:clock-mover", "get,put,post"),
    clockBinding("edgeplane:clock-mover", group(ROLE_GROUPS.developer)),
  ];
}

// ---- kind's addons --------------------------------------------------------------------------------------

/** kindnet's ClusterRole and its binding (kind's CNI manifest, installed with `kubectl create`). */
export function kindnetRbac(): RbacSpec[] {
  return [
    {
      kind: "ClusterRole",
      name: "kindnet",
      rules: [
        R("list,watch,patch", "", "nodes"),
        R("get", "", "configmaps"),
        R("list,watch", "", "namespaces,pods"),
        R("list,watch", "networking.k8s.io", "networkpolicies"),
      ],
    },
    {
      kind: "ClusterRoleBinding",
      name: "kindnet",
      roleRef: clusterRoleRef("kindnet"),
      subjects: [{ kind: "ServiceAccount", name: "kindnet", namespace: "kube-system" }],
    },
  ];
}

/** local-path-provisioner's ClusterRole and binding (kind's storage manifest, installed with `kubectl apply`). */
export function localPathRbac(): RbacSpec[] {
  return [
    {
      kind: "ClusterRole",
      name: "local-path-provisioner-role",
      rules: [
        R(READ, "", "nodes,persistentvolumeclaims,configmaps"),
        R("*", "", "endpoints,persistentvolumes,pods"),
        R("create,patch", "", "events"),
        R(READ, "storage.k8s.io", "storageclasses"),
      ],
    },
    {
      kind: "ClusterRoleBinding",
      name: "local-path-provisioner-bind",
      roleRef: clusterRoleRef("local-path-provisioner-role"),
      subjects: [
        { kind: "ServiceAccount", name: "local-path-provisioner-service-account", namespace: "local-path-storage" },
      ],
    },
  ];
}
