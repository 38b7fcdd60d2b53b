/**
 * From a CustomResourceDefinition to the kind declarations the server serves (one per served version), and the
 * CRD status kube's naming and establishing controllers compute (pkg/controller/status, pkg/controller/establish).
 *
 * A custom resource declaration behaves like kube's customResourceStrategy:
 * - names: status.acceptedNames when the naming controller has accepted them, else spec.names (defaulted);
 * - metadata.name must be a DNS-1123 subdomain (validation.NameIsDNSSubdomain);
 * - create drops status when the status subresource is enabled and sets generation 1; updates bump generation
 *   on any change outside metadata (and outside status when it is a subresource);
 * - decoding prunes unknown fields and applies schema defaults (`defaults` repeats it for patched objects; servers
 *   should run `decodeCustomResource` on request bodies to report unknown fields, see customResourceOf);
 * - validation is validate.ts's validateCustomResource (schema with ratcheting, scale paths, embedded ObjectMeta,
 *   list-type invariants; CEL rules are not evaluated);
 * - table columns come from additionalPrinterColumns (printer-columns.ts);
 * - selectableFields become field selectors.
 */
import { ALL_VERBS, type KindDeclaration, type ScaleSubresource } from "../registry/kind";
import { type CustomResourceColumnDefinition, JSONPath, jsonPathText, printerColumns } from "./printer-columns";
import {
  type CRDObjectSchema,
  crdObjectSchema,
  type JSONSchemaProps,
  type Structural,
  toStructural,
} from "./structural";
import { type CustomResourceSchema, normalizeCustomResource, validateCustomResource } from "./validate";

// ---- apiextensions.k8s.io/v1 shapes ------------------------------------------------------------------------

export interface CustomResourceDefinitionNames {
  plural: string;
  singular?: string;
  shortNames?: string[];
  kind: string;
  listKind?: string;
  categories?: string[];
}

export interface CustomResourceSubresourceScale {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface CustomResourceDefinitionVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: { status?: Record<string, never> | object; scale?: CustomResourceSubresourceScale };
  additionalPrinterColumns?: CustomResourceColumnDefinition[];
  selectableFields?: { jsonPath: string }[];
}

export interface CustomResourceDefinitionCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface CustomResourceDefinitionStatus {
  conditions?: CustomResourceDefinitionCondition[];
  acceptedNames?: CustomResourceDefinitionNames;
  storedVersions?: string[];
}

export interface CustomResourceDefinition {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; [key: string]: unknown };
  spec: {
    group: string;
    names: CustomResourceDefinitionNames;
    scope: "Namespaced" | "Cluster" | string;
    versions: CustomResourceDefinitionVersion[];
    preserveUnknownFields?: boolean;
    conversion?: unknown;
  };
  status?: CustomResourceDefinitionStatus;
}

// ---- names ---------------------------------------------------------------------------------------------

/** SetDefaults_CustomResourceDefinitionSpec for names: singular = lower-case kind, listKind = kind + "List". */
export function defaultedNames(names: CustomResourceDefinitionNames): CustomResourceDefinitionNames {
  const out: CustomResourceDefinitionNames = { ...names };
  if (!out.singular) out.singular = (out.kind ?? "").toLowerCase();
  if (!out.listKind && out.kind) out.listKind = `${out.kind}List`;
  return out;
}

/** The names a CRD is served under: its accepted names once the naming controller set them, else spec.names. */
export function servedNames(crd: CustomResourceDefinition): CustomResourceDefinitionNames {
  const accepted = crd.status?.acceptedNames;
  if (accepted?.plural && accepted.kind) return defaultedNames(accepted);
  return defaultedNames(crd.spec.names);
}

// ---- declarations --------------------------------------------------------------------------------------

/** What a custom resource declaration knows beyond KindDeclaration (for decoding request bodies and reads). */
export interface CustomResourceInfo {
  crd: CustomResourceDefinition;
  version: CustomResourceDefinitionVersion;
  schema: CustomResourceSchema;
  dsl: CRDObjectSchema;
}

const INFO = new WeakMap<KindDeclaration, CustomResourceInfo>();

/** The custom resource behind a declaration built by kindsFromCRD, or undefined for built-in kinds. */
export function customResourceOf(decl: KindDeclaration): CustomResourceInfo | undefined {
  return INFO.get(decl);
}

