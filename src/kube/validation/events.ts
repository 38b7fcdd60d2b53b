/**
 * events.k8s.io/v1 Event validation. kube converts the object to the internal core Event and runs
 * ValidateEventCreate / ValidateEventUpdate with the events.k8s.io/v1 request version: the legacy checks, then the
 * strict ones. Field paths are those of the internal type (involvedObject, message, source, ...), as kube reports
 * them, except reportingController which keeps its events.k8s.io name.
 */
import { type FieldError, invalidValue, required } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { has, type Obj, obj, str } from "./extra-common";
import { isDNS1123Subdomain, isQualifiedName } from "./names";
import {
  FIELD_IMMUTABLE,
  GoValue,
  goQuote,
  semanticEqual,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./object-meta";

const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

const isZeroTime = (v: unknown) => v === undefined || v === null || v === "";

/** A metav1.Time / MicroTime as Go's time.Time.String() prints it (both are fmt.Stringers). */
function goTimeValue(v: unknown): GoValue {
  if (isZeroTime(v)) return new GoValue(null, "0001-01-01 00:00:00 +0000 UTC");
  const text = str(v);
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(?:Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return new GoValue(text, text);
  const frac = (m[3] ?? "").replace(/0+$/, "");
  return new GoValue(text, `${m[1]} ${m[2]}${frac ? `.${frac}` : ""} +0000 UTC`);
}

/** legacyValidateEvent. */
function legacyValidateEvent(e: Obj, namespace: string): FieldError[] {
  const errs: FieldError[] = [];
  const involvedNs = str(obj(e.regarding).namespace);
  const mismatch = () =>
    errs.push(invalidValue("involvedObject.namespace", involvedNs, "does not match event.namespace"));
  if (isZeroTime(e.eventTime)) {
    if (!involvedNs) {
      if (namespace !== "" && namespace !== "default") mismatch();
    } else if (namespace !== involvedNs) mismatch();
  } else {
    if (!involvedNs && namespace !== "default" && namespace !== "kube-system") mismatch();
    const rc = str(e.reportingController);
    if (!rc) errs.push(required("reportingController"));
    errs.push(...isQualifiedName(rc).map((m) => invalidValue("reportingController", rc, m)));
    const ri = str(e.reportingInstance);
    if (!ri) errs.push(required("reportingInstance"));
    if (ri.length > REPORTING_INSTANCE_LIMIT)
      errs.push(invalidValue("reportingInstance", "", `can have at most ${REPORTING_INSTANCE_LIMIT} characters`));
    const action = str(e.action);
    if (!action) errs.push(required("action"));
    if (action.length > ACTION_LIMIT)
      errs.push(invalidValue("action", "", `can have at most ${ACTION_LIMIT} characters`));
    const reason = str(e.reason);
    if (!reason) errs.push(required("reason"));
    if (reason.length > REASON_LIMIT)
      errs.push(invalidValue("reason", "", `can have at most ${REASON_LIMIT} characters`));
    if (str(e.note).length > NOTE_LIMIT)
      errs.push(invalidValue("message", "", `can have at most ${NOTE_LIMIT} characters`));
  }
  errs.push(...isDNS1123Subdomain(namespace).map((m) => invalidValue("namespace", namespace, m)));
  return errs;
}

function validateSeries(e: Obj): FieldError[] {
  if (!isPlainObject(e.series)) return [];
  const errs: FieldError[] = [];
  const count = typeof e.series.count === "number" ? e.series.count : 0;
  if (count < 2) errs.push(invalidValue("series.count", "", "should be at least 2"));
  if (isZeroTime(e.series.lastObservedTime)) errs.push(required("series.lastObservedTime"));
  return errs;
}

const hasSource = (e: Obj) =>
  isPlainObject(e.deprecatedSource) &&
  (str(e.deprecatedSource.component) !== "" || str(e.deprecatedSource.host) !== "");

function goObjectReference(r: unknown): GoValue {
  const o = obj(r);
  const f = (k: string) => goQuote(str(o[k]));
  return new GoValue(
    r ?? null,
    `core.ObjectReference{Kind:${f("kind")}, Namespace:${f("namespace")}, Name:${f("name")}, UID:${f("uid")}, APIVersion:${f("apiVersion")}, ResourceVersion:${f("resourceVersion")}, FieldPath:${f("fieldPath")}}`,
  );
}

/** ValidateEventCreate / ValidateEventUpdate for events.k8s.io/v1. */
export function validateEventV1(ev: KObject, old?: KObject): FieldError[] {
  const e = ev as Obj;
  const errs = legacyValidateEvent(e, str(ev.metadata.namespace));
  if (!old) {
    errs.push(...validateObjectMeta(ev.metadata, { namespaced: true, nameRule: "subdomain" }));
    errs.push(...validateSeries(e));
    if (isZeroTime(e.eventTime)) errs.push(required("eventTime"));
    if (e.type !== "Normal" && e.type !== "Warning")
      errs.push(invalidValue("type", "", `has invalid value: ${str(e.type)}`));
    if (!isZeroTime(e.deprecatedFirstTimestamp))
      errs.push(invalidValue("deprecatedFirstTimestamp", "", "needs to be unset"));
    if (!isZeroTime(e.deprecatedLastTimestamp))
      errs.push(invalidValue("deprecatedLastTimestamp", "", "needs to be unset"));
    if (typeof e.deprecatedCount === "number" && e.deprecatedCount !== 0)
      errs.push(invalidValue("deprecatedCount", "", "needs to be unset"));
    if (hasSource(e)) errs.push(invalidValue("deprecatedSource", "", "needs to be unset"));
    return errs;
  }
  const o = old as Obj;
  errs.push(...validateObjectMetaUpdate(ev.metadata, old.metadata));
  if (!semanticEqual(e.series, o.series)) errs.push(...validateSeries(e));
  const immutable = (path: string, a: unknown, b: unknown, shown?: unknown) => {
    if (!semanticEqual(a, b)) errs.push(invalidValue(path, shown ?? a ?? "", FIELD_IMMUTABLE));
  };
  immutable("involvedObject", e.regarding, o.regarding, goObjectReference(e.regarding));
  immutable("reason", str(e.reason), str(o.reason));
  immutable("message", str(e.note), str(o.note));
  const src = obj(e.deprecatedSource);
  immutable(
    "source",
    e.deprecatedSource,
    o.deprecatedSource,
    new GoValue(
      e.deprecatedSource ?? null,
      `core.EventSource{Component:${goQuote(str(src.component))}, Host:${goQuote(str(src.host))}}`,
    ),
  );
  immutable(
    "firstTimestamp",
    e.deprecatedFirstTimestamp,
    o.deprecatedFirstTimestamp,
    goTimeValue(e.deprecatedFirstTimestamp),
  );
  immutable(
    "lastTimestamp",
    e.deprecatedLastTimestamp,
    o.deprecatedLastTimestamp,
    goTimeValue(e.deprecatedLastTimestamp),
  );
  immutable("count", e.deprecatedCount ?? 0, o.deprecatedCount ?? 0);
  immutable("reason", str(e.reason), str(o.reason));
  immutable("type", str(e.type), str(o.type));
  if (has(e, "eventTime") && has(o, "eventTime") && str(e.eventTime).slice(0, 26) !== str(o.eventTime).slice(0, 26))
    errs.push(invalidValue("eventTime", goTimeValue(e.eventTime), FIELD_IMMUTABLE));
  return errs;
}
