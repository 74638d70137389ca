/**
 * One line of a verify report: what was checked on which resource, and whether AWS matches.
 */
export type Status = "match" | "mismatch" | "cannot-check" | "note";

export interface Finding {
  /** `bucket lab-runs-prod`, `role aviti-runs-prod`, `OIDC provider oidc.eks...`. */
  subject: string;
  check: string;
  status: Status;
  /** What was found, and for a mismatch what was expected. */
  detail: string;
  /** For cannot-check: the IAM action the caller lacks. */
  permission?: string;
}

export class Findings {
  readonly list: Finding[] = [];
  constructor(private readonly subject: string) {}
  add(check: string, status: Status, detail: string, permission?: string): void {
    this.list.push({ subject: this.subject, check, status, detail, ...(permission ? { permission } : {}) });
  }
  /** Compares and records: match when equal (as canonical JSON), mismatch naming both values otherwise. */
  compare(check: string, expected: unknown, actual: unknown): void {
    const same = JSON.stringify(expected) === JSON.stringify(actual);
    this.add(check, same ? "match" : "mismatch", same ? show(actual) : `expected ${show(expected)}, found ${show(actual)}`);
  }
}

export const show = (value: unknown): string => (value === undefined ? "none" : typeof value === "string" ? value : JSON.stringify(value));
