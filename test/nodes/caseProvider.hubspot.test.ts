/**
 * The HubSpot case provider against HubSpot's CRM v3 API as its reference documents it (tickets, notes, owners,
 * contacts, account information), run inside n8n's engine with the credential applied as n8n applies it.
 * Answers are HubSpot's documented example bodies, with our ids.
 */
import nock from 'nock';

import type { CaseDraft, StoredCase } from '../../nodes/core/caseRecord';
import { caseIdempotencyKey, closeRecord } from '../../nodes/core/caseRecord';
import { closeIntegrity, readCaseClosure } from '../../nodes/core/caseClosure';
import type { HubspotSettings } from '../../nodes/CreateCase/providers/hubspot';
import { hubspotProvider } from '../../nodes/CreateCase/providers/hubspot';
import type { ApiClient } from '../../nodes/shared/apiClient';
import type { ProviderCall } from './caseProviderHarness';
import { callProvider } from './caseProviderHarness';

const API = 'https://api.hubapi.com';
const ACCESS = 'pat-na1-11111111-2222-3333-4444-555555555555';
const credentials = { accessToken: ACCESS, baseUrl: API };
const KEY = 'typeform-a1b2c3';

afterEach(() => nock.cleanAll());

type Call<T> = (api: ApiClient, settings: HubspotSettings) => Promise<T>;

async function run<T>(call: Call<T>, parameters: Record<string, unknown> = {}, client?: ProviderCall<T>['client']) {
	const result = await callProvider(hubspotProvider, {
		credentials,
		parameters,
		client,
		call: async (api, settings) => await call(api, settings as HubspotSettings),
	});
	expect(result.logs).not.toContain(ACCESS);
	return result;
}

const hubspot = () => nock(API, { reqheaders: { authorization: `Bearer ${ACCESS}` } });

/** GET /account-info/v3/details, as the account information API documents it. */
const accountDetails = {
	portalId: 123456,
	accountType: 'STANDARD',
	timeZone: 'US/Eastern',
	companyCurrency: 'USD',
	additionalCurrencies: [],
	utcOffset: '-05:00',
	utcOffsetMilliseconds: -18000000,
	uiDomain: 'app.hubspot.com',
	dataHostingLocation: 'na1',
};

/** A ticket as GET/POST /crm/v3/objects/tickets answer it (HubSpot's example, with our properties). */
function ticketBody(id: string, properties: Record<string, string | null> = {}) {
	return {
		id,
		properties: {
			createdate: '2026-11-30T09:12:41.883Z',
			hs_lastmodifieddate: '2026-11-30T09:12:42.678Z',
			hs_object_id: id,
			hs_pipeline: '0',
			hs_pipeline_stage: '1',
			hs_ticket_priority: 'HIGH',
			subject: 'Detractor (2) — delivery — Jane D.',
			closed_loop_case_key: KEY,
			closed_loop_revision: '1',
			closed_loop_resume_url: 'https://n8n.example.com/webhook-waiting/901/sla',
			closed_loop_integrity: null,
			...properties,
		},
		createdAt: '2026-11-30T09:12:41.883Z',
		updatedAt: '2026-11-30T09:12:42.678Z',
		archived: false,
	};
}

/** Keeps the body a mocked call received, for the assertions; `match` is nock's body matcher. */
function recorder<T>() {
	const seen: { body?: T; match: (body: T) => boolean } = {
		match: (body) => {
			seen.body = body;
			return true;
		},
	};
	return seen;
}

/** POST /crm/v3/objects/notes answers the note it created. */
const noteAnswer = (id: string, at: string) => ({ id, properties: { hs_timestamp: at }, createdAt: at, updatedAt: at, archived: false });

function draft(overrides: Partial<CaseDraft> = {}): CaseDraft {
	return {
		key: KEY,
		idempotencyKey: caseIdempotencyKey(KEY),
		subject: 'Detractor (2) — delivery — Jane D.',
		description: 'Detractor (2) — checkout\nComment: “Parcel came two weeks late”',
		descriptionHtml: '<p>Detractor (2)</p>',
		language: 'en',
		priority: 'P1',
		providerPriority: 'HIGH',
		requester: { name: 'Jane Doe', email: 'jane@example.com', phone: null },
		assignee: { name: 'Sam Owner', email: 'sam@example.com', phone: null, helpdeskUserId: null },
		dueAt: null,
		resumeUrl: 'https://n8n.example.com/webhook-waiting/901/sla',
		revision: 1,
		feedbackId: 'a1b2c3',
		tags: ['closed-loop', 'detractor', 'delivery'],
		facts: {
			source: 'typeform',
			category: 'detractor',
			score: 2,
			metric: 'nps',
			comment: 'Parcel came two weeks late',
			topics: ['delivery'],
			touchpoint: 'checkout',
			customerId: 'c-42',
			submittedAt: '2026-11-30T09:00:00.000Z',
		},
		...overrides,
	};
}

