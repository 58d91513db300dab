/**
 * Create Case on a real n8n server, on its default store: this n8n's own Data Tables, through n8n's public API with
 * the API key and credential the server set-up creates. The shipped detractor template opens the case before its
 * alert and waits in SLA Wait; small workflows beside it open cases from a webhook (revisions, two runs at once)
 * and close them, which resumes the template's wait. A variant of the template opens its case in a loopback
 * server that speaks Zendesk's ticket API.
 *
 * Needs `npm run build` and `node scripts/runtime.mjs ensure` first (`npm run test:e2e` does both).
 */
import type { Execution, N8nServer } from '../../scripts/n8n-server.cjs';
import { CASE_STORE_CREDENTIAL, createTempUserFolder, freePorts, nodeOutput, readDataTableSeeds, readWorkflows, sleep, startN8n } from '../../scripts/n8n-server.cjs';
import type { FakeZendesk } from '../support/fakeZendesk.cjs';
import { startFakeZendesk } from '../support/fakeZendesk.cjs';
import { readJsonFile, writeJsonFile } from '../support/files.cjs';

const TEMPLATE_ID = 'cl0nps0cust0mjs0';
const TEMPLATE_PATH = 'nps-detractor-recovery-json';
const ZENDESK_ID = 'e2e0zendesk0case';
const ZENDESK_PATH = 'nps-detractor-recovery-zendesk';
const CLOSE_FORM_ID = 'cl0closecaseform';
const OPEN_ID = 'e2e0open0case000';
const CLOSE_ID = 'e2e0close0case00';
const CASES_TABLE = 'Closed-loop cases';
const ZENDESK_LOGIN = { email: 'cx-bot@acme.example', apiToken: ['zd', 'e2e', 'token'].join('-') };

let server: N8nServer | undefined;
let userFolder: { path: string; remove(): void } | undefined;
let zendesk: FakeZendesk | undefined;

function n8n(): N8nServer {
	if (!server) throw new Error('n8n did not start; see the beforeAll error above');
	return server;
}

const detractor = {
	responseId: 'e2e-case-0001',
	score: 2,
	comment: 'Livraison en retard de trois jours et personne ne répond au téléphone',
	email: 'Claire.Martin@Exemple.FR',
	touchpoint: 'delivery',
	store: 'Lyon',
	locale: 'fr-FR',
};

/** A workflow that runs one Create Case on what a webhook receives, and answers with what it sent out. */
function webhookCase(id: string, path: string, caseParameters: Record<string, unknown>) {
	return {
		id,
		name: `e2e ${path}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-hook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${id}-hook`,
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: `${id}-body`,
				name: 'The item',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [250, 0],
				parameters: { mode: 'raw', jsonOutput: '={{ JSON.stringify($json.body) }}', options: {} },
			},
			{
				id: `${id}-case`,
				name: 'Create Case',
				type: 'n8n-nodes-closed-loop.createCase',
				typeVersion: 1,
				position: [500, 0],
				parameters: { provider: 'dataTable', ...caseParameters },
				credentials: { [CASE_STORE_CREDENTIAL.type]: { id: CASE_STORE_CREDENTIAL.id, name: CASE_STORE_CREDENTIAL.name } },
			},
			{ id: `${id}-merge`, name: 'Either output', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [750, 0], parameters: {} },
		],
		connections: {
			Webhook: { main: [[{ node: 'The item', type: 'main', index: 0 }]] },
			'The item': { main: [[{ node: 'Create Case', type: 'main', index: 0 }]] },
			'Create Case': { main: [[{ node: 'Either output', type: 'main', index: 0 }], [{ node: 'Either output', type: 'main', index: 0 }]] },
		},
	};
}

/** The detractor template with its Create Case on Zendesk (the loopback one) instead of the Data Table. */
function zendeskVariant() {
	const template = readWorkflows().find((workflow) => workflow.id === TEMPLATE_ID);
	if (!template) throw new Error(`workflows/ has no workflow ${TEMPLATE_ID}`);
	const workflow = readJsonFile(template.file);
	workflow.id = ZENDESK_ID;
	workflow.name = 'NPS detractor recovery (Zendesk, e2e)';
	for (const [index, node] of workflow.nodes.entries()) {
		// Ids unique across the instance: the template itself is imported beside this variant.
		node.id = `e2e0zd00-0000-4000-8000-${String(index).padStart(12, '0')}`;
		if (node.type === 'n8n-nodes-closed-loop.surveyTrigger') {
			node.parameters.path = ZENDESK_PATH;
			node.webhookId = `${ZENDESK_ID}-hook`;
		}
		if (node.type === 'n8n-nodes-closed-loop.createCase') {
			node.parameters = { ...node.parameters, provider: 'zendesk' };
			node.credentials = { closedLoopZendeskApi: { id: 'e2ezendesk000001', name: 'Zendesk (loopback)' } };
		}
	}
	return workflow;
}

