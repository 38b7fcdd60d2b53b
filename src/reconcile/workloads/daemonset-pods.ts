/**
 * What the DaemonSet controller's steps share: the pod labels that tie a pod to a template (controller-revision-hash,
 * pod-template-generation), the pod ordering kube uses, and pod creation/deletion with the events
 * `Created pod: <name>` / `Deleted pod: <name>` that RealPodControl records.
 */

import type { KObject } from "../../kube/object";
import { addDaemonTolerations, pinToNode } from "../../kube/scheduling/daemon-pod";
import { type ControllerContext, codeOf, declOf } from "../controller-context";
import { podFromTemplate } from "./controller-revision-owner";
import { DS_HASH_LABEL } from "./daemonset-revisions";

export const FIELD_MANAGER = "kube-controller-manager";
export const DS_SOURCE = { component: "daemonset-controller" };
export const TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";
const TEMPLATE_GENERATION_LABEL = "pod-template-generation";

/** flowcontrol.NewBackOff(1s, 15m) state for failed daemon pods, per DaemonSet and node. */
export type FailedPodBackoff = Map<string, { updated: number; delay: number }>;

export interface DaemonSetView {
  ds: KObject;
  nodes: KObject[];
  /** Pods by the node they run on or are pinned to; finished pods already being deleted are left out. */
  nodeToPods: Map<string, KObject[]>;
  hash: string;
  generation: string | undefined;
}

export function templateGeneration(ds: KObject): string | undefined {
  return ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
}

/** IsPodUpdated: the pod carries the current hash, or the current template generation. */
export function isPodUpdated(pod: KObject, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  return (
    (generation !== undefined && labels[TEMPLATE_GENERATION_LABEL] === generation) ||
    (hash !== "" && labels[DS_HASH_LABEL] === hash)
  );
}

/** podByCreationTimestampAndPhase: bound pods first, then oldest first, then by name. */
export function byCreation(a: KObject, b: KObject): number {
  const an = !!(a.spec as { nodeName?: string }).nodeName;
  const bn = !!(b.spec as { nodeName?: string }).nodeName;
  if (an !== bn) return an ? -1 : 1;
  const at = String(a.metadata.creationTimestamp ?? "");
  const bt = String(b.metadata.creationTimestamp ?? "");
  if (at !== bt) return at < bt ? -1 : 1;
  return String(a.metadata.name).localeCompare(String(b.metadata.name));
}

export class DaemonPodControl {
  constructor(
    private readonly ctx: ControllerContext,
    private readonly ds: KObject,
  ) {}

  create(node: string, hash: string, generation: string | undefined): void {
    const template = structuredClone((this.ds.spec as { template: Record<string, unknown> }).template);
    const meta = (template.metadata ?? {}) as { labels?: Record<string, string> };
    meta.labels = {
      ...(meta.labels ?? {}),
      ...(generation !== undefined ? { [TEMPLATE_GENERATION_LABEL]: generation } : {}),
      ...(hash ? { [DS_HASH_LABEL]: hash } : {}),
    };
    template.metadata = meta;
    const spec = template.spec as Record<string, unknown>;
    addDaemonTolerations(spec);
    pinToNode(spec, node);
    const pod = podFromTemplate(template, this.ds);
    const decl = declOf(this.ctx.registry, "", "pods");
    let created: KObject;
    try {
      created = this.ctx.store.create(decl, this.ds.metadata.namespace, pod, {
        dryRun: false,
        fieldManager: FIELD_MANAGER,
      });
    } catch (e) {
      this.ctx.events.record(this.ds, "Warning", "FailedCreate", `Error creating: ${(e as Error).message}`, DS_SOURCE);
      throw e;
    }
    this.ctx.events.record(this.ds, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`, DS_SOURCE);
  }

  delete(pod: KObject): void {
    const decl = declOf(this.ctx.registry, "", "pods");
    try {
      this.ctx.store.delete(decl, this.ds.metadata.namespace, String(pod.metadata.name), {
        dryRun: false,
        preconditions: { uid: pod.metadata.uid },
      });
    } catch (e) {
      if (codeOf(e) === 404) return;
      this.ctx.events.record(this.ds, "Warning", "FailedDelete", `Error deleting: ${(e as Error).message}`, DS_SOURCE);
      throw e;
    }
    this.ctx.events.record(this.ds, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`, DS_SOURCE);
  }
}

export function allowsSurge(ds: KObject): boolean {
  const s = (ds.spec as { updateStrategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string } } })
    .updateStrategy;
  if (s?.type !== "RollingUpdate") return false;
  const v = s.rollingUpdate?.maxSurge;
  return typeof v === "number" ? v > 0 : typeof v === "string" && Number.parseInt(v, 10) > 0;
}
