/**
 * The ServiceNow provider's calls, run in n8n's engine with its credential applied as n8n applies it, against nock
 * answers shaped as ServiceNow's Table API reference documents them (POST/GET/PATCH /api/now/table/incident, GET
 * /api/now/table/sys_user, `{ result }` bodies with string values, the `{ error: { message, detail }, status:
 * 'failure' }` error body, 429 with Retry-After from inbound REST API rate limiting).
 */
import nock from 'nock';

import type { CaseDraft, StoredCase } from '../../nodes/core/caseRecord';
import type { ServiceNowSettings } from '../../nodes/CreateCase/providers/serviceNow';
import {
	serviceNowCaseQuery,
	serviceNowCorrelationId,
	serviceNowDateTime,
	serviceNowImpactUrgency,
	serviceNowInstanceUrl,
	serviceNowProvider,
} from '../../nodes/CreateCase/providers/serviceNow';
import type { AnyCaseProvider } from '../../nodes/CreateCase/providers/types';
import type { ApiClient } from '../../nodes/shared/apiClient';
import { createAsTheNodeDoes, sampleClose, sampleDraft } from './caseDraftSamples';
import type { ProviderCall } from './caseProviderHarness';
import { callProvider } from './caseProviderHarness';

const SERVICENOW_ACCESS = 'sn-Integration-Pass-77q';
const INSTANCE = 'https://acme.service-now.com';
const credentials = { instance: 'acme', username: 'closed.loop.integration', password: SERVICENOW_ACCESS };
const basic = `Basic ${btoa(`closed.loop.integration:${SERVICENOW_ACCESS}`)}`;
const KEY = 'typeform:resp_8f2c';
const FIELDS = 'sysparm_fields=sys_id%2Cnumber%2Cstate%2Cimpact%2Curgency%2Cpriority%2Cdue_date%2Csys_created_on%2Ccorrelation_id%2Ccorrelation_display%2Cdescription%2Cclose_notes%2Cclose_code';
const CALLER = '5137153cc611227c000bbd1bd8cd2005';
const OWNER = '46d44a23a9fe19810012d100cca80666';
const GROUP = '287ebd7da9fe198100f92cc8d1d2154e';

const serviceNow = () => nock(INSTANCE, { reqheaders: { authorization: basic } });
const run = async <T>(call: (api: ApiClient, settings: ServiceNowSettings) => Promise<T>, spec: Partial<ProviderCall<T>> = {}) =>
	await callProvider(serviceNowProvider, { credentials, ...spec, call: async (api, settings) => await call(api, settings as ServiceNowSettings) });
const draft = (overrides: Partial<CaseDraft> = {}) => sampleDraft({ providerPriority: 'impact=2,urgency=1', ...overrides });
const queryPath = (correlationId = KEY) =>
	`/api/now/table/incident?sysparm_query=${encodeURIComponent(serviceNowCaseQuery(correlationId, 'Closed Loop'))}&sysparm_limit=20&${FIELDS}`;
const userPath = (email: string) => `/api/now/table/sys_user?sysparm_query=${encodeURIComponent(`email=${email}`)}&sysparm_limit=1&sysparm_fields=sys_id`;

/** An incident as the Table API answers it (database values, references as sys_ids). */
function incident(sysId: string, overrides: Record<string, unknown> = {}) {
	return {
		sys_id: sysId,
		number: 'INC0010002',
		state: '1',
		impact: '2',
		urgency: '1',
		priority: '2',
		due_date: '2030-03-04 16:00:00',
		sys_created_on: '2030-03-01 09:13:06',
		correlation_id: KEY,
		correlation_display: 'Closed Loop',
		description: `${sampleDraft().description}\n\n[Closed Loop] revision 1`,
		close_notes: '',
		close_code: '',
		...overrides,
	};
}
const OURS = 'c537bae64f411200adf9f8e18110c76e';
const TWIN = 'd6f1c2e64f411200adf9f8e18110c9a1';

