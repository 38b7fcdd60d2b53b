/** CRDs used by the CRD machinery tests: the Kubernetes docs' CronTab and an operator-style WebApp. */
import type { CustomResourceDefinition } from "../../../src/kube/crd/kind-from-crd";

export const CRON_PATTERN = "^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$";

/** https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/ */
export function cronTabCRD(): CustomResourceDefinition {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "crontabs.stable.example.com" },
    spec: {
      group: "stable.example.com",
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                spec: {
                  type: "object",
                  properties: {
                    cronSpec: { type: "string", pattern: CRON_PATTERN },
                    image: { type: "string" },
                    replicas: { type: "integer", minimum: 1, maximum: 10 },
                  },
                },
              },
            },
          },
          additionalPrinterColumns: [
            {
              name: "Spec",
              type: "string",
              description: "The cron spec defining the interval a CronJob is run",
              jsonPath: ".spec.cronSpec",
            },
            {
              name: "Replicas",
              type: "integer",
              description: "The number of jobs launched by the CronJob",
              jsonPath: ".spec.replicas",
            },
            { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
          ],
        },
      ],
      scope: "Namespaced",
      names: { plural: "crontabs", singular: "crontab", kind: "CronTab", shortNames: ["ct"] },
    },
  };
}

/** An operator-style CRD: status and scale subresources, conditions, list maps, defaults, an embedded template. */
export function webAppCRD(): CustomResourceDefinition {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "webapps.apps.example.com" },
    spec: {
      group: "apps.example.com",
      scope: "Namespaced",
      names: { plural: "webapps", kind: "WebApp", shortNames: ["wa"], categories: ["all", "example"] },
      versions: [
        {
          name: "v1alpha1",
          served: true,
          storage: false,
          deprecated: true,
          schema: {
            openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
          },
        },
        {
          name: "v1",
          served: true,
          storage: true,
          subresources: {
            status: {},
            scale: {
              specReplicasPath: ".spec.replicas",
              statusReplicasPath: ".status.replicas",
              labelSelectorPath: ".status.selector",
            },
          },
          selectableFields: [{ jsonPath: ".spec.tier" }],
          schema: {
            openAPIV3Schema: {
              type: "object",
              description: "WebApp runs a web application.",
              required: ["spec"],
              properties: {
                apiVersion: { type: "string" },
                kind: { type: "string" },
                metadata: {
                  type: "object",
                  properties: { name: { type: "string", maxLength: 20 } },
                },
                spec: {
                  type: "object",
                  required: ["image"],
                  properties: {
                    image: { type: "string", minLength: 1 },
                    replicas: { type: "integer", format: "int32", default: 1, minimum: 0 },
                    tier: { type: "string", enum: ["frontend", "backend"], default: "frontend" },
                    port: { "x-kubernetes-int-or-string": true, default: 8080 },
                    paused: { type: "boolean" },
                    ratio: { type: "number", multipleOf: 0.5, exclusiveMaximum: true, maximum: 10 },
                    url: { type: "string", format: "uri" },
                    startAt: { type: "string", format: "date-time", nullable: true },
                    hosts: {
                      type: "array",
                      items: { type: "string", format: "hostname" },
                      "x-kubernetes-list-type": "set",
                      maxItems: 3,
                    },
                    env: {
                      type: "array",
                      "x-kubernetes-list-type": "map",
                      "x-kubernetes-list-map-keys": ["name"],
                      items: {
                        type: "object",
                        required: ["name"],
                        properties: { name: { type: "string" }, value: { type: "string", default: "" } },
                      },
                    },
                    ports: {
                      type: "array",
                      "x-kubernetes-list-type": "map",
                      "x-kubernetes-list-map-keys": ["port", "protocol"],
                      items: {
                        type: "object",
                        properties: { port: { type: "integer" }, protocol: { type: "string" } },
                      },
                    },
                    labels: { type: "object", additionalProperties: { type: "string" }, maxProperties: 2 },
                    resources: {
                      type: "object",
                      additionalProperties: {
                        anyOf: [{ type: "integer" }, { type: "string" }],
                        "x-kubernetes-int-or-string": true,
                        pattern: "^[0-9]+(m|Mi|Gi)?$",
                      },
                    },
                    config: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                    template: {
                      type: "object",
                      "x-kubernetes-embedded-resource": true,
                      "x-kubernetes-preserve-unknown-fields": true,
                    },
                    strategy: {
                      type: "object",
                      "x-kubernetes-map-type": "atomic",
                      properties: { type: { type: "string" }, maxSurge: { type: "integer" } },
                      "x-kubernetes-validations": [{ rule: "self.maxSurge >= 0", message: "maxSurge must be >= 0" }],
                    },
                  },
                },
                status: {
                  type: "object",
                  properties: {
                    replicas: { type: "integer" },
                    selector: { type: "string" },
                    conditions: {
                      type: "array",
                      "x-kubernetes-list-type": "map",
                      "x-kubernetes-list-map-keys": ["type"],
                      items: {
                        type: "object",
                        required: ["type", "status"],
                        properties: {
                          type: { type: "string" },
                          status: { type: "string", enum: ["True", "False", "Unknown"] },
                          lastTransitionTime: { type: "string", format: "date-time" },
                          reason: { type: "string" },
                          message: { type: "string" },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          additionalPrinterColumns: [
            { name: "Image", type: "string", jsonPath: ".spec.image" },
            { name: "Desired", type: "integer", jsonPath: ".spec.replicas" },
            { name: "Current", type: "integer", jsonPath: ".status.replicas" },
            { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
            { name: "Paused", type: "boolean", jsonPath: ".spec.paused", priority: 1 },
            { name: "Ratio", type: "number", jsonPath: ".spec.ratio", priority: 1, format: "float" },
            { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
          ],
        },
      ],
    },
  };
}

export const NOW = Date.parse("2024-05-01T12:00:00Z");
