/**
 * A moto_server on 127.0.0.1 for the live commands' read paths: started on a free port, stopped by
 * its process ID. moto stands in for S3 and IAM CRUD only; it evaluates no IAM condition but
 * StringEquals, enforces neither the public access block nor BucketOwnerEnforced, and has no
 * SimulatePrincipalPolicy, so those paths are tested with SDK stubs instead.
 */
import { spawn, spawnSync, type ChildProcess } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { createServer } from "net";
import { tmpdir } from "os";
import * as path from "path";
import { liveClients, type LiveClients } from "../../account/clients";

export const MOTO_MISSING =
  'moto_server is not available: the live tests need moto 5.2 with its server (python3 -c "import moto.server" failed). Install it with: pip install "moto[server]"';

/** The Python that has moto; `python3 -m moto.server` works wherever `import moto.server` does. */
export function motoAvailable(): boolean {
  return spawnSync("python3", ["-c", "import moto.server"], { stdio: "ignore" }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface Moto {
  endpoint: string;
  /** Credentials moto accepts (any), so the SDK's chain never looks further. */
  env: Record<string, string>;
  reset(): Promise<void>;
  stop(): void;
}

export async function startMoto(): Promise<Moto> {
  if (!motoAvailable()) throw new Error(MOTO_MISSING);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      if (child.pid) process.kill(child.pid);
      throw new Error(`moto_server did not start on ${endpoint} within 20 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint,
    env: { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: endpoint },
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
    },
    stop() {
      if (child.pid && child.exitCode === null) process.kill(child.pid);
    },
  };
}

/** What a spec that runs against the emulator works with. */
export interface MotoSuite {
  moto: Moto;
  /** SDK clients pointed at the emulator. */
  clients: LiveClients;
  /** A scratch folder, removed after the suite. */
  dir: string;
  /**
   * The environment for a command the test starts: the test process's from before the suite
   * without any AWS_ variable, then `aws` (the emulator's endpoint and credentials by default).
   */
  childEnv(aws?: Record<string, string>): Record<string, string>;
}

/**
 * For a spec against the emulator: starts it before the suite with its credentials in the
 * environment, resets it before each test, and afterwards stops it by PID, restores the
 * environment and removes the scratch folder.
 */
export function useMoto(scratchPrefix: string): MotoSuite {
  const saved = { ...process.env };
  const suite = {
    childEnv(aws?: Record<string, string>) {
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries(saved)) if (!key.startsWith("AWS_") && value !== undefined) env[key] = value;
      return Object.assign(env, aws ?? suite.moto.env);
    },
  } as MotoSuite;
  before(async () => {
    suite.moto = await startMoto();
    Object.assign(process.env, suite.moto.env);
    suite.clients = liveClients({ endpoint: suite.moto.endpoint, region: "us-east-1" });
    suite.dir = mkdtempSync(path.join(tmpdir(), scratchPrefix));
  });
  after(() => {
    suite.moto?.stop();
    for (const key of Object.keys(process.env)) if (key.startsWith("AWS_") && saved[key] === undefined) delete process.env[key];
    Object.assign(process.env, saved);
    if (suite.dir) rmSync(suite.dir, { recursive: true, force: true });
  });
  beforeEach(async () => suite.moto.reset());
  return suite;
}
