/**
 * Create Case in n8n's own engine, on its default store: n8n Data Tables through n8n's public API, played by an
 * in-memory stand-in of that API (dataTableApi.ts). Covers the four operations, idempotency across runs,
 * revisions and concurrent runs, close integrity, the SLA Wait resumed on close, and the Error output.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { DEFAULT_CASE_TABLE } from '../../nodes/CreateCase/providers/dataTable';
import { alertedDetractor as detractor } from './alertedDetractor';
import { FakeDataTableApi } from './dataTableApi';
import type { RunResult } from './harness';
import { chain, runWithItems } from './harness';

const CASE = 'Create Case';
const ORIGIN = 'http://n8n.test';
const TEST_KEY_VALUE = ['n8n', 'key', '7f3c9a'].join('-');
const CREDENTIALS = { closedLoopN8nApi: { baseUrl: `${ORIGIN}/`, apiKey: TEST_KEY_VALUE } };

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const CREATE: INodeParameters = {
	provider: 'dataTable',
	operation: 'create',
	dueDate: 'policy',
	durationAmount: 2,
	durationUnit: 'businessDays',
	timeZone: 'Europe/Paris',
	workingHours: { ranges: [{ days: WEEKDAYS, start: '09:00', end: '18:00' }] },
	publicHolidays: ['fr'],
	options: { apiRetries: 2 },
};

let api: FakeDataTableApi;

beforeEach(() => {
	api = new FakeDataTableApi(ORIGIN, TEST_KEY_VALUE);
	api.install();
});
afterEach(() => nock.cleanAll());

async function run(parameters: INodeParameters, items: IDataObject[], onError?: 'continueErrorOutput'): Promise<RunResult> {
	const workflow = chain({
		name: CASE,
		type: 'createCase',
		parameters,
		credentials: { closedLoopN8nApi: { id: '1', name: 'This n8n' } },
		...(onError ? { onError } : {}),
	});
	return await runWithItems(workflow, { node: CASE, items, credentials: CREDENTIALS });
}

const cases = (result: RunResult) => result.json(CASE, 0).map((json) => json.case as IDataObject);
const failures = (result: RunResult) => result.json(CASE, 1);

describe('Create Case on n8n Data Tables: Create', () => {
	it('creates the cases table with its columns, then opens one case with the French description, priority, owner, due date and SLA link', async () => {
		const result = await run(CREATE, [detractor()]);

		expect(result.error).toBeUndefined();
		const [opened] = cases(result);
		expect(opened).toMatchObject({ provider: 'dataTable', key: 'resp-1001', outcome: 'created', status: 'open', closed: false, priority: 'P1', revision: 1 });
		// Thursday 26 November 2026 17:05 Paris.
		expect(opened.dueAt).toBe('2026-11-26T16:05:00.000Z');
		expect(opened.url).toBe(`${ORIGIN}/projects/personal-project/datatables/dt1`);

		const [table] = api.tables;
		expect(table.name).toBe(DEFAULT_CASE_TABLE);
		expect(table.columns.map((column) => column.name)).toEqual(expect.arrayContaining(['caseKey', 'status', 'openedAt', 'dueAt', 'resolvedAt', 'resumeUrl', 'integrity']));
		const [row] = api.rows(DEFAULT_CASE_TABLE);
		expect(row).toMatchObject({ caseKey: 'resp-1001', status: 'open', priority: 'P1', ownerEmail: 'delivery-desk@example.com', customerEmail: 'claire.martin@exemple.fr', score: 2, category: 'detractor', topics: 'delivery' });
		expect(row.subject).toBe('Détracteur (NPS 2/10) — Livraison — Claire M.');
		expect(row.description).toContain('Commentaire\u00a0: «\u00a0Livraison en retard de trois jours et personne ne répond\u00a0»');
		expect(row.description).toContain('Priorité\u00a0: P1');
		// This execution's SLA Wait link, which an SLA Wait later in the workflow answers.
		expect(row.resumeUrl).toMatch(/\/webhook-waiting\/[^/]+\/sla\?signature=/);
		expect(opened.resumeUrl).toBe(row.resumeUrl);
		expect(api.calls.every((call) => call.apiKey === TEST_KEY_VALUE)).toBe(true);
	});

	it('finds the case on a second run of the same response instead of opening another', async () => {
		await run(CREATE, [detractor()]);
		const second = await run(CREATE, [detractor()]);

		expect(cases(second)[0]).toMatchObject({ outcome: 'found', id: '1' });
		expect(api.rows(DEFAULT_CASE_TABLE)).toHaveLength(1);
		expect(api.callsTo('POST', /\/rows$/)).toHaveLength(1);
	});

	it('updates the case for a revision of the response and records it, once', async () => {
		await run(CREATE, [detractor()]);
		const revised = await run(CREATE, [detractor({ revision: 2, comment: 'Livraison en retard, et le colis est arrivé abîmé' })]);
		const again = await run(CREATE, [detractor({ revision: 2, comment: 'Livraison en retard, et le colis est arrivé abîmé' })]);

		expect(cases(revised)[0]).toMatchObject({ outcome: 'updated', revision: 2 });
		expect(cases(again)[0]).toMatchObject({ outcome: 'found', revision: 2 });
		const rows = api.rows(DEFAULT_CASE_TABLE);
		expect(rows).toHaveLength(1);
		expect(rows[0].description).toContain('le colis est arrivé abîmé');
		expect(String(rows[0].notes).match(/Revision 2/g)).toHaveLength(1);
	});

	it('ends with one case when the same feedback runs twice at once', async () => {
		api = new FakeDataTableApi(ORIGIN, TEST_KEY_VALUE, 15);
		nock.cleanAll();
		api.install();

		const [first, second] = await Promise.all([run(CREATE, [detractor()]), run(CREATE, [detractor()])]);

		const rows = api.rows(DEFAULT_CASE_TABLE);
		expect(rows).toHaveLength(1);
		expect(api.tables).toHaveLength(1);
		// Both inserted before either looked again; the later row was retired by the run that inserted it.
		expect(api.callsTo('POST', /\/rows$/)).toHaveLength(2);
		expect(api.callsTo('DELETE', /\/rows\/delete$/)).toHaveLength(1);
		// Both runs report the case that stands; one of them created it.
		expect([cases(first)[0].id, cases(second)[0].id]).toEqual([String(rows[0].id), String(rows[0].id)]);
		expect([cases(first)[0].outcome, cases(second)[0].outcome].sort()).toEqual(['created', 'found']);
	});

	it('takes the due date from the item’s SLA, and its resume link', async () => {
		const sla = { policy: 'First contact', startedAt: '2026-11-24T16:05:00.000Z', dueAt: '2026-11-27T10:00:00.000Z', resumeUrl: 'http://n8n.test/webhook-waiting/41/sla?signature=abc', outcome: null, resolvedAt: null };
		const result = await run({ ...CREATE, dueDate: 'itemSla' }, [detractor({ sla })]);

		expect(cases(result)[0]).toMatchObject({ dueAt: '2026-11-27T10:00:00.000Z', resumeUrl: sla.resumeUrl });
	});

	it('masks the customer in the description when asked, and keeps English for English responses', async () => {
		await run({ ...CREATE, options: { maskPersonalData: true } }, [detractor({ locale: 'en', comment: 'Late again, call me on +33 6 12 34 56 78' })]);

		const [row] = api.rows(DEFAULT_CASE_TABLE);
		expect(row.subject).toBe('Detractor (NPS 2/10) — Livraison — C. M.');
		expect(row.description).not.toContain('claire.martin@exemple.fr');
		expect(row.description).not.toContain('12 34 56 78');
		expect(row.description).toContain('Customer ID:** C-881'.replace('**', ''));
	});

	it('maps priorities as the user overrides them', async () => {
		const result = await run({ ...CREATE, options: { priorityMap: { values: { P1: 'Urgent' } } } }, [detractor()]);

		expect(cases(result)[0]).toMatchObject({ priority: 'P1', providerPriority: 'Urgent' });
		expect(api.rows(DEFAULT_CASE_TABLE)[0].priority).toBe('Urgent');
	});
});

describe('Create Case on n8n Data Tables: Close, Add Note, Get', () => {
	const CLOSE: INodeParameters = { provider: 'dataTable', operation: 'close', findBy: 'key', caseReferenceKey: '={{ $json.caseKey }}' };

	async function openedCase(): Promise<IDataObject> {
		const result = await run(CREATE, [detractor()]);
		return cases(result)[0];
	}

	it('flags "resolved" without two-way contact, on the item and in the case, and still closes it', async () => {
		await openedCase();
		const result = await run(CLOSE, [{ caseKey: 'resp-1001', twoWayContact: 'non', resolved: 'oui', rootCause: 'Livraison en retard, perdue ou abîmée', actionTaken: 'Email envoyé', notes: '' }]);

		const [closed] = cases(result);
		expect(closed).toMatchObject({ outcome: 'closed', status: 'closed', closed: true, integrity: ['resolved-without-two-way-contact'] });
		// The owner's claim is kept as answered, beside the flag that says what it is worth.
		expect(closed.closure).toMatchObject({ twoWayContact: false, resolved: true, rootCause: 'delivery' });
		const [row] = api.rows(DEFAULT_CASE_TABLE);
		expect(row).toMatchObject({ status: 'closed', twoWayContact: false, rootCause: 'delivery', integrity: 'resolved-without-two-way-contact' });
		expect(typeof row.resolvedAt).toBe('string');
	});

	it('flags a close whose notes say it is pending, in French', async () => {
		await openedCase();
		const result = await run(CLOSE, [{ caseKey: 'resp-1001', twoWayContact: 'oui', resolved: 'non', notes: 'Client rappelé, en attente du retour client' }]);

		expect(cases(result)[0].integrity).toEqual(['closed-while-pending']);
	});

	it('counts a two-way contact attempt on record, so "resolved" is not flagged', async () => {
		await openedCase();
		const item = { caseKey: 'resp-1001', twoWayContact: 'no', resolved: 'yes', contact: { attempts: [{ n: 1, channel: 'phone', at: '2026-11-25T09:00:00Z', outcome: 'reached', twoWay: true }] } };
		const result = await run(CLOSE, [item]);

		expect(cases(result)[0].integrity).toEqual([]);
	});

	it('refuses the close when Close Integrity is Block, on the Error output, and leaves the case open', async () => {
		await openedCase();
		const result = await run({ ...CLOSE, integrityPolicy: 'block' }, [{ caseKey: 'resp-1001', twoWayContact: 'no', resolved: 'yes' }]);

		expect(cases(result)).toEqual([]);
		const [failed] = failures(result);
		expect(failed.error).toMatchObject({ field: 'integrity', retryable: false, operation: 'close' });
		expect((failed.error as IDataObject).message).toContain('no two-way conversation');
		expect(api.rows(DEFAULT_CASE_TABLE)[0].status).toBe('open');
	});

	it('resumes the SLA Wait through the link stored with the case, with the close record', async () => {
		await run({ ...CREATE, dueDate: 'none' }, [detractor({ sla: { policy: 'p', startedAt: 'x', dueAt: 'y', resumeUrl: 'http://waits.test/webhook-waiting/77/sla?signature=s1', outcome: null, resolvedAt: null } })]);
		const resume = nock('http://waits.test')
			.post('/webhook-waiting/77/sla', (body: IDataObject) => body.event === 'resolved' && body.twoWayContact === true && body.resolved === true && body.rootCause === 'delivery')
			.query({ signature: 's1' })
			.reply(200, { message: 'Workflow was started' });

		const result = await run(CLOSE, [{ caseKey: 'resp-1001', twoWayContact: 'yes', resolved: 'yes', rootCause: 'delivery' }]);

		expect(resume.isDone()).toBe(true);
		expect(cases(result)[0].slaResume).toEqual({ outcome: 'resumed', httpStatus: 200, message: null });
	});

	it('reports an SLA Wait that no longer waits, and keeps the case closed', async () => {
		await run(CREATE, [detractor({ sla: { policy: 'p', startedAt: 'x', dueAt: 'y', resumeUrl: 'http://waits.test/webhook-waiting/78/sla?signature=s2', outcome: null, resolvedAt: null } })]);
		nock('http://waits.test').post('/webhook-waiting/78/sla').query(true).reply(409, { message: 'The execution "78" has finished already.' });

		const result = await run(CLOSE, [{ caseKey: 'resp-1001', twoWayContact: 'yes', resolved: 'yes' }]);

		expect(cases(result)[0]).toMatchObject({ closed: true, slaResume: { outcome: 'notWaiting', httpStatus: 409 } });
	});

	it('refuses a root cause outside the list when free text is off', async () => {
		await openedCase();
		const result = await run({ ...CLOSE, options: { freeTextRootCause: false } }, [{ caseKey: 'resp-1001', twoWayContact: 'yes', resolved: 'yes', rootCause: 'Bad luck' }]);

		expect((failures(result)[0].error as IDataObject).message).toContain('Root Cause "Bad luck" is not in the list');
	});

	it('adds a private note, and gets the case by its id', async () => {
		const opened = await openedCase();
		await run({ provider: 'dataTable', operation: 'addNote', findBy: 'id', caseReferenceId: opened.id as string, noteText: 'Appel 1 : messagerie' }, [{}]);
		const got = await run({ provider: 'dataTable', operation: 'get', findBy: 'id', caseReferenceId: opened.id as string }, [{}]);

		expect(cases(got)[0]).toMatchObject({ outcome: 'fetched', id: opened.id, key: 'resp-1001' });
		expect(api.rows(DEFAULT_CASE_TABLE)[0].notes).toMatch(/^\[\d{4}-\d\d-\d\dT[^\]]+\] Appel 1 : messagerie$/);
	});

	it('sends a case it cannot find to the Error output, naming it', async () => {
		const result = await run({ provider: 'dataTable', operation: 'get', findBy: 'key', caseReferenceKey: 'nope' }, [{}]);

		expect((failures(result)[0].error as IDataObject).message).toBe('n8n Data Table has no case with key "nope"');
	});
});

describe('Create Case on n8n Data Tables: faults', () => {
	it('waits out a 429 with Retry-After, then opens the case', async () => {
		api.failures.push({ method: 'GET', path: /^\/data-tables$/, status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too many requests' } });

		const result = await run(CREATE, [detractor()]);

		expect(cases(result)[0]).toMatchObject({ outcome: 'created' });
		expect(api.callsTo('GET', /^\/data-tables$/).length).toBeGreaterThanOrEqual(3);
	});

	it('puts an insert that failed with a 5xx on the Error output, retryable, and a retry finds the row n8n had stored', async () => {
		api.failures.push({ method: 'POST', path: /\/rows$/, status: 503, body: { message: 'Service unavailable' }, applied: true });

		const first = await run(CREATE, [detractor()]);
		const [failed] = failures(first);
		expect(failed.error).toMatchObject({ operation: 'create', provider: 'dataTable', httpStatus: 503, retryable: true });
		expect((failed.error as IDataObject).message).toContain('n8n Data Table API: POST /api/v1/data-tables/dt1/rows failed with HTTP 503');
		// The item is whole: feeding it back is the retry.
		expect(failed.feedback).toMatchObject({ id: 'resp-1001' });
		// Not repeated: a POST without an idempotency key could insert twice.
		expect(api.callsTo('POST', /\/rows$/)).toHaveLength(1);

		const retried = await run(CREATE, [failed]);
		expect(cases(retried)[0]).toMatchObject({ outcome: 'found' });
		expect(retried.json(CASE, 0)[0].error).toBeUndefined();
		expect(api.rows(DEFAULT_CASE_TABLE)).toHaveLength(1);
	});

	it('keeps the API key out of outputs, errors and logs', async () => {
		// n8n itself tries a 401 again once with the credential re-applied, so the key is refused every time.
		for (let times = 0; times < 3; times++) api.failures.push({ method: 'GET', path: /^\/data-tables$/, status: 401, body: { message: 'unauthorized' } });

		const result = await run(CREATE, [detractor()]);

		expect(failures(result)[0].error).toMatchObject({ httpStatus: 401, retryable: false });
		expect(JSON.stringify(result.run?.data)).not.toContain(TEST_KEY_VALUE);
		expect(JSON.stringify(result.logs)).not.toContain(TEST_KEY_VALUE);
	});

	it('sends an item without feedback to the Error output, naming the key and the node that sets it', async () => {
		const result = await run(CREATE, [{ orderId: 'O-1' }, detractor()]);

		expect(failures(result)[0].error).toMatchObject({ field: 'feedback', retryable: false });
		expect(cases(result)).toHaveLength(1);
	});

	it('fails the node on a template with an unknown placeholder, naming it', async () => {
		const result = await run({ ...CREATE, options: { subjectFr: '{{client.nom}}' } }, [detractor()]);

		expect(result.error?.message).toContain('Case template templates.fr.subject: unknown placeholder {{client.nom}}');
		expect(api.calls).toHaveLength(0);
	});
});
