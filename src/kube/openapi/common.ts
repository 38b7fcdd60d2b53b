/**
 * What the OpenAPI v2 and v3 documents share: the meta types every group-version references, the model of
 * the REST operations kube-apiserver installs for a resource (paths, operationIds, parameters, responses),
 * and the walk that collects every named definition reachable from a set of schemas.
 *
 * The renderers (v2.ts: Swagger 2.0, v3.ts: OpenAPI 3.0) turn this model into documents shaped like the ones
 * kube-apiserver serves, so kubectl (explain, apply's strategic-merge-patch computation, the fieldValidation
 * query-param verifier) reads them exactly as it reads a real cluster's.
 */
import { ALL_VERBS, type KindDeclaration, type Verb } from "../registry/kind";
import {
  bool,
  int32,
  int64,
  list,
  type ObjectSchema,
  obj,
  type ResolvedSchema,
  resolve,
  type Schema,
  str,
} from "../schema/dsl";
import { scaleSchema } from "../types/autoscaling";
import { listMeta, typeMeta } from "../types/meta";

// ---- named scalar types ----------------------------------------------------------------------------------

export const TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
export const MICRO_TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
export const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
export const INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

export const SCALAR_DESCRIPTIONS: Record<string, string> = {
  [TIME]:
    "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.",
  [MICRO_TIME]: "MicroTime is version of Time with microsecond level precision.",
  [QUANTITY]:
    'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n\n\t(Note that <suffix> may be empty, from the "" case in <decimalSI>.)\n\n<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= "+" | "-" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)\n\n<decimalSI>       ::= m | "" | k | M | G | T | P | E\n\n\t(Note that 1024 = 1Ki but 1000 = 1k; I didn\'t choose the capitalization.)\n\n<decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber> ```\n\nNo matter which of the three exponent forms is used, no quantity may represent a number greater than 2^63-1 in magnitude, nor may it have more than 3 decimal places. Numbers larger or more precise will be capped or rounded up. (E.g.: 0.1m will rounded up to 1m.) This may be extended in the future if we require larger or smaller quantities.',
  [INT_OR_STRING]:
    "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
};

/** Definition name of a schema that is rendered as a `$ref` (objects and the named scalar types). */
export function definitionName(r: ResolvedSchema): string | undefined {
  switch (r.kind) {
    case "object":
      return r.name;
    case "time":
      return r.micro ? MICRO_TIME : TIME;
    case "quantity":
      return QUANTITY;
    case "int-or-string":
      return INT_OR_STRING;
    default:
      return undefined;
  }
}

/** Every named definition reachable from `roots`, in discovery order (first declaration of a name wins). */
export function collectDefinitions(roots: readonly Schema[]): Map<string, ResolvedSchema> {
  const out = new Map<string, ResolvedSchema>();
  const seen = new Set<ResolvedSchema>();
  const visit = (s: Schema) => {
    const r = resolve(s);
    if (seen.has(r)) return;
    seen.add(r);
    const name = definitionName(r);
    if (name) {
      const prev = out.get(name);
      // A kind's own declaration (carrying x-kubernetes-group-version-kind) wins over a bare reference to it.
      if (!prev || (prev.kind === "object" && !prev.gvk && r.kind === "object" && r.gvk)) out.set(name, r);
    }
    switch (r.kind) {
      case "object":
        for (const p of Object.values(r.properties)) visit(p);
        break;
      case "map":
        visit(r.values);
        break;
      case "array":
        visit(r.items);
        break;
    }
  };
  for (const s of roots) visit(s);
  return out;
}

// ---- meta types ------------------------------------------------------------------------------------------

const META = (n: string) => `io.k8s.apimachinery.pkg.apis.meta.v1.${n}`;

export const rawExtensionSchema = obj(
  "io.k8s.apimachinery.pkg.runtime.RawExtension",
  {},
  { description: "RawExtension is used to hold extensions in external versions." },
);

export const statusCauseSchema = obj(
  META("StatusCause"),
  {
    field: str(
      "The field of the resource that has caused this error, as named by its JSON serialization. May include dot and postfix notation for nested attributes. Arrays are zero-indexed.  Fields may appear more than once in an array of causes due to fields having multiple errors. Optional.",
    ),
    message: str(
      "A human-readable description of the cause of the error.  This field may be presented as-is to a reader.",
    ),
    reason: str(
      "A machine-readable description of the cause of the error. If this value is empty there is no information available.",
    ),
  },
  {
    description:
      "StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered.",
  },
);

