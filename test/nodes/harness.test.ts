/**
 * The harness itself, on what later nodes (Create Case, Contact Attempt…) will need:
 * HTTP through n8n's request helpers, mocked with nock, with credentials applied as n8n applies them.
 */
import type { ICredentialType, IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, IWebhookFunctions } from 'n8n-workflow';
import nock from 'nock';

import type { RunResult, WorkflowJson } from './harness';
import { chain, resumeByTimeout, resumeByWebhook, runWebhook, runWithItems } from './harness';

const helpdeskApi: ICredentialType = {
	name: 'testHelpdeskApi',
	displayName: 'Test Helpdesk API',
	properties: [
		{ displayName: 'Domain', name: 'domain', type: 'string', default: '' },
		{ displayName: 'API Token', name: 'apiToken', type: 'string', typeOptions: { password: true }, default: '' },
	],
	authenticate: {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiToken}}' } },
	},
};

/** A stand-in for a node that opens a ticket over HTTP, the way our providers will. */
const openTicket: INodeType = {
	description: {
		displayName: 'Open Ticket',
		name: 'openTicket',
		group: ['output'],
		version: 1,
		description: 'Test node',
		defaults: { name: 'Open Ticket' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'testHelpdeskApi', required: true }],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const { domain } = await this.getCredentials<{ domain: string }>('testHelpdeskApi');
		const out = [];
		for (const [index, item] of this.getInputData().entries()) {
			const ticket = await this.helpers.httpRequestWithAuthentication.call(this, 'testHelpdeskApi', {
				method: 'POST',
				url: `https://${domain}/api/v2/tickets.json`,
				body: { ticket: { subject: item.json.subject } },
				json: true,
			});
			out.push({ json: { ...item.json, case: { id: String(ticket.ticket.id) } }, pairedItem: { item: index } });
		}
		return [out];
	},
};

const workflow = chain({
	name: 'Open Ticket',
	type: 'test.openTicket',
	credentials: { testHelpdeskApi: { id: '1', name: 'Helpdesk' } },
});
const options = {
	node: 'Open Ticket',
	items: [{ subject: 'NPS 3: late delivery' }],
	nodeTypes: { 'test.openTicket': openTicket },
	credentialTypes: [helpdeskApi],
	credentials: { testHelpdeskApi: { domain: 'acme.zendesk.com', apiToken: 'secret-token' } },
};

afterEach(() => nock.cleanAll());

describe('node-test harness', () => {
	it('lets a node call an API mocked with nock, authenticated with its credentials', async () => {
		const api = nock('https://acme.zendesk.com', { reqheaders: { authorization: 'Bearer secret-token' } })
			.post('/api/v2/tickets.json', { ticket: { subject: 'NPS 3: late delivery' } })
			.reply(201, { ticket: { id: 35436, status: 'new' } });

		const result = await runWithItems(workflow, options);

		expect(result.error).toBeUndefined();
		expect(result.json('Open Ticket')[0].case).toEqual({ id: '35436' });
		expect(api.isDone()).toBe(true);
	});

	it('refuses any HTTP call that is not mocked', async () => {
		const result = await runWithItems(workflow, options);

		expect(result.error?.message).toMatch(/Disallowed net connect for "acme.zendesk.com:443/);
		expect(result.items('Open Ticket')).toEqual([]);
	});
});

/** A webhook node that counts its calls in static data, from webhook() only, or from execute() too. */
function countingTrigger(countInExecute: boolean): INodeType {
	return {
		description: {
			displayName: 'Counting Trigger',
			name: 'countingTrigger',
			group: ['trigger'],
			version: 1,
			description: 'Test node',
			defaults: { name: 'Counting Trigger' },
			inputs: [],
			outputs: ['main'],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'count' }],
			properties: [],
		},
		async webhook(this: IWebhookFunctions) {
			const data = this.getWorkflowStaticData('node');
			data.webhookCalls = Number(data.webhookCalls ?? 0) + 1;
			const start = (this.getBodyData() as IDataObject).start !== false;
			return start ? { workflowData: [[{ json: {} }]] } : { webhookResponse: { started: false } };
		},
		...(countInExecute
			? {
					async execute(this: IExecuteFunctions) {
						const data = this.getWorkflowStaticData('node');
						data.executions = Number(data.executions ?? 0) + 1;
						return [this.getInputData()];
					},
				}
			: {}),
	};
}