afterEach(() => nock.cleanAll());

describe('ServiceNow: the credential, the key and the settings', () => {
	it('reads the instance as a subdomain, a host name or a full URL', () => {
		expect(serviceNowInstanceUrl('acme')).toBe(INSTANCE);
		expect(serviceNowInstanceUrl('acme.service-now.com')).toBe(INSTANCE);
		expect(serviceNowInstanceUrl('https://servicedesk.acme.example/now/nav/ui')).toBe('https://servicedesk.acme.example');
		expect(() => serviceNowInstanceUrl(' ')).toThrow(/Instance is empty/);
	});

	it('keeps a key of up to 100 characters as the correlation ID, and hashes a longer one or one holding ^', () => {
		expect(serviceNowCorrelationId(KEY)).toBe(KEY);
		expect(serviceNowCorrelationId('x'.repeat(100))).toBe('x'.repeat(100));
		expect(serviceNowCorrelationId('x'.repeat(101))).toMatch(/^closed-loop-case-[0-9a-f]{40}$/);
		expect(serviceNowCorrelationId('a^ORactive=true')).toMatch(/^closed-loop-case-[0-9a-f]{40}$/);
		// An encoded query runs a value that starts with javascript: as a script on the instance.
		expect(serviceNowCorrelationId('javascript:gs.getUserID()')).toMatch(/^closed-loop-case-[0-9a-f]{40}$/);
		expect(serviceNowCorrelationId(' JavaScript:x')).toMatch(/^closed-loop-case-[0-9a-f]{40}$/);
		expect(serviceNowCaseQuery(KEY, 'Closed Loop')).toBe(`correlation_id=${KEY}^correlation_display=Closed Loop^ORDERBYsys_created_on^ORDERBYnumber`);
	});

	it('reads impact/urgency pairs and date-times as the Table API writes them', () => {
		expect(serviceNowImpactUrgency('impact=1, urgency=3')).toEqual({ impact: '1', urgency: '3' });
		expect(() => serviceNowImpactUrgency('high')).toThrow(/Priority Mapping: ServiceNow values are written impact=N,urgency=N.*"high" is not/);
		expect(serviceNowDateTime('2030-03-04T16:00:00.000Z')).toBe('2030-03-04 16:00:00');
	});

	it('refuses a group or caller that is not a sys_id, a column that is not a name, a display with ^', async () => {
		const settings = (parameters: Record<string, unknown>) => run(async (_api, read) => read, { parameters });
		expect((await settings({ serviceNowAssignmentGroup: 'Service Desk' })).error?.message).toMatch(/Assignment Group "Service Desk" is not a sys_id/);
		expect((await settings({ serviceNowFallbackCallerId: 'abc' })).error?.message).toMatch(/Fallback Caller "abc" is not a sys_id/);
		expect((await settings({ serviceNowResumeUrlField: 'Resume URL' })).error?.message).toMatch(/Resume URL Field "Resume URL" is not a ServiceNow column name/);
		expect((await settings({ serviceNowCorrelationDisplay: 'a^b' })).error?.message).toMatch(/Correlation Display must be one line/);
		const { value } = await settings({ serviceNowCloseState: '7' });
		expect(value).toMatchObject({ correlationDisplay: 'Closed Loop', closeState: '7', closeCode: 'Solution provided', assignmentGroup: null });
	});
});