export const statusDetailsSchema = obj(
  META("StatusDetails"),
  {
    causes: list(
      statusCauseSchema,
      "The Causes array includes more details associated with the StatusReason failure. Not all StatusReasons may provide detailed causes.",
    ),
    group: str("The group attribute of the resource associated with the status StatusReason."),
    kind: str(
      "The kind attribute of the resource associated with the status StatusReason. On some operations may differ from the requested resource Kind.",
    ),
    name: str(
      "The name attribute of the resource associated with the status StatusReason (when there is a single name which can be described).",
    ),
    retryAfterSeconds: int32(
      "If specified, the time in seconds before the operation should be retried. Some errors may indicate the client must take an alternate action - for those errors this field may indicate how long to wait before taking the alternate action.",
    ),
    uid: str("UID of the resource. (when there is a single resource which can be described)."),
  },
  {
    description:
      "StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response. The Reason field of a Status object defines what attributes will be set. Clients must ignore fields that do not match the defined type of each attribute, and should assume that any attribute may be empty, invalid, or under defined.",
  },
);
// `list()` marks the list atomic; Status.details.causes carries no list-type tag in Go.
(statusDetailsSchema.properties.causes as { listType?: string }).listType = undefined;

export const statusSchema = obj(
  META("Status"),
  {
    ...typeMeta,
    code: int32("Suggested HTTP return code for this status, 0 if not set."),
    details: statusDetailsSchema,
    message: str("A human-readable description of the status of this operation."),
    metadata: listMeta,
    reason: str(
      'A machine-readable description of why this operation is in the "Failure" status. If this value is empty there is no information available. A Reason clarifies an HTTP status code but does not override it.',
    ),
    status: str('Status of the operation. One of: "Success" or "Failure".'),
  },
  {
    description: "Status is a return value for calls that don't return other objects.",
    gvk: [{ group: "", version: "v1", kind: "Status" }],
  },
);

export const preconditionsSchema = obj(
  META("Preconditions"),
  { resourceVersion: str("Specifies the target ResourceVersion"), uid: str("Specifies the target UID.") },
  { description: "Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out." },
);

export function deleteOptionsSchema(gvs: readonly { group: string; version: string }[]): ObjectSchema {
  return obj(
    META("DeleteOptions"),
    {
      ...typeMeta,
      dryRun: list(
        str(),
        "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed",
      ),
      gracePeriodSeconds: int64(
        "The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.",
      ),
      ignoreStoreReadErrorWithClusterBreakingPotential: bool(
        "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error. A resource is considered corrupt if it can not be retrieved from the underlying storage successfully because of a) its data can not be transformed e.g. decryption failure, or b) it fails to decode into an object. NOTE: unsafe deletion ignores finalizer constraints, skips precondition checks, and removes the object from the storage. WARNING: This may potentially break the cluster if the workload associated with the resource being unsafe-deleted relies on normal deletion flow. Use only if you REALLY know what you are doing. The default value is false, and the user must opt in to enable it",
      ),
      orphanDependents: bool(
        'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the "orphan" finalizer will be added to/removed from the object\'s finalizers list. Either this field or PropagationPolicy may be set, but not both.',
      ),
      preconditions: preconditionsSchema,
      propagationPolicy: str(
        "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. The default policy is decided by the existing finalizer set in the metadata.finalizers and the resource-specific default policy. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground.",
      ),
    },
    {
      description: "DeleteOptions may be provided when deleting an API object.",
      gvk: gvkEverywhere("DeleteOptions", gvs),
    },
  );
}

export function watchEventSchema(gvs: readonly { group: string; version: string }[]): ObjectSchema {
  return obj(
    META("WatchEvent"),
    { object: rawExtensionSchema, type: str() },
    {
      description: "Event represents a single event to a watched resource.",
      required: ["type", "object"],
      gvk: gvkEverywhere("WatchEvent", gvs),
    },
  );
}

/** The meta kinds (DeleteOptions, WatchEvent) are registered in core v1 and in every served group-version. */
function gvkEverywhere(kind: string, gvs: readonly { group: string; version: string }[]) {
  const out = [{ group: "", version: "v1", kind }];
  for (const gv of gvs) {
    if (!out.some((o) => o.group === gv.group && o.version === gv.version)) out.push({ ...gv, kind });
  }
  return out;
}

export const patchSchema = obj(
  META("Patch"),
  {},
  { description: "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body." },
);

export const apiResourceSchema = obj(
  META("APIResource"),
  {
    categories: list(
      str(),
      "categories is a list of the grouped resources this resource belongs to (e.g. 'all'). Clients may use the presence or absence of a category to filter resources.",
    ),
    group: str(
      'group is the preferred group of the resource.  Empty implies the group of the containing resource list. For subresources, this may have a different value, for example: Scale".',
    ),
    kind: str("kind is the kind for the resource (e.g. 'Foo' is the kind for a resource 'foo')"),
    name: str("name is the plural name of the resource."),
    namespaced: bool("namespaced indicates if a resource is namespaced or not."),
    shortNames: list(str(), "shortNames is a list of suggested short names of the resource."),
    singularName: str(
      "singularName is the singular name of the resource.  This allows clients to handle plural and singular opaquely. The singularName is more correct for reporting status on a single item and both singular and plural are allowed from the kubectl CLI interface.",
    ),
    storageVersionHash: str(
      "The hash value of the storage version, the version this resource is converted to when written to the data store. Value must be treated as opaque by clients. Only equality comparison on the value is valid. This is an alpha feature and may change or be removed in the future. The field is populated by the apiserver only if the StorageVersionHash feature gate is enabled. This field will remain optional even if it graduates.",
    ),
    verbs: list(
      str(),
      "verbs is a list of supported kube verbs (this includes get, list, watch, create, update, patch, delete, deletecollection, and proxy)",
    ),
    version: str(
      "version is the preferred version of the resource.  Empty implies the version of the containing resource list For subresources, this may have a different value, for example: v1 (while inside a v1beta1 version of the core resource's group)\".",
    ),
  },
  {
    description: "APIResource specifies the name of a resource and whether it is namespaced.",
    required: ["name", "singularName", "namespaced", "kind", "verbs"],
  },
);

