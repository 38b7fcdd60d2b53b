/**
 * Decoding `application/vnd.kubernetes.protobuf` request bodies (what kubectl's typed clients send for
 * `kubectl create namespace|deployment|configmap|secret|service|serviceaccount ...`) into the plain JSON object
 * the same client would have sent as `application/json`, so the rest of the request path is unchanged.
 *
 * The wire format (k8s.io/apimachinery/pkg/runtime/serializer/protobuf): the magic prefix `k8s\0`, then a
 * runtime.Unknown {1: typeMeta {1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: contentType} whose
 * `raw` is the object's own gogo-generated proto2 message. The kind's schema says what each field is; the
 * field-number table (field-numbers.ts) says which number is which field.
 *
 * What comes out mirrors encoding/json on the Go object the server would have decoded:
 * - non-pointer scalars (always on the wire) are dropped when zero unless the schema requires them
 *   (omitempty); pointer scalars are kept whenever present;
 * - non-pointer structs are always present, so `resources: {}`, `strategy: {}`, `status: {}` appear as kubectl
 *   prints them; a zero metav1.Time (an empty message) is `null` (`creationTimestamp: null`);
 * - Quantity → its string, IntOrString → number or string, Time → RFC 3339 in seconds, MicroTime → RFC 3339
 *   with 6 fractional digits, RawExtension / FieldsV1 → the embedded JSON, []byte → standard base64;
 * - embedded structs (Probe's handler, Volume's volumeSource, ...) are inlined; unknown field numbers are
 *   skipped, as the Go unmarshaller does.
 *
 * Errors are 400 BadRequest with the messages kube-apiserver gives (its protobuf serializer, the generated
 * Unmarshal code, and the create handler's transformDecodeError wrapping when the expected kind is known).
 */
import { badRequest, type StatusError } from "../errors";
import { type ObjectSchema, type ResolvedSchema, resolve } from "../schema/dsl";
import { FIELD_NUMBERS } from "./field-numbers";
import {
  fixed32ToFloat,
  fixed64ToDouble,
  ProtobufError,
  readPackedVarints,
  type Varint,
  varintToBool,
  varintToInt32,
  varintToInt64,
  WIRE_BYTES,
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_VARINT,
  type WireField,
  WireReader,
} from "./wire";

export const KUBE_PROTOBUF_CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

/** `k8s\0`, the prefix of every Kubernetes protobuf body. */
export const KUBE_PROTOBUF_MAGIC: readonly number[] = [0x6b, 0x38, 0x73, 0x00];

export interface DecodedProtobuf {
  apiVersion: string;
  kind: string;
  /** The object as JSON, with apiVersion and kind set from the envelope. */
  object: Record<string, unknown>;
}

/** The kind a request expects (from its URL): fills a missing envelope kind/apiVersion and words errors. */
export interface ProtobufDecodeTarget {
  apiVersion: string;
  kind: string;
}

/** Where kube-apiserver's scheme lives, as NotRegisteredError prints it. */
const SCHEME_NAME = "pkg/api/legacyscheme/scheme.go:30";

export function isKubeProtobuf(contentType: string | null | undefined): boolean {
  return (contentType ?? "").split(";")[0].trim().toLowerCase() === KUBE_PROTOBUF_CONTENT_TYPE;
}

/**
 * Unwraps the envelope, finds the schema for its group/version/kind and converts the object to JSON.
 * Throws StatusError 400 (BadRequest) on malformed data or an unknown kind.
 */