/** Everything but metadata (and status when it is a subresource), for generation bumps. */
function specContent(obj: Record<string, unknown>, statusSubresource: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === "metadata" || (statusSubresource && k === "status")) continue;
    out[k] = v;
  }
  return out;
}

function scaleOf(v: CustomResourceDefinitionVersion): ScaleSubresource | undefined {
  const s = v.subresources?.scale;
  if (!s) return undefined;
  const out: ScaleSubresource = { specReplicasPath: s.specReplicasPath, statusReplicasPath: s.statusReplicasPath };
  if (s.labelSelectorPath) out.labelSelectorPath = s.labelSelectorPath;
  return out;
}

/** A selectable field's value as a field selector compares it (string form of string/integer/boolean values). */
function selectableValue(obj: unknown, path: JSONPath): string {
  const results = path.find(obj);
  const v = results.length > 0 ? results[0] : undefined;
  if (v === undefined || v === null) return "";
  return jsonPathText(v);
}

/** One declaration for one served version of a CRD. */
export function kindFromCRDVersion(
  crd: CustomResourceDefinition,
  version: CustomResourceDefinitionVersion,
): KindDeclaration {
  const names = servedNames(crd);
  const group = crd.spec.group;
  const raw = version.schema?.openAPIV3Schema;
  const structural: Structural | undefined = raw ? toStructural(raw) : undefined;
  const statusSubresource = !!version.subresources?.status;
  const scale = scaleOf(version);
  const crs: CustomResourceSchema = {
    group,
    version: version.name,
    kind: names.kind,
    openAPIV3Schema: raw,
    structural,
    preserveUnknownFields: crd.spec.preserveUnknownFields === true,
    statusSubresource,
    scale,
  };
  const dsl = crdObjectSchema(structural, { group, version: version.name, kind: names.kind });
  const fieldSelectors: Record<string, (obj: Record<string, unknown>) => string | undefined> = {};
  for (const f of version.selectableFields ?? []) {
    const label = f.jsonPath.replace(/^\./, "");
    let path: JSONPath;
    try {
      path = new JSONPath(f.jsonPath);
    } catch {
      continue;
    }
    fieldSelectors[label] = (obj) => selectableValue(obj, path);
  }
  const decl: KindDeclaration = {
    genericObjectMeta: true,
    group,
    version: version.name,
    kind: names.kind,
    plural: names.plural,
    singular: names.singular ?? names.kind.toLowerCase(),
    namespaced: crd.spec.scope === "Namespaced",
    verbs: ALL_VERBS,
    schema: dsl,
    nameRule: "subdomain",
    columns: printerColumns(version.additionalPrinterColumns),
    defaults: (obj) => normalizeCustomResource(obj, crs),
    prepareForCreate: (obj) => {
      if (statusSubresource) delete obj.status;
      obj.metadata.generation = 1;
    },
    prepareForUpdate: (obj, old) => {
      const oldGeneration = typeof old.metadata?.generation === "number" ? old.metadata.generation : 0;
      const changed =
        JSON.stringify(canonical(specContent(obj, statusSubresource))) !==
        JSON.stringify(canonical(specContent(old, statusSubresource)));
      obj.metadata.generation = oldGeneration + (changed ? 1 : 0);
    },
    validate: (obj, old, ctx) =>
      validateCustomResource(obj, crs, { old: ctx.operation === "UPDATE" ? old : undefined }),
  };
  if (names.shortNames?.length) decl.shortNames = [...names.shortNames];
  if (names.categories?.length) decl.categories = [...names.categories];
  if (statusSubresource) decl.statusSubresource = true;
  if (scale) decl.scale = scale;
  if (Object.keys(fieldSelectors).length > 0) decl.fieldSelectors = fieldSelectors;
  INFO.set(decl, { crd, version, schema: crs, dsl });
  return decl;
}

/** Key order does not matter to apiequality.Semantic.DeepEqual. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = canonical(x);
    }
    return out;
  }
  return v;
}

/** One declaration per served version, in spec order. */
export function kindsFromCRD(crd: CustomResourceDefinition): KindDeclaration[] {
  return crd.spec.versions.filter((v) => v.served).map((v) => kindFromCRDVersion(crd, v));
}