export const apiResourceListSchema = obj(
  META("APIResourceList"),
  {
    ...typeMeta,
    groupVersion: str("groupVersion is the group and version this APIResourceList is for."),
    resources: list(apiResourceSchema, "resources contains the name of the resources and if they are namespaced."),
  },
  {
    description:
      "APIResourceList is a list of APIResource, it is used to expose the name of the resources supported in a specific group and version, and if the resource is namespaced.",
    required: ["groupVersion", "resources"],
    gvk: [{ group: "", version: "v1", kind: "APIResourceList" }],
  },
);

export const serverAddressByClientCIDRSchema = obj(
  META("ServerAddressByClientCIDR"),
  {
    clientCIDR: str(
      "The CIDR with which clients can match their IP to figure out the server address that they should use.",
    ),
    serverAddress: str(
      "Address of this server, suitable for a client that matches the above CIDR. This can be a hostname, hostname:port, IP or IP:port.",
    ),
  },
  {
    description:
      "ServerAddressByClientCIDR helps the client to determine the server address that they should use, depending on the clientCIDR that they match.",
    required: ["clientCIDR", "serverAddress"],
  },
);

export const groupVersionForDiscoverySchema = obj(
  META("GroupVersionForDiscovery"),
  {
    groupVersion: str('groupVersion specifies the API group and version in the form "group/version"'),
    version: str(
      'version specifies the version in the form of "version". This is to save the clients the trouble of splitting the GroupVersion.',
    ),
  },
  {
    description:
      'GroupVersion contains the "group/version" and "version" string of a version. It is made a struct to keep extensibility.',
    required: ["groupVersion", "version"],
  },
);

export const apiGroupSchema = obj(
  META("APIGroup"),
  {
    ...typeMeta,
    name: str("name is the name of the group."),
    preferredVersion: groupVersionForDiscoverySchema,
    serverAddressByClientCIDRs: list(
      serverAddressByClientCIDRSchema,
      "a map of client CIDR to server address that is serving this group. This is to help clients reach servers in the most network-efficient way possible. Clients can use the appropriate server address as per the CIDR that they match. In case of multiple matches, clients should use the longest matching CIDR. The server returns only those CIDRs that it thinks that the client can match. For example: the master will return an internal IP CIDR only, if the client reaches the server using an internal IP. Server looks at X-Forwarded-For header or X-Real-Ip header or request.RemoteAddr (in that order) to get the client IP.",
    ),
    versions: list(groupVersionForDiscoverySchema, "versions are the versions supported in this group."),
  },
  {
    description: "APIGroup contains the name, the supported versions, and the preferred version of a group.",
    required: ["name", "versions"],
    gvk: [{ group: "", version: "v1", kind: "APIGroup" }],
  },
);

export const apiGroupListSchema = obj(
  META("APIGroupList"),
  { ...typeMeta, groups: list(apiGroupSchema, "groups is a list of APIGroup.") },
  {
    description: "APIGroupList is a list of APIGroup, to allow clients to discover the API at /apis.",
    required: ["groups"],
    gvk: [{ group: "", version: "v1", kind: "APIGroupList" }],
  },
);

export const apiVersionsSchema = obj(
  META("APIVersions"),
  {
    ...typeMeta,
    serverAddressByClientCIDRs: list(
      serverAddressByClientCIDRSchema,
      "a map of client CIDR to server address that is serving this group. This is to help clients reach servers in the most network-efficient way possible. Clients can use the appropriate server address as per the CIDR that they match. In case of multiple matches, clients should use the longest matching CIDR. The server returns only those CIDRs that it thinks that the client can match. For example: the master will return an internal IP CIDR only, if the client reaches the server using an internal IP. Server looks at X-Forwarded-For header or X-Real-Ip header or request.RemoteAddr (in that order) to get the client IP.",
    ),
    versions: list(str(), "versions are the api versions that are available."),
  },
  {
    description:
      "APIVersions lists the versions that are available, to allow clients to discover the API at /api, which is the root path of the legacy v1 API.",
    required: ["versions", "serverAddressByClientCIDRs"],
    gvk: [{ group: "", version: "v1", kind: "APIVersions" }],
  },
);

