/** Schemas of coordination.k8s.io/v1 (k8s.io/api/coordination/v1, v1.32): Lease. */
import { int32, microTime, obj, str } from "../schema/dsl";
import { objectMeta, typeMeta } from "./meta";

export const leaseSpec = obj("io.k8s.api.coordination.v1.LeaseSpec", {
  holderIdentity: str(),
  leaseDurationSeconds: int32(),
  acquireTime: microTime(),
  renewTime: microTime(),
  leaseTransitions: int32(),
  // CoordinatedLeaseStrategy is a plain string type (not a Go +enum); feature-gated (CoordinatedLeaderElection).
  strategy: str(),
  preferredHolder: str(),
});

export const leaseSchema = obj(
  "io.k8s.api.coordination.v1.Lease",
  { ...typeMeta, metadata: objectMeta, spec: leaseSpec },
  {
    description: "Lease defines a lease concept.",
    gvk: [{ group: "coordination.k8s.io", version: "v1", kind: "Lease" }],
  },
);
