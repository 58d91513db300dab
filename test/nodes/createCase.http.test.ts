/**
 * Create Case with the HTTP (Any JSON API) provider, through the node in n8n's engine: the editor's parameters reach
 * the provider's settings, a second run finds the case through the lookup, a close PATCHes the close body, and a
 * failed create goes to the Error output, retryable, without the credential.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import type { RunResult } from './harness';
import { chain, runWithItems } from './harness';

const CASE = 'Create Case';
const BASE = 'https://cases.example.org';
const TOKEN = 'tok-5d1e77a0b3';

const CREATE: INodeParameters = { provider: 'http', operation: 'create', dueDate: 'none', options: { apiRetries: 1 } };

function detractor(): IDataObject {
	return {
		feedback: {
			id: 'resp-2002',
			revision: 1,
			source: 'custom-json',
			touchpoint: 'delivery',
			submittedAt: '2026-11-24T16:05:00.000Z',
			locale: 'en-GB',
			respondent: { customerId: 'C-12', email: 'jo.smith@example.com', name: 'Jo Smith' },
			metrics: [{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10 }],
			comment: 'Parcel "arrived" broken',
		},
		classification: {
			category: 'detractor',
			primaryMetric: 'nps',
			metrics: [{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: null, category: 'detractor' }],
			topics: [{ topic: 'delivery', label: 'Delivery', matched: ['parcel'] }],
			priority: 'P2',
			reasons: ['NPS 3 is a detractor'],
		},
		alert: {
			outcome: 'alert', rule: 'Delivery', owner: { name: 'Delivery desk', email: 'desk@example.org', phone: null, helpdeskUserId: null },
			coach: null, message: null, reasons: [], route: null, reason: 'first alert', key: 'k', keyField: 'respondent.customerId',
			at: '2026-11-24T16:05:01.000Z', revision: 1, earlierAlertAt: null,
		},
	};
}

async function run(parameters: INodeParameters, items: IDataObject[]): Promise<RunResult> {
	const workflow = chain({
		name: CASE,
		type: 'createCase',
		parameters,
		credentials: { closedLoopCaseHttpApi: { id: '1', name: 'Cases API' } },
		onError: 'continueErrorOutput',
	});
	return await runWithItems(workflow, {
		node: CASE,
		items,
		credentials: { closedLoopCaseHttpApi: { baseUrl: BASE, authentication: 'bearerToken', token: TOKEN, testPath: '/me' } },
	});
}

const ticket = { id: 'T-1', status: 'new', external_id: 'resp-2002', priority: 'high', custom_fields: { closed_loop_revision: 1 } };

jest.setTimeout(30_000);
afterEach(() => nock.cleanAll());

describe('Create Case with the HTTP provider', () => {
	it('opens one case, then finds it on a second run of the same response', async () => {
		nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } }).get('/tickets').query({ external_id: 'resp-2002' }).reply(200, []);
		let sent: IDataObject = {};
		const created = nock(BASE)
			.post('/tickets', (body: IDataObject) => ((sent = body), true))
			.reply(201, ticket);
		nock(BASE).get('/tickets').query({ external_id: 'resp-2002' }).reply(200, [ticket]);

		const first = await run(CREATE, [detractor()]);
		const second = await run(CREATE, [detractor()]);

		expect(first.error).toBeUndefined();
		expect(first.json(CASE, 0)[0].case).toMatchObject({ provider: 'http', id: 'T-1', key: 'resp-2002', outcome: 'created', status: 'new', priority: 'P2', revision: 1 });
		expect(second.json(CASE, 0)[0].case).toMatchObject({ id: 'T-1', outcome: 'found' });
		expect(created.isDone()).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
		// The draft went through the default body: the priority mapped, the comment's quotes kept.
		expect(sent).toMatchObject({ priority: 'high', external_id: 'resp-2002', assignee_email: 'desk@example.org', requester: { name: 'Jo Smith', email: 'jo.smith@example.com' } });
		expect(String(sent.description)).toContain('Parcel "arrived" broken');
	});

	it('closes the case found by key with the close body', async () => {
		nock(BASE).get('/tickets').query({ external_id: 'resp-2002' }).reply(200, [ticket]);
		const close = nock(BASE)
			.patch('/tickets/T-1', (body: IDataObject) => body.status === 'solved' && (body.custom_fields as IDataObject).closed_loop_two_way_contact === true)
			.reply(200, { ...ticket, status: 'solved' });

		const result = await run(
			{ provider: 'http', operation: 'close', findBy: 'key', caseReferenceKey: 'resp-2002', twoWayContact: 'yes', resolved: 'yes', rootCause: 'delivery', httpCaseCloseStatus: 'solved', resumeSla: false },
			[{ caseKey: 'resp-2002' }],
		);

		expect(result.json(CASE, 0)[0].case).toMatchObject({ id: 'T-1', outcome: 'closed', status: 'solved', closed: true, integrity: [] });
		expect(close.isDone()).toBe(true);
	});

	it('puts a create the API failed on the Error output, retryable, without the token', async () => {
		nock(BASE).get('/tickets').query(true).reply(200, []);
		nock(BASE).post('/tickets').reply(503, { message: 'Maintenance' });

		const result = await run(CREATE, [detractor()]);

		const [failed] = result.json(CASE, 1);
		expect(failed.error).toMatchObject({
			message: 'HTTP (Any JSON API) API: POST /tickets failed with HTTP 503 (not retried: a POST without an idempotency key could be performed twice)',
			description: 'Maintenance',
			httpStatus: 503,
			retryable: true,
			provider: 'http',
		});
		expect(JSON.stringify(result.json(CASE, 1))).not.toContain(TOKEN);
		expect(JSON.stringify(result.logs)).not.toContain(TOKEN);
	});
});
