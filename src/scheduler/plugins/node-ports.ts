/** NodePorts: a hostPort can be used once per protocol and host IP (0.0.0.0 conflicts with every IP). */
import type { FilterStatus, NodeInfo, PodInfo } from "../types";

export const ERR_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

export function nodePortsFilter(pod: PodInfo, node: NodeInfo): FilterStatus | undefined {
  for (const hp of pod.hostPorts) {
    const ips = node.usedPorts.get(`${hp.protocol}/${hp.port}`);
    if (!ips || ips.size === 0) continue;
    if (hp.hostIP === "0.0.0.0" || ips.has("0.0.0.0") || ips.has(hp.hostIP)) {
      return { reasons: [ERR_NODE_PORTS], unresolvable: false };
    }
  }
  return undefined;
}
