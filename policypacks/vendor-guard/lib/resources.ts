/**
 * How stack policies relate resources: through the dependency graph the program declares, never
 * through ids or names. During `pulumi preview` of a new stack a bucket's id is unknown, but the
 * edge "this public access block's `bucket` input came from that bucket" is known, so checks built
 * on edges stay at their level instead of degrading to advisory (pulumi-offline.md §2.4).
 */
import type { PolicyResource } from "@pulumi/policy";

const unique = <T>(items: T[]) => [...new Set(items)];

/**
 * The resources of `types` that `resource` refers to through its input `property`:
 * 1. the resources that input's value came from (`propertyDependencies`), else
 * 2. the one resource of those types it depends on (`dependsOn`, or any other input), else
 * 3. the one resource of those types under the same parent component.
 * A value written as a literal name, with no edge, links to nothing.
 */
export function linked(resource: PolicyResource, property: string, types: readonly string[], resources: readonly PolicyResource[]): PolicyResource[] {
  const byProperty = unique((resource.propertyDependencies[property] ?? []).filter((r) => types.includes(r.type)));
  if (byProperty.length > 0) return byProperty;
  const byDependency = unique(resource.dependencies.filter((r) => types.includes(r.type)));
  if (byDependency.length === 1) return byDependency;
  if (byDependency.length === 0 && resource.parent) {
    const siblings = resources.filter((r) => r.parent === resource.parent && types.includes(r.type));
    if (siblings.length === 1) return siblings;
  }
  return [];
}

/** The resources of `types` whose `property` links to `target` (e.g. a bucket's public access blocks). */
export function linkedTo(target: PolicyResource, types: readonly string[], property: string, resources: readonly PolicyResource[]): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type) && linked(r, property, [target.type], resources).includes(target));
}

export const ofTypes = (resources: readonly PolicyResource[], types: readonly string[]) => resources.filter((r) => types.includes(r.type));
