/**
 * What a kind cluster of each supported Kubernetes minor reports: the patch release of its node image, the
 * API server's `/version`, the images kubeadm of that minor deploys, and the few by-products whose names
 * depend on them (the CoreDNS pod-template-hash, the kube-proxy ControllerRevision hash).
 *
 * 1.30 and 1.31 are the node images published with kind v0.27.0 (kindest/node:v1.31.6@sha256:28b7cbb9…,
 * kindest/node:v1.30.10@sha256:4de75d0e…). 1.32 keeps the v1.32.4 the seed always reported (kind v0.27's own
 * 1.32 image is v1.32.2), so a cluster created without options is unchanged. Every minor shares kind's base
 * image, hence one containerd and the same kindnetd/local-path images (seed.ts).
 *
 * Component versions are kubeadm's constants at those patch releases: etcd from SupportedEtcdVersion (3.5.15-0
 * after its backport to release-1.30; release-1.31 stayed on it), CoreDNS v1.11.1 until 1.31, pause 3.9
 * until 1.31.
 */
import { DEFAULT_MINOR, type KubernetesMinor, SUPPORTED_MINORS } from "./spec";

export interface VersionInfo {
  minor: KubernetesMinor;
  /** The patch release every component runs: kubeletVersion, image tags, kubeadm's kubernetesVersion. */
  kubernetes: string;
  /** `/version` (major, minor, gitVersion), as src/apiserver/server.ts serves it. */
  version: { major: string; minor: string; gitVersion: string };
  /** `/version` goVersion: the Go release that patch was built with. */
  goVersion: string;
  /** Tags (without registry) of the images kubeadm deploys at that release. */
  tags: { etcd: string; coredns: string; pause: string };
  /** containerd in kind's base image (status.nodeInfo.containerRuntimeVersion without the scheme). */
  containerd: string;
  /**
   * status.nodeInfo.kubeProxyVersion. Kubelets up to 1.32 fill it in (DisableNodeKubeProxyVersion is off by
   * default until 1.33), but the 1.32 seed has always written "" and keeps doing so.
   */
  kubeProxyVersion: string;
  /** The API version kubeadm stores its ClusterConfiguration in (v1beta4 from 1.31). */
  kubeadmAPIVersion: "kubeadm.k8s.io/v1beta3" | "kubeadm.k8s.io/v1beta4";
  /** KubeletConfiguration has crashLoopBackOff (KubeletCrashLoopBackOffMax) from 1.32. */
  kubeletCrashLoopBackOff: boolean;
  /** The pod-template-hash of kubeadm's CoreDNS Deployment at that release (coredns-<hash>-xxxxx pods). */
  coreDNSPodTemplateHash: string;
  /**
   * The kube-proxy DaemonSet's controller-revision-hash when known from a real cluster; otherwise the seed
   * computes it the way the simulated DaemonSet controller does.
   */
  kubeProxyRevisionHash?: string;
  /** Date in the `docker.io/library/import-<date>` names kind gives the images it loads into the node. */
  imageImportDate: string;
}

const VERSIONS: Record<KubernetesMinor, VersionInfo> = {
  "1.30": {
    minor: "1.30",
    kubernetes: "v1.30.10",
    version: { major: "1", minor: "30", gitVersion: "v1.30.10+edgeplane" },
    goVersion: "go1.22.12",
    tags: { etcd: "3.5.15-0", coredns: "v1.11.1", pause: "3.9" },
    containerd: "2.0.3",
    kubeProxyVersion: "v1.30.10",
    kubeadmAPIVersion: "kubeadm.k8s.io/v1beta3",
    kubeletCrashLoopBackOff: false,
    coreDNSPodTemplateHash: "7db6d8ff4d",
    imageImportDate: "2025-02-14",
  },
  "1.31": {
    minor: "1.31",
    kubernetes: "v1.31.6",
    version: { major: "1", minor: "31", gitVersion: "v1.31.6+edgeplane" },
    goVersion: "go1.22.12",
    tags: { etcd: "3.5.15-0", coredns: "v1.11.3", pause: "3.10" },
    containerd: "2.0.3",
    kubeProxyVersion: "v1.31.6",
    kubeadmAPIVersion: "kubeadm.k8s.io/v1beta4",
    kubeletCrashLoopBackOff: false,
    coreDNSPodTemplateHash: "6f6b679f8f",
    imageImportDate: "2025-02-14",
  },
  "1.32": {
    minor: "1.32",
    kubernetes: "v1.32.4",
    version: { major: "1", minor: "32", gitVersion: "v1.32.4+edgeplane" },
    goVersion: "go1.23.8",
    tags: { etcd: "3.5.16-0", coredns: "v1.11.3", pause: "3.10" },
    containerd: "2.0.3",
    kubeProxyVersion: "",
    kubeadmAPIVersion: "kubeadm.k8s.io/v1beta4",
    kubeletCrashLoopBackOff: true,
    coreDNSPodTemplateHash: "668d6bf9bc",
    kubeProxyRevisionHash: "7bb84c4984",
    imageImportDate: "2025-04-15",
  },
};

/** The versions a kind cluster of `minor` reports (the default minor when omitted). Throws on other minors. */
export function versionInfo(minor: KubernetesMinor = DEFAULT_MINOR): VersionInfo {
  if (!Object.hasOwn(VERSIONS, minor)) {
    throw new RangeError(`unsupported Kubernetes minor ${JSON.stringify(minor)}: ${SUPPORTED_MINORS.join(", ")}`);
  }
  return VERSIONS[minor];
}

/** Full image references of a release's components, as kubeadm writes them into manifests. */
export function componentImages(info: VersionInfo): {
  kube: (component: string) => string;
  etcd: string;
  coredns: string;
  pause: string;
} {
  return {
    kube: (component) => `registry.k8s.io/${component}:${info.kubernetes}`,
    etcd: `registry.k8s.io/etcd:${info.tags.etcd}`,
    coredns: `registry.k8s.io/coredns/coredns:${info.tags.coredns}`,
    pause: `registry.k8s.io/pause:${info.tags.pause}`,
  };
}
