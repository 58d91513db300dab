/**
 * The harness itself, on what later nodes (Create Case, Contact Attempt…) will need:
 * HTTP through n8n's request helpers, mocked with nock, with credentials applied as n8n applies them.
 */
import type { ICredentialType, IDataObject, IExecuteFunctions, INodeType, IWebhookFunctions } from 'n8n-workflow';
import nock from 'nock';

import type { WorkflowJson } from './harness';
import { chain, runWebhook, runWithItems } from './harness';

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
