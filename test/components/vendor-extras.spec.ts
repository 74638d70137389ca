/**
 * The stack builder with every vendor: execution roles, OIDC providers shared per issuer, one CORS
 * configuration and one bucket policy per bucket shared by several vendors.
 */
import * as assert from "assert";
import { childrenOf, inputsOf, modelOf, only, useComponents, valueOf } from "../harness";

const CONTEXT = { stack: "test", accountId: "123456789012" };

describe("createConnections with every vendor", () => {
  const suite = useComponents();

  it("gives an ElemBio HealthOmics connection its execution role, passed by the provider policy and handed off", async () => {
    const model = modelOf(`
version: 1
defaults: { region: us-east-1 }
connections:
  - { name: elembio-cloud, vendor: elembio, bucket: lab-runs, prefix: runs, credential: { type: role, externalId: ext-01 }, healthOmics: { enabled: true } }
`);
    const { access } = suite.components.createConnections(model, CONTEXT);
    await suite.engine.settle();
    const component = access["elembio-cloud"];
    assert.deepStrictEqual(childrenOf(suite.engine.resources, await valueOf(component.urn)), [
      ["aws:iam/role:Role", "elembio-cloud-execution-role"],
      ["aws:iam/role:Role", "elembio-cloud-role"],
      ["aws:iam/rolePolicy:RolePolicy", "elembio-cloud-execution-policy"],
      ["aws:iam/rolePolicy:RolePolicy", "elembio-cloud-policy"],
    ]);
    const executionRole = only(suite.engine.resources, "aws:iam/role:Role", "elembio-cloud-execution-role");
    assert.strictEqual(inputsOf(executionRole).name, "elembio-cloud-test-omics");
    assert.strictEqual(inputsOf(executionRole).maxSessionDuration, undefined);
    const bucket = only(suite.engine.resources, "aws:s3/bucket:Bucket");
    const executionPolicy = only(suite.engine.resources, "aws:iam/rolePolicy:RolePolicy", "elembio-cloud-execution-policy");
    assert.deepStrictEqual(executionPolicy.propertyDependencies.policy, [bucket.urn], "the execution policy is related to its bucket");
    const providerPolicy = only(suite.engine.resources, "aws:iam/rolePolicy:RolePolicy", "elembio-cloud-policy");
    assert.deepStrictEqual(providerPolicy.propertyDependencies.policy, [bucket.urn]);
    assert.ok(providerPolicy.dependencies.includes(executionRole.urn), "the provider policy waits for the role it passes");
    const passRole = inputsOf(providerPolicy).policy.Statement.find((s: any) => s.Sid === "OmicsPassRole");
    assert.deepStrictEqual(passRole.Resource, ["arn:aws:iam::123456789012:role/elembio-cloud-test-omics"]);
    const compute = component.handoff.computeConnection as any;
    assert.strictEqual(await valueOf(compute.executionRoleArn), "arn:aws:iam::123456789012:role/elembio-cloud-test-omics");
  });

  it("creates one OIDC provider per issuer for ICA roles, created before the roles that trust it", async () => {
    const model = modelOf(`
version: 1
defaults: { region: us-east-1 }
connections:
  - { name: ica-a, vendor: ica, bucket: lab-a, prefix: a, credential: { type: role, roleSessionNamePrefix: pa } }
  - { name: ica-b, vendor: ica, bucket: lab-b, prefix: b, credential: { type: role, roleSessionNamePrefix: pb } }
  - { name: ica-c, vendor: ica, bucket: lab-c, prefix: c, region: eu-west-2, credential: { type: role, roleSessionNamePrefix: pc } }
  - { name: ica-d, vendor: ica, bucket: lab-d, prefix: d, credential: { type: user } }
`);
    suite.components.createConnections(model, CONTEXT);
    await suite.engine.settle();
    const providers = suite.engine.resources.filter((r) => r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    assert.deepStrictEqual(providers.map((p) => [p.name, inputsOf(p).url, inputsOf(p).clientIdLists, p.importId, p.retainOnDelete]).sort(), [
      // Created here, and kept when no longer needed: other stacks of the account may trust it.
      ["oidc-eu-west-2", "https://oidc.eks.eu-west-2.amazonaws.com/id/CC52F03C88D774F70AB9D2E2BABDF225", ["sts.amazonaws.com"], undefined, true],
      ["oidc-us-east-1", "https://oidc.eks.us-east-1.amazonaws.com/id/10FBA7EDEB5930CCFC300EF5AC3DB2FE", ["sts.amazonaws.com"], undefined, true],
    ]);
    const usEast = providers.find((p) => p.name === "oidc-us-east-1")!;
    for (const name of ["ica-a-role", "ica-b-role"]) {
      assert.ok(only(suite.engine.resources, "aws:iam/role:Role", name).dependencies.includes(usEast.urn), `${name} waits for its provider`);
    }
    const user = only(suite.engine.resources, "aws:iam/user:User", "ica-d-user");
    assert.deepStrictEqual(user.dependencies, []);
  });

  it("imports an adopted OIDC provider by its ARN in this account and keeps it when no longer needed", async () => {
    const model = modelOf(`
version: 1
defaults: { region: ap-northeast-1 }
connections:
  - { name: ica-jp, vendor: ica, bucket: lab-jp, prefix: jp, credential: { type: role, roleSessionNamePrefix: pj, adoptOidcProvider: true } }
`);
    suite.components.createConnections(model, CONTEXT);
    await suite.engine.settle();
    const provider = only(suite.engine.resources, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    assert.strictEqual(provider.importId, "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ap-northeast-1.amazonaws.com/id/31343141B6F8EA41F379AE795CFA7638");
    assert.strictEqual(provider.retainOnDelete, true);
    assert.deepStrictEqual(provider.ignoreChanges.sort(), ["tags", "thumbprintLists"]);
  });

  it("serves a bucket shared by three vendors with one CORS configuration and one composed policy", async () => {
    const model = modelOf(`
version: 1
defaults: { region: us-east-1 }
connections:
  - { name: aviti, vendor: element, bucket: lab-shared, prefix: runs, credential: { type: role, externalId: ext-01 } }
  - { name: ica-runs, vendor: ica, bucket: lab-shared, prefix: runs, credential: { type: user }, crossAccount: copy }
  - { name: ica-out, vendor: ica, bucket: lab-shared, prefix: out, credential: { type: user } }
  - name: exports
    vendor: prequel
    bucket: lab-shared
    prefix: exports
    credential: { type: user }
    sharedPrincipals: [{ arn: "arn:aws:iam::111122223333:role/auditor" }]
`);
    const { buckets } = suite.components.createConnections(model, CONTEXT);
    await suite.engine.settle();
    const bucketChildren = childrenOf(suite.engine.resources, await valueOf(buckets["lab-shared"].urn)).map(([type]) => type);
    assert.strictEqual(bucketChildren.filter((t) => t === "aws:s3/bucketPolicy:BucketPolicy").length, 1);
    assert.strictEqual(bucketChildren.filter((t) => t === "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration").length, 1);
    const cors = inputsOf(only(suite.engine.resources, "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")).corsRules;
    assert.strictEqual(cors.length, 1, "two ICA connections need one CORS rule");
    assert.deepStrictEqual(cors[0].allowedOrigins, ["https://ica.illumina.com"]);
    const policy = inputsOf(only(suite.engine.resources, "aws:s3/bucketPolicy:BucketPolicy")).policy;
    assert.deepStrictEqual(
      policy.Statement.map((s: any) => s.Sid),
      ["DenyInsecureTransport", "ExportsSharedList", "ExportsSharedLocation", "ExportsSharedRead", "IcaRunsIcaCrossAccount"],
    );
    assert.deepStrictEqual(policy.Statement.find((s: any) => s.Sid === "ExportsSharedRead").Resource, ["arn:aws:s3:::lab-shared/exports/*"]);
    assert.deepStrictEqual(policy.Statement.find((s: any) => s.Sid === "IcaRunsIcaCrossAccount").Resource, ["arn:aws:s3:::lab-shared/runs/*"]);
    // Each vendor's identity policy stays on its own prefix.
    const objectResources = (name: string) =>
      inputsOf(suite.engine.resources.find((r) => r.name === `${name}-policy` && r.type.startsWith("aws:iam/"))!)
        .policy.Statement.filter((s: any) => s.Resource?.some((arn: string) => arn.includes("/")))
        .flatMap((s: any) => s.Resource);
    assert.deepStrictEqual([...new Set(objectResources("aviti"))], ["arn:aws:s3:::lab-shared/runs/*"]);
    assert.deepStrictEqual([...new Set(objectResources("ica-out"))], ["arn:aws:s3:::lab-shared/out/*"]);
    assert.deepStrictEqual([...new Set(objectResources("exports"))], ["arn:aws:s3:::lab-shared/exports/*"]);
  });
});
