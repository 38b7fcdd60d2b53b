/**
 * Pieces shared by the per-kind column sets: the API-doc descriptions that printers.go takes from
 * SwaggerDoc() (k8s.io/api v0.32), NAME/AGE columns, container layout, and tolerant accessors for plain JSON.
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { translateTimestampSince } from "./duration";

/** metav1.ObjectMeta{}.SwaggerDoc()["name"]. */
export const NAME_DESCRIPTION =
  "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

/** metav1.ObjectMeta{}.SwaggerDoc()["creationTimestamp"]. */
export const CREATION_TIMESTAMP_DESCRIPTION =
  "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

export const CONTAINERS_DESCRIPTION = "Names of each container in the template.";
export const IMAGES_DESCRIPTION = "Images referenced by each container in the template.";

/** The "Name" column every kind starts with (format "name"). */
export const nameColumn: TableColumn = {
  name: "Name",
  type: "string",
  format: "name",
  description: NAME_DESCRIPTION,
  priority: 0,
  cell: (obj) => str(obj.metadata?.name),
};

/** The "Age" column: translateTimestampSince(creationTimestamp). printers.go declares it as type "string". */
export const ageColumn: TableColumn = {
  name: "Age",
  type: "string",
  format: "",
  description: CREATION_TIMESTAMP_DESCRIPTION,
  priority: 0,
  cell: (obj, now) => translateTimestampSince(obj.metadata?.creationTimestamp, now),
};

export type Rec = Record<string, unknown>;

/** The value as a plain object, or an empty one. */
export function rec(v: unknown): Rec {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Rec) : {};
}

/** The value if it is a plain object (Go: a non-nil pointer to a struct), else undefined. */
export function recOrUndef(v: unknown): Rec | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A Go string field: "" when absent. */
export function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** A Go integer field: 0 when absent. */
export function int(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : 0;
}

/** Number of keys of a map field (len(map) in Go). */
export function mapLen(v: unknown): number {
  return Object.keys(rec(v)).length;
}

/** The object's spec/status/... as a plain object. */
export function field(obj: KObject, name: string): Rec {
  return rec(obj[name]);
}

/** layoutContainerCells: container names and images, each joined by ",". */
export function layoutContainerCells(containers: unknown): { names: string; images: string } {
  const list = arr(containers).map(rec);
  return { names: list.map((c) => str(c.name)).join(","), images: list.map((c) => str(c.image)).join(",") };
}

/** The containers of a workload's pod template (spec.template.spec.containers). */
export function templateContainers(obj: KObject): unknown {
  return rec(rec(field(obj, "spec").template).spec).containers;
}

/** "Containers" and "Images" wide columns of a workload kind. */
export function containerColumns(): TableColumn[] {
  return [
    {
      name: "Containers",
      type: "string",
      format: "",
      description: CONTAINERS_DESCRIPTION,
      priority: 1,
      cell: (obj) => layoutContainerCells(templateContainers(obj)).names,
    },
    {
      name: "Images",
      type: "string",
      format: "",
      description: IMAGES_DESCRIPTION,
      priority: 1,
      cell: (obj) => layoutContainerCells(templateContainers(obj)).images,
    },
  ];
}

const GO_SPACE = "\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";
const GO_TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, "g");

/** strings.TrimSpace: Unicode White_Space at both ends (unlike String.prototype.trim, U+FEFF is kept). */
export function trimSpace(s: string): string {
  return s.replace(GO_TRIM, "");
}
