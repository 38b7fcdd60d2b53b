/**
 * The program the kubelet runs containers with: src/sim/run-container.ts decides what images and commands
 * do. Kept behind this one import so tests can inject their own (createKubelet's `program` parameter).
 */
import { pullOutcome, runContainer } from "../sim/run-container";
import type { Program } from "./types";

export const defaultProgram: Program = { runContainer, pullOutcome };
