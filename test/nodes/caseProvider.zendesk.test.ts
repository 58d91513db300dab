/**
 * The Zendesk case provider's calls, run in n8n's engine with the Closed Loop Zendesk API credential applied as
 * n8n applies it, against nock. Answers are shaped as Zendesk's reference documents them (the Show Ticket example,
 * ticket 35436, "Help, my printer is on fire!"; the Show User example; the documented error bodies).
 */
import type { INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import nock from 'nock';

import { ClosedLoopZendeskApi } from '../../credentials/ClosedLoopZendeskApi.credentials';

import type { CaseClose, CaseDraft, StoredCase } from '../../nodes/core/caseRecord';
import { caseIdempotencyKey, revisionNote } from '../../nodes/core/caseRecord';
import type { ZendeskSettings } from '../../nodes/CreateCase/providers/zendesk';
import { zendeskProvider as zendesk, zendeskBaseUrl, zendeskTag } from '../../nodes/CreateCase/providers/zendesk';
import type { ApiClient } from '../../nodes/shared/apiClient';
import { caseDraft } from './caseDraftFixture';
import { callProvider } from './caseProviderHarness';

const EMAIL = 'cx-bot@acme.com';
const ACCESS = 'zd-test-token-4f9c2a7e1b';
const CREDENTIALS = { subdomain: 'acme', email: EMAIL, apiToken: ACCESS };
const BASIC = Buffer.from(`${EMAIL}/token:${ACCESS}`).toString('base64');
const ZENDESK = 'https://acme.zendesk.com';
const KEY = 'tf-resp-8f3a2c';
const RESUME_URL = 'https://n8n.acme.com/webhook-waiting/812/sla?signature=abc123';

const zendeskApi = () => nock(ZENDESK, { reqheaders: { authorization: `Basic ${BASIC}` } });

/** Zendesk's documented Show Ticket example, with our case on it. */
function documentedTicket(overrides: Record<string, unknown> = {}) {
	return {
		url: `${ZENDESK}/api/v2/tickets/35436.json`,
		id: 35436,
		external_id: KEY,
		type: 'incident',
		subject: 'Help, my printer is on fire!',
		raw_subject: '{{dc.printer_on_fire}}',
		description: 'The fire is very colorful.',
		priority: 'high',
		status: 'open',
		recipient: 'support@company.com',
		requester_id: 20978392,
		submitter_id: 76872,
		assignee_id: 235323,
		organization_id: 509974,
		group_id: 98738,
		collaborator_ids: [35334, 234],
		follower_ids: [35334, 234],
		problem_id: 9873764,
		has_incidents: false,
		due_at: null,
		tags: ['enterprise', 'other_tag', 'closed_loop_revision_1'],
		custom_fields: [
			{ id: 27642, value: '745' },
			{ id: 27648, value: 'yes' },
		],
		satisfaction_rating: { id: 1234, score: 'good', comment: 'Great support!' },
		sharing_agreement_ids: [84432],
		created_at: '2009-07-20T22:55:29Z',
		updated_at: '2011-05-05T10:38:52Z',
		via: { channel: 'web' },
		...overrides,
	};
}

/** Zendesk's documented Show User example ("Johnny Agent"). */
const johnnyAgent = { id: 35436, url: `${ZENDESK}/api/v2/users/35436.json`, name: 'Johnny Agent', email: 'johnny@example.com', role: 'agent', active: true, suspended: false, created_at: '2009-07-20T22:55:29Z' };

const draft = (overrides: Partial<CaseDraft> = {}) => caseDraft({ key: KEY, resumeUrl: RESUME_URL, ...overrides });

const storedOpen = (overrides: Partial<StoredCase> = {}): StoredCase => ({
	id: '35436',
	url: `${ZENDESK}/agent/tickets/35436`,
	key: KEY,
	status: 'open',
	closed: false,
	providerPriority: 'urgent',
	dueAt: null,
	createdAt: '2009-07-20T22:55:29Z',
	revision: 1,
	resumeUrl: null,
	integrity: [],
	...overrides,
});

function closeRecord(overrides: Partial<CaseClose> = {}): CaseClose {
	return {
		closure: { twoWayContact: false, resolved: true, rootCause: 'delivery', actionTaken: 'Refund sent', notes: 'Waiting for the customer to confirm' },
		rootCauseLabel: 'Late, lost or damaged delivery',
		integrity: ['resolved-without-two-way-contact', 'closed-while-pending'],
		integrityReasons: ['Closed as resolved, but no two-way conversation with the customer is on record', 'Closed while the notes say it is not finished ("waiting for the customer")'],
		closedAt: '2026-12-02T10:00:00.000Z',
		note: 'Case closed\nTwo-way contact: no\nResolved: —',
		language: 'en',
		...overrides,
	};
}

const run = <T>(call: (api: ApiClient, settings: ZendeskSettings) => Promise<T>, parameters: Record<string, unknown> = {}) =>
	callProvider(zendesk, { credentials: CREDENTIALS, parameters, call: async (api, settings) => await call(api, settings as ZendeskSettings) });

afterEach(() => nock.cleanAll());

describe('settings and the credential’s address', () => {
	const read = (parameters: Record<string, unknown>) => zendesk.settings(<V>(name: string, fallback: V) => (name in parameters ? (parameters[name] as V) : fallback));

	it('defaults: the due date on a task, nothing else configured', () => {
		expect(read({})).toEqual({ groupId: null, dueDate: 'task', dueDateFieldId: null, resumeUrlFieldId: null, rootCauseFieldId: null, rootCauseValue: 'label' });
	});

	it('reads ids typed as text or numbers, and names a field that is not an id', () => {
		expect(read({ zendeskGroupId: ' 98738 ', zendeskResumeLinkFieldId: 27642 })).toMatchObject({ groupId: 98738, resumeUrlFieldId: 27642 });
		expect(() => read({ zendeskGroupId: 'Support Tier 1' })).toThrow(/Group ID must be the number Zendesk shows for it .*"Support Tier 1"/);
		expect(() => read({ zendeskDueDate: 'customField' })).toThrow(/give the Due Date Field ID/);
	});

	it.each([
		['acme', 'https://acme.zendesk.com'],
		[' acme.zendesk.com ', 'https://acme.zendesk.com'],
		['https://support.acme.com/', 'https://support.acme.com'],
		['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
	])('Subdomain %j is %s', (given, expected) => {
		expect(zendeskBaseUrl(given)).toBe(expected);
	});

	it('the credential’s test request goes to the same address as the provider', () => {
		const nodeTypes = { getByName: () => ({}), getByNameAndVersion: () => ({ description: { properties: [] } }), getKnownTypes: () => ({}) } as unknown as INodeTypes;
		const workflow = new Workflow({ nodes: [{ id: '1', name: 'N', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }], connections: {}, active: false, nodeTypes });
		const { baseURL } = new ClosedLoopZendeskApi().test.request;
		for (const subdomain of ['acme', ' acme.zendesk.com ', 'https://support.acme.com', 'http://127.0.0.1:4010']) {
			const resolved = workflow.expression.getParameterValue(String(baseURL), null, 0, 0, 'N', [], 'internal', { $credentials: { subdomain } });
			expect(resolved).toBe(zendeskBaseUrl(subdomain));
		}
	});

	it('refuses an empty Subdomain or one that is not a host name, saying what to give', () => {
		expect(() => zendeskBaseUrl('')).toThrow(/Subdomain is empty/);
		expect(() => zendeskBaseUrl('acme support')).toThrow(/"acme support" is not a Zendesk subdomain/);
	});

	it('tags: words joined with underscores, lower case, accents kept', () => {
		expect(['late delivery', 'Délai de livraison', 'closed-loop', 'a, b!'].map(zendeskTag)).toEqual(['late_delivery', 'délai_de_livraison', 'closed-loop', 'a_b']);
	});
});

describe('find', () => {
	it('lists tickets by external_id and keeps the oldest one with exactly this key', async () => {
		const newer = documentedTicket({ id: 35437, created_at: '2009-07-21T08:00:00Z' });
		const older = documentedTicket({
			tags: ['closed_loop_revision_1', 'closed_loop_revision_3', 'closed_loop_integrity_closed_while_pending'],
			description: `The fire is very colorful.\n\nSLA resume link: ${RESUME_URL}\n\nDue (SLA): 2026-12-02T16:00:00.000Z`,
		});
		const api = zendeskApi()
			.get('/api/v2/tickets')
			.query({ external_id: KEY })
			.reply(200, { tickets: [newer, documentedTicket({ id: 35001, external_id: `${KEY}-other` }), older], next_page: null, previous_page: null, count: 3 });

		const { value, error } = await run((client, settings) => zendesk.find(client, KEY, settings));

		expect(error).toBeUndefined();
		expect(value).toEqual({
			id: '35436',
			url: `${ZENDESK}/agent/tickets/35436`,
			key: KEY,
			status: 'open',
			closed: false,
			providerPriority: 'high',
			dueAt: '2026-12-02T16:00:00.000Z',
			createdAt: '2009-07-20T22:55:29Z',
			revision: 3,
			resumeUrl: RESUME_URL,
			integrity: ['closed-while-pending'],
		});
		expect(api.isDone()).toBe(true);
	});

	it('is null when no ticket has the key', async () => {
		zendeskApi().get('/api/v2/tickets').query({ external_id: KEY }).reply(200, { tickets: [], next_page: null, previous_page: null, count: 0 });
		const { value, error } = await run((client, settings) => zendesk.find(client, KEY, settings));
		expect(error).toBeUndefined();
		expect(value).toBeNull();
	});

	it('reads the resume link, due date and revision from the configured custom fields and tags', async () => {
		zendeskApi()
			.get('/api/v2/tickets')
			.query({ external_id: KEY })
			.reply(200, {
				tickets: [documentedTicket({ status: 'solved', custom_fields: [{ id: 27642, value: RESUME_URL }, { id: 27648, value: '2026-12-02' }] })],
				next_page: null,
				previous_page: null,
				count: 1,
			});
		const { value } = await run((client, settings) => zendesk.find(client, KEY, settings), {
			zendeskResumeLinkFieldId: '27642',
			zendeskDueDate: 'customField',
			zendeskDueDateFieldId: '27648',
		});
		expect(value).toMatchObject({ status: 'solved', closed: true, resumeUrl: RESUME_URL, dueAt: '2026-12-02', revision: 1 });
	});

	it('a 429 with Retry-After is waited for and retried, then succeeds', async () => {
		const api = zendeskApi()
			.get('/api/v2/tickets')
			.query({ external_id: KEY })
			.reply(429, 'Rate limit exceeded', { 'Retry-After': '1' })
			.get('/api/v2/tickets')
			.query({ external_id: KEY })
			.reply(200, { tickets: [documentedTicket()], next_page: null, previous_page: null, count: 1 });
		const started = Date.now();
		const { value, error } = await run((client, settings) => zendesk.find(client, KEY, settings));
		expect(error).toBeUndefined();
		expect(value?.id).toBe('35436');
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(api.isDone()).toBe(true);
	});

	it('a 503 on this safe call is retried', async () => {
		const api = zendeskApi()
			.get('/api/v2/tickets')
			.query({ external_id: KEY })
			.reply(503, { error: 'ServiceUnavailable', description: 'Database timeout' })
			.get('/api/v2/tickets')
			.query({ external_id: KEY })
			.reply(200, { tickets: [], next_page: null, previous_page: null, count: 0 });
		const { value, error } = await run((client, settings) => zendesk.find(client, KEY, settings));
		expect(error).toBeUndefined();
		expect(value).toBeNull();
		expect(api.isDone()).toBe(true);
	});

	it('401 with Zendesk’s body: the error names the call and Zendesk’s words, and no secret is anywhere', async () => {
		// n8n sends a call once more after a 401 (its credential refresh), so Zendesk answers twice.
		const api = zendeskApi().get('/api/v2/tickets').query({ external_id: KEY }).times(2).reply(401, { error: "Couldn't authenticate you" });
		const { error, logs } = await run((client, settings) => zendesk.find(client, KEY, settings));
		expect(error?.message).toBe('Zendesk API: GET /api/v2/tickets failed with HTTP 401');
		expect(error?.description).toBe("Couldn't authenticate you");
		expect(error?.retryable).toBe(false);
		expect(api.isDone()).toBe(true);
		for (const secret of [ACCESS, BASIC]) {
			expect(JSON.stringify(error)).not.toContain(secret);
			expect(logs).not.toContain(secret);
		}
	});
});

describe('get', () => {
	it('shows the ticket', async () => {
		zendeskApi().get('/api/v2/tickets/35436').reply(200, { ticket: documentedTicket() });
		const { value } = await run((client, settings) => zendesk.get(client, '35436', settings));
		expect(value).toMatchObject({ id: '35436', status: 'open', providerPriority: 'high', revision: 1, resumeUrl: null });
	});

	it('is null on Zendesk’s 404', async () => {
		zendeskApi().get('/api/v2/tickets/99').reply(404, { error: 'RecordNotFound', description: 'Not found' });
		const { value, error } = await run((client, settings) => zendesk.get(client, '99', settings));
		expect(error).toBeUndefined();
		expect(value).toBeNull();
	});

	it('refuses an id that is not a Zendesk ticket id, without a call', async () => {
		const { error } = await run((client, settings) => zendesk.get(client, 'INC0010023', settings));
		expect(error?.message).toMatch(/"INC0010023" is not a Zendesk ticket id/);
	});
});

describe('create', () => {
	const expectedTicket = {
		subject: 'Detractor (2) — delivery — J. Smith',
		external_id: KEY,
		type: 'task',
		due_at: '2026-12-02T16:00:00.000Z',
		comment: { body: `Detractor (2) — checkout\nPriority: P1\n\nComment: “Parcel arrived broken”\n\nSLA resume link: ${RESUME_URL}`, public: false },
		priority: 'urgent',
		requester: { email: 'jane@example.com', name: 'Jane Smith' },
		assignee_id: 35436,
		tags: ['closed-loop', 'detractor', 'late_delivery', 'closed_loop_revision_1'],
	};

	it('looks the owner up by email, then opens a private-first ticket with the idempotency key', async () => {
		const api = zendeskApi()
			.get('/api/v2/users/search')
			.query({ query: 'email:johnny@example.com' })
			.reply(200, { users: [{ ...johnnyAgent, id: 1, email: 'johnny@example.org' }, johnnyAgent], next_page: null, previous_page: null, count: 2 })
			.post('/api/v2/tickets', { ticket: expectedTicket })
			.matchHeader('idempotency-key', caseIdempotencyKey(KEY))
			.reply(201, { ticket: documentedTicket({ ...expectedTicket, id: 35436, status: 'open', description: expectedTicket.comment.body }) }, { 'x-idempotency-lookup': 'miss', Location: `${ZENDESK}/api/v2/tickets/35436.json` });

		const { value, error } = await run((client, settings) => zendesk.create(client, draft(), settings));

		expect(error).toBeUndefined();
		expect(value).toEqual({
			id: '35436',
			url: `${ZENDESK}/agent/tickets/35436`,
			key: KEY,
			status: 'open',
			closed: false,
			providerPriority: 'urgent',
			dueAt: '2026-12-02T16:00:00.000Z',
			createdAt: '2009-07-20T22:55:29Z',
			revision: 1,
			resumeUrl: RESUME_URL,
			integrity: [],
		});
		expect(api.isDone()).toBe(true);
	});

	it('assigns the routing’s Zendesk user id without a lookup; group, link and due date go to the configured fields', async () => {
		const body = {
			ticket: {
				subject: expectedTicket.subject,
				external_id: KEY,
				comment: { body: 'Détracteur (2)', public: false },
				priority: 'urgent',
				requester: { email: 'jane@example.com' },
				assignee_id: 1234567890123,
				group_id: 98738,
				tags: ['closed-loop', 'closed_loop_revision_2'],
				custom_fields: [
					{ id: 27642, value: RESUME_URL },
					{ id: 27648, value: '2026-12-02' },
				],
			},
		};
		const api = zendeskApi().post('/api/v2/tickets', body).reply(201, { ticket: documentedTicket({ ...body.ticket, tags: body.ticket.tags }) });
		const { value, error } = await run(
			(client, settings) =>
				zendesk.create(
					client,
					draft({
						description: 'Détracteur (2)',
						language: 'fr',
						revision: 2,
						tags: ['closed-loop'],
						requester: { name: null, email: 'jane@example.com', phone: null },
						assignee: { name: 'Johnny', email: 'johnny@example.com', phone: null, helpdeskUserId: '1234567890123' },
					}),
					settings,
				),
			{ zendeskGroupId: '98738', zendeskResumeLinkFieldId: '27642', zendeskDueDate: 'customField', zendeskDueDateFieldId: '27648' },
		);
		expect(error).toBeUndefined();
		expect(value).toMatchObject({ resumeUrl: RESUME_URL, revision: 2 });
		expect(api.isDone()).toBe(true);
	});

	it('with the due date as a note, the deadline is a line of the private first comment', async () => {
		const api = zendeskApi()
			.post('/api/v2/tickets', (body: { ticket: Record<string, unknown> }) => {
				expect(body.ticket.type).toBeUndefined();
				expect(body.ticket.due_at).toBeUndefined();
				expect(body.ticket.comment).toEqual({ body: 'Détracteur (2)\n\nÉchéance (SLA): 2026-12-02T16:00:00.000Z', public: false });
				return true;
			})
			.reply(201, { ticket: documentedTicket({ description: 'Détracteur (2)\n\nÉchéance (SLA): 2026-12-02T16:00:00.000Z' }) });
		const { value, error } = await run(
			(client, settings) => zendesk.create(client, draft({ description: 'Détracteur (2)', language: 'fr', resumeUrl: null, assignee: null }), settings),
			{ zendeskDueDate: 'note' },
		);
		expect(error).toBeUndefined();
		expect(value?.dueAt).toBe('2026-12-02T16:00:00.000Z');
		expect(api.isDone()).toBe(true);
	});

	it('an owner who is no Zendesk agent: the ticket is opened unassigned, with a warning', async () => {
		const api = zendeskApi()
			.get('/api/v2/users/search')
			.query({ query: 'email:johnny@example.com' })
			.reply(200, { users: [{ ...johnnyAgent, role: 'end-user' }], next_page: null, previous_page: null, count: 1 })
			.post('/api/v2/tickets', (body: { ticket: Record<string, unknown> }) => !('assignee_id' in body.ticket))
			.reply(201, { ticket: documentedTicket({ assignee_id: null, status: 'new' }) });
		const { value, error } = await run((client, settings) => zendesk.create(client, draft(), settings));
		expect(error).toBeUndefined();
		expect(value?.warnings).toEqual(["No active Zendesk agent has the owner's email (Johnny@Example.com), so the ticket is unassigned"]);
		expect(api.isDone()).toBe(true);
	});

	it('a 503 on create is retried with the same Idempotency-Key (Zendesk replays, so one ticket)', async () => {
		const keys: string[] = [];
		const api = zendeskApi()
			.post('/api/v2/tickets')
			.times(2)
			.reply(function reply() {
				keys.push(String(this.req.headers['idempotency-key']));
				return keys.length === 1
					? [503, { error: 'ServiceUnavailable', description: 'Database timeout' }, { 'Retry-After': '0' }]
					: [201, { ticket: documentedTicket() }, { 'x-idempotency-lookup': 'miss' }];
			});
		const { value, error } = await run((client, settings) => zendesk.create(client, draft({ assignee: null }), settings));
		expect(error).toBeUndefined();
		expect(value?.id).toBe('35436');
		expect(keys).toEqual([caseIdempotencyKey(KEY), caseIdempotencyKey(KEY)]);
		expect(api.isDone()).toBe(true);
	});

	it('a replay (x-idempotency-lookup: hit) is the same ticket: a second create run finds the case', async () => {
		zendeskApi()
			.post('/api/v2/tickets')
			.times(2)
			.reply(201, { ticket: documentedTicket() }, { 'x-idempotency-lookup': 'hit' });
		const { value } = await run(async (client, settings) => [await zendesk.create(client, draft({ assignee: null }), settings), await zendesk.create(client, draft({ assignee: null }), settings)]);
		expect(value?.map((stored) => stored.id)).toEqual(['35436', '35436']);
	});

	it('the key reused with another body (a concurrent run, another revision): Zendesk refuses it, and the case is found', async () => {
		const api = zendeskApi()
			.post('/api/v2/tickets')
			.reply(400, { error: 'IdempotentRequestError', description: "Request parameters don't match the given idempotency key" })
			.get('/api/v2/tickets')
			.query({ external_id: KEY })
			.reply(200, { tickets: [documentedTicket()], next_page: null, previous_page: null, count: 1 });
		const { value, error } = await run((client, settings) => zendesk.create(client, draft({ assignee: null, revision: 2 }), settings));
		expect(error).toBeUndefined();
		expect(value).toMatchObject({ id: '35436', key: KEY, revision: 1 });
		expect(api.isDone()).toBe(true);
	});

	it('422 RecordInvalid: the error names the call and carries Zendesk’s words, and is not retried', async () => {
		const api = zendeskApi()
			.post('/api/v2/tickets')
			.reply(422, { error: 'RecordInvalid', description: 'Record validation errors', details: { requester: [{ description: 'Requester: Email is invalid', error: 'InvalidValue' }] } });
		const { error, logs } = await run((client, settings) => zendesk.create(client, draft({ assignee: null }), settings));
		expect(error?.message).toBe('Zendesk API: POST /api/v2/tickets failed with HTTP 422');
		expect(error?.description).toBe('RecordInvalid: Record validation errors (Requester: Email is invalid)');
		expect(error?.retryable).toBe(false);
		expect(api.isDone()).toBe(true);
		expect(`${JSON.stringify(error)}${logs}`).not.toContain(ACCESS);
	});

	it('refuses a priority mapping Zendesk does not have, before any call', async () => {
		const { error } = await run((client, settings) => zendesk.create(client, draft({ providerPriority: 'P1' }), settings));
		expect(error?.message).toMatch(/Zendesk priorities are low, normal, high and urgent; "P1" is not one/);
	});
});

describe('revise, close and add note', () => {
	it('revise: the new description as a private comment, then the revision tag added', async () => {
		const revised = draft({ revision: 2 });
		const api = zendeskApi()
			.put('/api/v2/tickets/35436', (body: { ticket: { comment: { body: string; public: boolean } } }) => {
				expect(body).toEqual({ ticket: { comment: { body: expect.stringContaining('Response revised (revision 2, after 1). New description:'), public: false } } });
				expect(body.ticket.comment.body).toContain(revisionNote(revised, 1).text.split('\n\n')[1]);
				return true;
			})
			.reply(200, { ticket: documentedTicket(), audit: { id: 2127301143, ticket_id: 35436, events: [] } })
			.put('/api/v2/tickets/35436/tags', { tags: ['closed_loop_revision_2'] })
			.reply(200, { tags: ['enterprise', 'other_tag', 'closed_loop_revision_1', 'closed_loop_revision_2'] });
		const { value, error } = await run((client, settings) => zendesk.revise(client, storedOpen(), revised, settings));
		expect(error).toBeUndefined();
		expect(value?.revision).toBe(2);
		expect(api.isDone()).toBe(true);
	});

	it('revise on a closed ticket: nothing is sent, and the case says why', async () => {
		const { value, error } = await run((client, settings) => zendesk.revise(client, storedOpen({ status: 'closed', closed: true }), draft({ revision: 2 }), settings));
		expect(error).toBeUndefined();
		expect(value?.warnings).toEqual(['Zendesk ticket 35436 is closed, and Zendesk lets no one change a closed ticket: revision 2 was not recorded on it']);
		expect(value?.revision).toBe(1);
	});

	it('close: integrity tags added, then solved with the close note private and the root cause in its field', async () => {
		const api = zendeskApi()
			.put('/api/v2/tickets/35436/tags', { tags: ['closed_loop_integrity_resolved_without_two_way_contact', 'closed_loop_integrity_closed_while_pending'] })
			.reply(200, { tags: ['closed_loop_revision_1', 'closed_loop_integrity_resolved_without_two_way_contact', 'closed_loop_integrity_closed_while_pending'] })
			.put('/api/v2/tickets/35436', {
				ticket: { status: 'solved', comment: { body: 'Case closed\nTwo-way contact: no\nResolved: —', public: false }, custom_fields: [{ id: 360005, value: 'Late, lost or damaged delivery' }] },
			})
			.reply(200, {
				ticket: documentedTicket({ status: 'solved', tags: ['closed_loop_revision_1', 'closed_loop_integrity_resolved_without_two_way_contact', 'closed_loop_integrity_closed_while_pending'] }),
				audit: { id: 2127301144, ticket_id: 35436, events: [] },
			});
		const { value, error } = await run((client, settings) => zendesk.close(client, storedOpen(), closeRecord(), settings), { zendeskRootCauseFieldId: '360005' });
		expect(error).toBeUndefined();
		expect(value).toMatchObject({ status: 'solved', closed: true, integrity: ['resolved-without-two-way-contact', 'closed-while-pending'] });
		expect(api.isDone()).toBe(true);
	});

	it('close without flags and with the root cause id for a drop-down: no tag call', async () => {
		const api = zendeskApi()
			.put('/api/v2/tickets/35436', { ticket: { status: 'solved', comment: { body: 'Case closed', public: false }, custom_fields: [{ id: 360005, value: 'delivery' }] } })
			.reply(200, { ticket: documentedTicket({ status: 'solved' }), audit: { id: 1, ticket_id: 35436, events: [] } });
		const { value, error } = await run((client, settings) => zendesk.close(client, storedOpen(), closeRecord({ integrity: [], integrityReasons: [], note: 'Case closed' }), settings), {
			zendeskRootCauseFieldId: '360005',
			zendeskRootCauseValue: 'id',
		});
		expect(error).toBeUndefined();
		expect(value).toMatchObject({ closed: true, integrity: [] });
		expect(api.isDone()).toBe(true);
	});

	it('close on a closed ticket is refused with the reason, before any call', async () => {
		const { error } = await run((client, settings) => zendesk.close(client, storedOpen({ status: 'closed', closed: true }), closeRecord(), settings));
		expect(error?.message).toMatch(/Zendesk ticket 35436 is closed, and Zendesk lets no one change a closed ticket, so the close record could not be written/);
	});

	it('add note: a private comment', async () => {
		const api = zendeskApi()
			.put('/api/v2/tickets/35436', { ticket: { comment: { body: 'Called the customer: no answer, voicemail left', public: false } } })
			.reply(200, { ticket: documentedTicket(), audit: { id: 1, ticket_id: 35436, events: [] } });
		const { value, error } = await run((client, settings) => zendesk.addNote(client, storedOpen(), { text: 'Called the customer: no answer, voicemail left', at: '2026-12-02T09:00:00Z' }, settings));
		expect(error).toBeUndefined();
		expect(value?.id).toBe('35436');
		expect(api.isDone()).toBe(true);
	});

	it('a ticket answer that is not a ticket is named as Zendesk’s, not taken', async () => {
		zendeskApi().put('/api/v2/tickets/35436').reply(200, { job_status: { id: 'abc', status: 'queued' } });
		const { error } = await run((client, settings) => zendesk.addNote(client, storedOpen(), { text: 'x', at: '2026-12-02T09:00:00Z' }, settings));
		expect(error?.message).toMatch(/The Zendesk API answered PUT \/api\/v2\/tickets\/35436 not as documented: answer.ticket/);
	});
});
