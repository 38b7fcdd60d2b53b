/**
 * Every kind this API server serves, in discovery order (kube lists the core group first, then apps, ...).
 * Adding a kind: write its declaration in kinds/ and list it here.
 */
import { configMapKind } from "../kinds/configmap";
import { daemonSetKind } from "../kinds/daemonset";
import { deploymentKind } from "../kinds/deployment";
import { endpointsKind } from "../kinds/endpoints";
import { eventKind } from "../kinds/event";
import { leaseKind } from "../kinds/lease";
import { namespaceKind } from "../kinds/namespace";
import { nodeKind } from "../kinds/node";
import { podKind } from "../kinds/pod";
import { replicaSetKind } from "../kinds/replicaset";
import { reviewKinds } from "../kinds/reviews";
import { secretKind } from "../kinds/secret";
import { serviceKind } from "../kinds/service";
import { serviceAccountKind } from "../kinds/serviceaccount";
import type { KindDeclaration } from "./kind";

export const KINDS: readonly KindDeclaration[] = [
  configMapKind,
  endpointsKind,
  eventKind,
  namespaceKind,
  nodeKind,
  podKind,
  secretKind,
  serviceAccountKind,
  serviceKind,
  daemonSetKind,
  deploymentKind,
  replicaSetKind,
  leaseKind,
  ...reviewKinds,
];
