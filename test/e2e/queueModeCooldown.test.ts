/**
 * Alert Rule's cooldown in n8n's queue mode, on real processes: a main (`n8n start`), a webhook
 * process (`n8n webhook`) and two workers (`n8n worker`), on PostgreSQL and Redis. Each worker
 * remembers its own alerts exactly, and records them in n8n's deduplication store, which every
 * process shares and which survives restarts but has no lock. So a later response about the same
 * customer is suppressed whichever worker runs it, and after every process restarted; responses
 * that race on both workers may give one alert per worker, never more. This measures how often.
 */
import { createHash } from 'crypto';

import { ALERT_OUTPUT } from '../../nodes/AlertRule/description';
import { coveredBuckets } from '../../nodes/core/cooldown';
import type { ExecutionSummary } from '../../scripts/n8n-server.cjs';
import { createTempUserFolder, nodeOutput, readWorkflows } from '../../scripts/n8n-server.cjs';
import { readJsonFile, writeJsonFile } from '../support/files.cjs';
import { printLine, queueInstance } from '../support/queueServices.cjs';

const WORKFLOW_ID = 'cl0nps0cust0mjs0';
const WEBHOOK_PATH = 'nps-detractor-recovery-json';
const ALERT_NODE = 'Alert Rule';
const ALERT_NODE_ID = '0b6a3f5e-2a61-4a8e-9a8e-3d1f0c2b9ec3';
const COOLDOWN_HOURS = 24;
const WORKERS = ['worker 1', 'worker 2'];
/** The reason a worker gives when only the store knew of the earlier alert. */
const STORED_ALERT = 'recorded before a restart or by another n8n process';

/**
 * The Custom JSON template's trigger and Score & Classify, then an Alert Rule of its own: any detractor
 * alerts the service desk (no Data Table to read, so nothing but the cooldown is measured).
 */
function cooldownWorkflow() {
	const template = readWorkflows().find((workflow) => workflow.id === WORKFLOW_ID);
	if (!template) throw new Error(`workflows/ has no workflow ${WORKFLOW_ID}`);
	const workflow = readJsonFile(template.file);
	workflow.name = `${workflow.name} with an alert cooldown`;
	workflow.nodes = workflow.nodes.filter((node: { name: string }) => node.name === 'Survey Trigger' || node.name === 'Score & Classify');
	workflow.nodes.push({
		parameters: {
			mode: 'alert',
			rulesInput: 'editor',
			match: 'first',
			rules: {
				rule: [
					{
						name: 'Any detractor',
						all: { condition: [{ field: 'classification.category', operator: 'equals', value: 'detractor' }] },
						ownerSource: 'routing',
					},
				],
			},
			routingInput: 'none',
			defaultOwner: { name: 'Service desk', email: 'service-desk@example.com' },
			cooldownHours: COOLDOWN_HOURS,
		},
		id: ALERT_NODE_ID,
		name: ALERT_NODE,
		type: 'n8n-nodes-closed-loop.alertRule',
		typeVersion: 1,
		position: [840, -100],
	});
	workflow.connections = {
		'Survey Trigger': workflow.connections['Survey Trigger'],
		'Score & Classify': { main: [[{ node: ALERT_NODE, type: 'main', index: 0 }]] },
	};
	return workflow;
}

const workflowsDir = createTempUserFolder('closed-loop-e2e-cooldown-workflows-');
const instance = queueInstance({
	roles: [
		['main', 'start'],
		['webhook', 'webhook'],
		[WORKERS[0], 'worker'],
		[WORKERS[1], 'worker'],
	],
	publish: [WORKFLOW_ID],
	workflowsDir: workflowsDir.path,
});

/** A detractor's answer, from the customer with this email. */
const response = (responseId: string, email: string) => ({ responseId, email, score: 2, comment: 'Colis abîmé', touchpoint: 'delivery' });