describe('static data, persisted as n8n 2.41.1 persists it', () => {
	const workflowWith = (staticData?: IDataObject): WorkflowJson => ({
		...chain({ name: 'Counting Trigger', type: 'harness.countingTrigger' }),
		staticData,
	});
	const options = (countInExecute: boolean) => ({ nodeTypes: { 'harness.countingTrigger': countingTrigger(countInExecute) } });
	const stored = (workflow: WorkflowJson) => workflow.staticData?.['node:Counting Trigger'] as IDataObject | undefined;

	it('saves what webhook() wrote when no execution starts', async () => {
		const workflow = workflowWith({});
		await runWebhook(workflow, { ...options(false), request: { body: { start: false } } });
		expect(stored(workflow)).toEqual({ webhookCalls: 1 });
	});

	it('loses what webhook() wrote when it starts an execution, except in a workflow that had no static data yet', async () => {
		const first = workflowWith();
		await runWebhook(first, { ...options(false), request: { body: {} } });
		expect(stored(first)).toEqual({ webhookCalls: 1 });
		await runWebhook(first, { ...options(false), request: { body: {} } });
		// The second call's write was lost: the execution's Workflow reset __dataChanged before the save.
		expect(stored(first)).toEqual({ webhookCalls: 1 });
	});

	it('saves what the webhook node’s execute() wrote in the execution', async () => {
		const workflow = workflowWith({});
		for (let call = 0; call < 3; call++) await runWebhook(workflow, { ...options(true), request: { body: {} } });
		expect(stored(workflow)).toMatchObject({ executions: 3 });
	});
});

/**
 * A node that waits with its input and a restart webhook that resumes to output 1 (or refuses),
 * and that keeps a reference to the items it waited with, as a careless node might.
 */
const keptItems: INodeExecutionData[][] = [];
const waitingNode: INodeType = {
	description: {
		displayName: 'Waiting Node',
		name: 'waitingNode',
		group: ['transform'],
		version: 1,
		description: 'Test node',
		defaults: { name: 'Waiting Node' },
		inputs: ['main'],
		outputs: ['main', 'main'],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'go', restartWebhook: true }],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const items = this.getInputData();
		keptItems.push(items);
		await this.putExecutionToWait(new Date('2030-01-01T00:00:00.000Z'));
		return [[{ json: { discarded: true } }], []];
	},
	async webhook(this: IWebhookFunctions) {
		const waiting = this.evaluateExpression('{{ $input.all() }}', 0) as INodeExecutionData[];
		if ((this.getBodyData() as IDataObject).go !== true) return { webhookResponse: { resumed: false } };
		return { workflowData: [[], waiting.map((item) => ({ json: { ...item.json, resumedBy: 'webhook' } }))] };
	},
};

describe('waiting executions, saved and resumed as n8n 2.41.1 does', () => {
	const workflow = chain({ name: 'Waiting Node', type: 'harness.waitingNode' });
	const run = async () =>
		await runWithItems(workflow, { node: 'Waiting Node', items: [{ id: 1 }], nodeTypes: { 'harness.waitingNode': waitingNode } });
	const resumeUrl = (waiting: RunResult) =>
		`http://localhost:5678/webhook-waiting/${waiting.executionId}/go?signature=${waiting.waiting?.data.resumeToken}`;

	it('resumes from the saved data, not from objects the run still holds', async () => {
		const waiting = await run();
		expect(waiting.waiting?.waitTill).toEqual(new Date('2030-01-01T00:00:00.000Z'));
		// Changed after n8n saved the execution: a resume from the database never sees it.
		keptItems[keptItems.length - 1][0].json.changedAfterSave = true;

		const timedOut = await resumeByTimeout(waiting);
		expect(timedOut.json('Waiting Node', 0)).toEqual([{ id: 1 }]);
		expect(timedOut.outputs('Waiting Node')).toHaveLength(1);
	});

	it('resumes by webhook with its data on every output, or keeps waiting when the webhook sends none', async () => {
		const waiting = await run();
		const refused = await resumeByWebhook(waiting, { request: { url: resumeUrl(waiting), body: { go: false } } });
		expect(refused.http).toMatchObject({ status: 200, body: { resumed: false } });
		expect(refused.started).toBe(false);
		expect(refused.waiting?.executionId).toBe(waiting.executionId);

		const resumed = await resumeByWebhook(waiting, { request: { url: resumeUrl(waiting), body: { go: true } } });
		expect(resumed.http).toMatchObject({ status: 200 });
		expect(resumed.waiting).toBeUndefined();
		expect(resumed.json('Waiting Node', 0)).toEqual([]);
		expect(resumed.json('Waiting Node', 1)).toEqual([{ id: 1, resumedBy: 'webhook' }]);
		expect(resumed.run?.data.resultData.runData['Waiting Node']).toHaveLength(1);
	});

	it('answers a wrong signature 401, an unknown path 404 and a finished execution 409', async () => {
		const waiting = await run();
		const url = resumeUrl(waiting);
		const call = async (target: string) =>
			(await resumeByWebhook(waiting, { request: { url: target, body: { go: true } } })).http?.status;
		expect(await call(url.replace(/signature=\w+/, 'signature=wrong'))).toBe(401);
		expect(await call(url.replace('/go?', '/other?'))).toBe(404);
		expect(await call(url)).toBe(200);
		expect(await call(url)).toBe(409);
	});
});
