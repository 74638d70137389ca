/**
 * vendor-guard: vendor requirements and bucket hardening, checked at `pulumi preview` time.
 * Only constructs the pack; the policies live one per file under policies/.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("vendor-guard", {
  description: "Checks every vendor connection against its published requirements, and every bucket against the safety rules.",
  policies,
});