/** The version objects are stored in (exactly one has storage: true in a valid CRD). */
export function storageVersion(crd: CustomResourceDefinition): string | undefined {
  return crd.spec.versions.find((v) => v.storage)?.name;
}

// ---- status: NamesAccepted and Established ----------------------------------------------------------------

export function findCondition(
  crd: CustomResourceDefinition,
  type: string,
): CustomResourceDefinitionCondition | undefined {
  return crd.status?.conditions?.find((c) => c.type === type);
}

/** apihelpers.IsCRDConditionTrue(crd, Established). */
export function crdIsEstablished(crd: CustomResourceDefinition): boolean {
  return findCondition(crd, "Established")?.status === "True";
}

/** True when spec.names have all been accepted (status.acceptedNames equal the defaulted spec.names). */
export function crdNamesAccepted(crd: CustomResourceDefinition): boolean {
  return findCondition(crd, "NamesAccepted")?.status === "True";
}

function equalToAcceptedOrFresh(
  requested: string,
  accepted: string | undefined,
  used: Set<string>,
): string | undefined {
  if (requested === (accepted ?? "")) return undefined;
  if (!used.has(requested)) return undefined;
  return `"${requested}" is already in use`;
}

export interface AcceptedNamesResult {
  acceptedNames: CustomResourceDefinitionNames;
  namesAccepted: CustomResourceDefinitionCondition;
  established: CustomResourceDefinitionCondition;
}

/**
 * calculateNamesAndConditions (NamingConditionController) followed by the establishing controller: the names of
 * `crd` that do not clash with the accepted names of the other CRDs of its group, the NamesAccepted condition
 * (PluralConflict, SingularConflict, ShortNamesConflict, KindConflict, ListKindConflict or NoConflicts) and the
 * Established condition (True once the names were accepted, and True forever after). `all` may include `crd`.
 * Conditions come without lastTransitionTime; crdStatus sets it.
 */