async function cases(): Promise<Array<Record<string, unknown>>> {
	return (await n8n().client.dataTableRows(CASES_TABLE)) ?? [];
}

/** The one execution of `workflowId` started since `before`, once it stops running (a wait counts as stopped). */
async function newExecution(workflowId: string, before: Array<{ id: string }>, timeoutMs = 30_000): Promise<Execution> {
	const { client } = n8n();
	for (let waited = 0; waited < timeoutMs; waited += 250) {
		const added = (await client.listExecutions(workflowId)).filter((summary) => !before.some((old) => old.id === summary.id));
		if (added.length === 1 && !['new', 'running'].includes(added[0].status)) return await client.getExecution(added[0].id);
		await sleep(250);
	}
	throw new Error(`no new execution of ${workflowId} settled within ${timeoutMs} ms`);
}

async function untilFinished(executionId: string, timeoutMs = 30_000): Promise<Execution> {
	for (let waited = 0; waited < timeoutMs; waited += 250) {
		const execution = await n8n().client.getExecution(executionId);
		if (!['new', 'running', 'waiting'].includes(execution.status)) return execution;
		await sleep(250);
	}
	throw new Error(`execution ${executionId} did not finish within ${timeoutMs} ms`);
}

/** What a webhook-case workflow answers: the item Create Case sent out, with its `case` (or `error`). */
interface CaseAnswer {
	case: { id: string; key: string; outcome: string; [field: string]: unknown };
	error?: { message: string };
}

/** Posts to a webhook-case workflow and returns the item it answered with. */
async function callCase(path: string, body: Record<string, unknown>): Promise<CaseAnswer> {
	const answer = await n8n().client.postWebhook(path, body);
	if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	const [item] = answer.body as CaseAnswer[];
	return item;
}

function feedbackFor(responseId: string, revision: number, comment: string) {
	return {
		feedback: {
			id: responseId,
			revision,
			source: 'custom-json',
			touchpoint: 'delivery',
			submittedAt: '2026-11-24T16:05:00.000Z',
			locale: 'fr-FR',
			respondent: { email: 'claire.martin@exemple.fr', name: 'Claire Martin' },
			metrics: [{ type: 'nps', score: 2, scaleMin: 0, scaleMax: 10 }],
			comment,
		},
		classification: { category: 'detractor', primaryMetric: 'nps', metrics: [], priority: 'P1', reasons: [] },
	};
}

beforeAll(async () => {
	zendesk = await startFakeZendesk({ ...ZENDESK_LOGIN, users: [{ name: 'Delivery desk', email: 'delivery-desk@example.com' }] });
	userFolder = createTempUserFolder('closed-loop-e2e-case-');
	const workflowsDir = `${userFolder.path}/import`;
	for (const id of [TEMPLATE_ID, CLOSE_FORM_ID]) {
		const template = readWorkflows().find((workflow) => workflow.id === id);
		if (!template) throw new Error(`workflows/ has no workflow ${id}`);
		writeJsonFile(workflowsDir, `${id}.json`, readJsonFile(template.file));
	}
	writeJsonFile(workflowsDir, `${ZENDESK_ID}.json`, zendeskVariant());
	writeJsonFile(workflowsDir, `${OPEN_ID}.json`, webhookCase(OPEN_ID, 'e2e-open-case', { operation: 'create', dueDate: 'none', options: { linkSlaWait: false } }));
	writeJsonFile(
		workflowsDir,
		`${CLOSE_ID}.json`,
		webhookCase(CLOSE_ID, 'e2e-close-case', { operation: 'close', findBy: 'key', caseReferenceKey: '={{ $json.caseKey }}', options: {} }),
	);
	const credentialsFile = writeJsonFile(userFolder.path, 'credentials.json', [
		{ id: 'e2ezendesk000001', name: 'Zendesk (loopback)', type: 'closedLoopZendeskApi', data: { subdomain: zendesk.baseUrl, ...ZENDESK_LOGIN } },
	]);
	const [port, brokerPort] = await freePorts(2);
	server = await startN8n({
		userFolder: userFolder.path,
		port,
		brokerPort,
		workflowsDir,
		credentialsFile,
		dataTables: readDataTableSeeds(),
		publish: [TEMPLATE_ID, ZENDESK_ID, CLOSE_FORM_ID, OPEN_ID, CLOSE_ID],
	});
}, 300_000);

