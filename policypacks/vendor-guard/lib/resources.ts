/**
 * How stack policies relate resources: through the dependency graph the program declares, never
 * through ids or names. During `pulumi preview` of a new stack a bucket's id is unknown, but the
 * edge "this public access block's `bucket` input came from that bucket" is known, so checks built
 * on edges stay at their level instead of degrading to advisory (pulumi-offline.md §2.4).
 *
 * Lookups are indexed once per stack analysis, so a policy stays linear in the number of resources.
 */
import type { PolicyResource } from "@pulumi/policy";

const unique = <T>(items: T[]) => [...new Set(items)];

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const values = map.get(key);
  if (values) values.push(value);
  else map.set(key, [value]);
}

interface Index {
  children: Map<PolicyResource, PolicyResource[]>;
  /** `property|types|target type` -> target -> the resources linking to it. */
  linkers: Map<string, Map<PolicyResource, PolicyResource[]>>;
}

const indexes = new WeakMap<readonly PolicyResource[], Index>();

function indexOf(resources: readonly PolicyResource[]): Index {
  let index = indexes.get(resources);
  if (!index) {
    const children = new Map<PolicyResource, PolicyResource[]>();
    for (const r of resources) if (r.parent) push(children, r.parent, r);
    index = { children, linkers: new Map() };
    indexes.set(resources, index);
  }
  return index;
}

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
    const siblings = (indexOf(resources).children.get(resource.parent) ?? []).filter((r) => types.includes(r.type));
    if (siblings.length === 1) return siblings;
  }
  return [];
}

/** The resources of `types` whose `property` links to `target` (e.g. a bucket's public access blocks). */
export function linkedTo(target: PolicyResource, types: readonly string[], property: string, resources: readonly PolicyResource[]): PolicyResource[] {
  const { linkers } = indexOf(resources);
  const key = `${property}|${types.join(",")}|${target.type}`;
  let byTarget = linkers.get(key);
  if (!byTarget) {
    byTarget = new Map();
    for (const r of resources) {
      if (!types.includes(r.type)) continue;
      for (const t of linked(r, property, [target.type], resources)) push(byTarget, t, r);
    }
    linkers.set(key, byTarget);
  }
  return byTarget.get(target) ?? [];
}

export const ofTypes = (resources: readonly PolicyResource[], types: readonly string[]) => resources.filter((r) => types.includes(r.type));
