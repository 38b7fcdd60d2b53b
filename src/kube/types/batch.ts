/**
 * Schemas of batch/v1 (k8s.io/api/batch/v1, v1.32): Job and CronJob. JobSpec carries every 1.32 field
 * (podFailurePolicy, successPolicy, backoffLimitPerIndex, maxFailedIndexes, completionMode, suspend,
 * podReplacementPolicy, managedBy); fields of later releases are left out.
 */
import {
  type ArraySchema,
  bool,
  enumOf,
  int32,
  int64,
  lazy,
  list,
  obj,
  type Schema,
  set,
  str,
  time,
} from "../schema/dsl";
import { objectReference } from "./core-other";
import { podTemplateSpec } from "./core-pod";
import { labelSelector, objectMeta, typeMeta } from "./meta";

const batch = (name: string) => `io.k8s.api.batch.v1.${name}`;
const gvk = (kind: string) => [{ group: "batch", version: "v1", kind }];

const template: Schema = lazy(() => podTemplateSpec);

// ---- PodFailurePolicy, SuccessPolicy --------------------------------------------------------------------

export const podFailurePolicyOnExitCodesRequirement = obj(
  batch("PodFailurePolicyOnExitCodesRequirement"),
  {
    containerName: str(),
    operator: enumOf(["In", "NotIn"]),
    values: set(int32()),
  },
  { required: ["operator", "values"] },
);

export const podFailurePolicyOnPodConditionsPattern = obj(
  batch("PodFailurePolicyOnPodConditionsPattern"),
  // PodConditionType and ConditionStatus are not Go +enums.
  { type: str(), status: str() },
  { required: ["type", "status"] },
);

export const podFailurePolicyRule = obj(
  batch("PodFailurePolicyRule"),
  {
    action: enumOf(["Count", "FailIndex", "FailJob", "Ignore"]),
    onExitCodes: podFailurePolicyOnExitCodesRequirement,
    onPodConditions: list(podFailurePolicyOnPodConditionsPattern),
  },
  { required: ["action"] },
);

export const podFailurePolicy = obj(
  batch("PodFailurePolicy"),
  { rules: list(podFailurePolicyRule) },
  { required: ["rules"] },
);

export const successPolicyRule = obj(batch("SuccessPolicyRule"), {
  succeededIndexes: str(),
  succeededCount: int32(),
});

export const successPolicy = obj(batch("SuccessPolicy"), { rules: list(successPolicyRule) }, { required: ["rules"] });

// ---- Job ------------------------------------------------------------------------------------------------

export const jobSpec = obj(
  batch("JobSpec"),
  {
    parallelism: int32(),
    completions: int32(),
    activeDeadlineSeconds: int64(),
    podFailurePolicy,
    successPolicy,
    backoffLimit: int32(),
    backoffLimitPerIndex: int32(),
    maxFailedIndexes: int32(),
    selector: labelSelector,
    manualSelector: bool(),
    template,
    ttlSecondsAfterFinished: int32(),
    completionMode: enumOf(["Indexed", "NonIndexed"]),
    suspend: bool(),
    podReplacementPolicy: enumOf(["Failed", "TerminatingOrFailed"]),
    managedBy: str(),
  },
  { required: ["template"] },
);

export const jobCondition = obj(
  batch("JobCondition"),
  {
    // JobConditionType is not a Go +enum.
    type: str(),
    status: str(),
    lastProbeTime: time(),
    lastTransitionTime: time(),
    reason: str(),
    message: str(),
  },
  { required: ["type", "status"] },
);

export const uncountedTerminatedPods = obj(batch("UncountedTerminatedPods"), {
  succeeded: set(str()),
  failed: set(str()),
});

/** JobStatus.conditions: strategic merge patch merges on type, server-side apply treats the list as atomic. */
const jobConditions: ArraySchema = { ...list(jobCondition), patchStrategy: "merge", patchMergeKey: "type" };

export const jobStatus = obj(batch("JobStatus"), {
  conditions: jobConditions,
  startTime: time(),
  completionTime: time(),
  active: int32(),
  succeeded: int32(),
  failed: int32(),
  terminating: int32(),
  completedIndexes: str(),
  failedIndexes: str(),
  uncountedTerminatedPods,
  ready: int32(),
});

export const jobSchema = obj(
  batch("Job"),
  { ...typeMeta, metadata: objectMeta, spec: jobSpec, status: jobStatus },
  { description: "Job represents the configuration of a single job.", gvk: gvk("Job") },
);

// ---- CronJob --------------------------------------------------------------------------------------------

export const jobTemplateSpec = obj(batch("JobTemplateSpec"), { metadata: objectMeta, spec: jobSpec });

export const cronJobSpec = obj(
  batch("CronJobSpec"),
  {
    schedule: str(),
    timeZone: str(),
    startingDeadlineSeconds: int64(),
    concurrencyPolicy: enumOf(["Allow", "Forbid", "Replace"]),
    suspend: bool(),
    jobTemplate: jobTemplateSpec,
    successfulJobsHistoryLimit: int32(),
    failedJobsHistoryLimit: int32(),
  },
  { required: ["schedule", "jobTemplate"] },
);

export const cronJobStatus = obj(batch("CronJobStatus"), {
  active: list(objectReference),
  lastScheduleTime: time(),
  lastSuccessfulTime: time(),
});

export const cronJobSchema = obj(
  batch("CronJob"),
  { ...typeMeta, metadata: objectMeta, spec: cronJobSpec, status: cronJobStatus },
  { description: "CronJob represents the configuration of a single cron job.", gvk: gvk("CronJob") },
);
