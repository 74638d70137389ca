/**
 * The vendor registry: every vendor the file format knows, in the order of its vendor list. Adding
 * a vendor means adding its module here (and its policies to the pack's registry); nothing else
 * outside the vendor's own files names it.
 */
import { element } from "./element";
import { elembio } from "./elembio";
import { ica } from "./ica";
import { prequel } from "./prequel";
import { synapse } from "./synapse";
import { seqera } from "./seqera";
import type { VendorModule } from "./types";

export const VENDOR_MODULES = { element, elembio, ica, prequel, synapse, seqera } as const;

/** A vendor key: `vendor:` in the connections file. */
export type VendorKey = keyof typeof VENDOR_MODULES;

/** The connection types of every vendor, as the file format defines them. */
export type Connection = (typeof VENDOR_MODULES)[VendorKey] extends infer M ? (M extends VendorModule<infer C> ? C : never) : never;

/** Every vendor key, in the order of the file format's vendor list. */
export const VENDORS = Object.keys(VENDOR_MODULES) as VendorKey[];

export function vendorModule<C extends Connection>(vendor: C["vendor"]): VendorModule<C> {
  return VENDOR_MODULES[vendor] as unknown as VendorModule<C>;
}

/** Every vendor module, in the order of the file format's vendor list. */
export const ALL_VENDOR_MODULES: VendorModule<Connection>[] = Object.values(VENDOR_MODULES) as unknown as VendorModule<Connection>[];

export type { VendorModule } from "./types";
