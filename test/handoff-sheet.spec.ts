/**
 * The hand-off sheet: every vendor's forms, for every credential type, with every field its
 * reference page lists, in the UI's order; secrets only from the outputs and only when asked for;
 * everything escaped; and the command's inputs (stack, outputs) checked.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { stackConnectionsFile } from "../cli/handoff";
import { bucketOf, type StackModel } from "../model/resolve";
import { AFTER_UP, buildSheet, handoffOutputs, SECRET_HIDDEN, SECRET_NOT_GIVEN, type HandoffSheet } from "../offline/handoff-sheet";
import { escapeHtml, renderHtml, renderMarkdown } from "../offline/handoff-render";
import { ROOT } from "../offline/run-plan";
import { ALL_VENDOR_MODULES, vendorModule } from "../vendors";
import { USER_WITH_ROLE_CREDENTIAL, type CredentialRefs, type Handoff } from "../vendors/types";
import { modelOf } from "./harness";

const SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";
const REFS: CredentialRefs = {
  roleArn: "arn:aws:iam::123456789012:role/conn-test",
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: SECRET,
  executionRoleArn: "arn:aws:iam::123456789012:role/conn-omics-test",
};

/** What `pulumi stack output --json --show-secrets` holds under `handoff` for the model. */
function stackOutputs(model: StackModel, fill: (key: keyof CredentialRefs) => string = (key) => REFS[key]): Record<string, unknown> {
  const filled = (handoff: Handoff): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(handoff).map(([key, value]) => [
        key,
        typeof value !== "object"
          ? value
          : "credential" in value && typeof value.credential === "string"
            ? fill(value.credential as keyof CredentialRefs)
            : filled(value as Handoff),
      ]),
    );
  return Object.fromEntries(model.connections.map((c) => [c.name, { vendor: c.vendor, ...filled(vendorModule(c.vendor).handoff(c, bucketOf(model, c))) }]));
}

const yaml = (connection: string, bucket = "{}") => `version: 1
defaults: { region: us-east-1 }
buckets:
  lab-data: ${bucket}
connections:
  - name: conn
    bucket: lab-data
    prefix: runs/x
${connection}`;

const KMS = "{ encryption: { type: sse-kms, kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' } }";

/** Per vendor and credential: the fields of each form, as docs/vendors/<page>.md lists them, in order. */
const CASES: { name: string; connection: string; bucket?: string; steps: string[][]; credentials: (keyof CredentialRefs)[] }[] = [
  {
    name: "element role",
    connection: "    vendor: element\n    credential: { type: role, externalId: lab-ext-1 }",
    steps: [["Storage Name", "Bucket name", "Prefix", "Region", "Credential type", "Role ARN", "External ID"]],
    credentials: ["roleArn"],
  },
  {
    name: "element user",
    connection: "    vendor: element\n    credential: { type: user }",
    steps: [["Storage Name", "Bucket name", "Prefix", "Region", "Credential type", "Access key", "Secret key"]],
    credentials: ["accessKeyId", "secretAccessKey"],
  },
  {
    name: "elembio role with HealthOmics",
    connection: "    vendor: elembio\n    credential: { type: role, externalId: lab-ext-2 }\n    healthOmics: { enabled: true }",
    steps: [
      ["Name", "Default region", "Credential type", "Role ARN", "External ID"],
      ["Provider", "Name", "Region", "Bucket name", "Prefix", "Use for Run Upload", "Use for Data Exploration"],
      ["Provider", "Name", "Execution role ARN", "Region"],
    ],
    credentials: ["roleArn", "executionRoleArn"],
  },
  {
    name: "elembio user",
    connection: "    vendor: elembio\n    credential: { type: user }",
    steps: [
      ["Name", "Default region", "Credential type", "Access key", "Secret key"],
      ["Provider", "Name", "Region", "Bucket name", "Prefix", "Use for Run Upload", "Use for Data Exploration"],
    ],
    credentials: ["accessKeyId", "secretAccessKey"],
  },
  {
    name: "ica role on an SSE-KMS bucket",
    connection: "    vendor: ica\n    credential: { type: role, roleSessionNamePrefix: a1b2c3d4e5 }",
    bucket: KMS,
    steps: [
      ["Name", "Type", "RoleSessionName prefix"],
      [
        "Type",
        "Region",
        "Configuration name",
        "Description",
        "Bucket name",
        "Key prefix",
        "Credential",
        "Role",
        "Server Side Encryption: Algorithm",
        "Server Side Encryption: Key Name",
      ],
      [],
    ],
    credentials: ["roleArn"],
  },
  {
    name: "ica user",
    connection: "    vendor: ica\n    credential: { type: user }",
    steps: [
      ["Name", "Type", "Access key ID", "Secret access key"],
      ["Type", "Region", "Configuration name", "Description", "Bucket name", "Key prefix", "Credential"],
      [],
    ],
    credentials: ["accessKeyId", "secretAccessKey"],
  },
  {
    name: "prequel role",
    connection: "    vendor: prequel\n    credential: { type: role, subject: '103456789012345678901' }",
    steps: [["Bucket name", "Bucket region", "Role ARN"]],
    credentials: ["roleArn"],
  },
  {
    name: "prequel user",
    connection: "    vendor: prequel\n    credential: { type: user }",
    steps: [["Bucket name", "Bucket region", "Access key ID", "Secret access key"]],
    credentials: ["accessKeyId", "secretAccessKey"],
  },
  {
    // Granted in the bucket policy: no credential in the account, nothing secret to hand over.
    name: "synapse bucket policy",
    connection: "    vendor: synapse\n    access: read-write\n    owners: [3412345]",
    steps: [["Bucket", "Base Key", "Banner"]],
    credentials: [],
  },
  {
    name: "seqera role, work directory and Data Explorer",
    connection:
      "    vendor: seqera\n    credential: { type: role, externalId: 7d1f0c52-3e9a-4b8e-9f6d-2a4c8e1b5f30 }\n    workDirectory: { computeRegion: us-east-1 }\n    dataExplorer: true",
    steps: [
      ["Name", "Provider", "AWS credential mode", "Assume role"],
      ["Provider", "Path", "Name", "Credentials", "Description"],
      ["Region", "Pipeline work directory"],
    ],
    credentials: ["roleArn"],
  },
  {
    name: "seqera keys, Data Explorer",
    connection: "    vendor: seqera\n    credential: { type: user }\n    dataExplorer: true",
    steps: [
      ["Name", "Provider", "AWS credential mode", "Access key", "Secret key", "Assume role"],
      ["Provider", "Path", "Name", "Credentials", "Description"],
    ],
    credentials: ["accessKeyId", "secretAccessKey"],
  },
];