const stored = (overrides: Partial<StoredCase> = {}): StoredCase => ({
	id: '512',
	url: 'https://app.hubspot.com/contacts/123456/record/0-5/512',
	key: KEY,
	status: '1',
	closed: false,
	providerPriority: 'HIGH',
	dueAt: null,
	createdAt: '2026-11-30T09:12:41.883Z',
	revision: 1,
	resumeUrl: null,
	integrity: [],
	...overrides,
});

const readsOurProperties = (query: Record<string, unknown>) =>
	['subject', 'hs_pipeline_stage', 'hs_ticket_priority', 'closed_loop_case_key', 'closed_loop_revision', 'closed_loop_resume_url', 'closed_loop_integrity'].every(
		(name) => String(query.properties).split(',').includes(name),
	);

const noteAssociation = (ticketId: string) => [
	{ to: { id: ticketId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 228 }] },
];

describe('HubSpot settings', () => {
	it('defaults to the default pipeline and our unique properties', async () => {
		const { value } = await run(async (_api, settings) => settings);
		expect(value).toEqual({
			pipelineId: '0',
			openStageId: '1',
			closedStageIds: ['4'],
			caseKeyProperty: 'closed_loop_case_key',
			revisionProperty: 'closed_loop_revision',
			resumeUrlProperty: 'closed_loop_resume_url',
			integrityProperty: 'closed_loop_integrity',
			rootCauseProperty: null,
			dueDateProperty: null,
			associateRequester: true,
			portalId: null,
		});
	});

	it('refuses a property label where the internal name belongs, naming the field', async () => {
		const { error } = await run(async (_api, settings) => settings, { hubspotCaseKeyProperty: 'Closed Loop Case Key' });
		expect(error?.message).toBe(
			'Case Key Property "Closed Loop Case Key" is not a HubSpot internal name: use the one shown under the property\'s details (lower-case letters, digits and underscores, e.g. closed_loop_case_key), not its label',
		);
	});

	it('refuses an empty case key property and a portal id that is not a number', async () => {
		expect((await run(async (_api, s) => s, { hubspotCaseKeyProperty: ' ' })).error?.message).toMatch(/^Case Key Property is empty/);
		expect((await run(async (_api, s) => s, { hubspotPortalId: 'acme' })).error?.message).toMatch(/^HubSpot Portal ID "acme" is not a number/);
	});

	it('reads several closed stages, the first being where Close moves the ticket', async () => {
		const { value } = await run(async (_api, settings) => settings.closedStageIds, { hubspotClosedStageId: '4, 88122' });
		expect(value).toEqual(['4', '88122']);
	});
});