describe('ServiceNow: find and get', () => {
	it('queries by correlation ID and display, oldest first, and keeps the exact oldest match', async () => {
		const api = serviceNow()
			.get(queryPath())
			.reply(200, {
				result: [
					// The database compares without case: another key that differs only in case is not ours.
					incident('a'.repeat(32), { correlation_id: KEY.toUpperCase(), sys_created_on: '2030-02-01 08:00:00', number: 'INC0009001' }),
					incident(OURS),
					incident(TWIN, { number: 'INC0010003' }),
				],
			});
		const { value, error } = await run(async (client, settings) => await serviceNowProvider.find(client, KEY, settings));
		expect(error).toBeUndefined();
		expect(value).toEqual({
			id: OURS,
			url: `${INSTANCE}/incident.do?sys_id=${OURS}`,
			key: KEY,
			status: 'New',
			closed: false,
			providerPriority: 'impact=2,urgency=1',
			dueAt: '2030-03-04T16:00:00.000Z',
			createdAt: '2030-03-01T09:13:06.000Z',
			revision: 1,
			resumeUrl: null,
			integrity: [],
		});
		expect(api.isDone()).toBe(true);
	});

	it('finds nothing on an empty result (200, as the Table API answers a query without records)', async () => {
		const api = serviceNow().get(queryPath()).reply(200, { result: [] });
		const { value } = await run(async (client, settings) => await serviceNowProvider.find(client, KEY, settings));
		expect(value).toBeNull();
		expect(api.isDone()).toBe(true);
	});

	it('gets an incident by sys_id with the resume link from its column, and null for a 404', async () => {
		const fields = `${FIELDS}%2Cu_closed_loop_resume_url`;
		const api = serviceNow()
			.get(`/api/now/table/incident/${OURS}?${fields}`)
			.reply(200, { result: incident(OURS, { state: '6', u_closed_loop_resume_url: 'https://n8n.example/resume' }) })
			.get(`/api/now/table/incident/${TWIN}?${fields}`)
			.reply(404, { error: { message: 'No Record found', detail: 'Record doesn\'t exist or ACL restricts the record retrieval' }, status: 'failure' });
		const { value } = await run(
			async (client, settings) => [await serviceNowProvider.get(client, OURS, settings), await serviceNowProvider.get(client, TWIN, settings)],
			{ parameters: { serviceNowResumeUrlField: 'u_closed_loop_resume_url' } },
		);
		expect(value?.[0]).toMatchObject({ id: OURS, status: 'Resolved', closed: true, resumeUrl: 'https://n8n.example/resume' });
		expect(value?.[1]).toBeNull();
		expect(api.isDone()).toBe(true);
	});
});