afterAll(async () => {
	await server?.stop();
	await zendesk?.close();
	userFolder?.remove();
}, 60_000);

describe('Create Case on a real n8n, in its own Data Tables', () => {
	let waiting: Execution;
	const key = `custom-json:${detractor.responseId}`;

	it('opens one case for the alerted detractor, before the alert, and the execution waits in SLA Wait', async () => {
		const before = await n8n().client.listExecutions(TEMPLATE_ID);
		const answer = await n8n().client.postWebhook(TEMPLATE_PATH, detractor);
		expect(answer.status).toBe(200);
		waiting = await newExecution(TEMPLATE_ID, before);

		expect(waiting.status).toBe('waiting');
		const [opened] = nodeOutput(waiting, 'Create Case', { output: 0 });
		expect(opened.case).toMatchObject({ provider: 'dataTable', key, outcome: 'created', status: 'open', priority: expect.stringMatching(/^P[1-4]$/) });
		const rows = (await cases()).filter((row) => row.caseKey === key);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ status: 'open', ownerEmail: 'delivery-desk@example.com', customerEmail: 'claire.martin@exemple.fr' });
		// The link the case stores is the one this execution's SLA Wait answers.
		expect(String(rows[0].resumeUrl)).toContain(`/webhook-waiting/${waiting.id}/sla?signature=`);
		expect(String(rows[0].description)).toContain('Livraison en retard de trois jours');
	}, 60_000);

	it('opens no second case when the survey tool delivers the same response again', async () => {
		const answer = await n8n().client.postWebhook(TEMPLATE_PATH, detractor);
		expect(answer.status).toBe(200);
		await sleep(1_500);

		expect((await cases()).filter((row) => row.caseKey === key)).toHaveLength(1);
	}, 30_000);

	it('updates that case, not a new one, when a revision of the response arrives', async () => {
		const revised = await callCase('e2e-open-case', feedbackFor(key, 2, 'Livraison en retard, et le colis est arrivé abîmé'));

		expect(revised.case).toMatchObject({ key, outcome: 'updated', revision: 2 });
		const rows = (await cases()).filter((row) => row.caseKey === key);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ revision: 2 });
		expect(String(rows[0].description)).toContain('le colis est arrivé abîmé');
	}, 30_000);

	it('ends with one case when the same feedback is opened twice at once', async () => {
		const sameKey = 'custom-json:e2e-case-twice';
		const both = await Promise.all([
			callCase('e2e-open-case', feedbackFor(sameKey, 1, 'Colis perdu')),
			callCase('e2e-open-case', feedbackFor(sameKey, 1, 'Colis perdu')),
		]);

		const rows = (await cases()).filter((row) => row.caseKey === sameKey);
		expect(rows).toHaveLength(1);
		expect(both.map((item) => item.case.id)).toEqual([String(rows[0].id), String(rows[0].id)]);
		expect(both.map((item) => item.case.outcome).sort()).toEqual(['created', 'found']);
	}, 60_000);

	it('flags a close as resolved without two-way contact, and the close resumes the SLA wait on Met', async () => {
		const closed = await callCase('e2e-close-case', { caseKey: key, twoWayContact: 'non', resolved: 'oui', rootCause: 'Livraison en retard, perdue ou abîmée', actionTaken: 'E-mail envoyé' });

		expect(closed.case).toMatchObject({ outcome: 'closed', closed: true, integrity: ['resolved-without-two-way-contact'], slaResume: { outcome: 'resumed' } });
		const [row] = (await cases()).filter((candidate) => candidate.caseKey === key);
		expect(row).toMatchObject({ status: 'closed', twoWayContact: false, rootCause: 'delivery', integrity: 'resolved-without-two-way-contact' });

		const finished = await untilFinished(waiting.id);
		expect(finished.status).toBe('success');
		const [met] = nodeOutput(finished, 'SLA Wait', { output: 1 });
		expect(met.sla).toMatchObject({ outcome: 'met', event: 'resolved', resumeData: { caseKey: key, integrity: ['resolved-without-two-way-contact'] } });
		expect(nodeOutput(finished, 'SLA Wait', { output: 0 })).toEqual([]);
	}, 60_000);

	it('closes a case through the owners’ form: two-way contact first, then the outcome, then the store and the SLA wait', async () => {
		const formKey = `custom-json:${detractor.responseId}-form`;
		const before = await n8n().client.listExecutions(TEMPLATE_ID);
		expect((await n8n().client.postWebhook(TEMPLATE_PATH, { ...detractor, responseId: `${detractor.responseId}-form`, email: 'paul.durand@exemple.fr' })).status).toBe(200);
		const opened = await newExecution(TEMPLATE_ID, before);
		expect(opened.status).toBe('waiting');

		// The link in the owner's email: the form's first page asks only about two-way contact.
		const formUrl = `${n8n().baseUrl}/form/close-case?caseKey=${encodeURIComponent(formKey)}`;
		const first = await fetch(formUrl);
		const firstPage = await first.text();
		expect(first.status).toBe(200);
		expect(firstPage).toContain('Avez-vous échangé avec le client ?');
		expect(firstPage).not.toContain('Le problème est-il résolu ?');

		// n8n's form fields are field-<index>: the hidden case key (filled from the link), then the question.
		const answer = new FormData();
		answer.append('field-0', formKey);
		answer.append('field-1', 'Yes');
		const next = (await (await fetch(formUrl, { method: 'POST', body: answer, signal: AbortSignal.timeout(30_000) })).json()) as { formWaitingUrl: string };
		const pageUrl = next.formWaitingUrl.replace(/^https?:\/\/[^/]+/, n8n().baseUrl);
		// The next page is served once the execution waits on it, a moment after the first page's answer.
		let secondPage = '';
		for (let waited = 0; waited < 20_000 && !secondPage.includes('Le problème est-il résolu ?'); waited += 500) {
			await sleep(500);
			secondPage = await (await fetch(pageUrl, { signal: AbortSignal.timeout(10_000) })).text();
		}
		expect(secondPage).toContain('Le problème est-il résolu ?');

		const outcome = new FormData();
		for (const [index, value] of ['Yes', 'Late, lost or damaged delivery', 'Rappelée, colis renvoyé en express', ''].entries()) outcome.append(`field-${index}`, value);
		expect((await fetch(pageUrl, { method: 'POST', body: outcome, signal: AbortSignal.timeout(30_000) })).status).toBe(200);

		const finished = await untilFinished(opened.id);
		expect(finished.status).toBe('success');
		expect(nodeOutput(finished, 'SLA Wait', { output: 1 })[0].sla).toMatchObject({ outcome: 'met', resumeData: { caseKey: formKey, twoWayContact: true, resolved: true, rootCause: 'delivery' } });
		const [row] = (await cases()).filter((candidate) => candidate.caseKey === formKey);
		expect(row).toMatchObject({ status: 'closed', twoWayContact: true, resolved: true, rootCause: 'delivery', actionTaken: 'Rappelée, colis renvoyé en express', integrity: '' });
	}, 90_000);
});

