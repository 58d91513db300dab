/**
 * The shared API client, driven through n8n-core's real `httpRequestWithAuthentication` (the harness
 * runs a test-only node in n8n's engine with our Typeform credential type), against a loopback API
 * that answers as scripted and records what it received.
 */
import type { IExecuteFunctions, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { ApiAnswer, ApiClientOptions, ApiProvider, ApiRequest } from '../../nodes/shared/apiClient';
import {
	connectApi,
	isNotFound,
	isRetryableApiFailure,
	joinApiUrl,
	parseRetryAfter,
	requestUnlessNotFound,
	retryAdvice,
} from '../../nodes/shared/apiClient';
import type { ScriptedApi } from '../support/scriptedApi.cjs';
import { closedPortUrl, startScriptedApi } from '../support/scriptedApi.cjs';
import { callWebhookMethod, chain, runWebhook, runWithItems } from './harness';

/** The credential's value, which no error may show. */
const ACCESS = 'tfp_example_access_0123456789';
const CREDENTIAL = 'closedLoopTypeformApi';
const CALLER = 'API Caller';

const typeform: ApiProvider = {
	displayName: 'Typeform',
	credentialType: CREDENTIAL,
	apiBaseUrl: (credentials) => String(credentials.baseUrl),
};

/** What the test-only node does on its next run, and what came of it. */
let plan: { request: ApiRequest; options?: ApiClientOptions } = { request: { method: 'GET', url: '/me' } };
let outcome: { answer?: ApiAnswer; error?: unknown } = {};

async function callPlannedApi(context: IExecuteFunctions | IWebhookFunctions) {
	outcome = {};
	const client = await connectApi(context, typeform, plan.options);
	try {
		outcome.answer = await client.requestAnswer(plan.request);
	} catch (error) {
		outcome.error = error;
		// The client's errors are NodeApiErrors already: n8n hands the same one back.
		throw new NodeApiError(context.getNode(), error as JsonObject);
	}
	return { status: outcome.answer.status, attempts: outcome.answer.attempts };
}

const description = (name: string): INodeTypeDescription => ({
	displayName: 'API Caller',
	name,
	group: ['transform'],
	version: 1,
	description: 'Calls the planned API request with the shared client',
	defaults: { name: CALLER },
	inputs: ['main'],
	outputs: ['main'],
	credentials: [{ name: CREDENTIAL, required: true }],
	properties: [],
});

const apiCaller: INodeType = {
	description: description('apiCaller'),
	async execute(this: IExecuteFunctions) {
		return [[{ json: await callPlannedApi(this) }]];
	},
};

const webhookApiCaller: INodeType = {
	description: {
		...description('webhookApiCaller'),
		inputs: [],
		webhooks: [{ name: 'default', httpMethod: 'POST', path: 'call', responseMode: 'onReceived' }],
	},
	async webhook(this: IWebhookFunctions) {
		try {
			return { webhookResponse: await callPlannedApi(this) };
		} catch (error) {
			// What a webhook node answers a failed call: 503 with the provider's wait, or 502.
			const advice = retryAdvice(error as NodeApiError);
			const response = this.getResponseObject();
			if (advice.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(advice.retryAfterSeconds));
			response.status(advice.retryable ? 503 : 502).json({ message: (error as Error).message });
			return { noWebhookResponse: true };
		}
	},
};

// Registration runs in a hook context (activation): `checkExists` asks the provider with the 404 helper.
webhookApiCaller.webhookMethods = {
	default: {
		async checkExists(this: IHookFunctions) {
			const client = await connectApi(this, typeform, plan.options);
			return (await requestUnlessNotFound(client, plan.request)).found;
		},
		async create() {
			return true;
		},
		async delete() {
			return true;
		},
	},
};

const nodeTypes = { 'test.apiCaller': apiCaller, 'test.webhookApiCaller': webhookApiCaller };

let api: ScriptedApi;
beforeAll(async () => {
	api = await startScriptedApi();
});
afterAll(async () => await api.close());
beforeEach(() => api.reset());

const credentialsFor = (baseUrl: string) => ({ [CREDENTIAL]: { baseUrl, accessToken: ACCESS } });

const callerWorkflow = (type = 'test.apiCaller') =>
	chain({ name: CALLER, type, webhookId: 'a0c1e2d3-0000-4000-8000-000000000001', credentials: { [CREDENTIAL]: { id: 'c1', name: 'Typeform' } } });

/** Runs the planned call once in an execution, as a workflow node would. */
async function run(request: ApiRequest, options: ApiClientOptions = {}, baseUrl = api.baseUrl, onExecution?: (execution: { cancel(): void }) => void) {
	plan = { request, options: { backoff: { initialMs: 20, maxMs: 80 }, ...options } };
	const started = Date.now();
	const result = await runWithItems(callerWorkflow(), {
		node: CALLER,
		items: [{}],
		nodeTypes,
		credentials: credentialsFor(baseUrl),
		onExecution,
	});
	return { result, elapsedMs: Date.now() - started, ...outcome };
}

function expectApiError(error: unknown): NodeApiError {
	expect(error).toBeInstanceOf(NodeApiError);
	return error as NodeApiError;
}

function expectNoSecret(error: unknown) {
	const apiError = expectApiError(error);
	const shown = JSON.stringify([apiError.message, apiError.description, apiError.context, apiError, apiError.messages]);
	expect(shown).not.toContain(ACCESS);
	expect(shown).not.toContain('Bearer');
}

describe('a successful call', () => {
	it('goes through n8n with the credential applied, and hands back the parsed body, status and headers', async () => {
		api.answer({ status: 200, headers: { 'x-ratelimit-remaining': '7' }, body: { alias: 'ops', items: [1, 2] } });
		const { answer } = await run({ method: 'GET', url: '/forms', qs: { page: 2 } });
		expect(answer).toMatchObject({ status: 200, attempts: 1, body: { alias: 'ops', items: [1, 2] } });
		expect(answer?.headers['x-ratelimit-remaining']).toBe('7');
		expect(api.requests).toHaveLength(1);
		expect(api.requests[0]).toMatchObject({ method: 'GET', path: '/forms?page=2' });
		expect(api.requests[0].headers.authorization).toBe(`Bearer ${ACCESS}`);
	});

	it('sends a JSON body and the caller’s headers; an empty 204 comes back as undefined', async () => {
		api.answer({ status: 204 });
		const { answer } = await run({ method: 'PUT', url: 'forms/f1/webhooks/tag', body: { url: 'https://example.com/hook', enabled: true }, headers: { 'X-Trace': 't-1' } });
		expect(answer).toMatchObject({ status: 204, body: undefined });
		expect(api.requests[0].path).toBe('/forms/f1/webhooks/tag');
		expect(JSON.parse(api.requests[0].body)).toEqual({ url: 'https://example.com/hook', enabled: true });
		expect(api.requests[0].headers['x-trace']).toBe('t-1');
		expect(api.requests[0].headers['content-type']).toMatch(/application\/json/);
	});

	it('a 2xx whose body is not JSON, when JSON was asked, is a clear error naming the call', async () => {
		api.answer({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Sign in to the proxy</html>' });
		const { error } = await run({ method: 'GET', url: '/forms/f1?token=abc' });
		const apiError = expectApiError(error);
		expect(apiError.message).toBe('Typeform API: GET /forms/f1 answered HTTP 200 with a body that is not JSON (content type: text/html)');
		expect(isRetryableApiFailure(apiError)).toBe(false);
		expect(api.requests).toHaveLength(1);
	});

	it('with `nonJsonAnswers: text`, such a body comes back as text for the caller’s schema to judge, as n8n hands it today', async () => {
		api.answer({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Sign in</html>' }, { status: 200, body: { id: 'r1' } }, { status: 200 });
		const options = { nonJsonAnswers: 'text' as const };
		expect((await run({ method: 'GET', url: '/responses/r1' }, options)).answer?.body).toBe('<html>Sign in</html>');
		expect((await run({ method: 'GET', url: '/responses/r1' }, options)).answer?.body).toEqual({ id: 'r1' });
		expect((await run({ method: 'DELETE', url: '/webhooks/w1' }, options)).answer?.body).toBe('');
	});

	it('with `expect: text`, the body comes back as sent', async () => {
		api.answer({ status: 200, headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2' });
		const { answer } = await run({ method: 'GET', url: '/export', expect: 'text' });
		expect(answer?.body).toBe('a,b\n1,2');
	});
});

describe('429 and Retry-After', () => {
	it('waits the asked delta-seconds, then succeeds', async () => {
		api.answer({ status: 429, headers: { 'Retry-After': '1' }, body: { message: 'slow down' } }, { status: 200, body: { ok: true } });
		const { answer } = await run({ method: 'GET', url: '/me' });
		expect(answer).toMatchObject({ status: 200, attempts: 2, body: { ok: true } });
		const waited = api.requests[1].at - api.requests[0].at;
		expect(waited).toBeGreaterThanOrEqual(950);
		expect(waited).toBeLessThan(2000);
	});

	it('waits until an HTTP-date', async () => {
		// HTTP-dates have whole seconds: this one is 0.5 to 1.5 s ahead, so the wait is 1 or 2 s.
		const inOneSecond = new Date(Math.ceil((Date.now() + 500) / 1000) * 1000).toUTCString();
		api.answer({ status: 429, headers: { 'Retry-After': inOneSecond } }, { status: 200, body: { ok: true } });
		const { answer } = await run({ method: 'GET', url: '/me' });
		expect(answer?.attempts).toBe(2);
		const waited = api.requests[1].at - api.requests[0].at;
		expect(waited).toBeGreaterThanOrEqual(450);
		expect(waited).toBeLessThan(2600);
	});

	it('a wait above the cap is not waited: the error is retryable and carries the asked seconds', async () => {
		api.answer({ status: 429, headers: { 'Retry-After': '120' }, body: { message: 'Too many requests' } });
		const { error, elapsedMs } = await run({ method: 'GET', url: '/me' }, { maxRetryAfterSeconds: 5 });
		const apiError = expectApiError(error);
		expect(elapsedMs).toBeLessThan(1500);
		expect(api.requests).toHaveLength(1);
		expect(apiError.httpCode).toBe('429');
		expect(apiError.message).toBe('Typeform API: GET /me failed with HTTP 429 (asked to wait 120 s)');
		expect(retryAdvice(apiError)).toEqual({ retryable: true, retryAfterSeconds: 120 });
		expect(JSON.parse(JSON.stringify(apiError))).toMatchObject({ context: { retryable: true, retryAfterSeconds: 120, attempts: 1 } });
	});

	it('a 429 is retried even for a POST without an idempotency key: nothing was done', async () => {
		api.answer({ status: 429, headers: { 'Retry-After': '0' } }, { status: 201, body: { id: 7 } });
		const { answer } = await run({ method: 'POST', url: '/tickets', body: { subject: 'x' } });
		expect(answer).toMatchObject({ status: 201, attempts: 2 });
	});

	it('a webhook node can answer 503 with the asked Retry-After', async () => {
		api.answer({ status: 429, headers: { 'Retry-After': '90' } });
		plan = { request: { method: 'GET', url: '/me' }, options: { maxRetryAfterSeconds: 5 } };
		const result = await runWebhook(callerWorkflow('test.webhookApiCaller'), {
			nodeTypes,
			credentials: credentialsFor(api.baseUrl),
			request: { method: 'POST', body: {} },
		});
		expect(result.http).toMatchObject({ status: 503, headers: { 'retry-after': '90' } });
		expect(JSON.stringify(result.http)).not.toContain(ACCESS);
	});
});

describe('bounded retries', () => {
	it('503, 503, 200: success after 3 attempts', async () => {
		api.answer({ status: 503 }, { status: 503 }, { status: 200, body: { ok: true } });
		const { answer } = await run({ method: 'GET', url: '/me' }, { retries: 2 });
		expect(answer).toMatchObject({ status: 200, attempts: 3 });
		expect(api.requests).toHaveLength(3);
	});

	it('500 on every attempt: a NodeApiError naming the method, path, status and attempts, without the query or secret', async () => {
		api.answer(...Array.from({ length: 3 }, () => ({ status: 500, body: { error: { message: 'Internal failure' } } })));
		const { error } = await run({ method: 'GET', url: '/forms/f1/responses', qs: { since: 'secret-query' } }, { retries: 2 });
		const apiError = expectApiError(error);
		expect(api.requests).toHaveLength(3);
		expect(apiError.message).toBe('Typeform API: GET /forms/f1/responses failed with HTTP 500 after 3 attempts');
		expect(apiError.httpCode).toBe('500');
		expect(apiError.description).toBe('Internal failure');
		expect(apiError.message).not.toContain('secret-query');
		expect(isRetryableApiFailure(apiError)).toBe(true);
		expectNoSecret(error);
	});

	it('the same call from a webhook context retries as well (no cancel signal there)', async () => {
		api.answer({ status: 502 }, { status: 200, body: { ok: true } });
		plan = { request: { method: 'GET', url: '/me' }, options: { backoff: { initialMs: 20, maxMs: 40 } } };
		const result = await runWebhook(callerWorkflow('test.webhookApiCaller'), {
			nodeTypes,
			credentials: credentialsFor(api.baseUrl),
			request: { method: 'POST', body: {} },
		});
		expect(api.requests).toHaveLength(2);
		expect(result.http?.body).toEqual({ status: 200, attempts: 2 });
	});

	it('a timeout is retried, then reported as a timeout', async () => {
		api.answer({ hang: true }, { hang: true });
		const { error, elapsedMs } = await run({ method: 'GET', url: '/slow' }, { retries: 1, timeoutSeconds: 0.3 });
		const apiError = expectApiError(error);
		expect(api.requests).toHaveLength(2);
		expect(apiError.message).toBe('Typeform API: GET /slow timed out after 2 attempts');
		expect(apiError.description).toBe('No answer within 0.3 s');
		expect(isRetryableApiFailure(apiError)).toBe(true);
		expect(elapsedMs).toBeLessThan(3000);
		expectNoSecret(error);
	});

	it('a dropped connection is retried', async () => {
		api.answer({ drop: true }, { status: 200, body: { ok: true } });
		const { answer } = await run({ method: 'GET', url: '/me' });
		expect(answer).toMatchObject({ status: 200, attempts: 2 });
	});

	it('a refused connection is retried, then named as no answer', async () => {
		const { error } = await run({ method: 'GET', url: '/me' }, { retries: 1 }, await closedPortUrl());
		const apiError = expectApiError(error);
		expect(apiError.message).toBe('Typeform API: GET /me failed (no answer: the connection was refused) after 2 attempts');
		expect(isRetryableApiFailure(apiError)).toBe(true);
		expectNoSecret(error);
	});

	it('a 4xx other than 408/429 is not retried', async () => {
		api.answer({ status: 422, body: { message: 'subject is required' } });
		const { error } = await run({ method: 'PUT', url: '/tickets/1', body: {} });
		const apiError = expectApiError(error);
		expect(api.requests).toHaveLength(1);
		expect(apiError.message).toBe('Typeform API: PUT /tickets/1 failed with HTTP 422');
		expect(apiError.description).toBe('subject is required');
		expect(isRetryableApiFailure(apiError)).toBe(false);
	});

	// developer.zendesk.com/api-reference/introduction/requests/: `error` is a code, `description` its words,
	// `details` what each field got wrong. An error that is a sentence, not a code, stays as it is.
	it.each([
		[
			{ error: 'RecordInvalid', description: 'Record validation errors', details: { requester: [{ description: 'Requester: Email is invalid', error: 'InvalidValue' }] } },
			'RecordInvalid: Record validation errors (Requester: Email is invalid)',
		],
		[{ error: 'RecordInvalid', description: 'Record validation errors', details: { value: [{ type: 'blank', description: "can't be blank" }] } }, "RecordInvalid: Record validation errors (value: can't be blank)"],
		[{ error: 'RecordNotFound', description: 'Not found' }, 'RecordNotFound: Not found'],
		[{ error: "Couldn't authenticate you" }, "Couldn't authenticate you"],
	])('an error body with a code, its words and per-field details keeps all three: %j', async (body, expected) => {
		api.answer({ status: 422, body });
		const { error } = await run({ method: 'PUT', url: '/api/v2/tickets/1', body: {} });
		expect(expectApiError(error).description).toBe(expected);
	});
});

describe('error bodies', () => {
	it('an array of errors (Salesforce: [{message, errorCode, fields}]) gives the first one’s message and code', async () => {
		api.answer({
			status: 400,
			body: [{ message: 'Required fields are missing: [Subject]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Subject'] }],
		});
		const { error } = await run({ method: 'GET', url: '/sobjects/Case/500' });
		const apiError = expectApiError(error);
		expect(apiError.message).toBe('Typeform API: GET /sobjects/Case/500 failed with HTTP 400');
		expect(apiError.description).toBe('Required fields are missing: [Subject] (REQUIRED_FIELD_MISSING)');
	});

	it('a 401 that n8n throws after its credential refresh still names the provider’s words from the body', async () => {
		const expired = { status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] };
		api.answer(expired, expired);
		const { error } = await run({ method: 'GET', url: '/sobjects/Case/500' }, { retries: 0 });
		const apiError = expectApiError(error);
		expect(apiError.message).toBe('Typeform API: GET /sobjects/Case/500 failed with HTTP 401');
		expect(apiError.description).toBe('Session expired or invalid (INVALID_SESSION_ID)');
		expectNoSecret(error);
	});

	it('an array of something else names nothing rather than dumping it', async () => {
		api.answer({ status: 300, body: ['/services/data/v62.0/sobjects/Case/500A', '/services/data/v62.0/sobjects/Case/500B'] });
		const { error } = await run({ method: 'GET', url: '/sobjects/Case/Key__c/k' });
		const apiError = expectApiError(error);
		expect(apiError.message).toBe('Typeform API: GET /sobjects/Case/Key__c/k failed with HTTP 300');
		expect(String(apiError.description ?? '')).not.toContain('/services/data');
	});
});

describe('the provider’s words in the error', () => {
	it('a Freshdesk validation error names each field with its message, not only "Validation failed"', async () => {
		// Freshdesk API v2, "Error Response": a description and one entry per field.
		const body = {
			description: 'Validation failed',
			errors: [
				{ field: 'email', message: 'It should be a valid email address', code: 'invalid_value' },
				{ field: 'priority', message: 'It should be one of these values: 1,2,3,4', code: 'invalid_value' },
			],
		};
		api.answer({ status: 400, body });
		const { error } = await run({ method: 'POST', url: '/api/v2/tickets', body: {} });
		expect(expectApiError(error).description).toBe(
			'Validation failed: email: It should be a valid email address; priority: It should be one of these values: 1,2,3,4',
		);
	});

	it('a field whose message already names it is not named twice', async () => {
		api.answer({ status: 422, body: { errors: [{ field: 'priority', message: 'priority is not included in the list' }] } });
		const { error } = await run({ method: 'POST', url: '/cases', body: {} });
		expect(expectApiError(error).description).toBe('priority is not included in the list');
	});

	it('a ServiceNow error gives its message and its detail', async () => {
		// ServiceNow REST API: { error: { message, detail }, status: 'failure' }.
		api.answer({ status: 403, body: { error: { message: 'Operation Failed', detail: 'ACL Exception Insert Failed due to security constraints' }, status: 'failure' } });
		const { error } = await run({ method: 'POST', url: '/api/now/table/incident', body: {} });
		expect(expectApiError(error).description).toBe('Operation Failed: ACL Exception Insert Failed due to security constraints');
	});
});

describe('non-idempotent calls and the idempotency key', () => {
	it('a POST without a key is not retried on 500, and says why', async () => {
		api.answer({ status: 500 }, { status: 200, body: { id: 1 } });
		const { error } = await run({ method: 'POST', url: '/tickets', body: { subject: 'x' } });
		const apiError = expectApiError(error);
		expect(api.requests).toHaveLength(1);
		expect(apiError.message).toBe(
			'Typeform API: POST /tickets failed with HTTP 500 (not retried: a POST without an idempotency key could be performed twice)',
		);
		// A workflow could still try again later: the failure itself is of the passing kind.
		expect(isRetryableApiFailure(apiError)).toBe(true);
	});

	it('a POST with a key is retried, the same key on every attempt, under the default header', async () => {
		api.answer({ status: 500 }, { status: 503 }, { status: 201, body: { id: 1 } });
		const { answer } = await run({ method: 'POST', url: '/tickets', body: { subject: 'x' }, idempotencyKey: 'case-42' }, { retries: 2 });
		expect(answer).toMatchObject({ status: 201, attempts: 3 });
		expect(api.requests.map((request) => request.headers['idempotency-key'])).toEqual(['case-42', 'case-42', 'case-42']);
		expect(api.requests.every((request) => request.headers.authorization === `Bearer ${ACCESS}`)).toBe(true);
	});

	it('the header name is an option', async () => {
		api.answer({ status: 200, body: {} });
		await run({ method: 'PATCH', url: '/tickets/1', body: {}, idempotencyKey: 'k-1' }, { idempotencyHeader: 'X-Idempotency-Key' });
		expect(api.requests[0].headers['x-idempotency-key']).toBe('k-1');
		expect(api.requests[0].headers['idempotency-key']).toBeUndefined();
	});

	it('a POST the caller marks safe is retried without a key', async () => {
		api.answer({ status: 502 }, { status: 200, body: { results: [] } });
		const { answer } = await run({ method: 'POST', url: '/search', body: { query: 'x' }, safeToRetry: true });
		expect(answer?.attempts).toBe(2);
	});

	it('a POST is not repeated after a timeout without a key: it may have been performed', async () => {
		api.answer({ hang: true });
		const { error } = await run({ method: 'POST', url: '/tickets', body: {} }, { timeoutSeconds: 0.3 });
		expect(api.requests).toHaveLength(1);
		expect(expectApiError(error).message).toMatch(/^Typeform API: POST \/tickets timed out \(not retried/);
	});
});

describe('cancellation', () => {
	it('stopping the execution ends a backoff wait at once', async () => {
		api.answer({ status: 503 }, { status: 200, body: {} });
		let execution: { cancel(): void } | undefined;
		const pending = run({ method: 'GET', url: '/me' }, { backoff: { initialMs: 20_000, maxMs: 20_000 } }, api.baseUrl, (started) => {
			execution = started;
		});
		// Wait until the first answer is in, then stop the execution during the 10-20 s backoff.
		for (let tries = 0; tries < 200 && api.requests.length === 0; tries++) await sleep(10);
		await sleep(50);
		execution?.cancel();
		const { error, elapsedMs } = await pending;
		expect(elapsedMs).toBeLessThan(3000);
		expect(api.requests).toHaveLength(1);
		expect(expectApiError(error).message).toBe('Typeform API: GET /me was cancelled with the execution');
		expect(isRetryableApiFailure(error as NodeApiError)).toBe(false);
	});

	it('stopping the execution during a call ends it at once, without a retry', async () => {
		api.answer({ hang: true }, { status: 200, body: {} });
		let execution: { cancel(): void } | undefined;
		const pending = run({ method: 'GET', url: '/slow' }, { timeoutSeconds: 20 }, api.baseUrl, (started) => {
			execution = started;
		});
		for (let tries = 0; tries < 200 && api.requests.length === 0; tries++) await sleep(10);
		execution?.cancel();
		const { error, elapsedMs } = await pending;
		expect(elapsedMs).toBeLessThan(3000);
		expect(api.requests).toHaveLength(1);
		expect(expectApiError(error).message).toBe('Typeform API: GET /slow was cancelled with the execution');
	});
});

describe('retries: 0, as the Survey Trigger calls today', () => {
	it.each([
		['a 503', { status: 503 }, 'Typeform API: GET /forms/f1 failed with HTTP 503'],
		['a 429 with a short Retry-After', { status: 429, headers: { 'Retry-After': '1' } }, 'Typeform API: GET /forms/f1 failed with HTTP 429'],
		['a dropped connection', { drop: true as const }, 'Typeform API: GET /forms/f1 failed (no answer: the connection was closed)'],
	])('%s: exactly one request, and the error as today', async (_case, step, message) => {
		api.answer(step, { status: 200, body: {} });
		const { error } = await run({ method: 'GET', url: '/forms/f1' }, { retries: 0 });
		expect(api.requests).toHaveLength(1);
		expect(expectApiError(error).message).toBe(message);
		expect(isRetryableApiFailure(error as NodeApiError)).toBe(true);
		expectNoSecret(error);
	});

	it('a 401 goes through n8n’s credential refresh, as today, and is not retryable', async () => {
		api.answer({ status: 401, body: { description: 'Authentication credentials not found' } }, { status: 401, body: {} });
		const { error } = await run({ method: 'GET', url: '/forms/f1' }, { retries: 0 });
		const apiError = expectApiError(error);
		// n8n sends it once more after refreshing the credential, which it does only when a 401 throws.
		expect(api.requests).toHaveLength(2);
		expect(apiError.httpCode).toBe('401');
		expect(apiError.message).toBe('Typeform API: GET /forms/f1 failed with HTTP 401');
		expect(isRetryableApiFailure(apiError)).toBe(false);
		expectNoSecret(error);
	});

	it('a 401 keeps the provider’s words from its answer, not n8n’s generic "Request failed"', async () => {
		// Zendesk's documented 401 body, answered to the call and to n8n's retry after its credential refresh.
		api.answer({ status: 401, body: { error: "Couldn't authenticate you" } }, { status: 401, body: { error: "Couldn't authenticate you" } });
		const { error } = await run({ method: 'GET', url: '/api/v2/users/me' }, { retries: 0 });
		const apiError = expectApiError(error);
		expect(apiError.message).toBe('Typeform API: GET /api/v2/users/me failed with HTTP 401');
		expect(apiError.description).toBe("Couldn't authenticate you");
		expectNoSecret(error);
	});
});

describe('404 helper', () => {
	it('a 404 comes back as not found; another failure is thrown as it was', async () => {
		api.answer({ status: 404, body: { code: 'FORM_NOT_FOUND' } });
		plan = { request: { method: 'GET', url: '/forms/gone' }, options: { retries: 0 } };
		const found = await runWithItems(callerWorkflow(), { node: CALLER, items: [{}], nodeTypes, credentials: credentialsFor(api.baseUrl) });
		expect(isNotFound(outcome.error)).toBe(true);
		expect((outcome.error as NodeApiError).httpCode).toBe('404');
		expect(found.error?.message).toBe('Typeform API: GET /forms/gone failed with HTTP 404');

		// From a hook context, as a webhook registration check calls it: 404 is "not registered", 200 is.
		api.answer({ status: 404, body: { code: 'NOT_FOUND' } }, { status: 200, body: { id: 'wh-1' } }, { status: 500 });
		plan = { request: { method: 'GET', url: '/forms/f1/webhooks/tag' }, options: { retries: 0 } };
		const check = async () =>
			await callWebhookMethod(callerWorkflow('test.webhookApiCaller'), { method: 'checkExists', nodeTypes, credentials: credentialsFor(api.baseUrl) });
		expect((await check()).returned).toBe(false);
		expect((await check()).returned).toBe(true);
		await expect(check()).rejects.toMatchObject({ httpCode: '500', message: 'Typeform API: GET /forms/f1/webhooks/tag failed with HTTP 500' });
		expect(api.requests.slice(-3).map((request) => request.headers.authorization)).toEqual(Array(3).fill(`Bearer ${ACCESS}`));

		const notFound = Object.assign(new Error('gone'), { httpCode: '404' });
		const failing = { request: async () => await Promise.reject(notFound) };
		await expect(requestUnlessNotFound(failing, { method: 'GET', url: '/x' })).resolves.toEqual({ found: false });
		const broken = Object.assign(new Error('down'), { httpCode: '503' });
		await expect(requestUnlessNotFound({ request: async () => await Promise.reject(broken) }, {})).rejects.toBe(broken);
		await expect(requestUnlessNotFound({ request: async () => ({ id: 1 }) }, {})).resolves.toEqual({ found: true, body: { id: 1 } });
	});
});

describe('helpers', () => {
	it('joins relative paths under the base URL and leaves absolute URLs alone', () => {
		expect(joinApiUrl('https://api.typeform.com', '/forms')).toBe('https://api.typeform.com/forms');
		expect(joinApiUrl('https://api.typeform.com/', 'forms')).toBe('https://api.typeform.com/forms');
		expect(joinApiUrl('https://acme.zendesk.com/api/v2', '/tickets.json')).toBe('https://acme.zendesk.com/api/v2/tickets.json');
		expect(joinApiUrl('https://api.surveymonkey.com', 'https://api.eu.surveymonkey.com/v3/x')).toBe('https://api.eu.surveymonkey.com/v3/x');
	});

	it('reads Retry-After as seconds or an HTTP-date', () => {
		const now = Date.parse('2026-12-01T12:00:00Z');
		expect(parseRetryAfter('120', now)).toBe(120);
		expect(parseRetryAfter(' 0 ', now)).toBe(0);
		expect(parseRetryAfter('Tue, 01 Dec 2026 12:00:30 GMT', now)).toBe(30);
		expect(parseRetryAfter('Tue, 01 Dec 2026 11:59:00 GMT', now)).toBe(0);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter('-5', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});

	it('judges errors made elsewhere by their status, as before', () => {
		const node = { id: 'n', name: 'n', type: 't', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const withCode = (httpCode?: string) => new NodeApiError(node, { message: 'x' }, { httpCode });
		expect(isRetryableApiFailure(withCode('503'))).toBe(true);
		expect(isRetryableApiFailure(withCode('429'))).toBe(true);
		expect(isRetryableApiFailure(withCode('408'))).toBe(true);
		expect(isRetryableApiFailure(withCode('404'))).toBe(false);
		expect(isRetryableApiFailure(withCode(undefined))).toBe(true);
	});
});
