// The AWS SDK for JavaScript v3 against hatrack: one scenario per run, JSON in on stdin, JSON out.
// Run by tests/e2e/test_js_sdk.py: `node scenarios.mjs NAME < input.json`.
import { readFileSync } from "node:fs";
import { CreateUserCommand, IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromIni, fromTemporaryCredentials } from "@aws-sdk/credential-providers";

const input = JSON.parse(readFileSync(0, "utf8"));
const region = "us-east-1";
const keys = (who) => ({ accessKeyId: who.access_key_id, secretAccessKey: who.secret_access_key });
const sts = (credentials) => new STSClient({ region, endpoint: input.endpoint, credentials, maxAttempts: 1 });
const iam = (credentials) => new IAMClient({ region, endpoint: input.endpoint, credentials, maxAttempts: 1 });
const arnOf = async (client) => (await client.send(new GetCallerIdentityCommand({}))).Arn;

async function refusal(promise) {
  try {
    await promise;
    return null;
  } catch (error) {
    return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
  }
}

const scenarios = {
  // Nothing in the code: keys, region and endpoint from AWS_* variables (as the pytest plugin sets them).
  async environment() {
    return { arn: await arnOf(new STSClient({ maxAttempts: 1 })) };
  },
  // Static keys: who am I, and IAM as root then as a user without permissions.
  async keys() {
    const root = iam(keys(input.root));
    await root.send(new CreateUserCommand({ UserName: "made-by-js" }));
    const users = (await root.send(new ListUsersCommand({}))).Users.map((user) => user.UserName);
    return {
      arn: await arnOf(sts(keys(input.user))),
      users,
      denied: await refusal(iam(keys(input.user)).send(new CreateUserCommand({ UserName: "shadow" }))),
    };
  },
  // fromTemporaryCredentials: the SDK calls AssumeRole with the user's keys, then chains a second hat.
  async temporary() {
    const clientConfig = { region, endpoint: input.endpoint };
    const hat = fromTemporaryCredentials({
      masterCredentials: keys(input.user),
      params: { RoleArn: input.role_arn, RoleSessionName: "js-session" },
      clientConfig,
    });
    const chained = fromTemporaryCredentials({
      masterCredentials: hat,
      params: { RoleArn: input.role_arn, RoleSessionName: "js-chained" },
      clientConfig,
    });
    const untrusted = fromTemporaryCredentials({
      masterCredentials: keys(input.stranger),
      params: { RoleArn: input.role_arn, RoleSessionName: "js-stranger" },
      clientConfig,
    });
    return {
      arn: await arnOf(sts(hat)),
      chained: await arnOf(sts(chained)),
      refused: await refusal(arnOf(sts(untrusted))),
    };
  },
  // fromIni: AWS_PROFILE names a profile with role_arn + source_profile in ~/.aws/config; the endpoint
  // (endpoint_url) and the region come from the profile too, for this client and the SDK's inner STS.
  async ini() {
    const client = new STSClient({ credentials: fromIni(), maxAttempts: 1 });
    return { arn: await arnOf(client) };
  },
};

const result = await scenarios[process.argv[2]]();
process.stdout.write(JSON.stringify(result) + "\n");