export function decodeKubeProtobuf(
  body: Uint8Array,
  resolveSchema: (apiVersion: string, kind: string) => ObjectSchema | undefined,
  target?: ProtobufDecodeTarget,
): DecodedProtobuf {
  // Before the envelope names a kind, kube-apiserver reports "the object provided is unrecognized".
  const unrecognized = (message: string): StatusError =>
    badRequest(
      target
        ? `the object provided is unrecognized (must be of type ${target.kind}): ${message} (${summarizeData(body)})`
        : message,
    );

  if (body.length === 0) throw unrecognized("empty data");
  if (body.length < KUBE_PROTOBUF_MAGIC.length || KUBE_PROTOBUF_MAGIC.some((b, i) => body[i] !== b)) {
    throw unrecognized(
      `provided data does not appear to be a protobuf message, expected prefix [${KUBE_PROTOBUF_MAGIC.join(" ")}]`,
    );
  }
  if (body.length === KUBE_PROTOBUF_MAGIC.length) throw unrecognized("empty body");

  let envelope: Envelope;
  try {
    envelope = readEnvelope(body.subarray(KUBE_PROTOBUF_MAGIC.length));
  } catch (e) {
    if (e instanceof ProtobufError) throw unrecognized(e.message);
    throw e;
  }

  // copyKindDefaults: a missing kind, or a missing group+version, comes from the expected kind.
  let { apiVersion, kind } = envelope;
  if (target) {
    if (!kind) kind = target.kind;
    if (!apiVersion) apiVersion = target.apiVersion;
  }
  const typeMetaString = `runtime.TypeMeta{APIVersion:${goQuote(envelope.apiVersion)}, Kind:${goQuote(envelope.kind)}}`;
  if (!kind) throw unrecognized(`Object 'Kind' is missing in '${typeMetaString}'`);
  const version = apiVersion.slice(apiVersion.indexOf("/") + 1);
  // From here on the kind is known: kube words failures "<Kind> in version "<v>" cannot be handled as a <Kind>".
  const cannotHandle = (message: string): StatusError =>
    badRequest(target ? `${kind} in version "${version}" cannot be handled as a ${target.kind}: ${message}` : message);
  if (!version) throw unrecognized(`Object 'apiVersion' is missing in '${typeMetaString}'`);

  const schema = resolveSchema(apiVersion, kind);
  if (!schema)
    throw cannotHandle(`no kind "${kind}" is registered for version "${apiVersion}" in scheme "${SCHEME_NAME}"`);

  let fields: Record<string, unknown>;
  try {
    fields = decodeObject(envelope.raw, schema, {});
  } catch (e) {
    if (e instanceof ProtobufError) throw cannotHandle(e.message);
    throw e;
  }
  return { apiVersion, kind, object: { apiVersion, kind, ...fields } };
}

// ---- envelope ---------------------------------------------------------------------------------------------

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
}

const utf8 = new TextDecoder();

function readEnvelope(buf: Uint8Array): Envelope {
  const env: Envelope = { apiVersion: "", kind: "", raw: new Uint8Array(0) };
  const r = new WireReader(buf);
  for (let f = r.next(); f; f = r.next()) {
    switch (f.field) {
      case 1: {
        const tm = new WireReader(bytesOf(f, "TypeMeta"));
        for (let g = tm.next(); g; g = tm.next()) {
          if (g.field === 1) env.apiVersion = utf8.decode(bytesOf(g, "APIVersion"));
          else if (g.field === 2) env.kind = utf8.decode(bytesOf(g, "Kind"));
        }
        break;
      }
      case 2:
        env.raw = bytesOf(f, "Raw");
        break;
      case 3:
        bytesOf(f, "ContentEncoding");
        break;
      case 4:
        bytesOf(f, "ContentType");
        break;
    }
  }
  return env;
}

// ---- objects ----------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

/** Decodes one message into `out` (merging, as proto does when a message field repeats). */
function decodeObject(buf: Uint8Array, schema: ObjectSchema, out: Json): Json {
  const scalars = new Set<string>();
  decodeFields(buf, schema, schema.name, out, scalars);
  // encoding/json omitempty on non-pointer scalars: zero values vanish unless the field is required.
  for (const key of scalars) {
    if (isZeroScalar(out[key]) && !schema.required?.includes(key)) delete out[key];
  }
  return out;
}