export function acceptedNames(
  crd: CustomResourceDefinition,
  all: readonly CustomResourceDefinition[],
): AcceptedNamesResult {
  const group = crd.spec.group;
  const resources = new Set<string>();
  const kinds = new Set<string>();
  const others = all.filter((c) => c.spec.group === group && c.metadata.name !== crd.metadata.name);
  for (const c of [...others, crd]) {
    const n = c.status?.acceptedNames;
    if (!n) continue;
    for (const r of [n.plural, n.singular, ...(n.shortNames ?? [])]) if (r) resources.add(r);
    for (const k of [n.kind, n.listKind]) if (k) kinds.add(k);
  }
  const requested = defaultedNames(crd.spec.names);
  const accepted: Partial<CustomResourceDefinitionNames> = crd.status?.acceptedNames ?? {};
  const next: CustomResourceDefinitionNames = {
    plural: accepted.plural ?? "",
    kind: accepted.kind ?? "",
  };
  if (accepted.singular !== undefined) next.singular = accepted.singular;
  if (accepted.shortNames !== undefined) next.shortNames = accepted.shortNames;
  if (accepted.listKind !== undefined) next.listKind = accepted.listKind;
  let cond: CustomResourceDefinitionCondition = { type: "NamesAccepted", status: "Unknown" };
  const conflict = (reason: string, message: string) => {
    cond = { type: "NamesAccepted", status: "False", reason, message };
  };

  let e = equalToAcceptedOrFresh(requested.plural, accepted.plural, resources);
  if (e) conflict("PluralConflict", e);
  else next.plural = requested.plural;

  e = equalToAcceptedOrFresh(requested.singular ?? "", accepted.singular, resources);
  if (e) conflict("SingularConflict", e);
  else next.singular = requested.singular;

  const reqShort = requested.shortNames ?? [];
  const accShort = accepted.shortNames ?? [];
  // reflect.DeepEqual tells a nil list from an empty one; so does this comparison.
  if (JSON.stringify(requested.shortNames ?? null) !== JSON.stringify(accepted.shortNames ?? null)) {
    const errs: string[] = [];
    const existing = new Set(accShort);
    for (const s of reqShort) {
      if (existing.has(s)) continue;
      if (s === accepted.plural || s === accepted.singular) continue;
      const err = equalToAcceptedOrFresh(s, "", resources);
      if (err) errs.push(err);
    }
    if (errs.length > 0) {
      conflict("ShortNamesConflict", errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`);
    } else if (requested.shortNames !== undefined) {
      next.shortNames = requested.shortNames;
    } else {
      delete next.shortNames;
    }
  }

  e = equalToAcceptedOrFresh(requested.kind, accepted.kind, kinds);
  if (e) conflict("KindConflict", e);
  else next.kind = requested.kind;

  e = equalToAcceptedOrFresh(requested.listKind ?? "", accepted.listKind, kinds);
  if (e) conflict("ListKindConflict", e);
  else next.listKind = requested.listKind;

  if (requested.categories !== undefined) next.categories = requested.categories;

  if (cond.status === "Unknown") {
    cond = { type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found" };
  }

  const previous = findCondition(crd, "Established");
  let established: CustomResourceDefinitionCondition =
    previous?.status === "True"
      ? { ...previous }
      : { type: "Established", status: "False", reason: "NotAccepted", message: "not all names are accepted" };
  if (established.status !== "True" && cond.status === "True") {
    // The establishing controller turns "Installing" into Established right away once the names are accepted.
    established = {
      type: "Established",
      status: "True",
      reason: "InitialNamesAccepted",
      message: "the initial names have been accepted",
    };
  }
  delete established.lastTransitionTime;
  return { acceptedNames: next, namesAccepted: cond, established };
}

/**
 * SetCRDCondition: replaces the condition of the same type, keeping lastTransitionTime when the status did not
 * change; new condition types are appended.
 */
export function setCondition(
  conditions: readonly CustomResourceDefinitionCondition[],
  cond: CustomResourceDefinitionCondition,
  now: string,
): CustomResourceDefinitionCondition[] {
  const out = conditions.map((c) => ({ ...c }));
  const i = out.findIndex((c) => c.type === cond.type);
  const next: CustomResourceDefinitionCondition = {
    type: cond.type,
    status: cond.status,
    lastTransitionTime: now,
    reason: cond.reason,
    message: cond.message,
  };
  if (i < 0) {
    out.push(next);
    return out;
  }
  if (out[i].status === cond.status && out[i].lastTransitionTime) next.lastTransitionTime = out[i].lastTransitionTime;
  out[i] = next;
  return out;
}

/**
 * The status a CRD settles into on a real cluster once the controllers ran: accepted names, NamesAccepted and
 * Established conditions (in that order for a new CRD) and storedVersions including the storage version.
 * `now` is an RFC 3339 time for new transitions.
 */
export function crdStatus(
  crd: CustomResourceDefinition,
  all: readonly CustomResourceDefinition[],
  now: string,
): CustomResourceDefinitionStatus {
  const { acceptedNames: names, namesAccepted, established } = acceptedNames(crd, all);
  let conditions = crd.status?.conditions ?? [];
  conditions = setCondition(conditions, namesAccepted, now);
  conditions = setCondition(conditions, established, now);
  const stored = [...(crd.status?.storedVersions ?? [])];
  const storage = storageVersion(crd);
  if (storage && !stored.includes(storage)) stored.push(storage);
  return { conditions, acceptedNames: names, storedVersions: stored };
}

/** The CRDs (other than `crd`) whose accepted names clash with what `crd` requests, with the clashing names. */
export function nameConflicts(
  crd: CustomResourceDefinition,
  all: readonly CustomResourceDefinition[],
): { crd: string; names: string[] }[] {
  const requested = defaultedNames(crd.spec.names);
  const resources = [requested.plural, requested.singular ?? "", ...(requested.shortNames ?? [])].filter(Boolean);
  const kinds = [requested.kind, requested.listKind ?? ""].filter(Boolean);
  const out: { crd: string; names: string[] }[] = [];
  for (const other of all) {
    if (other.spec.group !== crd.spec.group || other.metadata.name === crd.metadata.name) continue;
    const n = other.status?.acceptedNames;
    if (!n) continue;
    const theirResources = new Set([n.plural, n.singular, ...(n.shortNames ?? [])].filter(Boolean));
    const theirKinds = new Set([n.kind, n.listKind].filter(Boolean));
    const clashes = [...resources.filter((r) => theirResources.has(r)), ...kinds.filter((k) => theirKinds.has(k))];
    if (clashes.length) out.push({ crd: String(other.metadata.name ?? ""), names: clashes });
  }
  return out;
}

export type { CRDObjectSchema, CustomResourceSchema };