describe('find and get', () => {
	it('find reads the ticket by its unique case key property, not through the lagging search index', async () => {
		const scope = hubspot()
			.get(`/crm/v3/objects/tickets/${KEY}`)
			.query((query) => query.idProperty === 'closed_loop_case_key' && readsOurProperties(query))
			.reply(200, ticketBody('512', { closed_loop_revision: '2', closed_loop_integrity: 'closed-while-pending' }))
			.get('/account-info/v3/details')
			.reply(200, accountDetails);

		const { value, error } = await run(async (api, settings) => await hubspotProvider.find(api, KEY, settings));

		expect(error).toBeUndefined();
		expect(value).toEqual(stored({ revision: 2, resumeUrl: 'https://n8n.example.com/webhook-waiting/901/sla', integrity: ['closed-while-pending'] }));
		expect(scope.isDone()).toBe(true);
	});

	it('find puts a key with reserved characters in the path percent-encoded', async () => {
		const key = 'surveymonkey:123/456 r2';
		const scope = hubspot()
			.get('/crm/v3/objects/tickets/surveymonkey%3A123%2F456%20r2')
			.query(true)
			.reply(404, { status: 'error', message: 'resource not found', correlationId: 'f1b0b0c6-5c1c-4a56-9a4d-2e6f7b1e0f11' });

		const { value, error } = await run(async (api, settings) => await hubspotProvider.find(api, key, settings));

		expect(error).toBeUndefined();
		expect(value).toBeNull();
		expect(scope.isDone()).toBe(true);
	});

	it('get reads a ticket by id; a ticket in a closed stage reads as closed, and the portal id setting saves a call', async () => {
		const scope = hubspot()
			.get('/crm/v3/objects/tickets/512')
			.query((query) => query.idProperty === undefined && readsOurProperties(query))
			.reply(200, ticketBody('512', { hs_pipeline_stage: '88122', closed_date: '1764580000000', closed_loop_integrity: 'resolved-without-two-way-contact;closed-while-pending' }));

		const { value } = await run(async (api, settings) => await hubspotProvider.get(api, '512', settings), {
			hubspotPortalId: '7654321',
			hubspotClosedStageId: '4,88122',
		});

		expect(value).toMatchObject({
			url: 'https://app.hubspot.com/contacts/7654321/record/0-5/512',
			status: '88122',
			closed: true,
			integrity: ['resolved-without-two-way-contact', 'closed-while-pending'],
		});
		expect(scope.isDone()).toBe(true);
	});

	it('get answers null for a ticket HubSpot does not have', async () => {
		hubspot().get('/crm/v3/objects/tickets/999').query(true).reply(404, { status: 'error', message: 'resource not found', correlationId: 'aa' });
		const { value, error } = await run(async (api, settings) => await hubspotProvider.get(api, '999', settings));
		expect(error).toBeUndefined();
		expect(value).toBeNull();
	});

	it('an answer that is not a ticket is an error naming the call', async () => {
		hubspot().get('/crm/v3/objects/tickets/512').query(true).reply(200, { results: [] });
		const { error } = await run(async (api, settings) => await hubspotProvider.get(api, '512', settings));
		expect(error?.message).toMatch(/^The HubSpot API answered GET \/crm\/v3\/objects\/tickets\/\{ticketId\} not as documented: /);
	});
});