export const versionInfoSchema = obj(
  "io.k8s.apimachinery.pkg.version.Info",
  {
    buildDate: str(),
    compiler: str(),
    gitCommit: str(),
    gitTreeState: str(),
    gitVersion: str(),
    goVersion: str(),
    major: str(),
    minor: str(),
    platform: str(),
  },
  {
    description: "Info contains versioning information. how we'll want to distribute that information.",
    required: [
      "major",
      "minor",
      "gitVersion",
      "gitCommit",
      "gitTreeState",
      "buildDate",
      "goVersion",
      "compiler",
      "platform",
    ],
  },
);

// Go's []string fields of these discovery types carry no list-type tags either.
for (const s of [apiResourceSchema, apiGroupSchema, apiVersionsSchema, apiResourceListSchema, apiGroupListSchema]) {
  for (const p of Object.values(s.properties)) {
    if (p.kind === "array") (p as { listType?: string }).listType = undefined;
  }
}

/** `<Kind>List` for a kind: `{apiVersion, items, kind, metadata}`. */
export function listSchemaOf(decl: KindDeclaration): ObjectSchema {
  return obj(
    `${decl.schema.name}List`,
    {
      apiVersion: typeMeta.apiVersion,
      items: { kind: "array", items: kindSchemaOf(decl), description: `List of ${decl.plural}.` },
      kind: typeMeta.kind,
      metadata: listMeta,
    },
    {
      description: `${decl.kind}List is a list of ${decl.kind} objects.`,
      required: ["items"],
      gvk: [{ group: decl.group, version: decl.version, kind: `${decl.kind}List` }],
    },
  );
}

/** The kind's schema with its x-kubernetes-group-version-kind (added when the declaration's schema lacks it). */
export function kindSchemaOf(decl: KindDeclaration): ObjectSchema {
  const own = { group: decl.group, version: decl.version, kind: decl.kind };
  const gvk = decl.schema.gvk ?? [];
  if (gvk.some((g) => g.group === own.group && g.version === own.version && g.kind === own.kind)) return decl.schema;
  return { ...decl.schema, gvk: [...gvk, own] };
}

// ---- operations ------------------------------------------------------------------------------------------

export type ParamName =
  | "allowWatchBookmarks"
  | "continue"
  | "dryRun"
  | "fieldManager"
  | "fieldSelector"
  | "fieldValidation"
  | "force"
  | "gracePeriodSeconds"
  | "ignoreStoreReadErrorWithClusterBreakingPotential"
  | "labelSelector"
  | "limit"
  | "orphanDependents"
  | "pretty"
  | "propagationPolicy"
  | "resourceVersion"
  | "resourceVersionMatch"
  | "sendInitialEvents"
  | "timeoutSeconds"
  | "watch";

export interface ParamSpec {
  name: string;
  in: "query" | "path";
  type: "string" | "integer" | "boolean";
  description: string;
  required?: boolean;
}

const FIELD_MANAGER =
  "fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.";

