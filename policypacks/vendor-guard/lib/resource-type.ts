/**
 * Resource policies that look at one resource type. Given through `validateResourceOfType`, the
 * check carries its type token, and `@pulumi/policy` skips it for every other type before
 * deserializing the resource's properties, instead of deserializing them for a check that returns
 * at once. A role-only check ran on every component, bucket, user, key and policy resource too:
 * at 1,000 connections, 4,750 of the 5,250 resources (the change saved about 6% of that plan,
 * docs/benchmarks.md). The verdicts are the same.
 */
import { validateResourceOfType, type ResourceValidation } from "@pulumi/policy";
import type { Resource } from "@pulumi/pulumi";

/**
 * `VENDOR_CONNECTIONS_OPTIMISATIONS=off` (or `off:` and a list naming `pack-types`) makes the
 * check test the type itself, as the pack did before; the plans must not change (the offline
 * commands read the same switch, offline/optimisations.js).
 */
function typeFilterOff(env = process.env): boolean {
  const value = (env.VENDOR_CONNECTIONS_OPTIMISATIONS ?? "").trim();
  return (
    value === "off" ||
    (value.startsWith("off:") &&
      value
        .slice(4)
        .split(",")
        .map((n) => n.trim())
        .includes("pack-types"))
  );
}

/** A stand-in for the `@pulumi/aws` class of `type`: `@pulumi/policy` reads only its `__pulumiType`. */
function classOf(type: string): new (name: string, args: unknown) => Resource {
  return class {
    static readonly __pulumiType = type;
  } as unknown as new (name: string, args: unknown) => Resource;
}

/** `validate`, run for resources of type `type` only. */
export function ofType(type: string, validate: ResourceValidation): ResourceValidation {
  if (typeFilterOff()) return (args, reportViolation) => (args.type === type ? validate(args, reportViolation) : undefined);
  return validateResourceOfType(classOf(type), (_props, args, reportViolation) => validate(args, reportViolation));
}