describe('create', () => {
	it('opens the ticket in the pipeline with the case key, priority, owner found by email and the customer’s contact', async () => {
		const created = recorder<unknown>();
		const scope = hubspot()
			.get('/crm/v3/owners')
			.query({ email: 'sam@example.com', limit: '1', archived: 'false' })
			.reply(200, {
				results: [
					{
						id: '41629779',
						email: 'sam@example.com',
						type: 'PERSON',
						firstName: 'Sam',
						lastName: 'Owner',
						userId: 9586504,
						userIdIncludingInactive: 9586504,
						createdAt: '2019-12-25T13:01:35.228Z',
						updatedAt: '2023-08-22T13:40:26.790Z',
						archived: false,
					},
				],
			})
			.get('/crm/v3/objects/contacts/jane%40example.com')
			.query({ idProperty: 'email' })
			.reply(200, { id: '901', properties: { email: 'jane@example.com', hs_object_id: '901' }, createdAt: '2026-01-02T10:00:00Z', updatedAt: '2026-01-02T10:00:00Z', archived: false })
			.post('/crm/v3/objects/tickets', created.match)
			.reply(201, ticketBody('512', { closed_loop_due_date: '2026-12-01T17:00:00Z', hubspot_owner_id: '41629779' }))
			.get('/account-info/v3/details')
			.reply(200, accountDetails);

		const { value, error } = await run(async (api, settings) => await hubspotProvider.create(api, draft({ dueAt: '2026-12-01T17:00:00.000Z' }), settings), {
			hubspotDueDateProperty: 'closed_loop_due_date',
		});

		expect(error).toBeUndefined();
		expect(created.body).toEqual({
			properties: {
				subject: 'Detractor (2) — delivery — Jane D.',
				content: 'Detractor (2) — checkout\nComment: “Parcel came two weeks late”',
				hs_pipeline: '0',
				hs_pipeline_stage: '1',
				hs_ticket_priority: 'HIGH',
				hubspot_owner_id: '41629779',
				closed_loop_case_key: KEY,
				closed_loop_revision: '1',
				closed_loop_resume_url: 'https://n8n.example.com/webhook-waiting/901/sla',
				closed_loop_due_date: '2026-12-01T17:00:00.000Z',
			},
			associations: [{ to: { id: '901' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 16 }] }],
		});
		expect(value).toEqual(stored({ dueAt: '2026-12-01T17:00:00Z', resumeUrl: 'https://n8n.example.com/webhook-waiting/901/sla' }));
		expect(scope.isDone()).toBe(true);
	});

	it('takes the routing table’s owner id as it is, and warns when no contact has the customer’s email', async () => {
		const created = recorder<{ properties: Record<string, string>; associations: unknown[] }>();
		const scope = hubspot()
			.get('/crm/v3/objects/contacts/jane%40example.com')
			.query(true)
			.reply(404, { status: 'error', message: 'resource not found', correlationId: 'c1' })
			.post('/crm/v3/objects/tickets', created.match)
			.reply(201, ticketBody('513'));

		const assignee = { name: 'Sam Owner', email: 'sam@example.com', phone: null, helpdeskUserId: '41629779' };
		const { value } = await run(async (api, settings) => await hubspotProvider.create(api, draft({ assignee }), settings), { hubspotPortalId: '123456' });

		expect(created.body?.properties.hubspot_owner_id).toBe('41629779');
		expect(created.body?.associations).toEqual([]);
		expect(value?.warnings).toEqual(['No HubSpot contact has the respondent’s email, so the ticket has no contact associated']);
		expect(scope.isDone()).toBe(true);
	});

	it('opens the ticket unassigned, with a warning, when no owner has the owner’s email', async () => {
		const created = recorder<{ properties: Record<string, string> }>();
		hubspot()
			.get('/crm/v3/owners')
			.query(true)
			.reply(200, { results: [] })
			.post('/crm/v3/objects/tickets', created.match)
			.reply(201, ticketBody('514'));

		const { value } = await run(async (api, settings) => await hubspotProvider.create(api, draft({ requester: { name: null, email: null, phone: null } }), settings), {
			hubspotPortalId: '123456',
		});

		expect(created.body?.properties).not.toHaveProperty('hubspot_owner_id');
		expect(value?.warnings).toEqual(['No HubSpot owner has the owner\'s email (sam@example.com), so the ticket is unassigned']);
	});

	it('refuses an owner id that is not a HubSpot owner id before opening anything', async () => {
		const assignee = { name: 'Sam', email: null, phone: null, helpdeskUserId: 'sam@example.com' };
		const { error } = await run(async (api, settings) => await hubspotProvider.create(api, draft({ assignee }), settings));
		expect(error?.message).toMatch(/^The owner's HubSpot ID "sam@example.com" is not a HubSpot owner ID \(a number\)/);
	});

	it('without due date and resume link properties, states both in a note on the new ticket', async () => {
		const note = recorder<{ properties: Record<string, string>; associations: unknown }>();
		const created = recorder<{ properties: Record<string, string> }>();
		const scope = hubspot()
			.post('/crm/v3/objects/tickets', created.match)
			.reply(201, ticketBody('515', { closed_loop_resume_url: null }))
			.post('/crm/v3/objects/notes', note.match)
			.reply(201, noteAnswer('9001', '2026-11-30T09:12:43Z'));

		const { value } = await run(async (api, settings) => await hubspotProvider.create(api, draft({ assignee: null, dueAt: '2026-12-01T17:00:00.000Z' }), settings), {
			hubspotPortalId: '123456',
			hubspotResumeUrlProperty: '',
			hubspotAssociateRequester: false,
		});

		expect(created.body?.properties).not.toHaveProperty('closed_loop_resume_url');
		expect(note.body?.properties.hs_note_body).toBe('Due: 2026-12-01T17:00:00.000Z<br>SLA resume link: https://n8n.example.com/webhook-waiting/901/sla');
		expect(note.body?.associations).toEqual(noteAssociation('515'));
		expect(value?.resumeUrl).toBeNull();
		expect(scope.isDone()).toBe(true);
	});

	// HubSpot documents the error shape; the wording of a unique-value refusal it does not, so both statuses are read back by the key.
	it.each([
		['409 CONFLICT', 409, { status: 'error', message: 'A ticket with closed_loop_case_key typeform-a1b2c3 already exists', correlationId: 'c0ffee', category: 'CONFLICT' }],
		[
			'400 VALIDATION_ERROR on the property',
			400,
			{
				status: 'error',
				message: 'Property values were not valid: [{"isValid":false,"message":"closed_loop_case_key must be unique","name":"closed_loop_case_key"}]',
				correlationId: 'c7',
				category: 'VALIDATION_ERROR',
			},
		],
	])('a second create of the same key, refused by the unique property (%s), returns the ticket that stands', async (_label, status, refusal) => {
		const scope = hubspot()
			.post('/crm/v3/objects/tickets')
			.reply(status, refusal)
			.get(`/crm/v3/objects/tickets/${KEY}`)
			.query((query) => query.idProperty === 'closed_loop_case_key')
			.reply(200, ticketBody('512'));

		const { value, error } = await run(async (api, settings) => await hubspotProvider.create(api, draft({ assignee: null }), settings), {
			hubspotPortalId: '123456',
			hubspotAssociateRequester: false,
		});

		expect(error).toBeUndefined();
		expect(value?.id).toBe('512');
		expect(value?.warnings).toEqual(['HubSpot already had a ticket with this case key (opened by another run at the same time), so that ticket is returned']);
		expect(scope.isDone()).toBe(true);
	});

	it('a 400 VALIDATION_ERROR that is not about our key stays the error: HubSpot’s message and the call are named', async () => {
		const refusal = {
			status: 'error',
			message:
				'Property values were not valid: [{"isValid":false,"message":"Property \\"closed_loop_revision\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"closed_loop_revision"}]',
			correlationId: '3d8f1d3a-8a4d-4bd3-9a33-3f7d0f2b5a21',
			category: 'VALIDATION_ERROR',
		};
		const scope = hubspot()
			.post('/crm/v3/objects/tickets')
			.reply(400, refusal)
			.get(`/crm/v3/objects/tickets/${KEY}`)
			.query(true)
			.reply(404, { status: 'error', message: 'resource not found', correlationId: 'c2' });

		const { error, logs } = await run(async (api, settings) => await hubspotProvider.create(api, draft({ assignee: null }), settings), {
			hubspotAssociateRequester: false,
		});

		expect(error?.message).toBe('HubSpot API: POST /crm/v3/objects/tickets failed with HTTP 400');
		expect(error?.description).toBe(refusal.message);
		expect(error?.httpCode).toBe('400');
		expect(JSON.stringify(error)).not.toContain(ACCESS);
		expect(logs).not.toContain(ACCESS);
		expect(scope.isDone()).toBe(true);
	});
});

