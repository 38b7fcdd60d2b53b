/** Worker entry: the Hono app in front, and the Durable Object class that holds each cluster. */
import { createApp } from "./api/app";

export { ClusterObject } from "./durable/cluster-object";

export default createApp();