const sheetOf = (model: StackModel, options: Partial<Parameters<typeof buildSheet>[1]> = {}) =>
  buildSheet(model, { stack: "test", file: "connections/test.yaml", showSecrets: false, ...options });
const values = (sheet: HandoffSheet) => sheet.connections.flatMap((c) => c.steps.flatMap((s) => s.fields.map((f) => f.value)));

describe("hand-off sheet", () => {
  it("every vendor module lists its UI steps", () => {
    assert.deepStrictEqual(
      ALL_VENDOR_MODULES.filter((m) => m.handoffSteps === undefined).map((m) => m.vendor),
      [],
    );
  });

  // Every vendor of the registry, from its own samples: a new vendor is covered without an edit here.
  for (const module of ALL_VENDOR_MODULES) {
    const { credentialTypes = ["role", "user"], roleCredential, otherCredentials, features, requiredFields } = module.samples;
    for (const type of credentialTypes) {
      it(`${module.vendor} ${type} (from the vendor's samples): cited sections exist, and its secret shows only with --show-secrets`, () => {
        const sample = type === "role" ? roleCredential : otherCredentials?.[type];
        const credential = sample ? sample("conn") : { type };
        const fields = { ...features[0], ...(requiredFields?.(true) ?? {}) };
        const connection = [`    vendor: ${module.vendor}`, `    credential: ${JSON.stringify(credential)}`]
          .concat(
            Object.entries(fields)
              .filter(([key]) => !key.startsWith("credential."))
              .map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`),
          )
          .join("\n");
        const model = modelOf(yaml(connection));
        const steps = sheetOf(model).connections[0].steps;
        assert.ok(
          steps.some((step) => step.fields.length > 0),
          "no form to fill in",
        );
        for (const step of steps) {
          const [, page, section] = /^([a-z]+\.md) §(\d+)$/.exec(step.source) ?? [];
          assert.ok(page, `${step.source} is not "<page>.md §N"`);
          assert.match(readFileSync(path.join(ROOT, "docs", "vendors", page), "utf8"), new RegExp(`^## ${section}\\. `, "m"));
        }
        const outputs = stackOutputs(model);
        assert.ok(!values(sheetOf(model, { outputs })).includes(SECRET), "a secret without --show-secrets");
        // Keys are handed off for a user, and for a user whose keys assume a role.
        assert.strictEqual(values(sheetOf(model, { outputs, showSecrets: true })).includes(SECRET), type === "user" || type === USER_WITH_ROLE_CREDENTIAL);
      });
    }
  }

  for (const testCase of CASES) {
    describe(testCase.name, () => {
      const model = modelOf(yaml(testCase.connection, testCase.bucket));

      it("has every field the vendor's form asks for, in the form's order", () => {
        const sheet = sheetOf(model);
        assert.deepStrictEqual(
          sheet.connections[0].steps.map((s) => s.fields.map((f) => f.label)),
          testCase.steps,
        );
      });

      it("cites a section of the vendor's reference page that exists", () => {
        for (const step of sheetOf(model).connections[0].steps) {
          const [, page, section] = /^([a-z]+\.md) §(\d+)$/.exec(step.source) ?? [];
          assert.ok(page, `${step.source} is not "<page>.md §N"`);
          assert.match(readFileSync(path.join(ROOT, "docs", "vendors", page), "utf8"), new RegExp(`^## ${section}\\. `, "m"));
        }
      });

      it("without outputs: what only AWS knows reads [after pulumi up], and no secret", () => {
        const sheet = sheetOf(model, { showSecrets: true });
        const credentialFields = sheet.connections[0].steps.flatMap((s) => s.fields).filter((f) => f.value === AFTER_UP);
        assert.strictEqual(credentialFields.length, testCase.credentials.length);
        assert.ok(credentialFields.every((f) => f.placeholder));
        assert.strictEqual(sheet.showsSecrets, false);
      });

      it("with outputs: each credential value from them; the secret only with --show-secrets", () => {
        const outputs = stackOutputs(model);
        const hidden = sheetOf(model, { outputs });
        const shown = sheetOf(model, { outputs, showSecrets: true });
        const expected = testCase.credentials.map((key) => REFS[key]);
        const hasSecret = testCase.credentials.includes("secretAccessKey");
        assert.deepStrictEqual(
          values(shown).filter((v) => Object.values(REFS).includes(v)),
          expected,
        );
        assert.deepStrictEqual(
          values(hidden).filter((v) => Object.values(REFS).includes(v)),
          expected.filter((v) => v !== SECRET),
        );
        assert.strictEqual(values(hidden).includes(SECRET_HIDDEN), hasSecret);
        assert.strictEqual(shown.showsSecrets, hasSecret);
        for (const render of [renderMarkdown, renderHtml]) {
          assert.ok(!render(hidden).includes(SECRET), `${render.name} printed the secret without --show-secrets`);
          assert.strictEqual(render(shown).includes(SECRET), hasSecret, render.name);
          assert.strictEqual(/contains secret access keys/.test(render(shown)), hasSecret, render.name);
        }
      });

      it("renders every field label and value in Markdown and HTML", () => {
        const sheet = sheetOf(model, { outputs: stackOutputs(model) });
        const markdown = renderMarkdown(sheet);
        const html = renderHtml(sheet);
        for (const field of sheet.connections[0].steps.flatMap((s) => s.fields)) {
          assert.ok(markdown.includes(`| ${field.label.replace(/_/g, "\\_")} |`), `markdown: ${field.label}`);
          assert.ok(html.includes(`<td>${escapeHtml(field.label)}</td>`), `html: ${field.label}`);
          if (field.value !== "" && !field.placeholder) assert.ok(html.includes(escapeHtml(field.value)), `html value of ${field.label}`);
        }
      });
    });
  }

  it("says when the outputs hold [secret] (saved without --show-secrets) instead of printing it", () => {
    const model = modelOf(yaml("    vendor: ica\n    credential: { type: user }"));
    const outputs = stackOutputs(model, (key) => (key === "secretAccessKey" ? "[secret]" : REFS[key]));
    const sheet = sheetOf(model, { outputs, showSecrets: true });
    assert.ok(values(sheet).includes(SECRET_NOT_GIVEN));
    assert.ok(!values(sheet).includes("[secret]"));
    assert.strictEqual(sheet.showsSecrets, false);
  });

  it("escapes every value in HTML and keeps Markdown table cells whole", () => {
    const sheet: HandoffSheet = {
      stack: "<b>s</b>",
      file: "a&b.yaml",
      values: "outputs",
      showsSecrets: false,
      connections: [
        {
          name: "c",
          vendor: "v",
          title: "T",
          steps: [
            {
              where: "A > B",
              action: "Do it.",
              source: "x.md §1",
              fields: [{ label: "L|1", value: "<script>alert('x')</script>|`tick`", placeholder: false }],
            },
          ],
        },
      ],
    };
    const html = renderHtml(sheet);
    assert.ok(!html.includes("<script>") && !html.includes("<b>s</b>"));
    assert.ok(html.includes("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;|`tick`"));
    assert.ok(html.includes("a&amp;b.yaml"));
    assert.doesNotMatch(html, /<link|<script|src=|href=/);
    const row = renderMarkdown(sheet)
      .split("\n")
      .find((line) => line.startsWith("| L"))!;
    // The value ends with a backtick: the span's fence is padded so the tick stays in the value.
    assert.strictEqual(row, "| L\\|1 | `` <script>alert('x')</script>\\|`tick` `` |  |");
  });

  describe("reading the outputs", () => {
    const how = "save them with: pulumi stack output --stack <stack> --json --show-secrets > outputs.json";
    const table: [string, string, string | RegExp | Record<string, unknown>][] = [
      // The parser's own words differ between Node versions.
      [
        "not JSON",
        "{",
        /^the outputs are not JSON \(.*position 1.*\); save them with: pulumi stack output --stack <stack> --json --show-secrets > outputs\.json$/,
      ],
      ["an array", "[]", `the outputs are not a JSON object; ${how}`],
      ["no handoff", '{"other": 1}', `the outputs have no "handoff" (their keys: other); ${how}`],
      ["handoff secret as a whole", '{"handoff": "[secret]"}', `the outputs were saved without --show-secrets, so "handoff" reads [secret]; ${how}`],
      ["handoff not an object", '{"handoff": 3}', `"handoff" in the outputs is not an object; ${how}`],
      ["valid", '{"handoff": {"conn": {"bucketName": "b"}}}', { conn: { bucketName: "b" } }],
    ];
    for (const [name, text, expected] of table) {
      it(name, () => {
        const result = handoffOutputs(text);
        if (expected instanceof RegExp) assert.match(result.ok ? "" : result.message, expected);
        else assert.deepStrictEqual(result, typeof expected === "string" ? { ok: false, message: expected } : { ok: true, outputs: expected });
      });
    }
  });

  describe("--stack resolves the connections file", () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(tmpdir(), "handoff-stack-"));
      mkdirSync(path.join(dir, "connections"));
      writeFileSync(path.join(dir, "Pulumi.a.yaml"), "config:\n  vendor-connections:connectionsFile: connections/shared.yaml\n");
      writeFileSync(path.join(dir, "Pulumi.b.yaml"), "config:\n  aws:region: us-east-1\n");
      writeFileSync(path.join(dir, "connections", "c.yaml"), "version: 1\n");
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const table: [string, string | undefined][] = [
      ["a", "connections/shared.yaml"],
      ["b", "connections/b.yaml"],
      ["c", "connections/c.yaml"],
      ["d", undefined],
    ];
    for (const [stack, expected] of table) {
      it(`stack ${stack}: ${expected ?? "neither settings nor connections file"}`, () => {
        const found = stackConnectionsFile(stack, dir);
        assert.strictEqual(found && path.relative(dir, found), expected);
      });
    }
  });

  describe("npm run handoff", () => {
    const run = (args: string[], input?: string) =>
      spawnSync(process.execPath, ["-r", "sucrase/register", path.join(ROOT, "cli", "handoff.ts"), ...args], { cwd: ROOT, encoding: "utf8", input });

    it("prints the sheet of a stack from the outputs on standard input, secrets withheld", () => {
      const outputs = {
        handoff: { "billing-export": { vendor: "prequel", bucketName: "lab-billing-exports-prod", region: "us-east-1", roleArn: REFS.roleArn } },
      };
      const result = run(["--stack", "prod", "--outputs", "-"], JSON.stringify(outputs));
      assert.strictEqual(result.status, 0, result.stderr);
      assert.match(result.stdout, /^# Hand-off sheet: stack prod\n\nConnections file: connections\/prod\.yaml\. Values from the stack's outputs\./);
      assert.ok(result.stdout.includes(`| Role ARN | \`${REFS.roleArn}\` |  |`));
      // Connections not in the outputs say so rather than guess.
      assert.match(result.stdout, /\| Role ARN \| \\\[not in the outputs given: run pulumi up, then save the outputs again\\\] \|/);
    });

    const refusals: [string, string[], RegExp][] = [
      [
        "an unknown stack",
        ["--stack", "nosuch"],
        /^handoff: stack "nosuch" has neither Pulumi\.nosuch\.yaml nor connections\/nosuch\.yaml: create one, or name another stack\n/,
      ],
      ["an unknown format", ["--stack", "prod", "--format", "pdf"], /^handoff: --format pdf is not a format: use markdown or html\n/],
      ["no stack", [], /^handoff: --stack is required: the stack whose hand-off to print, e.g. --stack prod\n/],
      ["an outputs file that does not exist", ["--stack", "prod", "--outputs", "missing.json"], /^handoff: cannot read the outputs missing\.json: ENOENT/],
    ];
    for (const [name, args, message] of refusals) {
      it(`refuses ${name} with exit 2 and no stack trace`, () => {
        const result = run(args);
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, message);
        assert.doesNotMatch(result.stderr, /\n\s+at /);
        assert.strictEqual(result.stdout, "");
      });
    }
  });
});
