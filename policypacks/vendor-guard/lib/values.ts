/**
 * Reading values that may not be known during `pulumi preview`.
 *
 * CrossGuard hands policies proxies that throw `UnknownValueError` when a value is unknown, and
 * reports a policy that throws it as an advisory "can't run during preview" (pulumi-offline.md
 * §2.4). A stack policy that reads one unknown value would therefore lose every other finding of
 * the stack; these helpers keep the unknown local.
 */
import { UnknownValueError } from "@pulumi/policy";

/**
 * The value, or undefined when it is not known yet. Only for recognising resources (is this role
 * trusted by a vendor?), never for the value a check enforces.
 */
export function ifKnown<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (e instanceof UnknownValueError) return undefined;
    throw e;
  }
}

/**
 * Runs `check` on every item. An item whose values are unknown does not stop the others: the first
 * `UnknownValueError` is rethrown after every item ran, so known violations stay reported at their
 * level and CrossGuard adds its advisory for the part it could not see.
 */
export function forEachKnown<T>(items: Iterable<T>, check: (item: T) => void): void {
  let unknown: unknown;
  for (const item of items) {
    try {
      check(item);
    } catch (e) {
      if (!(e instanceof UnknownValueError)) throw e;
      unknown ??= e;
    }
  }
  if (unknown) throw unknown;
}
