/**
 * The vendor registry: vendor key -> vendor module.
 */
import type { Connection, VendorKey } from "../model/schema";
import { element } from "./element";
import { elembio } from "./elembio";
import { ica } from "./ica";
import { prequel } from "./prequel";
import type { VendorModule } from "./types";

const VENDOR_MODULES: { [K in VendorKey]: VendorModule<any> } = { element, elembio, ica, prequel };

export function vendorModule<C extends Connection>(vendor: C["vendor"]): VendorModule<C> {
  return VENDOR_MODULES[vendor];
}

/** Every vendor module, in the order of the file format's vendor list. */
export const ALL_VENDOR_MODULES: VendorModule<any>[] = Object.values(VENDOR_MODULES);

export type { VendorModule } from "./types";
