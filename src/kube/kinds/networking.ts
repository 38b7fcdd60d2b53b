/** networking.k8s.io/v1 NetworkPolicy, Ingress, IngressClass. */

import { defaultIngress, defaultIngressClass, defaultNetworkPolicy } from "../defaults/networking";
import { ingressClassColumns, ingressColumns, networkPolicyColumns } from "../printers";
import { ingressClassSchema, ingressSchema, networkPolicySchema } from "../types/networking";
import { validateIngress, validateIngressClass, validateNetworkPolicy } from "../validation/networking";
import { defineKind } from "./define";

const net = { group: "networking.k8s.io", version: "v1" } as const;

export const networkPolicyKind = defineKind({
  ...net,
  kind: "NetworkPolicy",
  plural: "networkpolicies",
  namespaced: true,
  shortNames: ["netpol"],
  schema: networkPolicySchema,
  generationFields: ["spec"],
  columns: networkPolicyColumns,
  defaults: defaultNetworkPolicy,
  validate: (o, old) => validateNetworkPolicy(o, old),
});

export const ingressKind = defineKind({
  ...net,
  kind: "Ingress",
  plural: "ingresses",
  namespaced: true,
  shortNames: ["ing"],
  schema: ingressSchema,
  statusSubresource: true,
  generationFields: ["spec"],
  columns: ingressColumns,
  prepareForCreate(ing) {
    ing.status = { loadBalancer: {} };
  },
  defaults: defaultIngress,
  validate: (o, old) => validateIngress(o, old),
});

export const ingressClassKind = defineKind({
  ...net,
  kind: "IngressClass",
  plural: "ingressclasses",
  namespaced: false,
  schema: ingressClassSchema,
  generationFields: ["spec"],
  columns: ingressClassColumns,
  defaults: defaultIngressClass,
  validate: (o, old) => validateIngressClass(o, old),
});