interface Decision {
	executionId: string;
	responseId: string;
	/** The worker whose log says it finished the execution. */
	worker: string;
	outcome: 'alert' | 'suppressed';
	reason: string;
	/** The customer's key, as the store records it. */
	key: string;
	at: string;
	earlierAlertAt: string | null;
	/** When the execution started, in milliseconds. */
	startedAt: number;
}

/** Executions already read, so each step looks at its own. */
const seen = new Set<string>();

/** Sends the responses at once to the webhook process; every one must be accepted. */
async function send(responses: Array<ReturnType<typeof response>>): Promise<void> {
	const answers = await Promise.all(responses.map(async (payload) => await instance.deliver(instance.server('webhook'), WEBHOOK_PATH, payload)));
	expect(answers.map((answer) => ({ status: answer.status, body: answer.body?.status }))).toEqual(responses.map(() => ({ status: 200, body: 'accepted' })));
}

/** Alert Rule's decision in each execution not read before, with the worker that ran it; waits for `count` of them. */
async function newDecisions(count: number): Promise<Decision[]> {
	const executions: ExecutionSummary[] = await instance.settledExecutions(WORKFLOW_ID, { atLeast: seen.size + count, quietMs: 1000 });
	const fresh = executions.filter((execution) => !seen.has(execution.id)).reverse();
	expect(fresh).toHaveLength(count);
	const decisions: Decision[] = [];
	for (const summary of fresh) {
		seen.add(summary.id);
		const execution = await instance.main().client.getExecution(summary.id);
		const ranBy = WORKERS.filter((worker) => instance.ranOn(worker, [summary.id]).length > 0);
		expect({ execution: summary.id, ranBy: ranBy.length }).toEqual({ execution: summary.id, ranBy: 1 });
		const outputs = (['alert', 'suppressed'] as const).map((outcome) => ({ outcome, items: nodeOutput(execution, ALERT_NODE, { output: ALERT_OUTPUT[outcome] }) }));
		expect(nodeOutput(execution, ALERT_NODE, { output: ALERT_OUTPUT.noAlert })).toEqual([]);
		const [decided, ...more] = outputs.flatMap(({ outcome, items }) => items.map((item) => ({ outcome, item })));
		expect(more).toEqual([]);
		decisions.push({
			executionId: summary.id,
			responseId: String(decided.item.feedback.sourceEventId),
			worker: ranBy[0],
			outcome: decided.outcome,
			reason: String(decided.item.alert.reason),
			key: String(decided.item.alert.key),
			at: String(decided.item.alert.at),
			earlierAlertAt: decided.item.alert.earlierAlertAt ?? null,
			startedAt: Date.parse(String(summary.startedAt)),
		});
	}
	return decisions;
}

/** The store's entries for Alert Rule: md5 digests (base64) of the keys, as n8n's deduplication helper keeps them. */
function storedAlertKeys(): Set<string> {
	const rows = instance.postgres!.query(`SELECT value FROM processed_data WHERE "workflowId" = '${WORKFLOW_ID}' AND context = 'n:${ALERT_NODE_ID}'`);
	expect(rows).toHaveLength(1);
	return new Set<string>(JSON.parse(rows[0][0]).data);
}
const storeDigest = (key: string) => createHash('md5').update(key).digest('base64');

/** How many of the hour buckets an alert's cooldown covers the store still holds for its customer (cooldownStore.ts keys). */
function storedBuckets(alert: Decision): { held: number; covered: number } {
	const stored = storedAlertKeys();
	const buckets = coveredBuckets(Math.floor(Date.parse(alert.at) / 1000), COOLDOWN_HOURS);
	return { held: buckets.filter((bucket) => stored.has(storeDigest(`c:${alert.key}:${bucket}`))).length, covered: buckets.length };
}

beforeAll(async () => {
	writeJsonFile(workflowsDir.path, 'cooldown.json', cooldownWorkflow());
	await instance.start();
}, 300_000);

