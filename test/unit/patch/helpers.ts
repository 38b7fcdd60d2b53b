import { expect } from "vitest";
import { StatusError } from "../../../src/kube/errors";

/** Runs `fn`, expecting it to throw a StatusError; returns its Status for further assertions. */
export function statusOf(fn: () => unknown) {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(StatusError);
  const err = caught as StatusError;
  return { ...err.toStatus(), cause: err.cause };
}