export const QUERY_PARAMS: Record<ParamName, ParamSpec> = {
  allowWatchBookmarks: {
    name: "allowWatchBookmarks",
    in: "query",
    type: "boolean",
    description:
      'allowWatchBookmarks requests watch events with type "BOOKMARK". Servers that do not implement bookmarks may ignore this flag and bookmarks are sent at the server\'s discretion. Clients should not assume bookmarks are returned at any specific interval, nor may they assume the server will send any BOOKMARK event during a session. If this is not a watch, this field is ignored.',
  },
  continue: {
    name: "continue",
    in: "query",
    type: "string",
    description:
      'The continue option should be set when retrieving more results from the server. Since this value is server defined, clients may only use the continue value from a previous query result with identical query parameters (except for the value of continue) and the server may reject a continue value it does not recognize. If the specified continue value is no longer valid whether due to expiration (generally five to fifteen minutes) or a configuration change on the server, the server will respond with a 410 ResourceExpired error together with a continue token. If the client needs a consistent list, it must restart their list without the continue field. Otherwise, the client may send another list request with the token received with the 410 error, the server will respond with a list starting from the next key, but from the latest snapshot, which is inconsistent from the previous list results - objects that are created, modified, or deleted after the first list request will be included in the response, as long as their keys are after the "next key".\n\nThis field is not supported when watch is true. Clients may start a watch from the last resourceVersion value returned by the server and not miss any modifications.',
  },
  dryRun: {
    name: "dryRun",
    in: "query",
    type: "string",
    description:
      "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed",
  },
  fieldManager: { name: "fieldManager", in: "query", type: "string", description: FIELD_MANAGER },
  fieldSelector: {
    name: "fieldSelector",
    in: "query",
    type: "string",
    description: "A selector to restrict the list of returned objects by their fields. Defaults to everything.",
  },
  fieldValidation: {
    name: "fieldValidation",
    in: "query",
    type: "string",
    description:
      "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.",
  },
  force: {
    name: "force",
    in: "query",
    type: "boolean",
    description:
      'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.',
  },
  gracePeriodSeconds: {
    name: "gracePeriodSeconds",
    in: "query",
    type: "integer",
    description:
      "The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.",
  },
  ignoreStoreReadErrorWithClusterBreakingPotential: {
    name: "ignoreStoreReadErrorWithClusterBreakingPotential",
    in: "query",
    type: "boolean",
    description:
      "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error. A resource is considered corrupt if it can not be retrieved from the underlying storage successfully because of a) its data can not be transformed e.g. decryption failure, or b) it fails to decode into an object. NOTE: unsafe deletion ignores finalizer constraints, skips precondition checks, and removes the object from the storage. WARNING: This may potentially break the cluster if the workload associated with the resource being unsafe-deleted relies on normal deletion flow. Use only if you REALLY know what you are doing. The default value is false, and the user must opt in to enable it",
  },
  labelSelector: {
    name: "labelSelector",
    in: "query",
    type: "string",
    description: "A selector to restrict the list of returned objects by their labels. Defaults to everything.",
  },
  limit: {
    name: "limit",
    in: "query",
    type: "integer",
    description:
      "limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results. Setting a limit may return fewer than the requested amount of items (up to zero items) in the event all requested objects are filtered out and clients should only use the presence of the continue field to determine whether more results are available. Servers may choose not to support the limit argument and will return all of the available results. If limit is specified and the continue field is empty, clients may assume that no more results are available. This field is not supported if watch is true.\n\nThe server guarantees that the objects returned when using continue will be identical to issuing a single list call without a limit - that is, no objects created, modified, or deleted after the first request is issued will be included in any subsequent continued requests. This is sometimes referred to as a consistent snapshot, and ensures that a client that is using limit to receive smaller chunks of a very large result can ensure they see all possible objects. If objects are updated during a chunked list the version of the object that was present at the time the first list result was calculated is returned.",
  },
  orphanDependents: {
    name: "orphanDependents",
    in: "query",
    type: "boolean",
    description:
      'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the "orphan" finalizer will be added to/removed from the object\'s finalizers list. Either this field or PropagationPolicy may be set, but not both.',
  },
  pretty: {
    name: "pretty",
    in: "query",
    type: "string",
    description:
      "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).",
  },
  propagationPolicy: {
    name: "propagationPolicy",
    in: "query",
    type: "string",
    description:
      "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. The default policy is decided by the existing finalizer set in the metadata.finalizers and the resource-specific default policy. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground.",
  },
  resourceVersion: {
    name: "resourceVersion",
    in: "query",
    type: "string",
    description:
      "resourceVersion sets a constraint on what resource versions a request may be served from. See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset",
  },
  resourceVersionMatch: {
    name: "resourceVersionMatch",
    in: "query",
    type: "string",
    description:
      "resourceVersionMatch determines how resourceVersion is applied to list calls. It is highly recommended that resourceVersionMatch be set for list calls where resourceVersion is set See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset",
  },
  sendInitialEvents: {
    name: "sendInitialEvents",
    in: "query",
    type: "boolean",
    description:
      '`sendInitialEvents=true` may be set together with `watch=true`. In that case, the watch stream will begin with synthetic events to produce the current state of objects in the collection. Once all such events have been sent, a synthetic "Bookmark" event  will be sent. The bookmark will report the ResourceVersion (RV) corresponding to the set of objects, and be marked with `"k8s.io/initial-events-end": "true"` annotation. Afterwards, the watch stream will proceed as usual, sending watch events corresponding to changes (subsequent to the RV) to objects watched.\n\nWhen `sendInitialEvents` option is set, we require `resourceVersionMatch` option to also be set. The semantic of the watch request is as following: - `resourceVersionMatch` = NotOlderThan\n  is interpreted as "data at least as new as the provided `resourceVersion`"\n  and the bookmark event is send when the state is synced\n  to a `resourceVersion` at least as fresh as the one provided by the ListOptions.\n  If `resourceVersion` is unset, this is interpreted as "consistent read" and the\n  bookmark event is send when the state is synced at least to the moment\n  when request started being processed.\n- `resourceVersionMatch` set to any other value or unset\n  Invalid error is returned.\n\nDefaults to true if `resourceVersion=""` or `resourceVersion="0"` (for backward compatibility reasons) and to false otherwise.',
  },
  timeoutSeconds: {
    name: "timeoutSeconds",
    in: "query",
    type: "integer",
    description:
      "Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.",
  },
  watch: {
    name: "watch",
    in: "query",
    type: "boolean",
    description:
      "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.",
  },
};

const PATCH_FIELD_MANAGER: ParamSpec = {
  ...QUERY_PARAMS.fieldManager,
  description: `${FIELD_MANAGER} This field is required for apply requests (application/apply-patch) but optional for non-apply patch types (JsonPatch, MergePatch, StrategicMergePatch).`,
};

const LIST_PARAMS: ParamName[] = [
  "allowWatchBookmarks",
  "continue",
  "fieldSelector",
  "labelSelector",
  "limit",
  "resourceVersion",
  "resourceVersionMatch",
  "sendInitialEvents",
  "timeoutSeconds",
  "watch",
];
const WRITE_PARAMS: ParamName[] = ["dryRun", "fieldManager", "fieldValidation"];
const DELETE_PARAMS: ParamName[] = [
  "dryRun",
  "gracePeriodSeconds",
  "ignoreStoreReadErrorWithClusterBreakingPotential",
  "orphanDependents",
  "propagationPolicy",
];
const DELETE_COLLECTION_PARAMS: ParamName[] = [
  "continue",
  "dryRun",
  "fieldSelector",
  "gracePeriodSeconds",
  "ignoreStoreReadErrorWithClusterBreakingPotential",
  "labelSelector",
  "limit",
  "orphanDependents",
  "propagationPolicy",
  "resourceVersion",
  "resourceVersionMatch",
  "sendInitialEvents",
  "timeoutSeconds",
];