afterAll(async () => {
	await instance.stop();
	workflowsDir.remove();
}, 120_000);

describe('Alert Rule cooldown in queue mode (main, webhook process, two workers; PostgreSQL and Redis)', () => {
	const customer = 'claire.martin@example.fr';
	let staticDataAtStart = '';
	let firstAlert: Decision | undefined;

	it('suppresses a later response about the same customer, on the worker that alerted and on the other one', async () => {
		staticDataAtStart = await instance.storedStaticData(WORKFLOW_ID);
		await send([response('cooldown-first', customer)]);
		const [first] = await newDecisions(1);
		expect(first).toMatchObject({ responseId: 'cooldown-first', outcome: 'alert' });
		firstAlert = first;

		// One at a time, until each worker has run one: Redis hands a job to whichever worker waits.
		const later: Decision[] = [];
		for (let attempt = 1; attempt <= 8 && new Set(later.map((decision) => decision.worker)).size < WORKERS.length; attempt++) {
			await send([response(`cooldown-later-${attempt}`, customer)]);
			later.push(...(await newDecisions(1)));
		}
		printLine(`queue mode cooldown, one at a time: alert on ${first.worker}, then ${later.map((decision) => `${decision.outcome} on ${decision.worker}`).join(', ')}`);
		expect(new Set(later.map((decision) => decision.worker))).toEqual(new Set(WORKERS));
		for (const decision of later) {
			expect(decision.outcome).toBe('suppressed');
			if (decision.worker === first.worker) {
				// The worker that alerted knows the time to the second.
				expect(decision.earlierAlertAt).toBe(first.at);
			} else {
				// The other one has the store only: it knows that, not when.
				expect(decision.earlierAlertAt).toBeNull();
				expect(decision.reason).toContain(STORED_ALERT);
			}
		}
		// Nothing raced: the store holds every hour the cooldown covers.
		const stored = storedBuckets(first);
		expect(stored.held).toBe(stored.covered);
	}, 120_000);

	// Different customers' first responses at once, so both workers record alerts in the store together.
	const mixed = Array.from({ length: 8 }, (_, index) => `mixed-${index}@example.com`);
	let mixedAlerts: Decision[] = [];

	it('alerts each of several customers whose first responses race on both workers, and measures what the store kept', async () => {
		await send(mixed.map((email, index) => response(`cooldown-mixed-${index}`, email)));
		mixedAlerts = await newDecisions(mixed.length);
		expect(mixedAlerts.map((decision) => decision.outcome)).toEqual(mixed.map(() => 'alert'));
		expect(new Set(mixedAlerts.map((decision) => decision.key)).size).toBe(mixed.length);
		// n8n keeps a node's keys in one row that each check reads and writes back whole, with no lock:
		// what one worker adds, the other may overwrite with what it read before.
		const held = mixedAlerts.map((decision) => storedBuckets(decision));
		printLine(
			`queue mode cooldown, ${mixed.length} customers' first responses at once: ${WORKERS.map((worker) => `${worker} ran ${mixedAlerts.filter((decision) => decision.worker === worker).length}`).join(', ')}; ` +
				`the store holds every hour bucket of the cooldown for ${held.filter(({ held: count, covered }) => count === covered).length} of ${mixed.length} (${held.map(({ held: count, covered }) => `${count}/${covered}`).join(', ')})`,
		);
	}, 120_000);

	it('still suppresses the first customer after every n8n process was stopped and started; the others as far as the store kept them', async () => {
		await instance.restartAll();
		await send([response('cooldown-after-restart', customer)]);
		const [decision] = await newDecisions(1);
		expect(decision).toMatchObject({ outcome: 'suppressed', earlierAlertAt: null, key: firstAlert?.key });
		expect(decision.reason).toContain(STORED_ALERT);

		// No worker remembers anything now: each decision is what the store holds for this hour.
		const stored = storedAlertKeys();
		const heldNow = (key: string) => stored.has(storeDigest(`c:${key}:${coveredBuckets(Math.floor(Date.now() / 1000), COOLDOWN_HOURS)[0]}`));
		const expected = new Map(mixedAlerts.map((alert) => [alert.key, heldNow(alert.key) ? 'suppressed' : 'alert']));
		await send(mixed.map((email, index) => response(`cooldown-mixed-again-${index}`, email)));
		const again = await newDecisions(mixed.length);
		expect(again.map((second) => ({ key: second.key, outcome: second.outcome }))).toEqual(again.map((second) => ({ key: second.key, outcome: expected.get(second.key) })));
		const alertedTwice = again.filter((second) => second.outcome === 'alert').length;
		printLine(`queue mode cooldown, after a restart: ${alertedTwice} of those ${mixed.length} customers alerted a second time within the cooldown (the store had lost their entry)`);
	}, 240_000);

	it('leaves the workflow’s static data (the Survey Trigger’s) as it was', async () => {
		expect(await instance.storedStaticData(WORKFLOW_ID)).toBe(staticDataAtStart);
	});

	it('gives at most one alert per worker when responses about one customer race on both', async () => {
		// n8n's REST API lists 100 executions at most, and the whole file stays below that.
		const customers = 6;
		const burst = 10;
		const alertCounts: number[] = [];
		const ranOnBoth: boolean[] = [];
		const bucketsHeld: string[] = [];
		for (let round = 0; round < customers; round++) {
			const email = `burst-${round}@example.com`;
			await send(Array.from({ length: burst }, (_, index) => response(`cooldown-burst-${round}-${index}`, email)));
			const decisions = await newDecisions(burst);
			const alerts = decisions.filter((decision) => decision.outcome === 'alert');
			const perWorker = WORKERS.map((worker) => {
				const ran = decisions.filter((decision) => decision.worker === worker);
				return { worker, ran: ran.length, alerts: alerts.filter((decision) => decision.worker === worker).length, firstStart: Math.min(...ran.map((decision) => decision.startedAt)) };
			});
			// Each worker claims the customer in memory before it asks the store: one alert at most per worker.
			expect(alerts.length).toBeGreaterThanOrEqual(1);
			for (const { alerts: onWorker } of perWorker) expect(onWorker).toBeLessThanOrEqual(1);
			expect(new Set(decisions.map((decision) => decision.key)).size).toBe(1);
			alertCounts.push(alerts.length);
			ranOnBoth.push(perWorker.every(({ ran }) => ran > 0));
			// How close the race was: between the first execution each worker started.
			const startGap = Math.abs(perWorker[0].firstStart - perWorker[1].firstStart);
			const stored = storedBuckets(alerts[0]);
			// The bucket of now is written by every check of the burst, so no race can lose it.
			expect(stored.held).toBeGreaterThanOrEqual(1);
			bucketsHeld.push(`${stored.held}/${stored.covered}`);
			printLine(
				`queue mode cooldown, ${burst} responses about one customer at once: ${perWorker.map(({ worker, ran, alerts: onWorker }) => `${worker} ran ${ran} (${onWorker} alert)`).join(', ')}; first starts ${Number.isFinite(startGap) ? `${startGap} ms` : 'n/a'} apart; ${alerts.length} alert(s); store holds ${stored.held} of the ${stored.covered} hour buckets`,
			);
		}
		const customersWith = (count: number) => alertCounts.filter((alerts) => alerts === count).length;
		printLine(
			`queue mode cooldown, ${customers} customers × ${burst} responses at once: ${customersWith(1)} got 1 alert, ${customersWith(2)} got 2 (burst ran on both workers ${ranOnBoth.filter(Boolean).length} of ${customers} times; buckets held ${bucketsHeld.join(', ')})`,
		);
		expect(ranOnBoth.some(Boolean)).toBe(true);
	}, 240_000);
});
