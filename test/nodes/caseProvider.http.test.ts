/**
 * The HTTP (Any JSON API) case provider, through n8n's engine: every call's request as templated from the settings,
 * the answers read at the configured paths, and the faults (429, 5xx, a duplicate refused with 409, answers without
 * a case where the paths say). The API here is a typical ticket API shaped like the provider's defaults.
 */
import nock from 'nock';

import type { CaseClose, CaseDraft, StoredCase } from '../../nodes/core/caseRecord';
import { caseIdempotencyKey, closeRecord } from '../../nodes/core/caseRecord';
import { DEFAULT_ROOT_CAUSES, closeIntegrity } from '../../nodes/core/caseClosure';
import { FeedbackError } from '../../nodes/core/feedback';
import type { HttpCaseSettings } from '../../nodes/CreateCase/providers/http';
import { httpCaseProvider } from '../../nodes/CreateCase/providers/http';
import type { ApiClient } from '../../nodes/shared/apiClient';
import { callProvider } from './caseProviderHarness';

const BASE = 'https://api.helpdesk.example';
const TOKEN = 'tok-3f9a1c77e2';
const bearer = { baseUrl: `${BASE}/v1/`, authentication: 'bearerToken', token: TOKEN, testPath: '/' };

type Call<T> = (api: ApiClient, settings: HttpCaseSettings) => Promise<T>;
async function run<T>(call: Call<T>, parameters: Record<string, unknown> = {}, credentials: Record<string, string> = bearer) {
	return await callProvider(httpCaseProvider, {
		credentials,
		parameters,
		call: async (api, settings) => await call(api, settings as HttpCaseSettings),
	});
}

function draft(overrides: Partial<CaseDraft> = {}): CaseDraft {
	return {
		key: 'typeform:resp-81',
		idempotencyKey: caseIdempotencyKey('typeform:resp-81'),
		subject: 'Detractor (2) — Delivery — Ana M.',
		description: 'Comment: “Parcel "lost" twice”\nC:\\orders\\81',
		descriptionHtml: '<p>Comment</p>',
		language: 'en',
		priority: 'P1',
		providerPriority: 'urgent',
		requester: { name: 'Ana Martin', email: 'ana@example.com', phone: null },
		assignee: { name: 'Sam Owner', email: 'sam@acme.example', phone: null, helpdeskUserId: null },
		dueAt: '2026-03-03T10:00:00.000Z',
		resumeUrl: 'http://localhost:5678/webhook-waiting/12/resume?signature=abc',
		revision: 1,
		feedbackId: 'resp-81',
		tags: ['closed-loop', 'detractor', 'delivery'],
		facts: {
			source: 'typeform', category: 'detractor', score: 2, metric: 'nps', comment: 'Parcel "lost" twice', topics: ['delivery'],
			touchpoint: 'delivery', customerId: 'c-9', submittedAt: '2026-03-02T09:00:00.000Z',
		},
		...overrides,
	};
}

/** The case as the API holds it after the default create body. */
function ticket(overrides: Record<string, unknown> = {}) {
	return {
		id: 4711,
		subject: 'Detractor (2) — Delivery — Ana M.',
		status: 'open',
		priority: 'urgent',
		external_id: 'typeform:resp-81',
		custom_fields: { closed_loop_revision: 1, closed_loop_resume_url: 'http://localhost:5678/webhook-waiting/12/resume?signature=abc' },
		...overrides,
	};
}

const stored: StoredCase = {
	id: '4711', url: null, key: 'typeform:resp-81', status: 'open', closed: false, providerPriority: 'urgent', dueAt: null, createdAt: null,
	revision: 1, resumeUrl: 'http://localhost:5678/webhook-waiting/12/resume?signature=abc', integrity: [],
};

function closing(answers: { twoWayContact: boolean; resolved: boolean | null; notes: string | null }): CaseClose {
	const closure = { ...answers, rootCause: 'delivery', actionTaken: 'Refunded the shipping' };
	return closeRecord(closure, closeIntegrity(closure), { language: 'en', rootCauses: DEFAULT_ROOT_CAUSES, closedAt: new Date('2026-03-04T12:00:00.000Z') });
}

// The first run starts n8n's engine, which takes seconds on a busy machine.
jest.setTimeout(30_000);
afterEach(() => nock.cleanAll());