const params = (names: readonly ParamName[]) => names.map((n) => QUERY_PARAMS[n]);

export type Method = "get" | "post" | "put" | "patch" | "delete";
export type Action = "get" | "list" | "post" | "put" | "patch" | "delete" | "deletecollection" | "watch" | "watchlist";

export interface GVK {
  group: string;
  version: string;
  kind: string;
}

export interface Operation {
  operationId: string;
  description: string;
  tag: string;
  action?: Action;
  gvk?: GVK;
  params: ParamSpec[];
  /** Name of the definition the request body carries, and whether the body is a patch (four content types). */
  body?: { schema: string; patch?: boolean };
  /** Response code → definition name (undefined: no schema, e.g. 401). */
  responses: Record<string, { description: string; schema?: string }>;
  /** List/watch responses are also offered as `;stream=watch` streams. */
  streaming?: boolean;
}

export interface PathItem {
  path: string;
  params: ParamSpec[];
  ops: Partial<Record<Method, Operation>>;
}

/** kube's ToValidOperationID: letters and `_` kept, other runes dropped and capitalise the next letter. */
export function toValidOperationID(s: string, capitalizeFirst: boolean): string {
  let out = "";
  let capitalize = capitalizeFirst;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const isLetter = /\p{L}/u.test(c);
    if (isLetter || c === "_" || (i !== 0 && c >= "0" && c <= "9")) {
      out += capitalize ? c.toUpperCase() : c;
      capitalize = false;
    } else {
      capitalize = true;
    }
  }
  return out;
}

/** `AppsV1`, `CoreV1`, `RbacAuthorizationV1` and the matching tag `apps_v1`, `core_v1`, `rbacAuthorization_v1`. */
export function groupVersionNames(group: string, version: string): { op: string; tag: string } {
  const g = (group || "core").replace(/\.k8s\.io$/, "");
  return {
    op: toValidOperationID(g, true) + toValidOperationID(version, true),
    tag: `${toValidOperationID(g, false)}_${toValidOperationID(version, false)}`,
  };
}

