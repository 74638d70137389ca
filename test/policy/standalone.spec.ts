/**
 * The pack as `pulumi policy publish` and Pulumi Cloud policy groups ship it: only the folder
 * `npm run pack:build` writes, then its declared dependencies installed beside it. The spec builds
 * the pack, copies that folder alone to an empty directory, gives it a node_modules holding just
 * the packages its package.json declares (links to the installed copies, whose own dependencies
 * resolve as npm installed them), and runs it through the real analyzer handlers in a process of
 * its own, next to the source pack this process runs.
 */
import * as assert from "assert";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from "fs";
import { isBuiltin } from "module";
import * as os from "os";
import * as path from "path";
import { buildPolicyPack, PACK_FILES, PACK_SOURCE_DIR, type BuiltPack } from "../../cli/pack-build";
import type { RecordedResource } from "../../offline/mock-engine";
import { analyzeInOwnProcess, type PackRun } from "../../offline/pack-process";
import { analyze, configureFromFile, policyInfos } from "../../offline/policy-harness";
import { ROOT } from "../../offline/run-plan";
import { ELEMENT_PRINCIPAL_ARN } from "../../vendors/element";
import { elementRole, found, hardenedBucket, icaConnection, record, type Found } from "./helpers";

const PAB_REQUIREMENT =
  "every bucket blocks all public access with the four flags true (docs/vendors/element.md §2; docs/vendors/elembio.md §2; docs/vendors/prequel.md §2)";

const STACKS: { name: string; build: () => void; expected: Found[] }[] = [
  {
    name: "a compliant stack: hardened buckets, Element's role, an ICA connection",
    build: () => {
      hardenedBucket("lab-runs");
      elementRole("aviti-runs", "lab-runs", "runs/aviti");
      icaConnection("ica-data", "lab-ica");
    },
    expected: [],
  },
  {
    name: "a failing stack: a bucket without public access block, Element's role trusting one of its roles",
    build: () => {
      hardenedBucket("lab-runs", { publicAccessBlock: false });
      elementRole("aviti-runs", "lab-runs", "runs/aviti", {
        trust: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "ElementAssumeRole",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::588258415937:role/uploader" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "sts:ExternalId": "lab-aviti-7f3a" } },
            },
          ],
        },
      });
    },
    expected: [
      {
        policy: "bucket-public-access-block",
        enforcement: "mandatory",
        resource: "lab-runs",
        message: `aws.s3.Bucket "lab-runs" has no BucketPublicAccessBlock; ${PAB_REQUIREMENT}. Fix: add an aws.s3.BucketPublicAccessBlock with bucket set to this bucket's id and blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets set to true.`,
      },
      {
        policy: "element-trust-policy",
        enforcement: "mandatory",
        resource: "aviti-runs",
        message: `aws.iam.Role "aviti-runs" trust statement "ElementAssumeRole" names "arn:aws:iam::588258415937:role/uploader" in Element's account; Element assumes the role as "${ELEMENT_PRINCIPAL_ARN}" (docs/vendors/element.md §4; docs/vendors/elembio.md §3). Fix: set Principal to {"AWS": "${ELEMENT_PRINCIPAL_ARN}"}.`,
      },
    ],
  },
];

const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const lockedVersion = (name: string): string => readJson(path.join(ROOT, "package-lock.json")).packages[`node_modules/${name}`].version;
const isInside = (dir: string, file: string) => !path.relative(dir, file).startsWith("..") && !path.isAbsolute(path.relative(dir, file));

/**
 * What `npm install` gives the folder, as far as Node's resolution can tell: node_modules/<name>
 * for each declared dependency, and nothing else. Each is a link to the copy this checkout
 * installed (checked to be the declared version), so its own dependencies are the ones npm
 * installed for it.
 */
function installDeclaredDependencies(dir: string): void {
  for (const [name, version] of Object.entries<string>(readJson(path.join(dir, "package.json")).dependencies)) {
    const installed = realpathSync(path.dirname(require.resolve(`${name}/package.json`, { paths: [PACK_SOURCE_DIR] })));
    assert.strictEqual(readJson(path.join(installed, "package.json")).version.replace(/^v/, ""), version, `${name} installed in this checkout`);
    const link = path.join(dir, "node_modules", name);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(installed, link, "dir");
  }
}

