/**
 * The vendor registry: vendor key -> vendor module.
 */
import type { Connection, VendorKey } from "../model/schema";
import { element } from "./element";
import type { VendorModule } from "./types";

const VENDOR_MODULES: Partial<Record<VendorKey, VendorModule<any>>> = {
  element,
};

export function vendorModule<C extends Connection>(vendor: C["vendor"]): VendorModule<C> {
  const module = VENDOR_MODULES[vendor];
  if (!module) throw new Error(`vendor "${vendor}" has no module`);
  return module;
}

export type { VendorModule } from "./types";
