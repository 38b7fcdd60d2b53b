/**
 * Schemas of networking.k8s.io/v1 (k8s.io/api/networking/v1, v1.32): NetworkPolicy, Ingress, IngressClass.
 *
 * Field names, required lists, enums (+enum: PolicyType, PathType, core Protocol) and list/struct markers follow
 * the Go struct tags of release-1.32. NetworkPolicy has no status (its protobuf tag 3 is tombstoned since 1.28);
 * NetworkPolicySpec.podSelector is still required in 1.32 (made optional in 1.34). IPAddress and ServiceCIDR
 * (beta in 1.32, v1 only from 1.33) are not part of this version.
 */
import { enumOf, int32, intOrString, list, obj, str } from "../schema/dsl";
import { typedLocalObjectReference } from "./core-pod";
import { labelSelector, objectMeta, typeMeta } from "./meta";

const net = (name: string) => `io.k8s.api.networking.v1.${name}`;
const gvk = (kind: string) => [{ group: "networking.k8s.io", version: "v1", kind }];

/** core/v1 Protocol (+enum). */
const protocol = () => enumOf(["SCTP", "TCP", "UDP"]);

// ---- NetworkPolicy --------------------------------------------------------------------------------------

export const ipBlock = obj(net("IPBlock"), { cidr: str(), except: list(str()) }, { required: ["cidr"] });

export const networkPolicyPeer = obj(net("NetworkPolicyPeer"), {
  podSelector: labelSelector,
  namespaceSelector: labelSelector,
  ipBlock,
});

export const networkPolicyPort = obj(net("NetworkPolicyPort"), {
  protocol: protocol(),
  port: intOrString(),
  endPort: int32(),
});

export const networkPolicyIngressRule = obj(net("NetworkPolicyIngressRule"), {
  ports: list(networkPolicyPort),
  from: list(networkPolicyPeer),
});

export const networkPolicyEgressRule = obj(net("NetworkPolicyEgressRule"), {
  ports: list(networkPolicyPort),
  to: list(networkPolicyPeer),
});

export const networkPolicySpec = obj(
  net("NetworkPolicySpec"),
  {
    podSelector: labelSelector,
    ingress: list(networkPolicyIngressRule),
    egress: list(networkPolicyEgressRule),
    // []PolicyType, PolicyType is +enum.
    policyTypes: list(enumOf(["Egress", "Ingress"])),
  },
  { required: ["podSelector"] },
);

export const networkPolicySchema = obj(
  net("NetworkPolicy"),
  { ...typeMeta, metadata: objectMeta, spec: networkPolicySpec },
  {
    description: "NetworkPolicy describes what network traffic is allowed for a set of Pods",
    gvk: gvk("NetworkPolicy"),
  },
);

// ---- Ingress --------------------------------------------------------------------------------------------

/** +structType=atomic */
export const serviceBackendPort = obj(
  net("ServiceBackendPort"),
  { name: str(), number: int32() },
  { mapType: "atomic" },
);

export const ingressServiceBackend = obj(
  net("IngressServiceBackend"),
  { name: str(), port: serviceBackendPort },
  { required: ["name"] },
);

export const ingressBackend = obj(net("IngressBackend"), {
  service: ingressServiceBackend,
  resource: typedLocalObjectReference,
});

export const httpIngressPath = obj(
  net("HTTPIngressPath"),
  {
    path: str(),
    // PathType is +enum.
    pathType: enumOf(["Exact", "ImplementationSpecific", "Prefix"]),
    backend: ingressBackend,
  },
  { required: ["pathType", "backend"] },
);

export const httpIngressRuleValue = obj(
  net("HTTPIngressRuleValue"),
  { paths: list(httpIngressPath) },
  { required: ["paths"] },
);

/** IngressRule embeds IngressRuleValue inline (`json:",inline"`), so `http` sits beside `host`. */
export const ingressRule = obj(net("IngressRule"), {
  host: str(),
  http: httpIngressRuleValue,
});

export const ingressTLS = obj(net("IngressTLS"), {
  hosts: list(str()),
  secretName: str(),
});

export const ingressSpec = obj(net("IngressSpec"), {
  ingressClassName: str(),
  defaultBackend: ingressBackend,
  tls: list(ingressTLS),
  rules: list(ingressRule),
});

export const ingressPortStatus = obj(
  net("IngressPortStatus"),
  { port: int32(), protocol: protocol(), error: str() },
  { required: ["port", "protocol"] },
);

export const ingressLoadBalancerIngress = obj(net("IngressLoadBalancerIngress"), {
  ip: str(),
  hostname: str(),
  ports: list(ingressPortStatus),
});

export const ingressLoadBalancerStatus = obj(net("IngressLoadBalancerStatus"), {
  ingress: list(ingressLoadBalancerIngress),
});

export const ingressStatus = obj(net("IngressStatus"), {
  loadBalancer: ingressLoadBalancerStatus,
});

export const ingressSchema = obj(
  net("Ingress"),
  { ...typeMeta, metadata: objectMeta, spec: ingressSpec, status: ingressStatus },
  {
    description:
      "Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend. An Ingress can be configured to give services externally-reachable urls, load balance traffic, terminate SSL, offer name based virtual hosting etc.",
    gvk: gvk("Ingress"),
  },
);

// ---- IngressClass ---------------------------------------------------------------------------------------

export const ingressClassParametersReference = obj(
  net("IngressClassParametersReference"),
  {
    apiGroup: str(),
    kind: str(),
    name: str(),
    // "Cluster" (default) or "Namespace"; plain *string in Go, not an enum.
    scope: str(),
    namespace: str(),
  },
  { required: ["kind", "name"] },
);

export const ingressClassSpec = obj(net("IngressClassSpec"), {
  controller: str(),
  parameters: ingressClassParametersReference,
});

export const ingressClassSchema = obj(
  net("IngressClass"),
  { ...typeMeta, metadata: objectMeta, spec: ingressClassSpec },
  {
    description:
      "IngressClass represents the class of the Ingress, referenced by the Ingress Spec. The `ingressclass.kubernetes.io/is-default-class` annotation can be used to indicate that an IngressClass should be considered default. When a single IngressClass resource has this annotation set to true, new Ingress resources without a class specified will be assigned this default class.",
    gvk: gvk("IngressClass"),
  },
);
