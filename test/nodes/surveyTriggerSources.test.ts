/**
 * Each survey tool end to end through the Survey Trigger in the n8n engine: registration on
 * activation, signed deliveries, responses fetched through the tool's API (mocked with nock,
 * answering as the API references document), and what the sender gets when that API fails.
 */
import { createHmac } from 'crypto';
import nock from 'nock';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import type { Feedback } from '../../nodes/core/feedback';
import { readFixture, readJsonFixture } from '../support/fixtures.cjs';
import type { WorkflowJson } from './harness';
import { callWebhookMethod, chain, refuseOutsideNetwork, runWebhook } from './harness';

const TRIGGER = 'Survey Trigger';
let workflowCounter = 0;

function trigger(
	source: string,
	parameters: INodeParameters,
	credentials: Record<string, ICredentialDataDecryptedObject> = {},
): WorkflowJson {
	const workflow = chain({
		name: TRIGGER,
		type: 'surveyTrigger',
		webhookId: '5e1d9c1a-0a7b-4c55-9f8e-2b6d4f3a1c90',
		parameters: { path: `survey-${source}`, source, ...parameters },
		credentials: Object.fromEntries(Object.keys(credentials).map((type) => [type, { id: `id-${type}`, name: type }])),
	});
	return { ...workflow, id: `sources-test-${++workflowCounter}`, staticData: {} };
}

const feedbackOf = (result: Awaited<ReturnType<typeof runWebhook>>) => result.json(TRIGGER)[0]?.feedback as unknown as Feedback;
const base64Hmac = (algorithm: string, key: string, data: string | Buffer) => createHmac(algorithm, key).update(data).digest('base64');

beforeAll(() => refuseOutsideNetwork());
afterEach(() => {
	nock.abortPendingRequests();
	nock.cleanAll();
});