describe("policy pack: the published folder (npm run pack:build)", function () {
  let tmp: string;
  let built: BuiltPack;
  let published: string;
  const recorded: RecordedResource[][] = [];
  // Started by the first spec that needs it, so the specs of the files report on their own when
  // the folder fails to load.
  let running: Promise<PackRun> | undefined;
  const run = () => (running ??= analyzeInOwnProcess(published, recorded));

  before(async () => {
    tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), "vendor-guard-")));
    built = await buildPolicyPack(path.join(tmp, "build", "vendor-guard"));
    published = path.join(tmp, "published", "vendor-guard");
    cpSync(built.dir, published, { recursive: true });
    installDeclaredDependencies(published);
    for (const stack of STACKS) recorded.push(await record(stack.build));
  });

  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("holds index.js, package.json, PulumiPolicy.yaml and README.md, nothing else", () => {
    assert.deepStrictEqual(readdirSync(built.dir).sort(), [...PACK_FILES].sort());
  });

  it("has a package.json for the CLI and npm pack: the pack's name and version, main index.js, the files to ship, only @pulumi/policy and @pulumi/pulumi at the locked versions", () => {
    const source = readJson(path.join(PACK_SOURCE_DIR, "package.json"));
    assert.deepStrictEqual(readJson(path.join(built.dir, "package.json")), {
      name: "vendor-guard",
      version: source.version,
      private: true,
      description: source.description,
      license: "Apache-2.0",
      main: "index.js",
      files: ["PulumiPolicy.yaml", "README.md", "index.js"],
      engines: { node: readJson(path.join(ROOT, "package.json")).engines.node },
      dependencies: { "@pulumi/policy": lockedVersion("@pulumi/policy"), "@pulumi/pulumi": lockedVersion("@pulumi/pulumi") },
      // The root's install-script decision for a package the pack installs too; none for the build's esbuild.
      allowScripts: { protobufjs: false },
    });
  });

  it("copies PulumiPolicy.yaml and README.md from the source pack", () => {
    for (const file of ["PulumiPolicy.yaml", "README.md"])
      assert.strictEqual(readFileSync(path.join(built.dir, file), "utf8"), readFileSync(path.join(PACK_SOURCE_DIR, file), "utf8"), file);
  });

  it("bundles the project's sources (the policies, the vendors' facts) and requires only Node built-ins and its declared dependencies", () => {
    const bundle = readFileSync(path.join(built.dir, "index.js"), "utf8");
    const declared = Object.keys(readJson(path.join(built.dir, "package.json")).dependencies);
    const requires = [...bundle.matchAll(/\brequire\(([^)]*)\)/g)].map((m) => m[1]);
    const specifiers = requires.map((r) => /^"([^"]+)"$/.exec(r)?.[1]);
    assert.deepStrictEqual(
      requires.filter((_, i) => specifiers[i] === undefined),
      [],
      "every require names a literal module",
    );
    const outside = [...new Set(specifiers)].filter((s) => !isBuiltin(s!) && !declared.some((d) => s === d || s!.startsWith(`${d}/`)));
    assert.deepStrictEqual(outside, []);
    assert.deepStrictEqual([...new Set(specifiers)].sort(), ["@pulumi/policy", "crypto"]);
    // The vendors' facts live outside the pack's folder: the reason for the bundle.
    for (const dir of ["vendors/", "policypacks/vendor-guard/policies/"])
      assert.ok(
        built.bundled.some((f) => f.startsWith(dir)),
        `nothing bundled from ${dir}`,
      );
  });

  it("is the same bytes when built again elsewhere, with no absolute path in it", async () => {
    const again = await buildPolicyPack(path.join(tmp, "again"));
    for (const file of PACK_FILES) assert.ok(readFileSync(path.join(again.dir, file)).equals(readFileSync(path.join(built.dir, file))), file);
    const bundle = readFileSync(path.join(built.dir, "index.js"), "utf8");
    for (const absolute of [ROOT, tmp, os.homedir()]) assert.ok(!bundle.includes(absolute), `index.js contains ${absolute}`);
  });

  it("loads from the copied folder alone: every file it loads is its own index.js or a file of an installed package", async () => {
    const { loaded } = await run();
    assert.ok(loaded.includes(path.join(published, "index.js")), "the copied index.js was loaded");
    const strays = loaded.filter((f) => !isInside(published, f) && !f.split(path.sep).includes("node_modules"));
    assert.deepStrictEqual(strays, []);
    assert.deepStrictEqual(
      loaded.filter((f) => isInside(ROOT, f) && !isInside(path.join(ROOT, "node_modules"), f)),
      [],
    );
  });

  it("serves the source pack's policies, in order, with their levels and config schemas", async () => {
    const { policies, configProblems } = await run();
    assert.ok(policies.length >= 45, `${policies.length} policies`);
    assert.deepStrictEqual(policies, await policyInfos());
    assert.deepStrictEqual(configProblems, []);
  });

  STACKS.forEach((stack, i) => {
    it(`reports what the source pack reports on ${stack.name}`, async () => {
      assert.deepStrictEqual(await configureFromFile(undefined), []);
      const fromSource = found(await analyze(recorded[i]));
      assert.deepStrictEqual(fromSource, stack.expected, "source pack");
      assert.deepStrictEqual(found((await run()).violations[i]), stack.expected, "published folder");
    });
  });
});
