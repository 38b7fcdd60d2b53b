/**
 * Node columns (printers.go printNode): NAME STATUS ROLES AGE VERSION | wide: INTERNAL-IP EXTERNAL-IP OS-IMAGE
 * KERNEL-VERSION CONTAINER-RUNTIME.
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { ageColumn, arr, field, nameColumn, rec, str } from "./common";
import { compareStrings } from "./labels";

const LABEL_NODE_ROLE_PREFIX = "node-role.kubernetes.io/";
const NODE_LABEL_ROLE = "kubernetes.io/role";

const ADDRESSES_DESCRIPTION =
  "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).";

/** "Ready" / "NotReady" from the Ready condition (the last one wins), "Unknown" without one; ",SchedulingDisabled" when cordoned. */
export function nodeStatus(node: KObject): string {
  let ready: string | undefined;
  for (const c of arr(field(node, "status").conditions).map(rec)) {
    if (c.type === "Ready") ready = c.status === "True" ? "Ready" : "NotReady";
  }
  const status = [ready ?? "Unknown"];
  if (field(node, "spec").unschedulable === true) status.push("SchedulingDisabled");
  return status.join(",");
}

/** findNodeRoles: node-role.kubernetes.io/<role> label keys and the kubernetes.io/role value, sorted and unique. */
export function nodeRoles(node: KObject): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(rec(node.metadata?.labels))) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role.length > 0) roles.add(role);
    } else if (k === NODE_LABEL_ROLE && typeof v === "string" && v !== "") {
      roles.add(v);
    }
  }
  return [...roles].sort(compareStrings);
}

function nodeAddress(node: KObject, type: string): string {
  for (const a of arr(field(node, "status").addresses).map(rec)) {
    if (a.type === type) return str(a.address);
  }
  return "<none>";
}

function nodeInfo(node: KObject, key: string): string {
  return str(rec(field(node, "status").nodeInfo)[key]);
}

function orUnknown(s: string): string {
  return s === "" ? "<unknown>" : s;
}

export const nodeColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Status",
    type: "string",
    format: "",
    description: "The status of the node",
    priority: 0,
    cell: (obj) => nodeStatus(obj),
  },
  {
    name: "Roles",
    type: "string",
    format: "",
    description: "The roles of the node",
    priority: 0,
    cell: (obj) => {
      const roles = nodeRoles(obj).join(",");
      return roles.length === 0 ? "<none>" : roles;
    },
  },
  ageColumn,
  {
    name: "Version",
    type: "string",
    format: "",
    description: "Kubelet Version reported by the node.",
    priority: 0,
    cell: (obj) => nodeInfo(obj, "kubeletVersion"),
  },
  {
    name: "Internal-IP",
    type: "string",
    format: "",
    description: ADDRESSES_DESCRIPTION,
    priority: 1,
    cell: (obj) => nodeAddress(obj, "InternalIP"),
  },
  {
    name: "External-IP",
    type: "string",
    format: "",
    description: ADDRESSES_DESCRIPTION,
    priority: 1,
    cell: (obj) => nodeAddress(obj, "ExternalIP"),
  },
  {
    name: "OS-Image",
    type: "string",
    format: "",
    description: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
    priority: 1,
    cell: (obj) => orUnknown(nodeInfo(obj, "osImage")),
  },
  {
    name: "Kernel-Version",
    type: "string",
    format: "",
    description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
    priority: 1,
    cell: (obj) => orUnknown(nodeInfo(obj, "kernelVersion")),
  },
  {
    name: "Container-Runtime",
    type: "string",
    format: "",
    description: "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
    priority: 1,
    cell: (obj) => orUnknown(nodeInfo(obj, "containerRuntimeVersion")),
  },
];
