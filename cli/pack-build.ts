/**
 * npm run pack:build: writes dist/vendor-guard, the vendor-guard pack as `pulumi policy publish`
 * and Pulumi Cloud policy groups take it: a folder that runs with its own files and the
 * dependencies its package.json declares, nothing else. The source pack imports the vendors' facts
 * from vendors/, iam/ and fields/, outside its folder, so a published copy of that folder would not
 * load; here esbuild bundles every import into one index.js, except the packages the source pack
 * declares as dependencies (@pulumi/policy and @pulumi/pulumi, which the CLI and the service
 * install beside it), pinned to the versions package-lock.json installs.
 *
 * The output depends only on the sources and the lock file (no dates, no absolute paths), so two
 * builds of one commit are byte-identical. A test builds the pack, copies the folder alone next to
 * its declared dependencies and runs it.
 */
import { build, formatMessagesSync, type Message } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { parseCommandLine } from "./command-line";

const ROOT = path.resolve(__dirname, "..");
/** The pack's sources: what `pulumi preview --policy-pack policypacks/vendor-guard` runs. */
export const PACK_SOURCE_DIR = path.join(ROOT, "policypacks", "vendor-guard");
export const PACK_OUT_DIR = path.join(ROOT, "dist", "vendor-guard");
/** The files of a built pack; `files` of its package.json names what `npm pack` publishes. */
export const PACK_FILES = ["PulumiPolicy.yaml", "README.md", "index.js", "package.json"] as const;

const USAGE = "usage: npm run pack:build [-- --out DIR]   (default DIR: dist/vendor-guard)";
const BANNER = "// The vendor-guard policy pack, bundled by `npm run pack:build` from policypacks/vendor-guard: edit those sources, not this file.";

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  license?: string;
  main: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
}

interface PackageLock {
  packages: Record<string, { version?: string; dev?: boolean }>;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

/** A build that cannot be made; the message says what is wrong and how to fix it. */
export class PackBuildError extends Error {}

/**
 * The version npm installs for a dependency of the pack: the workspace's own copy when its
 * declaration differs from the root's, else the hoisted one, as Node resolves it from the pack.
 */
function lockedVersion(lock: PackageLock, name: string): string {
  const workspace = path.relative(ROOT, PACK_SOURCE_DIR).split(path.sep).join("/");
  const version = (lock.packages[`${workspace}/node_modules/${name}`] ?? lock.packages[`node_modules/${name}`])?.version;
  if (!version)
    throw new PackBuildError(
      `package-lock.json installs no version of "${name}", a dependency of ${workspace}/package.json. Fix: run npm install, then build again.`,
    );
  return version;
}

/** `>=20.19.0` -> `node20.19.0`: the bundle keeps the syntax the oldest supported Node runs. */
function nodeTarget(engines: string | undefined): string {
  const minimum = engines && /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(engines.trim());
  if (!minimum)
    throw new PackBuildError(
      `engines.node of package.json is ${JSON.stringify(engines)}; the build needs a minimum version such as ">=20.19.0" to choose the bundle's syntax. Fix: set engines.node to ">=MAJOR.MINOR.PATCH".`,
    );
  return `node${minimum[1]}`;
}

/** The package.json of the built pack: the source pack's, with only what stays external. */
export function builtPackageJson(): PackageJson & { files: string[]; dependencies: Record<string, string> } {
  const source = readJson<PackageJson>(path.join(PACK_SOURCE_DIR, "package.json"));
  const root = readJson<PackageJson>(path.join(ROOT, "package.json"));
  const lock = readJson<PackageLock>(path.join(ROOT, "package-lock.json"));
  const dependencies = Object.fromEntries(
    Object.keys(source.dependencies ?? {})
      .sort()
      .map((name) => [name, lockedVersion(lock, name)]),
  );
  // The root's decisions on install scripts, for the packages the pack's install brings too (not
  // the build tools), so installing the published pack asks nothing the root's install did not.
  const installedForUse = (name: string) => {
    const installed = lock.packages[`node_modules/${name}`];
    return installed !== undefined && !installed.dev;
  };
  const allowScripts = Object.fromEntries(Object.entries(root.allowScripts ?? {}).filter(([name]) => installedForUse(name)));
  return {
    name: source.name,
    version: source.version,
    ...(source.private !== undefined && { private: source.private }),
    ...(source.description !== undefined && { description: source.description }),
    ...(source.license !== undefined && { license: source.license }),
    main: "index.js",
    files: PACK_FILES.filter((f) => f !== "package.json"),
    engines: { node: root.engines?.node ?? "" },
    dependencies,
    ...(Object.keys(allowScripts).length > 0 && { allowScripts }),
  };
}

export interface BuiltPack {
  dir: string;
  /** Bytes of index.js. */
  bundleBytes: number;
  /** Source files bundled into index.js, relative to the repository root, sorted. */
  bundled: string[];
  /** The dependencies left external, with the versions package.json pins. */
  dependencies: Record<string, string>;
}

/**
 * Writes the pack to `outDir` (created when missing). Only the files of PACK_FILES are written:
 * a node_modules that `npm install` put there for `pulumi policy publish` is kept.
 */
export async function buildPolicyPack(outDir: string = PACK_OUT_DIR): Promise<BuiltPack> {
  const pkg = builtPackageJson();
  const source = readJson<PackageJson>(path.join(PACK_SOURCE_DIR, "package.json"));
  const external = Object.keys(pkg.dependencies).flatMap((name) => [name, `${name}/*`]);
  let result;
  try {
    result = await build({
      entryPoints: [path.join(PACK_SOURCE_DIR, source.main)],
      // Paths in the bundle's comments and metafile are relative to the repository, wherever it is.
      absWorkingDir: ROOT,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: nodeTarget(pkg.engines?.node),
      external,
      charset: "utf8",
      banner: { js: BANNER },
      metafile: true,
      write: false,
      logLevel: "silent",
    });
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (!errors) throw e;
    throw new PackBuildError(`esbuild could not bundle ${path.relative(ROOT, PACK_SOURCE_DIR)}:\n${formatMessagesSync(errors, { kind: "error" }).join("")}`);
  }
  const [bundle] = result.outputFiles;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "index.js"), bundle.contents);
  writeFileSync(path.join(outDir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  for (const file of ["PulumiPolicy.yaml", "README.md"]) copyFileSync(path.join(PACK_SOURCE_DIR, file), path.join(outDir, file));
  return {
    dir: outDir,
    bundleBytes: bundle.contents.length,
    bundled: Object.keys(result.metafile.inputs).sort(),
    dependencies: pkg.dependencies,
  };
}

async function main(): Promise<void> {
  const { out } = parseCommandLine(process.argv.slice(2), { out: { type: "string" } }, USAGE, 2);
  try {
    const built = await buildPolicyPack(out ? path.resolve(out) : PACK_OUT_DIR);
    const deps = Object.entries(built.dependencies)
      .map(([name, version]) => `${name} ${version}`)
      .join(", ");
    process.stdout.write(
      `wrote ${path.relative(process.cwd(), built.dir) || "."}: index.js (${built.bundleBytes} bytes, ${built.bundled.length} source files), package.json (dependencies: ${deps}), PulumiPolicy.yaml, README.md\n`,
    );
  } catch (e) {
    if (!(e instanceof PackBuildError)) throw e;
    process.stderr.write(`pack:build: ${e.message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