describe('idempotency and concurrency', () => {
	it('a second run of the same key finds the ticket the first opened: one POST in all', async () => {
		let posts = 0;
		let opened: Record<string, string | null> | null = null;
		hubspot()
			.persist()
			.get(`/crm/v3/objects/tickets/${KEY}`)
			.query(true)
			.reply(() => (opened ? [200, ticketBody('512', opened)] : [404, { status: 'error', message: 'resource not found', correlationId: 'c3' }]))
			.post('/crm/v3/objects/tickets')
			.reply((_uri, body) => {
				posts += 1;
				opened = (body as { properties: Record<string, string> }).properties;
				return [201, ticketBody('512', opened)];
			});
		// What Create Case does for each run: find, and create only when nothing stands.
		const createOrFind: Call<StoredCase> = async (api, settings) =>
			(await hubspotProvider.find(api, KEY, settings)) ?? (await hubspotProvider.create(api, draft({ assignee: null }), settings));
		const parameters = { hubspotPortalId: '123456', hubspotAssociateRequester: false };

		const first = await run(createOrFind, parameters);
		const second = await run(createOrFind, parameters);

		expect(first.value?.id).toBe('512');
		expect(second.value).toEqual(first.value);
		expect(posts).toBe(1);
	});

	it('two creates of the same key at once end with one ticket: HubSpot refuses the second and it reads back the first', async () => {
		let posts = 0;
		let opened: Record<string, string> | null = null;
		hubspot()
			.persist()
			.post('/crm/v3/objects/tickets')
			.reply((_uri, body) => {
				posts += 1;
				if (opened) {
					return [409, { status: 'error', message: 'A ticket with closed_loop_case_key typeform-a1b2c3 already exists', correlationId: 'c4', category: 'CONFLICT' }];
				}
				opened = (body as { properties: Record<string, string> }).properties;
				return [201, ticketBody('512', opened)];
			})
			.get(`/crm/v3/objects/tickets/${KEY}`)
			.query(true)
			.reply(() => [200, ticketBody('512', opened ?? {})]);

		const { value, error } = await run(
			async (api, settings) =>
				await Promise.all([
					hubspotProvider.create(api, draft({ assignee: null }), settings),
					hubspotProvider.create(api, draft({ assignee: null }), settings),
				]),
			{ hubspotPortalId: '123456', hubspotAssociateRequester: false },
		);

		expect(error).toBeUndefined();
		expect(posts).toBe(2);
		expect(value?.map((ticket) => ticket.id)).toEqual(['512', '512']);
	});
});