function decodeFields(buf: Uint8Array, schema: ObjectSchema, table: string, out: Json, scalars: Set<string>): void {
  const numbers = FIELD_NUMBERS[table];
  const r = new WireReader(buf);
  for (let f = r.next(); f; f = r.next()) {
    const entry = numbers?.[f.field];
    if (!entry) continue;
    if (entry.inline) {
      // An embedded Go struct: its fields belong to this JSON object.
      decodeFields(bytesOf(f, goName(entry.name)), schema, entry.name, out, scalars);
      continue;
    }
    const prop = schema.properties[entry.name];
    if (!prop) continue;
    const s = resolve(prop);
    const key = entry.name;
    switch (s.kind) {
      case "array": {
        const items = resolve(s.items);
        const list = Array.isArray(out[key]) ? (out[key] as unknown[]) : [];
        out[key] = list;
        if (f.wire === WIRE_BYTES && (items.kind === "integer" || items.kind === "boolean")) {
          // Packed repeated scalars.
          for (const v of readPackedVarints(f.value)) list.push(varintValue(items, v));
        } else {
          list.push(decodeValue(items, f, key));
        }
        break;
      }
      case "map": {
        const entryMap = (out[key] ?? {}) as Json;
        out[key] = entryMap;
        decodeMapEntry(bytesOf(f, goName(key)), resolve(s.values), entryMap, key);
        break;
      }
      case "object":
        out[key] = decodeObject(bytesOf(f, goName(key)), s, isPlainJson(out[key]) ? out[key] : {});
        break;
      default:
        out[key] = decodeValue(s, f, key);
        if (!entry.pointer && isScalarKind(s)) scalars.add(key);
    }
  }
}

function decodeMapEntry(buf: Uint8Array, values: ResolvedSchema, out: Json, field: string): void {
  let key = "";
  let value: unknown;
  let seen = false;
  const r = new WireReader(buf);
  for (let f = r.next(); f; f = r.next()) {
    if (f.field === 1) key = utf8.decode(bytesOf(f, "key"));
    else if (f.field === 2) {
      value =
        values.kind === "object"
          ? decodeObject(bytesOf(f, "value"), values, isPlainJson(value) ? value : {})
          : decodeValue(values, f, field);
      seen = true;
    }
  }
  out[key] = seen ? value : zeroValue(values);
}

/** One non-repeated value of the given schema kind. */
function decodeValue(s: ResolvedSchema, f: WireField, field: string): unknown {
  switch (s.kind) {
    case "string": {
      const b = bytesOf(f, goName(field));
      return s.format === "byte" ? base64(b) : utf8.decode(b);
    }
    case "integer":
    case "boolean":
      if (f.wire !== WIRE_VARINT) throw wrongWire(f, field);
      return varintValue(s, f.value);
    case "number":
      if (f.wire === WIRE_FIXED64) return fixed64ToDouble(f.value);
      if (f.wire === WIRE_FIXED32) return fixed32ToFloat(f.value);
      if (f.wire === WIRE_VARINT) return varintToInt64(f.value);
      throw wrongWire(f, field);
    case "int-or-string":
      return decodeIntOrString(bytesOf(f, goName(field)));
    case "quantity":
      return decodeQuantity(bytesOf(f, goName(field)));
    case "time":
      return decodeTime(bytesOf(f, goName(field)), s.micro === true);
    case "any":
      return decodeRaw(bytesOf(f, goName(field)));
    case "object":
      return decodeObject(bytesOf(f, goName(field)), s, {});
    case "map": {
      // A map nested directly in a list does not occur in Kubernetes types; decode it as one entry.
      const out: Json = {};
      decodeMapEntry(bytesOf(f, goName(field)), resolve(s.values), out, field);
      return out;
    }
    case "array":
      return [decodeValue(resolve(s.items), f, field)];
  }
}

function varintValue(s: ResolvedSchema, v: Varint): number | boolean {
  if (s.kind === "boolean") return varintToBool(v);
  if (s.kind === "integer" && s.format === "int32") return varintToInt32(v);
  return varintToInt64(v);
}

/** intstr.IntOrString {1: type (0 int, 1 string), 2: intVal, 3: strVal}. */
function decodeIntOrString(buf: Uint8Array): number | string {
  let type = 0;
  let intVal = 0;
  let strVal = "";
  const r = new WireReader(buf);
  for (let f = r.next(); f; f = r.next()) {
    if (f.field === 1) type = varintToInt64(varintOf(f, "Type"));
    else if (f.field === 2) intVal = varintToInt32(varintOf(f, "IntVal"));
    else if (f.field === 3) strVal = utf8.decode(bytesOf(f, "StrVal"));
  }
  return type === 1 ? strVal : intVal;
}

/** resource.Quantity {1: string}; the zero Quantity prints as "0". */
function decodeQuantity(buf: Uint8Array): string {
  let s = "";
  const r = new WireReader(buf);
  for (let f = r.next(); f; f = r.next()) if (f.field === 1) s = utf8.decode(bytesOf(f, "String_"));
  return s === "" ? "0" : s;
}

