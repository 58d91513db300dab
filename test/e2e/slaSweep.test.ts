/**
 * The SLA sweep template on a real n8n server: n8n's own Data Table node reads the open cases and writes their
 * status back, SLA Wait (check) sorts them. The hourly Schedule Trigger is swapped for a Webhook so the test can
 * run a sweep when it wants; everything after it is the shipped template.
 *
 * n8n's clock cannot be set, so the cases are placed relative to now: opened ten days ago (breached, or met when
 * resolved an hour after opening) or just now (on track). At Risk depends on the hour of the week; the node tests
 * cover it at a fixed time.
 *
 * Needs `npm run build` and `node scripts/runtime.mjs ensure` first (`npm run test:e2e` does both).
 */
import type { Execution, N8nServer } from '../../scripts/n8n-server.cjs';
import { createTempUserFolder, freePorts, nodeOutput, readDataTableSeeds, readWorkflows, sleep, startN8n } from '../../scripts/n8n-server.cjs';
import { readJsonFile, writeJsonFile } from '../support/files.cjs';

const WORKFLOW_ID = 'cl0slasweep0cases';
const SWEEP_PATH = 'sla-sweep-e2e';
const CHECK = 'Check the SLAs';
const DAY_MS = 24 * 3_600_000;

let server: N8nServer | undefined;
let userFolder: { path: string; remove(): void } | undefined;
const now = Date.now();
const people = { ownerName: 'Claire Martin', ownerEmail: 'claire.martin@example.com', coachName: 'Paul Girard', coachEmail: 'paul.girard@example.com' };
const tenDaysAgo = new Date(now - 10 * DAY_MS);
const cases = [
	{ caseId: 'E2E-BREACHED', customerEmail: 'a@example.fr', ...people, openedAt: tenDaysAgo.toISOString(), resolvedAt: null, status: 'open' },
	{
		caseId: 'E2E-MET',
		customerEmail: 'b@example.fr',
		...people,
		openedAt: tenDaysAgo.toISOString(),
		resolvedAt: new Date(tenDaysAgo.getTime() + 3_600_000).toISOString(),
		status: 'open',
	},
	{ caseId: 'E2E-ON-TRACK', customerEmail: 'c@example.fr', ...people, openedAt: new Date(now).toISOString(), resolvedAt: null, status: 'open' },
	{ caseId: 'E2E-DONE', customerEmail: 'd@example.fr', ...people, openedAt: tenDaysAgo.toISOString(), resolvedAt: null, status: 'escalated' },
];

function n8n(): N8nServer {
	if (!server) throw new Error('n8n did not start; see the beforeAll error above');
	return server;
}

/** The shipped sweep, started by a Webhook instead of its hourly schedule. */
function sweepOnDemand() {
	const template = readWorkflows().find((workflow) => workflow.id === WORKFLOW_ID);
	if (!template) throw new Error(`workflows/ has no workflow ${WORKFLOW_ID}`);
	const workflow = readJsonFile(template.file);
	const schedule = workflow.nodes.find((node: { type: string }) => node.type === 'n8n-nodes-base.scheduleTrigger');
	Object.assign(schedule, {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: 'e2e-sla-sweep-hook',
		parameters: { httpMethod: 'POST', path: SWEEP_PATH, responseMode: 'onReceived', options: {} },
	});
	return workflow;
}

/** Runs one sweep and returns its execution, once finished. */
async function sweep(): Promise<Execution> {
	const { client } = n8n();
	const before = await client.listExecutions(WORKFLOW_ID);
	const answer = await client.postWebhook(SWEEP_PATH, {});
	if (answer.status !== 200) throw new Error(`the webhook answered ${answer.status}: ${JSON.stringify(answer.body)}`);
	for (let waited = 0; waited < 30_000; waited += 250) {
		const added = (await client.listExecutions(WORKFLOW_ID)).filter((summary) => !before.some((old) => old.id === summary.id));
		if (added.length === 1 && !['new', 'running', 'waiting'].includes(added[0].status)) return await client.getExecution(added[0].id);
		await sleep(250);
	}
	throw new Error('the sweep did not finish within 30 s');
}

const caseIds = (items: Array<Record<string, unknown>>) => items.map((item) => item.caseId);

beforeAll(async () => {
	userFolder = createTempUserFolder('closed-loop-e2e-sweep-');
	const workflowsDir = `${userFolder.path}/import`;
	writeJsonFile(workflowsDir, 'sla-sweep.json', sweepOnDemand());
	const seed = readDataTableSeeds().find((table) => table.name === 'Open cases');
	if (!seed) throw new Error('workflows/data-tables has no "Open cases" table');
	const [port, brokerPort] = await freePorts(2);
	server = await startN8n({ userFolder: userFolder.path, port, brokerPort, workflowsDir, dataTables: [{ ...seed, rows: cases }], publish: [WORKFLOW_ID] });
}, 300_000);

afterAll(async () => {
	await server?.stop();
	userFolder?.remove();
}, 60_000);

describe('the SLA sweep on a real n8n server', () => {
	let first: Execution;

	beforeAll(async () => {
		first = await sweep();
	}, 60_000);

	it('reads the open cases from the Data Table with n8n’s Data Table node, leaving out those already escalated', () => {
		expect(first.status).toBe('success');
		expect(caseIds(nodeOutput(first, 'Read open cases')).sort()).toEqual(['E2E-BREACHED', 'E2E-MET', 'E2E-ON-TRACK']);
	});

	it('sorts them with SLA Wait in check mode, reading the Data Table’s date columns', () => {
		const [breached] = nodeOutput(first, CHECK, { output: 0 });
		expect(breached.caseId).toBe('E2E-BREACHED');
		expect(breached.sla).toMatchObject({ standing: 'breached', outcome: 'breached', resolvedAt: null });
		expect(Date.parse(breached.sla.startedAt)).toBe(tenDaysAgo.getTime());
		expect(caseIds(nodeOutput(first, CHECK, { output: 2 }))).toEqual(['E2E-ON-TRACK']);
		expect(caseIds(nodeOutput(first, CHECK, { output: 3 }))).toEqual(['E2E-MET']);
		expect(nodeOutput(first, CHECK, { output: 3 })[0].sla).toMatchObject({ outcome: 'met' });
	});

	it('writes the status back: the breach is marked escalated (its email is off), the met case closed', () => {
		expect(nodeOutput(first, 'Mark escalated')).toEqual([expect.objectContaining({ caseId: 'E2E-BREACHED', status: 'escalated' })]);
		expect(nodeOutput(first, 'Mark closed')).toEqual([expect.objectContaining({ caseId: 'E2E-MET', status: 'closed' })]);
		// A node that is off passes its input on without running: the escalation, unsent.
		expect(caseIds(nodeOutput(first, 'Email the coach'))).toEqual(['E2E-BREACHED']);
	});

	it('reads only the case still open on the next sweep, so nothing is escalated twice', async () => {
		const next = await sweep();
		expect(next.status).toBe('success');
		expect(caseIds(nodeOutput(next, 'Read open cases'))).toEqual(['E2E-ON-TRACK']);
		expect(next.data.resultData.runData['Mark escalated']).toBeUndefined();
	}, 60_000);
});
