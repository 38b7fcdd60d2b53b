/**
 * batch/v1 defaulting (pkg/apis/batch/v1/defaults.go, Kubernetes 1.32) and the job strategy's PrepareForCreate
 * (selector generation), as `kubectl get job -o yaml` shows their combined effect.
 */
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { defaultPodTemplateSpec } from "./pod";

type Obj = Record<string, unknown>;
const has = (o: Obj, k: string): boolean => o[k] !== undefined && o[k] !== null;

export const LEGACY_CONTROLLER_UID_LABEL = "controller-uid";
export const LEGACY_JOB_NAME_LABEL = "job-name";
export const CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
export const JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
const MAX_INT32 = 2147483647;

function specOf(o: KObject): Obj {
  if (!isPlainObject(o.spec)) o.spec = {};
  return o.spec as Obj;
}

/** SetDefaults_PodFailurePolicyOnPodConditionsPattern: status True. */
function defaultPodFailurePolicy(spec: Obj): void {
  if (!isPlainObject(spec.podFailurePolicy)) return;
  const rules = Array.isArray(spec.podFailurePolicy.rules) ? spec.podFailurePolicy.rules : [];
  for (const r of rules) {
    if (!isPlainObject(r) || !Array.isArray(r.onPodConditions)) continue;
    for (const p of r.onPodConditions) if (isPlainObject(p) && !p.status) p.status = "True";
  }
}

/**
 * SetDefaults_Job: completions/parallelism 1 when both unset (parallelism 1 otherwise), backoffLimit 6
 * (MaxInt32 with backoffLimitPerIndex), completionMode NonIndexed, suspend false, podReplacementPolicy
 * (Failed with a podFailurePolicy, else TerminatingOrFailed), manualSelector false; and the job's labels default
 * to its template's labels — the very same map, as in Go, so the labels prepareJobForCreate generates show up on
 * the job too.
 */
export function defaultJob(job: KObject): void {
  const spec = specOf(job);
  if (!has(spec, "completions") && !has(spec, "parallelism")) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (!has(spec, "parallelism")) spec.parallelism = 1;
  if (!has(spec, "backoffLimit")) spec.backoffLimit = has(spec, "backoffLimitPerIndex") ? MAX_INT32 : 6;
  const template = isPlainObject(spec.template) ? spec.template : undefined;
  const labels = template && isPlainObject(template.metadata) ? template.metadata.labels : undefined;
  if (isPlainObject(labels) && (!isPlainObject(job.metadata.labels) || Object.keys(job.metadata.labels).length === 0)) {
    job.metadata.labels = labels as Record<string, string>;
  }
  if (!has(spec, "completionMode")) spec.completionMode = "NonIndexed";
  if (!has(spec, "suspend")) spec.suspend = false;
  defaultPodFailurePolicy(spec);
  if (!has(spec, "podReplacementPolicy"))
    spec.podReplacementPolicy = has(spec, "podFailurePolicy") ? "Failed" : "TerminatingOrFailed";
  if (!has(spec, "manualSelector")) spec.manualSelector = false;
  if (!template) spec.template = {};
  defaultPodTemplateSpec(spec.template);
}

/**
 * The job strategy's PrepareForCreate (run after defaultJob, once the UID is assigned): unless manualSelector,
 * the template gets controller-uid / batch.kubernetes.io/controller-uid = uid and job-name /
 * batch.kubernetes.io/job-name = name (user-set values are kept, for validation to reject), the selector matches
 * batch.kubernetes.io/controller-uid; status is cleared. A job without labels of its own ends up with the
 * template's labels (kube's storage round trip re-applies SetDefaults_Job).
 */
export function prepareJobForCreate(job: KObject, uid: string = String(job.metadata.uid ?? "")): void {
  if (uid) job.metadata.uid = uid;
  const spec = specOf(job);
  if (spec.manualSelector !== true) {
    if (!isPlainObject(spec.template)) spec.template = {};
    const template = spec.template as Obj;
    if (!isPlainObject(template.metadata)) template.metadata = {};
    const meta = template.metadata as Obj;
    if (!isPlainObject(meta.labels)) meta.labels = {};
    const labels = meta.labels as Record<string, string>;
    const name = String(job.metadata.name ?? "");
    for (const k of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) if (!Object.hasOwn(labels, k)) labels[k] = name;
    for (const k of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) if (!Object.hasOwn(labels, k)) labels[k] = uid;
    if (!isPlainObject(spec.selector)) spec.selector = {};
    const selector = spec.selector as Obj;
    if (!isPlainObject(selector.matchLabels)) selector.matchLabels = {};
    const ml = selector.matchLabels as Record<string, string>;
    if (!Object.hasOwn(ml, CONTROLLER_UID_LABEL)) ml[CONTROLLER_UID_LABEL] = uid;
  }
  const tLabels =
    isPlainObject(spec.template) && isPlainObject((spec.template as Obj).metadata)
      ? ((spec.template as Obj).metadata as Obj).labels
      : undefined;
  const own = job.metadata.labels;
  if (own === tLabels && isPlainObject(own)) job.metadata.labels = { ...(own as Record<string, string>) };
  else if ((!isPlainObject(own) || Object.keys(own).length === 0) && isPlainObject(tLabels))
    job.metadata.labels = { ...(tLabels as Record<string, string>) };
  (job as Obj).status = {};
}

/**
 * SetDefaults_CronJob: concurrencyPolicy Allow, suspend false, history limits 3 and 1. The job template only
 * gets the defaults of its pod template (SetDefaults_Job is for Job objects, not JobTemplateSpecs), and the
 * `creationTimestamp: null` of its empty ObjectMeta; a new CronJob has an empty status.
 */
export function defaultCronJob(cj: KObject): void {
  const spec = specOf(cj);
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = "Allow";
  if (!has(spec, "suspend")) spec.suspend = false;
  if (!has(spec, "successfulJobsHistoryLimit")) spec.successfulJobsHistoryLimit = 3;
  if (!has(spec, "failedJobsHistoryLimit")) spec.failedJobsHistoryLimit = 1;
  if (!isPlainObject(spec.jobTemplate)) spec.jobTemplate = {};
  const jt = spec.jobTemplate as Obj;
  if (!isPlainObject(jt.metadata)) jt.metadata = {};
  const jtMeta = jt.metadata as Obj;
  if (!("creationTimestamp" in jtMeta)) jtMeta.creationTimestamp = null;
  if (!isPlainObject(jt.spec)) jt.spec = {};
  const jobSpec = jt.spec as Obj;
  defaultPodFailurePolicy(jobSpec);
  if (!isPlainObject(jobSpec.template)) jobSpec.template = {};
  defaultPodTemplateSpec(jobSpec.template);
  if (!isPlainObject(cj.status)) cj.status = {};
}