describe('HTTP case provider: create', () => {
	it('POSTs the default body with the draft filled in, JSON-escaped, and reads the case from the answer', async () => {
		const api = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
			.post('/v1/tickets', {
				subject: 'Detractor (2) — Delivery — Ana M.',
				description: 'Comment: “Parcel "lost" twice”\nC:\\orders\\81',
				priority: 'urgent',
				external_id: 'typeform:resp-81',
				due_at: '2026-03-03T10:00:00.000Z',
				requester: { name: 'Ana Martin', email: 'ana@example.com' },
				assignee_email: 'sam@acme.example',
				tags: ['closed-loop', 'detractor', 'delivery'],
				custom_fields: { closed_loop_revision: 1, closed_loop_resume_url: 'http://localhost:5678/webhook-waiting/12/resume?signature=abc' },
			})
			.reply(201, ticket({ status: 'new' }));

		const { value, error } = await run(async (client, settings) => await httpCaseProvider.create(client, draft(), settings));

		expect(error).toBeUndefined();
		expect(value).toEqual({
			id: '4711', url: null, key: 'typeform:resp-81', status: 'new', closed: false, providerPriority: 'urgent',
			dueAt: '2026-03-03T10:00:00.000Z', createdAt: null, revision: 1,
			resumeUrl: 'http://localhost:5678/webhook-waiting/12/resume?signature=abc', integrity: [],
		});
		expect(api.isDone()).toBe(true);
	});

	it('sends a body of the user’s own, reads the case inside a record path, and builds its link', async () => {
		const api = nock(BASE)
			.put('/v1/cases/typeform%3Aresp-81', { data: { type: 'case', attributes: { title: 'Case typeform:resp-81: Detractor (2) — Delivery — Ana M.', level: 'P1', score: 2, urgent: true } } })
			.reply(200, { data: { id: 'C-90', attributes: { state: 'Triage', ref: 'typeform:resp-81', created: '2026-03-02T09:01:00Z' } } });

		const { value, error } = await run(async (client, settings) => await httpCaseProvider.create(client, draft(), settings), {
			httpCaseCreateMethod: 'PUT',
			httpCaseCreateUrl: '/cases/{{key}}',
			httpCaseCreateBody: '{"data": {"type": "case", "attributes": {"title": "Case {{key}}: {{subject}}", "level": "{{priorityLevel}}", "score": {{score}}, "urgent": true}}}',
			httpCaseRecordPath: 'data',
			httpCaseStatusPath: 'attributes.state',
			httpCaseKeyPath: 'attributes.ref',
			httpCaseRevisionPath: '',
			httpCaseResumeUrlPath: '',
			httpCaseMoreFields: { caseLink: 'https://support.example.com/cases/{{id}}', createdAtPath: 'attributes.created' },
		});

		expect(error).toBeUndefined();
		expect(value).toMatchObject({ id: 'C-90', status: 'Triage', key: 'typeform:resp-81', url: 'https://support.example.com/cases/C-90', createdAt: '2026-03-02T09:01:00Z', revision: null, resumeUrl: null });
		// Nothing in the body assigns the owner: the item says so.
		expect(value?.warnings).toEqual(['Create Body sends no assignee ({{assignee.id}} or {{assignee.email}}): Sam Owner was not assigned']);
		expect(api.isDone()).toBe(true);
	});

	it('warns when the body assigns by helpdesk user ID and the owner has none, and sends null there', async () => {
		const api = nock(BASE).post('/v1/tickets', { subject: 'Detractor (2) — Delivery — Ana M.', assignee_id: null }).reply(201, ticket());

		const { value } = await run(async (client, settings) => await httpCaseProvider.create(client, draft(), settings), {
			httpCaseCreateBody: '{"subject": "{{subject}}", "assignee_id": {{assignee.id}}}',
		});

		expect(value?.warnings).toEqual(['Sam Owner has no helpdesk user ID in the routing table, and Create Body assigns by {{assignee.id}} only: the case was created unassigned']);
		expect(api.isDone()).toBe(true);
	});

	it('sends null, not empty text, for what the item does not have (no priority, no due date, no requester)', async () => {
		const api = nock(BASE)
			.post('/v1/tickets', (body: Record<string, unknown>) =>
				body.priority === null && body.due_at === null && JSON.stringify(body.requester) === '{"name":null,"email":null}' && body.assignee_email === null,
			)
			.reply(201, ticket({ priority: null }));
		const bare = draft({ priority: null, providerPriority: null, dueAt: null, requester: { name: null, email: null, phone: null }, assignee: null });

		const { value } = await run(async (client, settings) => await httpCaseProvider.create(client, bare, settings));

		expect(value).toMatchObject({ id: '4711', providerPriority: null, dueAt: null });
		expect(value?.warnings).toBeUndefined();
		expect(api.isDone()).toBe(true);
	});

	it('refuses an answer with no case ID where the path says, naming the path and the call', async () => {
		nock(BASE).post('/v1/tickets').reply(201, { ticket: { number: 4711 } });

		const { error } = await run(async (client, settings) => await httpCaseProvider.create(client, draft(), settings), { httpCaseRecordPath: 'ticket' });

		expect(error?.message).toBe(
			'The HTTP (Any JSON API) API answered POST /v1/tickets without a case ID at "id" inside "ticket" (Case ID Path): nothing is there',
		);
	});

	it('refuses an answer with no case object at the record path', async () => {
		nock(BASE).post('/v1/tickets').reply(201, { tickets: [ticket()] });

		const { error } = await run(async (client, settings) => await httpCaseProvider.create(client, draft(), settings), { httpCaseRecordPath: 'ticket' });

		expect(error?.message).toBe('The HTTP (Any JSON API) API answered POST /v1/tickets without a case object at "ticket" (Case Record Path): nothing is there');
	});
});