describe('Create Case on a real n8n, in a helpdesk that speaks Zendesk’s ticket API', () => {
	it('opens one ticket for the alerted detractor, however often the response is delivered', async () => {
		const response = { ...detractor, responseId: 'e2e-zendesk-0001', email: 'nadia.benali@exemple.fr' };
		const before = await n8n().client.listExecutions(ZENDESK_ID);
		expect((await n8n().client.postWebhook(ZENDESK_PATH, response)).status).toBe(200);
		const execution = await newExecution(ZENDESK_ID, before);
		expect((await n8n().client.postWebhook(ZENDESK_PATH, response)).status).toBe(200);
		await sleep(1_500);

		const [opened] = nodeOutput(execution, 'Create Case', { output: 0 });
		expect(opened.case).toMatchObject({ provider: 'zendesk', key: 'custom-json:e2e-zendesk-0001', outcome: 'created' });
		const tickets = zendesk!.tickets().filter((ticket) => ticket.external_id === 'custom-json:e2e-zendesk-0001');
		expect(tickets).toHaveLength(1);
		expect(tickets[0]).toMatchObject({ priority: expect.any(String), status: 'open' });
		expect(zendesk!.requests.filter((request) => request.method === 'POST' && request.path === '/api/v2/tickets')).toHaveLength(1);
	}, 60_000);
});
