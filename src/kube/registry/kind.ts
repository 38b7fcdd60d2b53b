/**
 * The declaration of one kind. Everything the API server knows about a kind comes from here: storage key,
 * discovery entry, OpenAPI schema, validation, defaulting, patch metadata (via the schema) and Table columns.
 * Adding a kind means writing one of these and listing it in registry/kinds.ts.
 */
import type { FieldError } from "../errors";
import type { KObject } from "../object";
import type { ObjectSchema } from "../schema/dsl";

export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection";

export const ALL_VERBS: readonly Verb[] = [
  "create",
  "delete",
  "deletecollection",
  "get",
  "list",
  "patch",
  "update",
  "watch",
];

/** One column of `kubectl get` output (metav1.TableColumnDefinition plus the function that fills it). */
export interface TableColumn {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  format?: "name" | "";
  description: string;
  /** 0 = default view, 1 = only with `-o wide`. */
  priority: 0 | 1;
  cell: (obj: KObject, now: number) => string | number | boolean | null;
}

/** Where a scale subresource reads and writes replicas (autoscaling/v1 Scale). */
export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/**
 * A read-only look at the cluster's current objects, for strategies and admission that depend on other
 * objects (a pod's ServiceAccount, PriorityClasses, the Services holding cluster IPs, ...). Unknown kinds read
 * as empty.
 */
export interface ClusterView {
  list(group: string, plural: string, namespace?: string): KObject[];
  get(group: string, plural: string, namespace: string | undefined, name: string): KObject | undefined;
}

/** Context handed to defaulting, strategies and validation. */
export interface AdmissionContext {
  /** Current time in ms since the epoch (from the cluster's clock). */
  now: number;
  operation: "CREATE" | "UPDATE";
  /** The cluster as it is before this write. */
  view: ClusterView;
}

export interface KindDeclaration {
  /** API group; "" for the core group. */
  group: string;
  version: string;
  kind: string;
  /** Resource name in URLs (`pods`). */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: readonly string[];
  categories?: readonly string[];
  verbs?: readonly Verb[];
  /** The whole object's schema (apiVersion, kind, metadata, spec, status, ...). */
  schema: ObjectSchema;
  /** What metadata.name must be: DNS-1123 subdomain (most kinds), DNS-1123 label (Namespace, Service), or a path segment. */
  nameRule: "subdomain" | "label" | "dns1035-label" | "path-segment";
  /** True when the kind has a status subresource: the main resource then ignores status changes on update. */
  statusSubresource?: boolean;
  scale?: ScaleSubresource;
  /**
   * Top-level fields whose change bumps metadata.generation. Kinds without a spec (ConfigMap, Secret, ...)
   * bump generation on any data change only when they declare fields here; most leave generation unset.
   */
  generationFields?: readonly string[];
  /** Applied on create and update, after decoding and before validation (SetDefaults_* in Kubernetes). */
  defaults?: (obj: KObject, ctx: AdmissionContext) => void;
  /** Resets fields a client may not set on create (PrepareForCreate in a registry strategy). */
  prepareForCreate?: (obj: KObject, ctx: AdmissionContext) => void;
  /** Carries over or resets fields on update before validation (PrepareForUpdate in a registry strategy). */
  prepareForUpdate?: (obj: KObject, old: KObject, ctx: AdmissionContext) => void;
  /** Kind-specific validation beyond what the schema checks. `old` is set on update. */
  validate?: (obj: KObject, old: KObject | undefined, ctx: AdmissionContext) => FieldError[];
  /** Columns of `kubectl get` (priority 1 ones appear with -o wide). */
  columns: readonly TableColumn[];
  /**
   * Graceful deletion (pods): the grace period in seconds a DELETE gives the object, 0 to remove it at once.
   * Kinds without it are removed at once unless finalizers hold them.
   */
  deletionGracePeriod?: (obj: KObject, requested: number | undefined) => number;
  /**
   * Marks an object whose deletion has begun (Namespace → phase Terminating) and says whether its removal
   * must wait for a controller (the namespace's spec.finalizers).
   */
  beginDeletion?: (obj: KObject) => boolean;
  /**
   * Served in another declaration's stored form (kube's storage version): autoscaling/v1 HPAs are stored as
   * autoscaling/v2, events.k8s.io Events as core Events. Reads convert from it, writes to it.
   */
  storedAs?: {
    group: string;
    plural: string;
    toStorage: (obj: KObject) => KObject;
    fromStorage: (obj: KObject) => KObject;
  };
  /** Validate metadata with apimachinery's generic rules (apiextensions and custom resources). */
  genericObjectMeta?: true;
  /**
   * Create-only kinds that are answered, not stored (SelfSubjectAccessReview, TokenReview, ...): the API
   * server computes the response's status from the request.
   */
  virtual?: true;
  /** Extra field selectors beyond metadata.name/metadata.namespace (e.g. spec.nodeName for pods). */
  fieldSelectors?: Record<string, (obj: KObject) => string | undefined>;
}

export function apiVersionOf(k: Pick<KindDeclaration, "group" | "version">): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}