describe('HTTP case provider: lookup (find)', () => {
	it('GETs the lookup URL with the key encoded and returns the match', async () => {
		const api = nock(BASE).get('/v1/tickets').query({ external_id: 'typeform:resp-81' }).reply(200, [ticket({ custom_fields: { closed_loop_revision: '2' } })]);

		const { value, error } = await run(async (client, settings) => await httpCaseProvider.find(client, 'typeform:resp-81', settings));

		expect(error).toBeUndefined();
		expect(value).toMatchObject({ id: '4711', key: 'typeform:resp-81', status: 'open', revision: 2, resumeUrl: null });
		expect(api.isDone()).toBe(true);
	});

	it('reads the matches at the list path, and a single case there as one match', async () => {
		nock(BASE).get('/v1/search').query({ q: 'external_id:typeform:resp-81' }).reply(200, { results: [ticket()], count: 1 });
		nock(BASE).get('/v1/by-key/typeform%3Aresp-81').reply(200, { result: ticket({ id: 'x-1' }) });

		const list = await run(async (client, settings) => await httpCaseProvider.find(client, 'typeform:resp-81', settings), {
			httpCaseLookupUrl: '/search?q=external_id:{{key}}',
			httpCaseLookupListPath: 'results',
		});
		const single = await run(async (client, settings) => await httpCaseProvider.find(client, 'typeform:resp-81', settings), {
			httpCaseLookupUrl: '/by-key/{{key}}',
			httpCaseLookupListPath: 'result',
		});

		expect(list.value?.id).toBe('4711');
		expect(single.value?.id).toBe('x-1');
	});

	it('finds nothing in an empty list, a 404, or a list of other keys’ cases (an API that ignored the filter)', async () => {
		nock(BASE).get('/v1/tickets').query(true).reply(200, []);
		nock(BASE).get('/v1/tickets').query(true).reply(404, { error: 'RecordNotFound', description: 'Not found' });
		nock(BASE).get('/v1/tickets').query(true).reply(200, [ticket({ id: 1, external_id: 'typeform:resp-1' }), ticket({ id: 2, external_id: 'typeform:resp-2' })]);

		for (let attempt = 0; attempt < 3; attempt++) {
			const { value, error } = await run(async (client, settings) => await httpCaseProvider.find(client, 'typeform:resp-81', settings));
			expect(error).toBeUndefined();
			expect(value).toBeNull();
		}
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('without a Lookup URL, makes no call and finds nothing', async () => {
		const { value, error } = await run(async (client, settings) => await httpCaseProvider.find(client, 'typeform:resp-81', settings), { httpCaseLookupUrl: '' });

		expect(error).toBeUndefined();
		expect(value).toBeNull();
	});

	it('refuses a lookup answer with no list where the path says', async () => {
		nock(BASE).get('/v1/tickets').query(true).reply(200, { tickets: [ticket()] });

		const { error } = await run(async (client, settings) => await httpCaseProvider.find(client, 'typeform:resp-81', settings), { httpCaseLookupListPath: 'results' });

		expect(error?.message).toBe('The HTTP (Any JSON API) API answered GET /v1/tickets without a list of cases at "results" (Lookup List Path): nothing is there');
	});

	it('makes a second run find the case the first one created (idempotency through the lookup)', async () => {
		nock(BASE).get('/v1/tickets').query({ external_id: 'typeform:resp-81' }).reply(200, []);
		const created = nock(BASE).post('/v1/tickets').once().reply(201, ticket());
		nock(BASE).get('/v1/tickets').query({ external_id: 'typeform:resp-81' }).reply(200, [ticket()]);

		const createOrFind = async (client: ApiClient, settings: HttpCaseSettings) =>
			(await httpCaseProvider.find(client, 'typeform:resp-81', settings)) ?? (await httpCaseProvider.create(client, draft(), settings));
		const first = await run(createOrFind);
		const second = await run(createOrFind);

		expect(first.value?.id).toBe('4711');
		expect(second.value?.id).toBe('4711');
		expect(created.isDone()).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('two runs of the same key at once both create (the documented limit of searchFirst), each with the same idempotency key', async () => {
		const keys: string[] = [];
		nock(BASE).get('/v1/tickets').query(true).twice().reply(200, []);
		nock(BASE)
			.post('/v1/tickets')
			.twice()
			.reply(function () {
				keys.push(String(this.req.headers['idempotency-key']));
				return [201, ticket({ id: 4711 + keys.length })];
			});

		const createOrFind = async (client: ApiClient, settings: HttpCaseSettings) =>
			(await httpCaseProvider.find(client, 'typeform:resp-81', settings)) ?? (await httpCaseProvider.create(client, draft(), settings));
		const parameters = { httpCaseIdempotencyHeader: 'Idempotency-Key' };
		const [one, two] = await Promise.all([run(createOrFind, parameters), run(createOrFind, parameters)]);

		// Without an API that deduplicates on the header, there are two cases; with one, the header makes them one.
		expect([one.value?.id, two.value?.id].sort()).toEqual(['4712', '4713']);
		expect(keys).toEqual([draft().idempotencyKey, draft().idempotencyKey]);
	});
});

describe('HTTP case provider: get', () => {
	it('GETs the case by ID and reads it; a 404 is no case', async () => {
		nock(BASE).get('/v1/tickets/4711').reply(200, ticket({ status: 'solved', custom_fields: { closed_loop_integrity: 'closed-while-pending' } }));
		nock(BASE).get('/v1/tickets/4712').reply(404, { error: 'RecordNotFound' });

		const found = await run(async (client, settings) => await httpCaseProvider.get(client, '4711', settings));
		const missing = await run(async (client, settings) => await httpCaseProvider.get(client, '4712', settings));

		expect(found.value).toMatchObject({ id: '4711', key: 'typeform:resp-81', status: 'solved', closed: true, integrity: ['closed-while-pending'] });
		expect(missing.error).toBeUndefined();
		expect(missing.value).toBeNull();
	});

	it('hands back other failures as the client threw them, naming the call', async () => {
		nock(BASE).get('/v1/tickets/4711').reply(403, { message: 'You do not have access to this ticket' });

		const { error } = await run(async (client, settings) => await httpCaseProvider.get(client, '4711', settings));

		expect(error?.message).toBe('HTTP (Any JSON API) API: GET /v1/tickets/4711 failed with HTTP 403');
		expect(error?.description).toBe('You do not have access to this ticket');
	});
});

describe('HTTP case provider: revise, close, add note', () => {
	it('revise PATCHes the revision body and reads the revision back', async () => {
		const api = nock(BASE)
			.patch('/v1/tickets/4711', { description: draft().description, custom_fields: { closed_loop_revision: 2 } })
			.reply(200, ticket({ custom_fields: { closed_loop_revision: 2 } }));

		const { value } = await run(async (client, settings) => await httpCaseProvider.revise(client, stored, draft({ revision: 2 }), settings));

		expect(value).toMatchObject({ id: '4711', revision: 2, status: 'open' });
		expect(api.isDone()).toBe(true);
	});

	it('revise takes a 204 as done: the case keeps what it held, with the revision sent', async () => {
		nock(BASE).patch('/v1/tickets/4711').reply(204);

		const { value, error } = await run(async (client, settings) => await httpCaseProvider.revise(client, stored, draft({ revision: 3 }), settings));

		expect(error).toBeUndefined();
		expect(value).toEqual({ ...stored, revision: 3 });
	});

	it('revise with notes on: the new description also goes on as a note, after the update', async () => {
		const order: string[] = [];
		nock(BASE).patch('/v1/tickets/4711').reply(200, () => (order.push('update'), ticket({ custom_fields: { closed_loop_revision: 2 } })));
		nock(BASE)
			.post('/v1/tickets/4711/notes', (body: { body: string; public: boolean }) => body.public === false && body.body.startsWith('Response revised (revision 2, after 1). New description:'))
			.reply(201, () => (order.push('note'), { id: 99 }));

		const { value } = await run(async (client, settings) => await httpCaseProvider.revise(client, stored, draft({ revision: 2 }), settings), { httpCaseNotesOnUpdate: true });

		expect(order).toEqual(['update', 'note']);
		expect(value?.id).toBe('4711');
	});

	it('close PATCHes the close body with the status, the record and its integrity flags', async () => {
		const close = closing({ twoWayContact: false, resolved: true, notes: 'TBC, waiting for the customer' });
		const api = nock(BASE)
			.patch('/v1/tickets/4711', {
				status: 'solved',
				custom_fields: {
					closed_loop_root_cause: 'Late, lost or damaged delivery',
					closed_loop_two_way_contact: false,
					closed_loop_resolved: true,
					closed_loop_integrity: ['resolved-without-two-way-contact', 'closed-while-pending'],
				},
				comment: { body: close.note, public: false },
			})
			.reply(200, ticket({ status: 'solved', custom_fields: { closed_loop_integrity: ['resolved-without-two-way-contact', 'closed-while-pending'] } }));

		const { value, error } = await run(async (client, settings) => await httpCaseProvider.close(client, stored, close, settings), { httpCaseCloseStatus: 'solved' });

		expect(error).toBeUndefined();
		expect(value).toMatchObject({ id: '4711', status: 'solved', closed: true, integrity: ['resolved-without-two-way-contact', 'closed-while-pending'] });
		expect(api.isDone()).toBe(true);
	});

	it('close answered with no case: closed as sent; notes on puts the record on as a note first', async () => {
		const close = closing({ twoWayContact: true, resolved: true, notes: 'Called her, refund accepted' });
		const order: string[] = [];
		nock(BASE).post('/v1/tickets/4711/notes', { body: close.note, public: false }).reply(201, () => (order.push('note'), { id: 5 }));
		nock(BASE).patch('/v1/tickets/4711').reply(200, () => (order.push('close'), { success: true }));

		const { value } = await run(async (client, settings) => await httpCaseProvider.close(client, stored, close, settings), { httpCaseNotesOnUpdate: true });

		expect(order).toEqual(['note', 'close']);
		expect(value).toEqual({ ...stored, status: 'closed', closed: true, integrity: [] });
	});

	it('addNote POSTs the note body and leaves the case as it was (the answer is the note)', async () => {
		const api = nock(BASE)
			.post('/v1/tickets/4711/notes', { body: 'Called: no answer, left a voicemail', public: false })
			.reply(201, { id: 777, body: 'Called: no answer, left a voicemail' });

		const { value } = await run(async (client, settings) => await httpCaseProvider.addNote(client, stored, { text: 'Called: no answer, left a voicemail', at: '2026-03-03T08:00:00.000Z' }, settings));

		expect(value).toEqual(stored);
		expect(api.isDone()).toBe(true);
	});
});

describe('HTTP case provider: faults', () => {
	it('waits as a 429’s Retry-After says, then succeeds', async () => {
		nock(BASE).get('/v1/tickets/4711').reply(429, { error: 'Too many requests' }, { 'Retry-After': '1' });
		nock(BASE).get('/v1/tickets/4711').reply(200, ticket());

		const started = Date.now();
		const { value } = await run(async (client, settings) => await httpCaseProvider.get(client, '4711', settings));

		expect(value?.id).toBe('4711');
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
	});

	it('retries a 5xx on a lookup (a GET)', async () => {
		nock(BASE).get('/v1/tickets').query(true).reply(503, 'Service Unavailable');
		nock(BASE).get('/v1/tickets').query(true).reply(200, [ticket()]);

		const { value } = await run(async (client, settings) => await httpCaseProvider.find(client, 'typeform:resp-81', settings));

		expect(value?.id).toBe('4711');
	});

	it('does not repeat a POST create after a 5xx without an idempotency header: it could open two cases', async () => {
		const posts = nock(BASE).post('/v1/tickets').reply(502, { error: 'Bad gateway' });
		const again = nock(BASE).post('/v1/tickets').reply(201, ticket());

		const { error } = await run(async (client, settings) => await httpCaseProvider.create(client, draft(), settings));

		expect(posts.isDone()).toBe(true);
		expect(again.isDone()).toBe(false);
		expect(error?.message).toBe('HTTP (Any JSON API) API: POST /v1/tickets failed with HTTP 502 (not retried: a POST without an idempotency key could be performed twice)');
		expect(error?.retryable).toBe(true);
	});

	it('repeats a POST create after a 5xx with the idempotency header, the same key on both attempts', async () => {
		const keys: string[] = [];
		nock(BASE).post('/v1/tickets').reply(function () {
			keys.push(String(this.req.headers['x-request-key']));
			return [500, { error: 'Internal error' }];
		});
		nock(BASE).post('/v1/tickets').reply(function () {
			keys.push(String(this.req.headers['x-request-key']));
			return [201, ticket()];
		});

		const { value, error } = await run(async (client, settings) => await httpCaseProvider.create(client, draft(), settings), { httpCaseIdempotencyHeader: 'X-Request-Key' });

		expect(error).toBeUndefined();
		expect(value?.id).toBe('4711');
		expect(keys).toEqual([draft().idempotencyKey, draft().idempotencyKey]);
	});

	it('takes a 409 on create as the API refusing a duplicate, and returns the case the lookup finds', async () => {
		nock(BASE).post('/v1/tickets').reply(409, { error: 'Conflict', message: 'external_id has already been taken' });
		nock(BASE).get('/v1/tickets').query({ external_id: 'typeform:resp-81' }).reply(200, [ticket()]);

		const { value, error } = await run(async (client, settings) => await httpCaseProvider.create(client, draft(), settings));

		expect(error).toBeUndefined();
		expect(value?.id).toBe('4711');
	});

	it('hands back a 409 that the lookup cannot explain, with the API’s message', async () => {
		nock(BASE).post('/v1/tickets').reply(409, { message: 'subject is locked' });
		nock(BASE).get('/v1/tickets').query(true).reply(200, []);

		const { error } = await run(async (client, settings) => await httpCaseProvider.create(client, draft(), settings));

		expect(error?.message).toBe('HTTP (Any JSON API) API: POST /v1/tickets failed with HTTP 409');
		expect(error?.description).toBe('subject is locked');
	});

	it('names the call and the API’s message on a 422, never the body sent', async () => {
		nock(BASE).post('/v1/tickets').reply(422, { errors: [{ field: 'priority', message: 'priority is not included in the list' }] });

		const { error } = await run(async (client, settings) => await httpCaseProvider.create(client, draft(), settings));

		expect(error?.message).toBe('HTTP (Any JSON API) API: POST /v1/tickets failed with HTTP 422');
		expect(error?.description).toBe('priority is not included in the list');
	});
});

describe('HTTP case provider: credentials', () => {
	const secrets = ['s3cr3t-pa55', Buffer.from('ops@acme.example:s3cr3t-pa55').toString('base64'), 'k-91b7e0d2', TOKEN];

	it('sends Basic auth, or a header of the user’s naming', async () => {
		nock(BASE, { reqheaders: { authorization: `Basic ${secrets[1]}` } }).get('/v1/tickets/1').reply(200, ticket({ id: 1 }));
		nock(BASE, { reqheaders: { 'x-api-key': 'k-91b7e0d2' }, badheaders: ['authorization'] }).get('/v1/tickets/2').reply(200, ticket({ id: 2 }));

		const basic = await run(async (client, settings) => await httpCaseProvider.get(client, '1', settings), {}, {
			baseUrl: `${BASE}/v1`, authentication: 'basicAuth', user: 'ops@acme.example', password: 's3cr3t-pa55',
		});
		const header = await run(async (client, settings) => await httpCaseProvider.get(client, '2', settings), {}, {
			baseUrl: `${BASE}/v1`, authentication: 'header', headerName: 'X-API-Key', headerSecret: 'k-91b7e0d2',
		});

		expect(basic.value?.id).toBe('1');
		expect(header.value?.id).toBe('2');
	});

	it.each([
		['basic', { authentication: 'basicAuth', user: 'ops@acme.example', password: 's3cr3t-pa55' }],
		['header', { authentication: 'header', headerName: 'X-API-Key', headerSecret: 'k-91b7e0d2' }],
		['bearer', { authentication: 'bearerToken', token: TOKEN }],
	])('keeps the %s secret out of errors and logs on a 401 and on a bad answer', async (_name, auth) => {
		// n8n sends a request once more after a 401, having refreshed the credential.
		nock(BASE).post('/v1/tickets').twice().reply(401, { error: 'Couldn\'t authenticate you' });
		nock(BASE).get('/v1/tickets/4711').reply(200, { nothing: true });
		const credentials = { baseUrl: `${BASE}/v1`, ...auth };

		const refused = await run(async (client, settings) => await httpCaseProvider.create(client, draft(), settings), {}, credentials);
		const bad = await run(async (client, settings) => await httpCaseProvider.get(client, '4711', settings), {}, credentials);

		expect(refused.error?.message).toMatch(/^HTTP \(Any JSON API\) API: POST \/v1\/tickets failed with HTTP 401/);
		expect(bad.error?.message).toMatch(/without a case ID at "id"/);
		for (const text of [JSON.stringify(refused.error), refused.logs, JSON.stringify(bad.error), bad.logs]) {
			for (const secret of secrets) expect(text).not.toContain(secret);
		}
	});

	it('refuses a Base URL that is not a full address, naming the field', () => {
		expect(() => httpCaseProvider.apiBaseUrl({ baseUrl: 'api.example.com' })).toThrow(/Base URL must be a full address starting with https:\/\//);
		expect(httpCaseProvider.apiBaseUrl({ baseUrl: ' https://api.example.com/v1/ ' })).toBe('https://api.example.com/v1');
	});
});

describe('HTTP case provider: settings', () => {
	const read = (parameters: Record<string, unknown>) =>
		httpCaseProvider.settings(<V>(name: string, fallback: V) => (name in parameters ? (parameters[name] as V) : fallback));

	function refusal(parameters: Record<string, unknown>): FeedbackError {
		let caught: unknown;
		try {
			read(parameters);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(FeedbackError);
		return caught as FeedbackError;
	}

	it('read the defaults, which are valid, when no field is set', () => {
		const settings = read({});
		expect(settings.lookup).not.toBeNull();
		expect(settings.create.idempotencyHeader).toBeNull();
		expect([...settings.closedStatuses]).toEqual(['closed', 'resolved', 'solved']);
	});

	it('refuse an unknown placeholder when read, naming the field and the placeholder', () => {
		const error = refusal({ httpCaseCloseBody: '{"status": "{{status}}", "why": "{{reason}}"}' });
		expect(error.field).toBe('httpCaseCloseBody');
		expect(error.message).toMatch(/^Close Body: unknown placeholder \{\{reason\}\}; this call knows \{\{id\}\}, \{\{key\}\}, \{\{status\}\}/);
		// The lookup only knows the key, the get only the ID.
		expect(refusal({ httpCaseLookupUrl: '/tickets?email={{requester.email}}' }).message).toBe('Lookup URL: unknown placeholder {{requester.email}}; this call knows {{key}}');
		expect(refusal({ httpCaseGetUrl: '/tickets/{{key}}' }).field).toBe('httpCaseGetUrl');
	});

	it('refuse a broken body, a bad header name, an empty ID path and a full URL', () => {
		expect(refusal({ httpCaseCreateBody: '{"subject": {{subject}} "x": 1}' }).message).toMatch(/^Create Body is not valid JSON/);
		expect(refusal({ httpCaseIdempotencyHeader: 'Idempotency Key' }).field).toBe('httpCaseIdempotencyHeader');
		expect(refusal({ httpCaseIdPath: ' ' }).field).toBe('httpCaseIdPath');
		expect(refusal({ httpCaseNoteUrl: 'https://elsewhere.example/notes' }).field).toBe('httpCaseNoteUrl');
	});

	it('show every field for this provider only, named with its prefix, options sorted', () => {
		for (const property of httpCaseProvider.properties) {
			expect(property.name).toMatch(/^httpCase[A-Z]/);
			expect(property.displayOptions?.show?.provider).toEqual(['http']);
			const names = (property.options ?? []).map((option) => ('displayName' in option ? option.displayName : option.name));
			expect(names).toEqual([...names].sort((a, b) => String(a).localeCompare(String(b))));
		}
	});
});