/** `/api/v1` or `/apis/apps/v1`. */
export function groupVersionRoot(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

/** `api/v1` or `apis/apps/v1`: the key of a group-version in the /openapi/v3 discovery document. */
export function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const NAMESPACE_PARAM: ParamSpec = {
  name: "namespace",
  in: "path",
  type: "string",
  required: true,
  description: "object name and auth scope, such as for teams and projects",
};
const nameParam = (what: string): ParamSpec => ({
  name: "name",
  in: "path",
  type: "string",
  required: true,
  description: `name of the ${what}`,
});

const verbsOf = (d: KindDeclaration): ReadonlySet<Verb> => new Set(d.verbs ?? ALL_VERBS);

/** The REST paths kube-apiserver installs for the kinds of one group-version, sorted by path. */
export function groupVersionPaths(decls: readonly KindDeclaration[], group: string, version: string): PathItem[] {
  const { op: gvName, tag } = groupVersionNames(group, version);
  const root = groupVersionRoot(group, version);
  const items: PathItem[] = [
    {
      path: `${root}/`,
      params: [],
      ops: {
        get: {
          operationId: `get${gvName}APIResources`,
          description: "get available resources",
          tag,
          params: [],
          responses: { "200": { description: "OK", schema: apiResourceListSchema.name } },
        },
      },
    },
  ];
  const pretty = QUERY_PARAMS.pretty;
  for (const d of decls) {
    if (d.group !== group || d.version !== version) continue;
    const verbs = verbsOf(d);
    const gvk: GVK = { group: d.group, version: d.version, kind: d.kind };
    const kindName = d.schema.name;
    const listName = `${kindName}List`;
    const ns = d.namespaced ? "Namespaced" : "";
    const nsPath = d.namespaced ? "/namespaces/{namespace}" : "";
    const nsParams = d.namespaced ? [NAMESPACE_PARAM] : [];
    const K = d.kind;
    const ok = (schema: string) => ({ description: "OK", schema });
    const opBase = { tag, gvk };

    // collection
    const collection: PathItem = { path: `${root}${nsPath}/${d.plural}`, params: [...nsParams, pretty], ops: {} };
    if (verbs.has("list")) {
      collection.ops.get = {
        ...opBase,
        operationId: `list${gvName}${ns}${K}`,
        description: `list or watch objects of kind ${K}`,
        action: "list",
        params: params(LIST_PARAMS),
        responses: { "200": ok(listName) },
        streaming: true,
      };
    }
    if (verbs.has("create")) {
      collection.ops.post = {
        ...opBase,
        operationId: `create${gvName}${ns}${K}`,
        description: `create ${article(K)} ${K}`,
        action: "post",
        params: params(WRITE_PARAMS),
        body: { schema: kindName },
        responses: {
          "200": ok(kindName),
          "201": { description: "Created", schema: kindName },
          "202": { description: "Accepted", schema: kindName },
        },
      };
    }
    if (verbs.has("deletecollection")) {
      collection.ops.delete = {
        ...opBase,
        operationId: `delete${gvName}Collection${ns}${K}`,
        description: `delete collection of ${K}`,
        action: "deletecollection",
        params: params(DELETE_COLLECTION_PARAMS),
        body: { schema: META("DeleteOptions") },
        responses: { "200": ok(statusSchema.name) },
      };
    }
    if (Object.keys(collection.ops).length) items.push(collection);

    // item
    const itemParams = [nameParam(K), ...nsParams, pretty];
    const item: PathItem = { path: `${collection.path}/{name}`, params: itemParams, ops: {} };
    if (verbs.has("get")) {
      item.ops.get = {
        ...opBase,
        operationId: `read${gvName}${ns}${K}`,
        description: `read the specified ${K}`,
        action: "get",
        params: [],
        responses: { "200": ok(kindName) },
      };
    }
    if (verbs.has("update")) {
      item.ops.put = {
        ...opBase,
        operationId: `replace${gvName}${ns}${K}`,
        description: `replace the specified ${K}`,
        action: "put",
        params: params(WRITE_PARAMS),
        body: { schema: kindName },
        responses: { "200": ok(kindName), "201": { description: "Created", schema: kindName } },
      };
    }
    if (verbs.has("patch")) {
      item.ops.patch = patchOp(opBase, `patch${gvName}${ns}${K}`, `partially update the specified ${K}`, kindName);
    }
    if (verbs.has("delete")) {
      item.ops.delete = {
        ...opBase,
        operationId: `delete${gvName}${ns}${K}`,
        description: `delete ${article(K)} ${K}`,
        action: "delete",
        params: params(DELETE_PARAMS),
        body: { schema: META("DeleteOptions") },
        responses: {
          "200": ok(statusSchema.name),
          "202": { description: "Accepted", schema: statusSchema.name },
        },
      };
    }
    if (Object.keys(item.ops).length) items.push(item);

    // subresources
    if (d.statusSubresource) {
      items.push({
        path: `${item.path}/status`,
        params: itemParams,
        ops: subresourceOps(opBase, gvName, ns, K, "Status", "status", kindName),
      });
    }
    if (d.scale) {
      items.push({
        path: `${item.path}/scale`,
        params: [nameParam("Scale"), ...nsParams, pretty],
        ops: subresourceOps(
          { tag, gvk: { group: "autoscaling", version: "v1", kind: "Scale" } },
          gvName,
          ns,
          K,
          "Scale",
          "scale",
          scaleSchema.name,
        ),
      });
    }

    // list across namespaces, and the deprecated watch paths
    const listParamsAtPath = [...params(LIST_PARAMS.filter((p) => p !== "watch")), pretty, QUERY_PARAMS.watch].sort(
      byName,
    );
    if (d.namespaced && verbs.has("list")) {
      items.push({
        path: `${root}/${d.plural}`,
        params: listParamsAtPath,
        ops: {
          get: {
            ...opBase,
            operationId: `list${gvName}${K}ForAllNamespaces`,
            description: `list or watch objects of kind ${K}`,
            action: "list",
            params: [],
            responses: { "200": ok(listName) },
            streaming: true,
          },
        },
      });
    }
    if (verbs.has("watch")) {
      const watchEvent = META("WatchEvent");
      const watchOp = (operationId: string, description: string, action: Action): Operation => ({
        ...opBase,
        operationId,
        description,
        action,
        params: [],
        responses: { "200": ok(watchEvent) },
        streaming: true,
      });
      if (d.namespaced) {
        items.push({
          path: `${root}/watch/${d.plural}`,
          params: listParamsAtPath,
          ops: {
            get: watchOp(
              `watch${gvName}${K}ListForAllNamespaces`,
              `watch individual changes to a list of ${K}. deprecated: use the 'watch' parameter with a list operation instead.`,
              "watchlist",
            ),
          },
        });
      }
      items.push({
        path: `${root}/watch${nsPath}/${d.plural}`,
        params: [...listParamsAtPath, ...nsParams].sort(byName),
        ops: {
          get: watchOp(
            `watch${gvName}${ns}${K}List`,
            `watch individual changes to a list of ${K}. deprecated: use the 'watch' parameter with a list operation instead.`,
            "watchlist",
          ),
        },
      });
      items.push({
        path: `${root}/watch${nsPath}/${d.plural}/{name}`,
        params: [...listParamsAtPath, nameParam(K), ...nsParams].sort(byName),
        ops: {
          get: watchOp(
            `watch${gvName}${ns}${K}`,
            `watch changes to an object of kind ${K}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`,
            "watch",
          ),
        },
      });
    }
  }
  return items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const byName = (a: ParamSpec, b: ParamSpec) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? "an" : "a";
}

function patchOp(base: { tag: string; gvk: GVK }, operationId: string, description: string, schema: string): Operation {
  return {
    ...base,
    operationId,
    description,
    action: "patch",
    params: [QUERY_PARAMS.dryRun, PATCH_FIELD_MANAGER, QUERY_PARAMS.fieldValidation, QUERY_PARAMS.force],
    body: { schema: patchSchema.name, patch: true },
    responses: { "200": { description: "OK", schema }, "201": { description: "Created", schema } },
  };
}

function subresourceOps(
  base: { tag: string; gvk: GVK },
  gvName: string,
  ns: string,
  kind: string,
  Sub: string,
  sub: string,
  schema: string,
): Partial<Record<Method, Operation>> {
  return {
    get: {
      ...base,
      operationId: `read${gvName}${ns}${kind}${Sub}`,
      description: `read ${sub} of the specified ${kind}`,
      action: "get",
      params: [],
      responses: { "200": { description: "OK", schema } },
    },
    put: {
      ...base,
      operationId: `replace${gvName}${ns}${kind}${Sub}`,
      description: `replace ${sub} of the specified ${kind}`,
      action: "put",
      params: params(WRITE_PARAMS),
      body: { schema },
      responses: { "200": { description: "OK", schema }, "201": { description: "Created", schema } },
    },
    patch: patchOp(
      base,
      `patch${gvName}${ns}${kind}${Sub}`,
      `partially update ${sub} of the specified ${kind}`,
      schema,
    ),
  };
}

/** Paths of the non-resource documents: `api`, `apis`, `apis/<group>`, `version`. */
export function rootPaths(doc: "api" | "apis" | "version" | { group: string }): PathItem[] {
  if (doc === "api") {
    return [
      {
        path: "/api/",
        params: [],
        ops: {
          get: {
            operationId: "getCoreAPIVersions",
            description: "get available API versions",
            tag: "core",
            params: [],
            responses: { "200": { description: "OK", schema: apiVersionsSchema.name } },
          },
        },
      },
    ];
  }
  if (doc === "apis") {
    return [
      {
        path: "/apis/",
        params: [],
        ops: {
          get: {
            operationId: "getAPIVersions",
            description: "get available API versions",
            tag: "apis",
            params: [],
            responses: { "200": { description: "OK", schema: apiGroupListSchema.name } },
          },
        },
      },
    ];
  }
  if (doc === "version") {
    return [
      {
        path: "/version/",
        params: [],
        ops: {
          get: {
            operationId: "getCodeVersion",
            description: "get the version information for this server",
            tag: "version",
            params: [],
            responses: { "200": { description: "OK", schema: versionInfoSchema.name } },
          },
        },
      },
    ];
  }
  const g = toValidOperationID(doc.group.replace(/\.k8s\.io$/, ""), true);
  return [
    {
      path: `/apis/${doc.group}/`,
      params: [],
      ops: {
        get: {
          operationId: `get${g}APIGroup`,
          description: "get information of a group",
          tag: toValidOperationID(doc.group.replace(/\.k8s\.io$/, ""), false),
          params: [],
          responses: { "200": { description: "OK", schema: apiGroupSchema.name } },
        },
      },
    },
  ];
}

/** Group-versions served by the declarations, in declaration order. */
export function servedGroupVersions(decls: readonly KindDeclaration[]): { group: string; version: string }[] {
  const out: { group: string; version: string }[] = [];
  for (const d of decls) {
    if (!out.some((g) => g.group === d.group && g.version === d.version))
      out.push({ group: d.group, version: d.version });
  }
  return out;
}

/** Every definition a set of paths needs, including the kinds' schemas and what they reference. */
export function definitionsForPaths(
  decls: readonly KindDeclaration[],
  paths: readonly PathItem[],
  gvs: readonly { group: string; version: string }[],
): Map<string, ResolvedSchema> {
  const byName = new Map<string, Schema>();
  const add = (s: ObjectSchema) => byName.set(s.name, s);
  for (const s of [
    statusSchema,
    patchSchema,
    apiResourceListSchema,
    apiGroupSchema,
    apiGroupListSchema,
    apiVersionsSchema,
    versionInfoSchema,
    scaleSchema,
  ]) {
    add(s);
  }
  add(deleteOptionsSchema(gvs));
  add(watchEventSchema(gvs));
  for (const d of decls) {
    add(kindSchemaOf(d));
    add(listSchemaOf(d));
  }
  const roots: Schema[] = [];
  const wanted = new Set<string>();
  for (const p of paths) {
    for (const op of Object.values(p.ops)) {
      if (!op) continue;
      if (op.body) wanted.add(op.body.schema);
      for (const r of Object.values(op.responses)) if (r.schema) wanted.add(r.schema);
    }
  }
  for (const name of wanted) {
    const s = byName.get(name);
    if (s) roots.push(s);
  }
  return collectDefinitions(roots);
}