describe('ServiceNow: create', () => {
	it('inserts the incident with caller and owner by email, impact/urgency, correlation, group, due date and the resume work note', async () => {
		let inserted: Record<string, unknown> = {};
		const api = serviceNow()
			.get(userPath('claire.martin@example.fr'))
			.reply(200, { result: [{ sys_id: CALLER }] })
			.get(userPath('hugo.bernard@acme.example'))
			.reply(200, { result: [{ sys_id: OWNER }] })
			.post(`/api/now/table/incident?${FIELDS}`, (body: Record<string, unknown>) => ((inserted = body), true))
			.reply(201, { result: incident(OURS) });

		const { value, error } = await run(async (client, settings) => await serviceNowProvider.create(client, draft(), settings), {
			parameters: { serviceNowAssignmentGroup: GROUP },
		});

		expect(error).toBeUndefined();
		expect(inserted).toEqual({
			short_description: 'Détracteur (2) — Livraison — Claire M.',
			description: `${sampleDraft().description}\n\n[Closed Loop] revision 1`,
			correlation_id: KEY,
			correlation_display: 'Closed Loop',
			impact: '2',
			urgency: '1',
			caller_id: CALLER,
			assigned_to: OWNER,
			assignment_group: GROUP,
			due_date: '2030-03-04 16:00:00',
			work_notes: `Closed Loop SLA resume link: ${sampleDraft().resumeUrl}`,
		});
		expect(value).toMatchObject({ id: OURS, key: KEY, status: 'New', providerPriority: 'impact=2,urgency=1', revision: 1 });
		expect(value?.warnings).toBeUndefined();
		expect(api.isDone()).toBe(true);
	});

	it('no user with the respondent’s or the owner’s email: the fallback caller, unassigned, and warnings; a sys_id owner needs no lookup', async () => {
		const bodies: Array<Record<string, unknown>> = [];
		serviceNow()
			.get(userPath('claire.martin@example.fr'))
			.times(2)
			.reply(200, { result: [] })
			.get(userPath('hugo.bernard@acme.example'))
			.reply(200, { result: [] })
			.post(`/api/now/table/incident?${FIELDS}`, (body: Record<string, unknown>) => (bodies.push(body), true))
			.times(2)
			.reply(201, { result: incident(OURS) });

		const first = await run(async (client, settings) => await serviceNowProvider.create(client, draft({ resumeUrl: null }), settings), {
			parameters: { serviceNowFallbackCallerId: CALLER },
		});
		const withSysId = draft({ resumeUrl: null, assignee: { name: 'Hugo', email: null, phone: null, helpdeskUserId: OWNER } });
		const second = await run(async (client, settings) => await serviceNowProvider.create(client, withSysId, settings));

		expect(bodies[0]).toMatchObject({ caller_id: CALLER });
		expect(bodies[0]).not.toHaveProperty('assigned_to');
		expect(first.value?.warnings).toEqual([expect.stringMatching(/no ServiceNow user has the email hugo.bernard@acme.example, so the incident is unassigned/)]);
		expect(bodies[1]).toMatchObject({ assigned_to: OWNER });
		expect(bodies[1]).not.toHaveProperty('caller_id');
		expect(second.value?.warnings).toEqual([expect.stringMatching(/No ServiceNow user has the respondent's email \(claire.martin@example.fr\): the incident has no caller/)]);
	});

	it('an email that is not one (javascript:…, or holding ^) is never put in an encoded query: no caller, with a warning', async () => {
		let inserted: Record<string, unknown> = {};
		const api = serviceNow()
			.post(`/api/now/table/incident?${FIELDS}`, (body: Record<string, unknown>) => ((inserted = body), true))
			.times(2)
			.reply(201, { result: incident(OURS) });
		for (const email of ['javascript:gs.sleep(10000)', 'a^ORactive=true@example.com']) {
			const odd = draft({ requester: { name: null, email, phone: null }, assignee: null, resumeUrl: null });
			const { value, error } = await run(async (client, settings) => await serviceNowProvider.create(client, odd, settings));
			expect(error).toBeUndefined();
			expect(inserted).not.toHaveProperty('caller_id');
			expect(value?.warnings).toEqual([expect.stringContaining('the incident has no caller')]);
		}
		expect(api.isDone()).toBe(true);
	});

	it('a key longer than 100 characters is stored as its hash, and found by it', async () => {
		const longKey = `survey:${'x'.repeat(120)}`;
		const hashed = serviceNowCorrelationId(longKey);
		let inserted: Record<string, unknown> = {};
		const api = serviceNow()
			.post(`/api/now/table/incident?${FIELDS}`, (body: Record<string, unknown>) => ((inserted = body), true))
			.reply(201, { result: incident(OURS, { correlation_id: hashed }) })
			.get(queryPath(hashed))
			.reply(200, { result: [incident(OURS, { correlation_id: hashed })] });
		const plain = draft({ key: longKey, requester: { name: null, email: null, phone: null }, assignee: null, resumeUrl: null, dueAt: null });
		const { value } = await run(async (client, settings) => [await serviceNowProvider.create(client, plain, settings), await serviceNowProvider.find(client, longKey, settings)]);
		expect(inserted.correlation_id).toBe(hashed);
		expect(inserted).not.toHaveProperty('due_date');
		expect(value?.[1]).toMatchObject({ id: OURS, key: longKey });
		expect(api.isDone()).toBe(true);
	});
});

describe('ServiceNow: converge after create', () => {
	it('when an older incident has the key, cancels ours with a work note and parent pointing to it', async () => {
		let patch: Record<string, unknown> = {};
		const api = serviceNow()
			.get(queryPath())
			.reply(200, { result: [incident(TWIN, { number: 'INC0010001', sys_created_on: '2030-03-01 09:13:05' }), incident(OURS)] })
			.patch(`/api/now/table/incident/${OURS}?${FIELDS}`, (body: Record<string, unknown>) => ((patch = body), true))
			.reply(200, { result: incident(OURS, { state: '8' }) });
		const created = { id: OURS, key: KEY, warnings: ['earlier warning'] } as StoredCase;

		const { value, error } = await run(async (client, settings) => await serviceNowProvider.converge!(client, created, KEY, settings));

		expect(error).toBeUndefined();
		expect(patch).toEqual({ state: '8', parent_incident: TWIN, work_notes: expect.stringContaining('INC0010001 was opened for the same case (typeform:resp_8f2c)') });
		expect(value).toMatchObject({ id: TWIN, key: KEY });
		expect(value?.warnings).toEqual(['earlier warning', expect.stringMatching(/INC0010001.*ours was canceled as its duplicate/)]);
		expect(api.isDone()).toBe(true);
	});

	it('created in the same second: the lower number stands; ours stays when it is the oldest', async () => {
		const api = serviceNow()
			.get(queryPath())
			.reply(200, { result: [incident(TWIN, { number: 'INC0010003' }), incident(OURS, { number: 'INC0010002' })] });
		const created = { id: OURS, key: KEY } as StoredCase;
		const { value } = await run(async (client, settings) => await serviceNowProvider.converge!(client, created, KEY, settings));
		expect(value).toBe(created);
		expect(api.isDone()).toBe(true);
	});
});

describe('ServiceNow: revise, close, add note', () => {
	const stored = (): StoredCase => ({
		id: OURS,
		url: null,
		key: KEY,
		status: 'New',
		closed: false,
		providerPriority: 'impact=2,urgency=1',
		dueAt: null,
		createdAt: null,
		revision: 1,
		resumeUrl: null,
		integrity: [],
	});

	it('a revision replaces the description with its revision line and leaves a work note', async () => {
		let patch: Record<string, unknown> = {};
		const revised = draft({ revision: 2, description: 'Révisée : colis perdu' });
		const api = serviceNow()
			.patch(`/api/now/table/incident/${OURS}?${FIELDS}`, (body: Record<string, unknown>) => ((patch = body), true))
			.reply(200, { result: incident(OURS, { description: 'Révisée : colis perdu\n\n[Closed Loop] revision 2' }) });
		const { value } = await run(async (client, settings) => await serviceNowProvider.revise(client, stored(), revised, settings));
		expect(patch).toEqual({
			description: 'Révisée : colis perdu\n\n[Closed Loop] revision 2',
			work_notes: expect.stringMatching(/^Réponse révisée \(révision 2, après la 1\)[\s\S]*Révisée : colis perdu$/),
		});
		expect(value).toMatchObject({ id: OURS, revision: 2 });
		expect(api.isDone()).toBe(true);
	});

	it('close: Resolved with the close code and the record as close notes and work note; flags read back; root cause column', async () => {
		let patch: Record<string, unknown> = {};
		const close = sampleClose({ twoWayContact: false, resolved: true, rootCause: 'delivery', notes: 'en attente du retour client' }, 'fr');
		const api = serviceNow()
			.patch(`/api/now/table/incident/${OURS}?${FIELDS}`, (body: Record<string, unknown>) => ((patch = body), true))
			.reply(200, { result: incident(OURS, { state: '6', close_code: 'Solution provided', close_notes: close.note }) });
		const { value, error } = await run(async (client, settings) => await serviceNowProvider.close(client, stored(), close, settings), {
			parameters: { serviceNowRootCauseField: 'u_closed_loop_root_cause' },
		});
		expect(error).toBeUndefined();
		expect(patch).toEqual({
			state: '6',
			close_code: 'Solution provided',
			close_notes: close.note,
			work_notes: close.note,
			u_closed_loop_root_cause: 'Livraison en retard, perdue ou abîmée',
		});
		expect(close.note).toContain('Dossier clos');
		expect(value).toMatchObject({ status: 'Resolved', closed: true, integrity: ['resolved-without-two-way-contact', 'closed-while-pending'] });
		expect(api.isDone()).toBe(true);
	});

	it('add note: a work note', async () => {
		let patch: Record<string, unknown> = {};
		const api = serviceNow()
			.patch(`/api/now/table/incident/${OURS}?${FIELDS}`, (body: Record<string, unknown>) => ((patch = body), true))
			.reply(200, { result: incident(OURS) });
		const { value } = await run(async (client, settings) => await serviceNowProvider.addNote(client, stored(), { text: 'Called, no answer', at: '2030-03-02T10:00:00Z' }, settings));
		expect(patch).toEqual({ work_notes: 'Called, no answer' });
		expect(value).toEqual(stored());
		expect(api.isDone()).toBe(true);
	});
});

describe('ServiceNow: faults', () => {
	it('a 429 with Retry-After (inbound rate limit) is waited, then the query succeeds', async () => {
		const api = serviceNow()
			.get(queryPath())
			.reply(429, { error: { message: 'Rate limit exceeded', detail: 'Rate limit of 100 requests per hour for Table API exceeded' }, status: 'failure' }, { 'Retry-After': '1' })
			.get(queryPath())
			.reply(200, { result: [] });
		const started = Date.now();
		const { value, error } = await run(async (client, settings) => await serviceNowProvider.find(client, KEY, settings));
		expect(error).toBeUndefined();
		expect(value).toBeNull();
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(api.isDone()).toBe(true);
	});

	it('a 503 on a GET is retried; a 502 on a PATCH that writes a work note is not (the note would be written twice)', async () => {
		const api = serviceNow()
			.get(queryPath())
			.reply(503, '')
			.get(queryPath())
			.reply(200, { result: [incident(OURS)] })
			.patch(`/api/now/table/incident/${OURS}?${FIELDS}`)
			.reply(502, '');
		const { value } = await run(async (client, settings) => await serviceNowProvider.find(client, KEY, settings));
		expect(value).toMatchObject({ id: OURS });
		const { error } = await run(async (client, settings) => await serviceNowProvider.addNote(client, { id: OURS } as StoredCase, { text: 'x', at: '2030-03-02T10:00:00Z' }, settings));
		expect(error?.message).toBe(`ServiceNow API: PATCH /api/now/table/incident/${OURS} failed with HTTP 502 (not retried: a PATCH without an idempotency key could be performed twice)`);
		expect(error?.retryable).toBe(true);
		expect(api.isDone()).toBe(true);
	});

	it('a 500 on the insert POST is not repeated: it may have inserted the incident', async () => {
		const api = serviceNow()
			.post(`/api/now/table/incident?${FIELDS}`)
			.reply(500, { error: { message: 'Transaction cancelled', detail: 'maximum execution time exceeded' }, status: 'failure' });
		const plain = draft({ requester: { name: null, email: null, phone: null }, assignee: null, resumeUrl: null });
		const { error } = await run(async (client, settings) => await serviceNowProvider.create(client, plain, settings));
		expect(error?.message).toBe('ServiceNow API: POST /api/now/table/incident failed with HTTP 500 (not retried: a POST without an idempotency key could be performed twice)');
		expect(error?.description).toBe('Transaction cancelled: maximum execution time exceeded');
		expect(api.isDone()).toBe(true);
	});

	it('a refused insert (403, data policy) names the call, the message and the detail; the password is in no error or log', async () => {
		serviceNow()
			.post(`/api/now/table/incident?${FIELDS}`)
			.reply(403, { error: { message: 'Operation Failed', detail: 'Data Policy Exception: \n\tCategory is mandatory\n' }, status: 'failure' });
		const plain = draft({ requester: { name: null, email: null, phone: null }, assignee: null, resumeUrl: null });
		const { error, logs } = await run(async (client, settings) => await serviceNowProvider.create(client, plain, settings));
		expect(error?.message).toBe('ServiceNow API: POST /api/now/table/incident failed with HTTP 403');
		expect(error?.description).toBe('Operation Failed: Data Policy Exception: \n\tCategory is mandatory');
		for (const shown of [JSON.stringify(error), logs]) {
			expect(shown).not.toContain(SERVICENOW_ACCESS);
			expect(shown).not.toContain(basic.slice('Basic '.length));
		}
	});

	it('a refused login (401) names the call and is not retried; the password is in no error or log', async () => {
		const api = serviceNow()
			.get(queryPath())
			.times(2)
			.reply(401, { error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' });
		const { error, logs } = await run(async (client, settings) => await serviceNowProvider.find(client, KEY, settings));
		expect(error?.message).toBe('ServiceNow API: GET /api/now/table/incident failed with HTTP 401');
		expect(error?.retryable).toBe(false);
		expect(JSON.stringify(error)).not.toContain(SERVICENOW_ACCESS);
		expect(logs).not.toContain(SERVICENOW_ACCESS);
		expect(api.isDone()).toBe(true);
	});
});

/** An instance's incident table in memory, for runs of the same case one after the other and at once. */
function incidentTable() {
	const incidents: Array<ReturnType<typeof incident>> = [];
	let inserts = 0;
	const scope = serviceNow().persist();
	scope.post(/\/api\/now\/table\/incident\?/).reply(201, (_uri, body) => {
		inserts++;
		const sent = body as Record<string, unknown>;
		const row = incident(`${String(incidents.length + 1).padStart(2, '0')}${'e'.repeat(30)}`, {
			number: `INC00100${String(incidents.length + 1).padStart(2, '0')}`,
			// Inserted in the same second: the number breaks the tie.
			sys_created_on: '2030-03-01 09:13:06',
			correlation_id: sent.correlation_id,
			description: sent.description,
		});
		incidents.push(row);
		return { result: row };
	});
	scope.get(/\/api\/now\/table\/incident\?sysparm_query=/).reply(200, () => ({ result: incidents.filter((row) => row.correlation_id === KEY) }));
	scope.patch(/\/api\/now\/table\/incident\/\w+\?/).reply(200, (uri, body) => {
		const row = incidents.find((each) => uri.includes(each.sys_id));
		Object.assign(row ?? {}, body as Record<string, unknown>);
		return { result: row };
	});
	return { incidents, inserts: () => inserts };
}

const createCase = async (caseDraft: CaseDraft) => await run(async (client, settings) => await createAsTheNodeDoes(client, serviceNowProvider as AnyCaseProvider, caseDraft, settings));

describe('ServiceNow: idempotency and concurrency', () => {
	const once = () => draft({ requester: { name: null, email: null, phone: null }, assignee: null, resumeUrl: null });

	it('a second run finds the incident (the Table API reads the table itself) and inserts nothing', async () => {
		const table = incidentTable();
		const first = await createCase(once());
		const second = await createCase(once());
		expect(first.value).toMatchObject({ outcome: 'created', stored: { id: table.incidents[0].sys_id } });
		expect(second.value).toMatchObject({ outcome: 'found', stored: { id: table.incidents[0].sys_id, key: KEY } });
		expect(table.inserts()).toBe(1);
	});

	it('two runs at once both insert (no unique key on correlation_id); both end on the oldest and the other is canceled', async () => {
		const table = incidentTable();
		const [left, right] = await Promise.all([createCase(once()), createCase(once())]);
		expect(table.inserts()).toBe(2);
		const [oldest, twin] = table.incidents;
		expect([left.value?.stored.id, right.value?.stored.id]).toEqual([oldest.sys_id, oldest.sys_id]);
		expect(oldest.state).toBe('1');
		expect(twin).toMatchObject({ state: '8', parent_incident: oldest.sys_id });
	});
});