describe('Typeform', () => {
	const credentials = { closedLoopTypeformApi: { accessToken: 'tfp_example_token', baseUrl: 'https://api.typeform.com' } };
	const delivery = readFixture('typeform/nps-response.json');

	it('registers the webhook with a generated secret on activation and checks deliveries with it', async () => {
		const workflow = trigger('typeform', { registration: 'automatic', formId: 'Xq7RtB2k' }, credentials);
		let registered: IDataObject = {};
		const api = nock('https://api.typeform.com', { reqheaders: { authorization: 'Bearer tfp_example_token' } })
			.put(/\/forms\/Xq7RtB2k\/webhooks\/n8n-closed-loop-[0-9a-f]{16}$/, (body: IDataObject) => {
				registered = body;
				return true;
			})
			.reply(200, (_uri, body) => ({ id: 'wh-1', form_id: 'Xq7RtB2k', ...(body as IDataObject) }));

		const exists = await callWebhookMethod(workflow, { method: 'checkExists', credentials });
		expect(exists.returned).toBe(false);
		const created = await callWebhookMethod(workflow, { method: 'create', credentials });
		expect(created.returned).toBe(true);
		expect(api.isDone()).toBe(true);
		expect(registered).toMatchObject({ url: 'http://localhost:5678/webhook/survey-typeform', enabled: true });
		const secret = String(registered.secret);
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(created.staticData.signingSecret).toBe(secret);

		const signed = await runWebhook(workflow, {
			credentials,
			request: { rawBody: delivery, headers: { 'Typeform-Signature': `sha256=${base64Hmac('sha256', secret, delivery)}` } },
		});
		expect(signed.http?.body).toMatchObject({ status: 'accepted', feedbackId: expect.stringMatching(/^typeform:/) });
		const feedback = feedbackOf(signed);
		expect(feedback.metrics[0]).toMatchObject({ type: 'nps', score: expect.any(Number), scaleMin: 0, scaleMax: 10 });
		expect(feedback.respondent).toMatchObject({ email: 'jordan.lee@example.com', customerId: 'C-10442' });

		const forged = await runWebhook(workflow, {
			credentials,
			request: { rawBody: delivery, headers: { 'Typeform-Signature': `sha256=${base64Hmac('sha256', 'guess', delivery)}` } },
		});
		expect(forged.http).toMatchObject({ status: 401, body: { error: 'invalid_signature', field: 'Typeform-Signature' } });
		expect(forged.started).toBe(false);
	});

	it('removes the webhook on deactivation and forgets the secret', async () => {
		const workflow = trigger('typeform', { registration: 'automatic', formId: 'Xq7RtB2k' }, credentials);
		workflow.staticData = { [`node:${TRIGGER}`]: { webhookId: 'n8n-closed-loop-0123456789abcdef', signingSecret: 'a'.repeat(64) } };
		const removal = nock('https://api.typeform.com').delete('/forms/Xq7RtB2k/webhooks/n8n-closed-loop-0123456789abcdef').reply(204);
		const deleted = await callWebhookMethod(workflow, { method: 'delete', credentials });
		expect(removal.isDone()).toBe(true);
		expect(deleted.staticData).toEqual({});
	});

	it('uses the EU data center when the credential says so', async () => {
		const eu = { closedLoopTypeformApi: { accessToken: 'tfp_example_token', baseUrl: 'https://api.eu.typeform.com/' } };
		const workflow = trigger('typeform', { registration: 'automatic', formId: 'Xq7RtB2k' }, eu);
		const api = nock('https://api.eu.typeform.com').put(/\/forms\/Xq7RtB2k\/webhooks\//).reply(200, {});
		await callWebhookMethod(workflow, { method: 'create', credentials: eu });
		expect(api.isDone()).toBe(true);
	});

	it('refuses every delivery with 401 until a secret is registered', async () => {
		const workflow = trigger('typeform', { registration: 'automatic', formId: 'Xq7RtB2k' }, credentials);
		const result = await runWebhook(workflow, {
			credentials,
			request: { rawBody: delivery, headers: { 'Typeform-Signature': 'sha256=x' } },
		});
		expect(result.http).toMatchObject({ status: 401, body: { message: expect.stringMatching(/unpublish the workflow and publish it again/) } });
	});
});

describe('Tally, set up by hand with a pasted signing secret', () => {
	const secret = { surveyWebhookSecretApi: { secret: 'example-tally-signing-value' } };

	it('accepts a signed FORM_RESPONSE and refuses an unsigned one', async () => {
		const workflow = trigger('tally', { registration: 'manual' }, secret);
		const body = readFixture('tally/nps-response.json');
		const signed = await runWebhook(workflow, {
			credentials: secret,
			request: { rawBody: body, headers: { 'Tally-Signature': base64Hmac('sha256', 'example-tally-signing-value', body) } },
		});
		expect(signed.started).toBe(true);
		expect(feedbackOf(signed).source).toBe('tally');
		const unsigned = await runWebhook(workflow, { credentials: secret, request: { rawBody: body } });
		expect(unsigned.http).toMatchObject({ status: 401, body: { field: 'Tally-Signature' } });
	});
});

describe('SurveyMonkey, which sends only ids', () => {
	const credentials = {
		closedLoopSurveyMonkeyApi: {
			accessToken: 'sm_example_access',
			clientId: 'example-client',
			clientSecret: 'example-client-value',
			baseUrl: 'https://api.surveymonkey.com',
		},
	};
	const body = readFixture('surveymonkey/webhook-response-completed.json');
	const signature = base64Hmac('sha1', 'example-client&example-client-value', body);
	const request = { rawBody: body, headers: { 'Sm-Signature': signature } };
	const api = () => nock('https://api.surveymonkey.com', { reqheaders: { authorization: 'Bearer sm_example_access' } });

	it('fetches the response and the survey, so headings map to answers', async () => {
		const calls = api()
			.get('/v3/surveys/405071234/responses/118052219061/details')
			.reply(200, readJsonFixture('surveymonkey/response-details.json'))
			.get('/v3/surveys/405071234/details')
			.reply(200, readJsonFixture('surveymonkey/survey-details.json'));
		const result = await runWebhook(trigger('surveyMonkey', { registration: 'manual' }, credentials), { credentials, request });
		expect(calls.isDone()).toBe(true);
		const feedback = feedbackOf(result);
		expect(feedback.id).toBe('surveymonkey:118052219061');
		expect(feedback.metrics.map((metric) => metric.type)).toContain('nps');
		expect(feedback.answers.some((answer) => typeof answer.question === 'string' && answer.question.length > 0)).toBe(true);
	});

	it.each([
		['a 503', (scope: nock.Interceptor) => scope.reply(503, { error: { message: 'Service unavailable' } })],
		['a 429', (scope: nock.Interceptor) => scope.reply(429, { error: { message: 'Too many requests' } })],
		['a timeout', (scope: nock.Interceptor) => scope.delay(3_000).reply(200, {})],
	])('answers %s from the API with 503 and Retry-After, then accepts the retry', async (_case, fail) => {
		const started = Date.now();
		const workflow = trigger('surveyMonkey', { registration: 'manual', settings: { apiTimeoutSeconds: 1 } }, credentials);
		fail(api().get(/\/responses\//));
		const first = await runWebhook(workflow, { credentials, request });
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(first.http).toMatchObject({
			status: 503,
			headers: { 'retry-after': '60' },
			body: { status: 'retry_later', error: 'survey_tool_api_error' },
		});
		expect(first.started).toBe(false);
		expect(JSON.stringify(first.http)).not.toContain('sm_example_access');
		expect(JSON.stringify(first.logs)).not.toContain('sm_example_access');

		api()
			.get(/\/responses\//)
			.reply(200, readJsonFixture('surveymonkey/response-details.json'))
			.get('/v3/surveys/405071234/details')
			.reply(200, readJsonFixture('surveymonkey/survey-details.json'));
		const retry = await runWebhook(workflow, { credentials, request });
		expect(retry.started).toBe(true);
	}, 60_000);

	it('answers 502 when the API refuses the credential, without echoing it', async () => {
		// n8n sends a request that got 401 once more after refreshing the credential: both are refused.
		api().get(/\/responses\//).times(2).reply(401, { error: { message: 'The authorization token provided was invalid.' } });
		const result = await runWebhook(trigger('surveyMonkey', { registration: 'manual' }, credentials), { credentials, request });
		expect(result.http?.status).toBe(502);
		expect(result.http?.headers['retry-after']).toBeUndefined();
		expect(JSON.stringify([result.http, result.logs])).not.toMatch(/sm_example_access|example-client-value/);
	});

	describe('an API answer the node cannot use is the tool’s problem, not the sender’s: never a 4xx', () => {
		const details = () => readJsonFixture<Record<string, unknown>>('surveymonkey/response-details.json');
		const survey = () => readJsonFixture<Record<string, unknown>>('surveymonkey/survey-details.json');
		const run = async () => await runWebhook(trigger('surveyMonkey', { registration: 'manual' }, credentials), { credentials, request });
		const expectLoggedWithoutSecrets = (result: Awaited<ReturnType<typeof runWebhook>>, field: string) => {
			const logged = result.logs.map((entry) => entry.message).join('\n');
			expect(logged).toContain(field);
			expect(JSON.stringify([result.http, result.logs])).not.toMatch(/sm_example_access|example-client-value/);
		};

		it.each<[string, () => unknown, () => unknown, string]>([
			['response details without pages', () => ({ ...details(), pages: undefined }), survey, 'response.pages'],
			['response details that are an HTML page', () => '<html>Service Unavailable</html>', survey, 'response'],
			['survey details without pages', details, () => ({ ...survey(), pages: null }), 'survey.pages'],
		])('answers 502 for %s, naming the field in the answer and the log', async (_case, responseBody, surveyBody, field) => {
			api().get('/v3/surveys/405071234/responses/118052219061/details').reply(200, responseBody() as nock.Body).get('/v3/surveys/405071234/details').reply(200, surveyBody() as nock.Body);
			const result = await run();
			expect(result.http).toMatchObject({ status: 502, body: { status: 'retry_later', error: 'survey_tool_api_answer', field } });
			expect(result.http?.headers['retry-after']).toBeUndefined();
			expect(result.started).toBe(false);
			expectLoggedWithoutSecrets(result, field);
		});

		it('answers 503 with Retry-After when the completed response is not available yet (404), then accepts the retry', async () => {
			api().get('/v3/surveys/405071234/responses/118052219061/details').reply(404, { error: { message: 'Resource not found' } });
			const workflow = trigger('surveyMonkey', { registration: 'manual' }, credentials);
			const first = await runWebhook(workflow, { credentials, request });
			expect(first.http).toMatchObject({ status: 503, headers: { 'retry-after': '60' }, body: { status: 'retry_later' } });
			expect(first.started).toBe(false);
			expectLoggedWithoutSecrets(first, 'response');
			api().get('/v3/surveys/405071234/responses/118052219061/details').reply(200, details()).get('/v3/surveys/405071234/details').reply(200, survey());
			expect((await runWebhook(workflow, { credentials, request })).started).toBe(true);
		});

		it('answers 503 with Retry-After when the API still calls a completed response partial', async () => {
			api().get('/v3/surveys/405071234/responses/118052219061/details').reply(200, { ...details(), response_status: 'partial' }).get('/v3/surveys/405071234/details').reply(200, survey());
			const result = await run();
			expect(result.http).toMatchObject({ status: 503, headers: { 'retry-after': '60' }, body: { field: 'response.response_status' } });
		});
	});

	it('refuses a delivery signed with another app’s key', async () => {
		const forged = { rawBody: body, headers: { 'Sm-Signature': base64Hmac('sha1', 'example-client&other', body) } };
		const result = await runWebhook(trigger('surveyMonkey', { registration: 'manual' }, credentials), { credentials, request: forged });
		expect(result.http).toMatchObject({ status: 401, body: { field: 'Sm-Signature' } });
	});

	it('answers the HEAD request SurveyMonkey sends when the webhook is created', async () => {
		const result = await runWebhook(trigger('surveyMonkey', { registration: 'automatic', formId: '405071234' }, credentials), {
			credentials,
			request: { method: 'HEAD' },
		});
		expect([result.http?.status, result.started]).toEqual([200, false]);
	});
});

describe('Qualtrics event subscriptions', () => {
	const credentials = {
		closedLoopQualtricsApi: { apiToken: 'example-qualtrics-token', baseUrl: 'https://iad1.qualtrics.com/API/v3' },
		surveyWebhookSecretApi: { secret: 'example-qualtrics-shared-key' },
	};
	const event = readJsonFixture<Record<string, string>>('qualtrics/event-completed-response.json');
	const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
	const signed = (fields: Record<string, string>) => ({
		...fields,
		HMAC: createHmac('sha512', 'example-qualtrics-shared-key').update(fields.MSG).digest('hex'),
	});
	const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };

	it('reads the form-encoded event, checks its HMAC and fetches the response', async () => {
		const calls = nock('https://iad1.qualtrics.com', { reqheaders: { 'x-api-token': 'example-qualtrics-token' } })
			.get(/\/API\/v3\/surveys\/SV_3kQ0bY7tVnXo2Wq\/responses\/R_1pKcm3b4BQjh6zF/)
			.reply(200, readJsonFixture('qualtrics/response.json'))
			.get(/\/API\/v3\/survey-definitions\/SV_3kQ0bY7tVnXo2Wq/)
			.reply(200, readJsonFixture('qualtrics/survey-definition.json'));
		const result = await runWebhook(trigger('qualtrics', { registration: 'manual' }, credentials), {
			credentials,
			request: { rawBody: form(signed(event)), headers },
		});
		expect(calls.isDone()).toBe(true);
		expect(result.started).toBe(true);
		expect(feedbackOf(result).metrics.map((metric) => metric.type)).toContain('nps');
	});

	describe('an API answer the node cannot use is the tool’s problem, not the sender’s: never a 4xx', () => {
		const qualtrics = () => nock('https://iad1.qualtrics.com', { reqheaders: { 'x-api-token': 'example-qualtrics-token' } });
		const run = async () =>
			await runWebhook(trigger('qualtrics', { registration: 'manual' }, credentials), {
				credentials,
				request: { rawBody: form(signed(event)), headers },
			});

		it.each<[string, () => unknown, () => unknown, string]>([
			['a response without values', () => ({ result: { responseId: 'R_1pKcm3b4BQjh6zF' } }), () => readJsonFixture('qualtrics/survey-definition.json'), 'response.result.values'],
			['a definition without questions', () => readJsonFixture('qualtrics/response.json'), () => ({ result: { SurveyID: 'SV_3kQ0bY7tVnXo2Wq' } }), 'survey.result.Questions'],
			['a response that is not JSON', () => 'upstream proxy error', () => readJsonFixture('qualtrics/survey-definition.json'), 'response'],
			[
				'a response whose id is blank, which only the response builder notices',
				() => {
					const fetched = readJsonFixture<{ result: Record<string, unknown> }>('qualtrics/response.json');
					return { ...fetched, result: { ...fetched.result, responseId: '   ' } };
				},
				() => readJsonFixture('qualtrics/survey-definition.json'),
				'responseId',
			],
		])('answers 502 for %s, naming the field in the answer and the log', async (_case, responseBody, definitionBody, field) => {
			qualtrics()
				.get(/\/API\/v3\/surveys\/SV_3kQ0bY7tVnXo2Wq\/responses\/R_1pKcm3b4BQjh6zF/)
				.reply(200, responseBody() as nock.Body)
				.get(/\/API\/v3\/survey-definitions\/SV_3kQ0bY7tVnXo2Wq/)
				.reply(200, definitionBody() as nock.Body);
			const result = await run();
			expect(result.http).toMatchObject({ status: 502, body: { status: 'retry_later', error: 'survey_tool_api_answer', field } });
			expect(result.http?.headers['retry-after']).toBeUndefined();
			expect(result.started).toBe(false);
			expect(result.logs.map((entry) => entry.message).join('\n')).toContain(field);
			expect(JSON.stringify([result.http, result.logs])).not.toMatch(/example-qualtrics-token|example-qualtrics-shared-key/);
		});

		it('answers 503 with Retry-After when the response is not available yet (404)', async () => {
			qualtrics().get(/\/API\/v3\/surveys\/SV_3kQ0bY7tVnXo2Wq\/responses\/R_1pKcm3b4BQjh6zF/).reply(404, { meta: { httpStatus: '404 - Not Found' } });
			const result = await run();
			expect(result.http).toMatchObject({ status: 503, headers: { 'retry-after': '60' }, body: { status: 'retry_later' } });
			expect(JSON.stringify([result.http, result.logs])).not.toMatch(/example-qualtrics-token/);
		});
	});

	it('refuses a tampered MSG with 401 naming the HMAC field', async () => {
		const tampered = { ...signed(event), MSG: event.MSG.replace('R_1pKcm3b4BQjh6zF', 'R_other') };
		const result = await runWebhook(trigger('qualtrics', { registration: 'manual' }, credentials), {
			credentials,
			request: { rawBody: form(tampered), headers },
		});
		expect(result.http).toMatchObject({ status: 401, body: { field: 'HMAC' } });
	});
});

describe('Delighted, which signs nothing: basic auth', () => {
	const credentials = { surveyWebhookBasicAuthApi: { user: 'delighted', password: 'example-basic-password' } };
	const authorization = `Basic ${Buffer.from('delighted:example-basic-password').toString('base64')}`;

	it('emits the later comment as a revision of the same feedback', async () => {
		const workflow = trigger('delighted', { authentication: 'basicAuth' }, credentials);
		const send = async (file: string) =>
			await runWebhook(workflow, { credentials, request: { rawBody: readFixture(file), headers: { Authorization: authorization } } });
		const created = feedbackOf(await send('delighted/survey-response-created.json'));
		const updated = feedbackOf(await send('delighted/survey-response-updated.json'));
		expect(updated.id).toBe(created.id);
		expect(updated.revision).toBeGreaterThan(created.revision);
		expect(created.comment).toBeNull();
		expect(updated.comment).toMatch(/Livraison en retard/);
		// A retry of the update is still a duplicate.
		const retried = await send('delighted/survey-response-updated.json');
		expect(retried.http?.body).toMatchObject({ status: 'duplicate' });
	});

	it('flags a detractor 5 that arrives without survey_type, with the assumed scale in the warnings', async () => {
		const body = readJsonFixture<{ event_data: Record<string, unknown> }>('delighted/survey-response-created.json');
		delete body.event_data.survey_type;
		body.event_data.score = 5;
		const workflow = chain(
			{
				name: TRIGGER,
				type: 'surveyTrigger',
				webhookId: '5e1d9c1a-0a7b-4c55-9f8e-2b6d4f3a1c91',
				parameters: { path: 'survey-delighted-classified', source: 'delighted', authentication: 'basicAuth' },
				credentials: { surveyWebhookBasicAuthApi: { id: 'id-basic', name: 'basic' } },
			},
			{ name: 'Score & Classify', type: 'scoreClassify', parameters: {} },
		);
		const result = await runWebhook(
			{ ...workflow, id: `sources-test-${++workflowCounter}`, staticData: {} },
			{ credentials, request: { rawBody: JSON.stringify(body), headers: { Authorization: authorization } } },
		);
		const [item] = result.json('Score & Classify');
		expect(item.feedback).toMatchObject({
			metrics: [{ type: 'nps', score: 5, scaleMin: 0, scaleMax: 10 }],
			warnings: [expect.stringMatching(/no "survey_type".*NPS 0-10.*assumed/)],
		});
		expect(item.classification).toMatchObject({ category: 'detractor', primaryMetric: 'nps' });
	});

	it('turns an unsubscribe into a consent withdrawal item', async () => {
		const result = await runWebhook(trigger('delighted', { authentication: 'basicAuth' }, credentials), {
			credentials,
			request: { rawBody: readFixture('delighted/unsubscribe-created.json'), headers: { Authorization: authorization } },
		});
		expect(feedbackOf(result)).toMatchObject({ event: 'consentWithdrawal', consent: { contact: false }, metrics: [] });
	});

	it('refuses a delivery without the password', async () => {
		const result = await runWebhook(trigger('delighted', { authentication: 'basicAuth' }, credentials), {
			credentials,
			request: { rawBody: readFixture('delighted/survey-response-created.json') },
		});
		expect(result.http?.status).toBe(401);
	});
});

describe('Jotform multipart submissions', () => {
	it('reads the multipart body as Jotform sends it, rawRequest included', async () => {
		const result = await runWebhook(trigger('jotform', {}), {
			request: {
				rawBody: readFixture('jotform/nps-submission.multipart.txt'),
				headers: { 'Content-Type': 'multipart/form-data; boundary=------JotformBoundary7MA4YWxkTrZu0gW' },
			},
		});
		expect(result.http?.body).toMatchObject({ status: 'accepted' });
		const feedback = feedbackOf(result);
		expect(feedback.source).toBe('jotform');
		expect(feedback.metrics.length).toBeGreaterThan(0);
	});

	it('reads the same submission when a relay has turned its CRLF line ends into LF', async () => {
		const crlf = readFixture('jotform/nps-submission.multipart.txt');
		const lf = Buffer.from(crlf.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
		expect(lf.includes('\r\n')).toBe(false);
		const headers = { 'Content-Type': 'multipart/form-data; boundary=------JotformBoundary7MA4YWxkTrZu0gW' };
		const [original, relayed] = await Promise.all(
			[crlf, lf].map(async (rawBody) => await runWebhook(trigger('jotform', {}), { request: { rawBody, headers } })),
		);
		expect(relayed.http?.body).toMatchObject({ status: 'accepted' });
		expect(feedbackOf(relayed).metrics).toEqual(feedbackOf(original).metrics);
		expect(feedbackOf(relayed).answers).toEqual(feedbackOf(original).answers);
	});

	it('checks a shared secret header when the user sets one', async () => {
		const credentials = { surveyWebhookSecretApi: { secret: 'example-jotform-header-value' } };
		const result = await runWebhook(trigger('jotform', { authentication: 'secretHeader' }, credentials), {
			credentials,
			request: {
				rawBody: readFixture('jotform/nps-submission.multipart.txt'),
				headers: { 'Content-Type': 'multipart/form-data; boundary=------JotformBoundary7MA4YWxkTrZu0gW' },
			},
		});
		expect(result.http).toMatchObject({ status: 401, body: { field: 'X-Webhook-Secret' } });
	});
});

describe('activation through each tool’s API, with the node’s credentials', () => {
	it.each([
		[
			'SurveyMonkey',
			'surveyMonkey',
			'405071234',
			{ closedLoopSurveyMonkeyApi: { accessToken: 'sm_example_access', clientId: 'c', clientSecret: 's', baseUrl: 'https://api.eu.surveymonkey.com' } },
			() =>
				nock('https://api.eu.surveymonkey.com', { reqheaders: { authorization: 'Bearer sm_example_access' } })
					.post('/v3/webhooks', (body: IDataObject) => body.subscription_url === 'http://localhost:5678/webhook/survey-surveyMonkey')
					.reply(201, readJsonFixture('surveymonkey/webhook.json')),
			'7014582',
		],
		[
			'Qualtrics',
			'qualtrics',
			'SV_3kQ0bY7tVnXo2Wq',
			{ closedLoopQualtricsApi: { apiToken: 'example-qualtrics-token', baseUrl: 'https://iad1.qualtrics.com' } },
			() =>
				nock('https://iad1.qualtrics.com', { reqheaders: { 'x-api-token': 'example-qualtrics-token' } })
					.post('/API/v3/eventsubscriptions', (body: IDataObject) => /^[0-9a-f]{64}$/.test(String(body.sharedKey)))
					.reply(200, readJsonFixture('qualtrics/subscription.json')),
			'SUB_0U5lM8fWsPmvRst',
		],
		[
			'Tally',
			'tally',
			'wLLK52',
			{ closedLoopTallyApi: { apiKey: 'tly-example-key' } },
			() =>
				nock('https://api.tally.so', { reqheaders: { authorization: 'Bearer tly-example-key' } })
					.post('/webhooks', (body: IDataObject) => body.formId === 'wLLK52' && typeof body.signingSecret === 'string')
					.reply(201, { id: 'wh_tally_1', formId: 'wLLK52', url: 'http://localhost:5678/webhook/survey-tally' }),
			'wh_tally_1',
		],
	])('%s: create registers the webhook and keeps its id and secret', async (_tool, source, formId, credentials, mock, webhookId) => {
		const scope = mock();
		const workflow = trigger(source, { registration: 'automatic', formId }, credentials);
		const created = await callWebhookMethod(workflow, { method: 'create', credentials });
		expect(scope.isDone()).toBe(true);
		expect(created.staticData).toMatchObject({ webhookId, signingSecret: expect.stringMatching(/^[0-9a-f]{64}$/) });
	});
});