describe('revise, close, add note', () => {
	it('revise replaces the description, records the revision, and leaves a note on the timeline', async () => {
		const patched = recorder<unknown>();
		const note = recorder<{ properties: Record<string, string>; associations: unknown }>();
		const scope = hubspot()
			.patch('/crm/v3/objects/tickets/512', patched.match)
			.reply(200, ticketBody('512', { closed_loop_revision: '2' }))
			.post('/crm/v3/objects/notes', note.match)
			.reply(201, noteAnswer('9002', '2026-11-30T10:00:00Z'));

		const revised = draft({ revision: 2, providerPriority: 'URGENT', description: 'Detractor (1) — checkout\nComment: “Still nothing & no answer”' });
		const { value } = await run(async (api, settings) => await hubspotProvider.revise(api, stored(), revised, settings));

		expect(patched.body).toEqual({
			properties: { subject: revised.subject, content: revised.description, hs_ticket_priority: 'URGENT', closed_loop_revision: '2' },
		});
		expect(note.body?.properties.hs_note_body).toBe(
			'Response revised (revision 2, after 1). New description:<br><br>Detractor (1) — checkout<br>Comment: “Still nothing &amp; no answer”',
		);
		expect(note.body?.properties.hs_timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(note.body?.associations).toEqual(noteAssociation('512'));
		expect(value).toMatchObject({ revision: 2, providerPriority: 'URGENT' });
		expect(scope.isDone()).toBe(true);
	});

	it('close moves the ticket to the closed stage, records the flags and root cause, and adds the close note', async () => {
		const closure = readCaseClosure({ twoWayContact: 'no', resolved: 'yes', rootCause: 'delivery', notes: 'TBC, waiting for the customer' });
		const close = closeRecord(closure, closeIntegrity(closure), { language: 'en', rootCauses: [{ id: 'delivery', en: 'Late delivery', fr: 'Livraison en retard' }], closedAt: new Date('2026-12-02T15:00:00Z') });
		const patched = recorder<unknown>();
		const note = recorder<{ properties: Record<string, string> }>();
		const scope = hubspot()
			.patch('/crm/v3/objects/tickets/512', patched.match)
			.reply(200, ticketBody('512', { hs_pipeline_stage: '4' }))
			.post('/crm/v3/objects/notes', note.match)
			.reply(201, noteAnswer('9003', '2026-12-02T15:00:00Z'));

		const { value } = await run(async (api, settings) => await hubspotProvider.close(api, stored(), close, settings), {
			hubspotRootCauseProperty: 'closed_loop_root_cause',
		});

		expect(close.integrity).toEqual(['resolved-without-two-way-contact', 'closed-while-pending']);
		expect(patched.body).toEqual({
			properties: {
				hs_pipeline: '0',
				hs_pipeline_stage: '4',
				closed_loop_integrity: 'resolved-without-two-way-contact;closed-while-pending',
				closed_loop_root_cause: 'delivery',
			},
		});
		expect(note.body?.properties).toEqual({ hs_timestamp: '2026-12-02T15:00:00.000Z', hs_note_body: close.note.replace(/\n/g, '<br>') });
		expect(value).toMatchObject({ id: '512', status: '4', closed: true, integrity: ['resolved-without-two-way-contact', 'closed-while-pending'] });
		expect(scope.isDone()).toBe(true);
	});

	it('add note puts an internal note on the ticket, escaped for HubSpot’s HTML note body', async () => {
		const note = recorder<unknown>();
		const scope = hubspot()
			.post('/crm/v3/objects/notes', note.match)
			.reply(201, noteAnswer('9004', '2026-12-01T08:00:00Z'));

		const { value } = await run(async (api, settings) =>
			await hubspotProvider.addNote(api, stored(), { text: 'Called <Jane>: no answer\nSMS sent', at: '2026-12-01T08:00:00.000Z' }, settings),
		);

		expect(note.body).toEqual({
			properties: { hs_timestamp: '2026-12-01T08:00:00.000Z', hs_note_body: 'Called &lt;Jane&gt;: no answer<br>SMS sent' },
			associations: noteAssociation('512'),
		});
		expect(value?.id).toBe('512');
		expect(scope.isDone()).toBe(true);
	});
});

describe('faults', () => {
	const rateLimited = {
		status: 'error',
		message: 'You have reached your secondly limit.',
		errorType: 'RATE_LIMIT',
		correlationId: 'c033cdaa-2c40-4a64-ae48-b4cec88dad24',
		policyName: 'SECONDLY',
	};
	const rateLimitHeaders = {
		'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
		'X-HubSpot-RateLimit-Max': '100',
		'X-HubSpot-RateLimit-Remaining': '0',
	};

	it('a 429 with Retry-After is waited for and retried', async () => {
		const scope = hubspot()
			.get(`/crm/v3/objects/tickets/${KEY}`)
			.query(true)
			.reply(429, rateLimited, { ...rateLimitHeaders, 'Retry-After': '0' })
			.get(`/crm/v3/objects/tickets/${KEY}`)
			.query(true)
			.reply(200, ticketBody('512'));

		const { value } = await run(async (api, settings) => await hubspotProvider.find(api, KEY, settings), { hubspotPortalId: '123456' });

		expect(value?.id).toBe('512');
		expect(scope.isDone()).toBe(true);
	});

	it('a 429 with only HubSpot’s own rate-limit headers is retried after a backoff, even on the create POST', async () => {
		let posts = 0;
		hubspot()
			.post('/crm/v3/objects/tickets')
			.times(2)
			.reply(() => (++posts === 1 ? [429, rateLimited, rateLimitHeaders] : [201, ticketBody('512')]));

		const { value } = await run(async (api, settings) => await hubspotProvider.create(api, draft({ assignee: null }), settings), {
			hubspotPortalId: '123456',
			hubspotAssociateRequester: false,
		});

		expect(value?.id).toBe('512');
		expect(posts).toBe(2);
	});

	it('a 5xx on a read is retried', async () => {
		const scope = hubspot()
			.get('/crm/v3/objects/tickets/512')
			.query(true)
			.reply(502, { status: 'error', message: 'Bad Gateway', correlationId: 'c5' })
			.get('/crm/v3/objects/tickets/512')
			.query(true)
			.reply(200, ticketBody('512'));

		const { value } = await run(async (api, settings) => await hubspotProvider.get(api, '512', settings), { hubspotPortalId: '123456' });

		expect(value?.id).toBe('512');
		expect(scope.isDone()).toBe(true);
	});

	it('a 5xx on the create POST is not repeated: HubSpot may have opened the ticket, and the next run finds it', async () => {
		let posts = 0;
		hubspot()
			.persist()
			.post('/crm/v3/objects/tickets')
			.reply(() => {
				posts += 1;
				return [503, { status: 'error', message: 'Service Unavailable', correlationId: 'c6', category: 'SERVICE_UNAVAILABLE' }];
			});

		const { error } = await run(async (api, settings) => await hubspotProvider.create(api, draft({ assignee: null }), settings), {
			hubspotAssociateRequester: false,
		});

		expect(posts).toBe(1);
		expect(error?.message).toBe(
			'HubSpot API: POST /crm/v3/objects/tickets failed with HTTP 503 (not retried: a POST without an idempotency key could be performed twice)',
		);
		expect(error?.retryable).toBe(true);
	});

	it('a refused token (401) names the call, is not retryable, and the token appears nowhere', async () => {
		hubspot()
			.get(`/crm/v3/objects/tickets/${KEY}`)
			.query(true)
			.times(2)
			.reply(401, {
				status: 'error',
				message:
					'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
				correlationId: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
				category: 'INVALID_AUTHENTICATION',
			});

		const { error, logs } = await run(async (api, settings) => await hubspotProvider.find(api, KEY, settings));

		expect(error?.message).toBe(`HubSpot API: GET /crm/v3/objects/tickets/${KEY} failed with HTTP 401`);
		expect(error?.httpCode).toBe('401');
		expect(error?.retryable).toBe(false);
		expect(JSON.stringify(error)).not.toContain(ACCESS);
		expect(logs).not.toContain(ACCESS);
	});
});
