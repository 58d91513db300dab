/**
 * Create Case in n8n's engine with the Freshdesk and ServiceNow providers: the node's Create and Close go through
 * each provider's calls (nock answers shaped as the vendors document them), and the item gets the `case` key and,
 * for a dishonest close, the integrity flag the provider recorded.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { freshdeskKeyQuery } from '../../nodes/CreateCase/providers/freshdesk';
import { serviceNowCaseQuery } from '../../nodes/CreateCase/providers/serviceNow';
import type { RunResult } from './harness';
import { chain, runWithItems } from './harness';
import { alertedDetractor } from './alertedDetractor';

const CASE = 'Create Case';
const FRESHDESK = 'https://acme.freshdesk.com';
const SERVICENOW = 'https://acme.service-now.com';
const CREDENTIALS = {
	closedLoopFreshdeskApi: { domain: 'acme', apiKey: 'fd-node-test-access' },
	closedLoopServiceNowApi: { instance: 'acme', username: 'closed.loop', password: 'sn-node-test-access' },
};
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const CREATE: INodeParameters = {
	operation: 'create',
	dueDate: 'policy',
	durationAmount: 2,
	durationUnit: 'businessDays',
	timeZone: 'Europe/Paris',
	workingHours: { ranges: [{ days: WEEKDAYS, start: '09:00', end: '18:00' }] },
	publicHolidays: ['fr'],
	options: { linkSlaWait: false },
};

const detractor = (): IDataObject => alertedDetractor({ comment: 'Livraison en retard de trois jours' });

async function run(provider: 'freshdesk' | 'serviceNow', parameters: INodeParameters, items: IDataObject[]): Promise<RunResult> {
	const credentialType = provider === 'freshdesk' ? 'closedLoopFreshdeskApi' : 'closedLoopServiceNowApi';
	const workflow = chain({ name: CASE, type: 'createCase', parameters: { provider, ...parameters }, credentials: { [credentialType]: { id: '1', name: provider } } });
	return await runWithItems(workflow, { node: CASE, items, credentials: CREDENTIALS });
}
const caseOf = (result: RunResult) => result.json(CASE, 0)[0]?.case as IDataObject | undefined;

afterEach(() => nock.cleanAll());

describe('Create Case with Freshdesk', () => {
	const ticket = (overrides: Record<string, unknown> = {}) => ({
		id: 501,
		status: 2,
		priority: 4,
		requester_id: 129,
		responder_id: 77,
		source: 2,
		subject: 'x',
		created_at: '2026-11-24T16:05:03Z',
		updated_at: '2026-11-24T16:05:03Z',
		due_by: '2026-11-26T16:05:00Z',
		fr_due_by: '2026-11-26T16:05:00Z',
		custom_fields: { cf_closed_loop_key: 'resp-1001' },
		tags: ['closed-loop', 'detractor', 'delivery', 'closed-loop-rev-1'],
		...overrides,
	});

	it('opens the ticket once (search, owner lookup, create, converge) and closes it with the integrity flag as a tag', async () => {
		let created: Record<string, unknown> = {};
		let closing: Record<string, unknown> = {};
		nock(FRESHDESK)
			.get(`/api/v2/search/tickets?query=${encodeURIComponent(freshdeskKeyQuery('cf_closed_loop_key', 'resp-1001'))}`)
			.reply(200, { total: 0, results: [] })
			.get('/api/v2/agents?email=delivery-desk%40example.com')
			.reply(200, [{ id: 77, contact: { email: 'delivery-desk@example.com' } }])
			.post('/api/v2/tickets', (body: Record<string, unknown>) => ((created = body), true))
			.reply(201, ticket())
			.get('/api/v2/tickets/501')
			.reply(200, ticket())
			.get('/api/v2/tickets?requester_id=129&order_by=created_at&order_type=desc&per_page=100')
			.reply(200, [ticket()]);

		const opened = await run('freshdesk', CREATE, [detractor()]);

		expect(opened.error).toBeUndefined();
		expect(caseOf(opened)).toMatchObject({ provider: 'freshdesk', id: '501', key: 'resp-1001', outcome: 'created', status: 'Open', priority: 'P1', providerPriority: '4', url: `${FRESHDESK}/a/tickets/501` });
		expect(created).toMatchObject({ email: 'claire.martin@exemple.fr', priority: 4, responder_id: 77, custom_fields: { cf_closed_loop_key: 'resp-1001' } });
		// The response is from 2026-11-24: its SLA deadline has passed, and Freshdesk refuses due dates in the past.
		expect(created).not.toHaveProperty('due_by');
		expect(caseOf(opened)?.warnings).toEqual([expect.stringContaining('2026-11-26T16:05:00.000Z is already past')]);

		nock(FRESHDESK)
			.get('/api/v2/tickets/501')
			.times(2)
			.reply(200, ticket())
			.get('/api/v2/tickets/501/conversations')
			.reply(200, [])
			.put('/api/v2/tickets/501', (body: Record<string, unknown>) => ((closing = body), true))
			.reply(200, ticket({ status: 4, tags: [...ticket().tags, 'resolved-without-two-way-contact'] }))
			.post('/api/v2/tickets/501/notes')
			.reply(201, { id: 9, private: true, body: '<div>Dossier clos</div>' });
		const closed = await run('freshdesk', { operation: 'close', findBy: 'id', caseReferenceId: '501', twoWayContact: 'non', resolved: 'oui', resumeSla: false }, [{}]);

		expect(closed.json(CASE, 1)).toEqual([]);
		expect(caseOf(closed)).toMatchObject({ outcome: 'closed', status: 'Resolved', closed: true, integrity: ['resolved-without-two-way-contact'] });
		expect(closing).toMatchObject({ status: 4, tags: expect.arrayContaining(['resolved-without-two-way-contact']) });
	});
});

describe('Create Case with ServiceNow', () => {
	const SYS_ID = 'c537bae64f411200adf9f8e18110c76e';
	const incident = (overrides: Record<string, unknown> = {}) => ({
		sys_id: SYS_ID,
		number: 'INC0010002',
		state: '1',
		impact: '2',
		urgency: '1',
		due_date: '2026-11-26 16:05:00',
		sys_created_on: '2026-11-24 16:05:03',
		correlation_id: 'resp-1001',
		correlation_display: 'Closed Loop',
		description: 'x\n\n[Closed Loop] revision 1',
		close_notes: '',
		...overrides,
	});
	const query = `sysparm_query=${encodeURIComponent(serviceNowCaseQuery('resp-1001', 'Closed Loop'))}`;

	it('inserts the incident once (query, caller and owner lookups, insert, converge), then a second run finds it', async () => {
		let inserted: Record<string, unknown> = {};
		let queries = 0;
		nock(SERVICENOW)
			.get((path) => path.startsWith(`/api/now/table/incident?${query}`))
			.times(3)
			.reply(200, () => ({ result: queries++ === 0 ? [] : [incident()] }))
			.get((path) => path.startsWith('/api/now/table/sys_user?'))
			.times(2)
			.reply(200, (path) => ({ result: path.includes('delivery-desk') ? [{ sys_id: '46d44a23a9fe19810012d100cca80666' }] : [] }))
			.post((path) => path.startsWith('/api/now/table/incident?'), (body: Record<string, unknown>) => ((inserted = body), true))
			.reply(201, { result: incident() });

		const opened = await run('serviceNow', CREATE, [detractor()]);
		const again = await run('serviceNow', CREATE, [detractor()]);

		expect(opened.error).toBeUndefined();
		expect(caseOf(opened)).toMatchObject({ provider: 'serviceNow', id: SYS_ID, outcome: 'created', status: 'New', priority: 'P1', providerPriority: 'impact=2,urgency=1', dueAt: '2026-11-26T16:05:00.000Z' });
		expect(caseOf(opened)?.warnings).toEqual([expect.stringContaining('the incident has no caller')]);
		expect(inserted).toMatchObject({ correlation_id: 'resp-1001', impact: '2', urgency: '1', assigned_to: '46d44a23a9fe19810012d100cca80666', due_date: '2026-11-26 16:05:00' });
		expect(caseOf(again)).toMatchObject({ outcome: 'found', id: SYS_ID, revision: 1 });
	});
});
