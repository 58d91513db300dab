/**
 * Create Case with the Zendesk provider, in n8n's engine, after Score & Classify and Alert Rule, against the
 * loopback Zendesk: the alerted detractor opens one ticket, a repeated delivery finds it, its revision updates it,
 * and Close solves it with its integrity flags.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { FakeZendesk } from '../support/fakeZendesk.cjs';
import { startFakeZendesk } from '../support/fakeZendesk.cjs';
import type { WorkflowJson } from './harness';
import { chain, runWithItems } from './harness';

const EMAIL = 'cx-bot@acme.com';
const ACCESS = 'zd-node-token-a1b2c3';
const CLASSIFY = 'Score & Classify';
const CASE = 'Create Case';

let fake: FakeZendesk;
let counter = 0;
beforeEach(async () => {
	fake = await startFakeZendesk({ email: EMAIL, apiToken: ACCESS, users: [{ name: 'Claire Martin', email: 'claire.martin@example.com' }] });
});
afterEach(async () => await fake.close());

function detractor(revision = 1): IDataObject {
	return {
		feedback: {
			id: 'r-zd-1',
			revision,
			source: 'custom-json',
			touchpoint: 'delivery',
			submittedAt: '2026-11-24T16:05:00.000Z',
			locale: 'en',
			respondent: { customerId: null, email: 'jane.doe@example.com', name: 'Jane Doe', phone: null },
			metrics: [{ type: 'nps', score: revision === 1 ? 2 : 1, scaleMin: 0, scaleMax: 10 }],
			comment: revision === 1 ? 'My parcel arrived a week late' : 'My parcel arrived a week late, and broken',
		},
	};
}

function workflow(parameters: INodeParameters): WorkflowJson {
	const json = chain(
		{ name: CLASSIFY, type: 'scoreClassify' },
		{
			name: 'Alert Rule',
			type: 'alertRule',
			parameters: {
				rulesInput: 'json',
				rulesJson: JSON.stringify({
					match: 'first',
					rules: [{ name: 'Detractor', owner: { name: 'Claire Martin', email: 'claire.martin@example.com' }, when: { conditions: [{ field: 'classification.category', operator: 'equals', value: 'detractor' }] } }],
				}),
				cooldownHours: 0,
			},
		},
		{ name: CASE, type: 'createCase', parameters: { provider: 'zendesk', dueDate: 'none', ...parameters }, credentials: { closedLoopZendeskApi: { id: 'zd', name: 'Zendesk' } } },
	);
	json.id = `create-case-zendesk-${++counter}`;
	return json;
}

async function run(parameters: INodeParameters, item: IDataObject) {
	const result = await runWithItems(workflow(parameters), {
		node: CLASSIFY,
		items: [item],
		credentials: { closedLoopZendeskApi: { subdomain: fake.baseUrl, email: EMAIL, apiToken: ACCESS } },
	});
	const [cases = [], errors = []] = result.outputs(CASE);
	return { result, cases: cases.map((entry) => entry.json), errors: errors.map((entry) => entry.json) };
}

describe('Create Case with Zendesk', () => {
	it('opens one ticket for the alerted detractor, finds it on a repeated delivery, updates it on a revision, and solves it on Close', async () => {
		const first = await run({ operation: 'create' }, detractor());
		expect(first.errors).toEqual([]);
		expect(first.cases[0].case).toMatchObject({ provider: 'zendesk', key: 'r-zd-1', status: 'open', outcome: 'created', priority: 'P1', providerPriority: 'urgent', revision: 1 });
		const [ticket] = fake.tickets();
		expect(ticket).toMatchObject({ external_id: 'r-zd-1', assignee_id: 9000, priority: 'urgent' });
		expect(fake.comments(ticket.id)[0].public).toBe(false);

		const repeated = await run({ operation: 'create' }, detractor());
		expect(repeated.cases[0].case).toMatchObject({ id: String(ticket.id), outcome: 'found' });

		const revised = await run({ operation: 'create' }, detractor(2));
		expect(revised.cases[0].case).toMatchObject({ id: String(ticket.id), outcome: 'updated', revision: 2 });
		expect(fake.tickets()).toHaveLength(1);

		const closed = await run(
			{ operation: 'close', findBy: 'key', caseReferenceKey: 'r-zd-1', twoWayContact: 'no', resolved: 'yes', rootCause: 'delivery', closeNotes: 'TBC', resumeSla: false },
			revised.cases[0],
		);
		expect(closed.errors).toEqual([]);
		expect(closed.cases[0].case).toMatchObject({ status: 'solved', closed: true, outcome: 'closed', integrity: ['resolved-without-two-way-contact', 'closed-while-pending'] });
		expect(fake.ticket(ticket.id)?.tags).toEqual(expect.arrayContaining(['closed_loop_integrity_resolved_without_two_way_contact', 'closed_loop_integrity_closed_while_pending']));
		expect(fake.comments(ticket.id).map((comment) => comment.public)).toEqual([false, false, false]);
	}, 60_000);
});
