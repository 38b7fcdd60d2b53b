/** core/v1 Service. */

import {
  assignLoadBalancerIngress,
  collectServiceAllocations,
  dropTypeDependentFields,
  prepareServiceAllocation,
} from "../admission/service-ip";
import { defaultService, prepareServiceForUpdate } from "../defaults/core-misc";
import type { KObject } from "../object";
import { serviceColumns } from "../printers";
import type { AdmissionContext, KindDeclaration } from "../registry/kind";
import { serviceSchema } from "../types/core-other";
import { validateService } from "../validation/core-misc";

/**
 * Cluster IPs from 10.96.0.0/12, node ports from 30000-32767 and simulated LoadBalancer addresses, as the
 * service registry allocates them. What is in use is read from the stored Services, so deleting a Service
 * frees its addresses and ports.
 */
function allocate(svc: KObject, old: KObject | undefined, ctx: AdmissionContext): void {
  const used = collectServiceAllocations(ctx.view.list("", "services"));
  prepareServiceAllocation(svc, old, used);
  assignLoadBalancerIngress(svc, used.loadBalancerIPs);
}

export const serviceKind: KindDeclaration = {
  group: "",
  version: "v1",
  kind: "Service",
  plural: "services",
  singular: "service",
  namespaced: true,
  shortNames: ["svc"],
  categories: ["all"],
  schema: serviceSchema,
  nameRule: "dns1035-label",
  statusSubresource: true,
  columns: serviceColumns,
  defaults: (svc) => defaultService(svc),
  validate: validateService,
  prepareForUpdate(svc, old, ctx) {
    prepareServiceForUpdate(svc, old);
    dropTypeDependentFields(svc, old);
    allocate(svc, old, ctx);
    const spec = (svc.spec ?? {}) as { type?: string };
    // A Service that stops being a LoadBalancer gives its simulated ingress address back.
    if (
      spec.type !== "LoadBalancer" &&
      (svc.status as { loadBalancer?: { ingress?: unknown } } | undefined)?.loadBalancer?.ingress
    ) {
      svc.status = { ...(svc.status as object), loadBalancer: {} };
    }
  },
  fieldSelectors: {
    "spec.clusterIP": (o) => String((o.spec as { clusterIP?: string } | undefined)?.clusterIP ?? ""),
    "spec.type": (o) => String((o.spec as { type?: string } | undefined)?.type ?? ""),
  },
  prepareForCreate(svc, ctx) {
    svc.status = { loadBalancer: {} };
    allocate(svc, undefined, ctx);
  },
};
