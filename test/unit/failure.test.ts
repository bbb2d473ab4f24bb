import * as assert from 'node:assert/strict';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { classifyError } from '../../src/api/classifyError';
import { describeFailure, type Failure, type FailureKind } from '../../src/core/failure';
import { redactSecrets } from '../../src/core/redact';
import { englishTranslate as t } from '../../src/core/translate';

const KEY = 'sk-proj-SECRETSECRETSECRET1234';
const context = { model: 'gpt-image-1.5', host: 'api.openai.com', timeoutSeconds: 300, secrets: [KEY] };

function apiError(status: number, error: Record<string, unknown>, headers: Record<string, string> = {}) {
  return APIError.generate(status, { error }, undefined, new Headers({ 'x-request-id': 'req_123', ...headers }));
}

const cases: Array<[string, unknown, FailureKind]> = [
  ['401', apiError(401, { message: `Incorrect API key provided: ${KEY}.`, code: 'invalid_api_key' }), 'auth'],
  [
    '403 verification',
    apiError(403, {
      message:
        'Your organization must be verified to use the model `gpt-image-1.5`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.',
      code: null,
    }),
    'verification',
  ],
  ['403 region', apiError(403, { message: 'Country, region, or territory not supported', code: 'unsupported_country_region_territory' }), 'region'],
  ['403 other', apiError(403, { message: 'You have insufficient permissions for this operation.' }), 'permission'],
  ['404', apiError(404, { message: 'The model `gpt-image-9` does not exist or you do not have access to it.', code: 'model_not_found' }), 'model-not-found'],
  ['429 rate', apiError(429, { message: 'Rate limit reached for images per minute.', code: 'rate_limit_exceeded' }), 'rate-limit'],
  [
    '429 quota',
    apiError(429, { message: 'You exceeded your current quota, please check your plan and billing details.', code: 'insufficient_quota' }),
    'quota',
  ],
  ['429 billing', apiError(429, { message: 'Billing hard limit has been reached.', code: 'billing_hard_limit_reached' }), 'quota'],
  [
    '400 moderation',
    apiError(400, {
      message: 'Your request was rejected by the safety system.',
      code: 'moderation_blocked',
      moderation_details: { moderation_stage: 'input', categories: ['violence'] },
    }),
    'moderation',
  ],
  ['400 param', apiError(400, { message: "Invalid value: '512x512'. Supported values are: '1024x1024'.", code: 'invalid_value' }), 'invalid-request'],
  ['500', apiError(500, { message: 'The server had an error.', code: 'server_error' }), 'server'],
  ['503', apiError(503, { message: 'The engine is currently overloaded.', code: 'server_is_overloaded' }), 'server'],
  ['timeout', new APIConnectionTimeoutError(), 'timeout'],
  ['offline', new APIConnectionError({ message: 'Connection error.', cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }), 'offline'],
  ['abort', new APIUserAbortError(), 'cancelled'],
  ['DOM abort', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'cancelled'],
];

describe('failures', () => {
  for (const [name, error, kind] of cases) {
    it(`classifies ${name} as ${kind}`, () => {
      const failure = classifyError(error, context);
      assert.equal(failure.kind, kind);
      if (error instanceof APIError && error.status) assert.equal(failure.requestId, 'req_123');
      const description = describeFailure(failure, t);
      assert.ok(description.message.length > 10);
      assert.ok(!description.message.includes(KEY), 'key never in the message');
      assert.ok(!JSON.stringify(failure).includes(KEY), 'key never in the failure');
    });
  }

  it('offers the way out for each kind', () => {
    const actions = (failure: Failure) => describeFailure(failure, t).actions;
    assert.deepEqual(actions({ kind: 'auth' }), ['setApiKey', 'showLog']);
    assert.ok(actions({ kind: 'verification' }).includes('openVerification'));
    assert.ok(actions({ kind: 'quota' }).includes('openBilling'));
    assert.ok(!actions({ kind: 'quota' }).includes('retry'), 'retrying cannot help without quota');
    assert.ok(actions({ kind: 'rate-limit' }).includes('retry'));
    assert.ok(actions({ kind: 'moderation', moderation: { categories: [] } }).includes('editPrompt'));
    assert.ok(actions({ kind: 'no-key' }).includes('setApiKey'));
  });

  it('explains verification with the model and the propagation delay', () => {
    const message = describeFailure({ kind: 'verification', model: 'gpt-image-1.5' }, t).message;
    assert.match(message, /must be verified to use gpt-image-1\.5/);
    assert.match(message, /15 to 30 minutes/);
  });

  it('shows the moderation stage and categories', () => {
    const failure = classifyError(cases[8]![1], context);
    assert.equal(
      describeFailure(failure, t).message,
      "OpenAI's safety system blocked this request at the input stage (categories: violence). Edit the prompt and try again.",
    );
  });

  it("keeps the API's own words for refused parameters, without the key", () => {
    const failure = classifyError(apiError(400, { message: `Invalid value for ${KEY}: '512x512'.` }), context);
    const message = describeFailure(failure, t).message;
    assert.match(message, /Invalid value for \[redacted key\]: '512x512'/);
  });

  it('says which host could not be reached', () => {
    assert.match(describeFailure(classifyError(cases[13]![1], { ...context, host: 'proxy.example:8443' }), t).message, /Could not reach proxy\.example:8443/);
  });

  it("names who answered: OpenAI, Azure OpenAI, or the server at a base URL of the user's; a local failure is nobody's words", () => {
    const refused = apiError(400, { message: "Unknown parameter: 'quality'." });
    assert.equal(describeFailure(classifyError(refused, context), t).message, "OpenAI refused the request (400). OpenAI said: Unknown parameter: 'quality'.");
    assert.equal(
      describeFailure(classifyError(refused, { ...context, provider: 'azure' }), t).message,
      "Azure OpenAI refused the request (400). Azure OpenAI said: Unknown parameter: 'quality'.",
    );
    const local = { ...context, host: 'localhost:8080' };
    assert.equal(
      describeFailure(classifyError(refused, local), t).message,
      "The server at localhost:8080 refused the request (400). The server at localhost:8080 said: Unknown parameter: 'quality'.",
    );
    assert.match(
      describeFailure(classifyError(apiError(401, { message: 'bad key' }), local), t).message,
      /^The server at localhost:8080 refused the API key \(401\)/,
    );
    assert.match(
      describeFailure(classifyError(new APIConnectionTimeoutError(), local), t).message,
      /^No answer from the server at localhost:8080 after 300 seconds/,
    );
    const untrusted = new APIConnectionError({
      cause: Object.assign(new Error('fetch failed'), {
        cause: Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }),
      }),
    });
    const message = describeFailure(classifyError(untrusted, context), t).message;
    assert.match(message, /is not trusted[\s\S]*Detail: unable to verify the first certificate$/);
    assert.doesNotMatch(message, /OpenAI said/, 'the TLS layer here said it, not OpenAI');
  });

  it('redacts keys in any form', () => {
    assert.equal(
      redactSecrets(`key ${KEY} and sk-abc***wxyz and Bearer sk-svcacct-abcdefgh`),
      'key [redacted key] and [redacted key] and Bearer [redacted key]',
    );
    assert.equal(redactSecrets('my key is hunter2hunter2', ['hunter2hunter2']), 'my key is [redacted key]');
    assert.equal(redactSecrets('skeleton sk- keys'), 'skeleton sk- keys');
    assert.equal(
      redactSecrets('gateway says: invalid key SECRETSECRETSECRET1234.', [KEY]),
      'gateway says: invalid key [redacted key].',
      'echoed without its prefix',
    );
  });
});