/** metav1.Time / MicroTime {1: seconds, 2: nanos}; an empty message is the zero time, printed as null. */
function decodeTime(buf: Uint8Array, micro: boolean): string | null {
  if (buf.length === 0) return null;
  let seconds = 0;
  let nanos = 0;
  const r = new WireReader(buf);
  for (let f = r.next(); f; f = r.next()) {
    if (f.field === 1) seconds = varintToInt64(varintOf(f, "Seconds"));
    else if (f.field === 2) nanos = varintToInt32(varintOf(f, "Nanos"));
  }
  return formatTime(seconds, nanos, micro);
}

/** runtime.RawExtension / metav1.FieldsV1 {1: raw JSON bytes}. */
function decodeRaw(buf: Uint8Array): unknown {
  let raw: Uint8Array | undefined;
  const r = new WireReader(buf);
  for (let f = r.next(); f; f = r.next()) if (f.field === 1) raw = bytesOf(f, "Raw");
  if (!raw || raw.length === 0) return null;
  try {
    return JSON.parse(utf8.decode(raw));
  } catch {
    throw new ProtobufError("json: error calling MarshalJSON for type runtime.RawExtension: invalid JSON in raw data");
  }
}

// ---- helpers ----------------------------------------------------------------------------------------------

function bytesOf(f: WireField, goField: string): Uint8Array {
  if (f.wire !== WIRE_BYTES) throw new ProtobufError(`proto: wrong wireType = ${f.wire} for field ${goField}`);
  return f.value;
}

function varintOf(f: WireField, goField: string): Varint {
  if (f.wire !== WIRE_VARINT) throw new ProtobufError(`proto: wrong wireType = ${f.wire} for field ${goField}`);
  return f.value;
}

function wrongWire(f: WireField, field: string): ProtobufError {
  return new ProtobufError(`proto: wrong wireType = ${f.wire} for field ${goName(field)}`);
}

/** The Go field name as generated code prints it (close enough: JSON name with a capital first letter). */
function goName(jsonOrDefinition: string): string {
  const last = jsonOrDefinition.slice(jsonOrDefinition.lastIndexOf(".") + 1);
  return last.charAt(0).toUpperCase() + last.slice(1);
}

function isScalarKind(s: ResolvedSchema): boolean {
  return s.kind === "string" || s.kind === "integer" || s.kind === "number" || s.kind === "boolean";
}

function isZeroScalar(v: unknown): boolean {
  return v === "" || v === 0 || v === false;
}

function isPlainJson(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function zeroValue(s: ResolvedSchema): unknown {
  switch (s.kind) {
    case "string":
      return "";
    case "integer":
    case "number":
    case "int-or-string":
      return 0;
    case "boolean":
      return false;
    case "quantity":
      return "0";
    case "object":
    case "map":
      return {};
    case "array":
    case "time":
    case "any":
      return null;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Go's time.RFC3339 (Time) or RFC3339Micro (MicroTime) in UTC. */
function formatTime(seconds: number, nanos: number, micro: boolean): string {
  const d = new Date(seconds * 1000);
  const year = d.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) {
    throw new ProtobufError("Time.MarshalJSON: year outside of range [0,9999]");
  }
  const base =
    `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return micro ? `${base}.${pad(Math.floor(nanos / 1000), 6)}Z` : `${base}Z`;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard padded base64, as encoding/json writes []byte. */
function base64(b: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  if (i + 1 === b.length) {
    const n = b[i] << 16;
    out += `${B64[n >> 18]}${B64[(n >> 12) & 63]}==`;
  } else if (i + 2 === b.length) {
    const n = (b[i] << 16) | (b[i + 1] << 8);
    out += `${B64[n >> 18]}${B64[(n >> 12) & 63]}${B64[(n >> 6) & 63]}=`;
  }
  return out;
}

/** `%q` of a Go string (good enough for API versions and kinds). */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** The create handler's summarizeData(body, 30): JSON-looking bodies as text, others as hex. */
function summarizeData(data: Uint8Array): string {
  const max = 30;
  if (data.length === 0) return "<empty>";
  const head = data.subarray(0, max);
  const more = data.length > max ? " ..." : "";
  if (data[0] === 0x7b) return utf8.decode(head) + more;
  let hex = "";
  for (const b of head) hex += b.toString(16).padStart(2, "0");
  return hex + more;
}
