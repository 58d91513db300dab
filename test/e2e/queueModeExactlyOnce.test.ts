/**
 * Exactly-once in n8n's queue mode, on real processes: a main (`n8n start`), two webhook processes
 * (`n8n webhook`) and a worker (`n8n worker`), on PostgreSQL and Redis. A survey tool's retry may
 * land on any webhook process, before or after every process restarted: whatever it is answered,
 * each response must go past the trigger once, in one execution. n8n 2.41 gives a worker's
 * execution no static data and saves what it has whole, so on the worker the trigger keeps its
 * ledger in n8n's deduplication store, and must leave the workflow's static data as it was.
 */
import type { ExecutionSummary, N8nServer, WebhookResponse } from '../../scripts/n8n-server.cjs';
import { nodeOutput } from '../../scripts/n8n-server.cjs';
import { printLine, queueInstance } from '../support/queueServices.cjs';

const WORKFLOW_ID = 'cl0nps0cust0mjs0';
const WEBHOOK_PATH = 'nps-detractor-recovery-json';
const TRIGGER_NODE = 'Survey Trigger';

const instance = queueInstance({
	roles: [
		['main', 'start'],
		['webhook A', 'webhook'],
		['webhook B', 'webhook'],
		['worker', 'worker'],
	],
	publish: [WORKFLOW_ID],
});
const main = () => instance.main();
const webhookA = () => instance.server('webhook A');
const webhookB = () => instance.server('webhook B');

const response = (responseId: string) => ({ responseId, score: 2, comment: 'Colis abîmé', touchpoint: 'delivery' });

const deliver = async (n8n: N8nServer, responseId: string) => await instance.deliver(n8n, WEBHOOK_PATH, response(responseId));
// An alerted detractor's execution then waits in SLA Wait: past the trigger, which is what is measured here.
const settledExecutions = async (options?: { atLeast?: number; quietMs?: number }) =>
	await instance.settledExecutions(WORKFLOW_ID, { ...options, waitingIsSettled: true });

const statusOf = (answer: WebhookResponse) => ({ status: answer.status, body: answer.body?.status });

/** How many executions handed each response on past the trigger (a stopped repeat hands nothing on). */
async function responsesHandedOn(executions: ExecutionSummary[]): Promise<Map<string, number>> {
	const counts = new Map<string, number>();
	for (const summary of executions) {
		for (const item of nodeOutput(await main().client.getExecution(summary.id), TRIGGER_NODE)) {
			const responseId = String(item?.feedback?.sourceEventId);
			counts.set(responseId, (counts.get(responseId) ?? 0) + 1);
		}
	}
	return counts;
}

/** The executions the worker ran, by its own log: the engine that ran them had our package. */
const ranOnWorker = (executions: ExecutionSummary[]) => instance.ranOn('worker', executions.map((execution) => execution.id));

beforeAll(async () => await instance.start(), 300_000);
afterAll(async () => await instance.stop(), 120_000);

describe('exactly once in queue mode (main, two webhook processes, a worker; PostgreSQL and Redis)', () => {
	/** The workflow's static data in the database. */
	const storedStaticData = async () => await instance.storedStaticData(WORKFLOW_ID);
	let staticDataAtStart = '';

	it('hands a response on once, even when its retry reaches the other webhook process', async () => {
		staticDataAtStart = await storedStaticData();
		expect(statusOf(await deliver(webhookA(), 'queue-single'))).toEqual({ status: 200, body: 'accepted' });
		const ran = await settledExecutions({ atLeast: 1 });
		expect(ran).toHaveLength(1);
		expect(ranOnWorker(ran)).toEqual([ran[0].id]);
		expect(statusOf(await deliver(webhookA(), 'queue-later'))).toEqual({ status: 200, body: 'accepted' });
		await settledExecutions({ atLeast: 2 });

		// The same process remembers in memory: "duplicate", nothing started.
		expect(statusOf(await deliver(webhookA(), 'queue-single'))).toEqual({ status: 200, body: 'duplicate' });
		// The other one starts an execution that stops at the trigger.
		for (const id of ['queue-single', 'queue-later']) expect(statusOf(await deliver(webhookB(), id)).status).toBe(200);
		const handedOn = await responsesHandedOn(await settledExecutions({ atLeast: 2 }));
		expect(Object.fromEntries(handedOn)).toEqual({ 'queue-single': 1, 'queue-later': 1 });

		// Not a process that refuses everything: a new response on B goes through.
		expect(statusOf(await deliver(webhookB(), 'queue-new-on-b'))).toEqual({ status: 200, body: 'accepted' });
		expect((await responsesHandedOn(await settledExecutions({ atLeast: 5 }))).get('queue-new-on-b')).toBe(1);
	}, 120_000);

	it('leaves the workflow’s static data as it was: the worker has none to merge into', async () => {
		expect(await storedStaticData()).toBe(staticDataAtStart);
	});

	const spread = Array.from({ length: 8 }, (_, n) => `queue-spread-${n}`);
	/** Even ones first on A, odd ones on B. */
	const firstOn = (index: number) => (index % 2 === 0 ? webhookA() : webhookB());
	const otherThan = (index: number) => (index % 2 === 0 ? webhookB() : webhookA());

	it('hands each of several responses on once when they arrive together and are retried on the other process', async () => {
		// Sent together, as a survey tool's backlog arrives: their executions overlap on the worker.
		const answers = await Promise.all(spread.map((id, index) => deliver(firstOn(index), id)));
		expect(answers.map(statusOf)).toEqual(spread.map(() => ({ status: 200, body: 'accepted' })));
		const before = await settledExecutions({ atLeast: 5 + spread.length });
		expect(ranOnWorker(before)).toHaveLength(before.length);

		await Promise.all(spread.map((id, index) => deliver(otherThan(index), id)));
		const handedOn = await responsesHandedOn(await settledExecutions({ atLeast: before.length + spread.length }));
		expect(spread.map((id) => handedOn.get(id))).toEqual(spread.map(() => 1));
	}, 120_000);

	it('still hands none of them on again after every n8n process was stopped and started', async () => {
		await instance.restartAll();

		const before = (await settledExecutions()).length;
		const ids = ['queue-single', 'queue-later', ...spread];
		const retries = await Promise.all(ids.map((id, index) => deliver(index % 2 === 0 ? webhookA() : webhookB(), id)));
		expect(retries.map((answer) => answer.status)).toEqual(ids.map(() => 200));
		expect(statusOf(await deliver(webhookA(), 'queue-after-restart'))).toEqual({ status: 200, body: 'accepted' });
		const handedOn = await responsesHandedOn(await settledExecutions({ atLeast: before + 1 }));
		expect(ids.map((id) => handedOn.get(id))).toEqual(ids.map(() => 1));
		expect(handedOn.get('queue-after-restart')).toBe(1);
		expect(await storedStaticData()).toBe(staticDataAtStart);
	}, 180_000);

	it('measures how often one response goes past the trigger when its copies reach A and B at the same moment', async () => {
		const rounds = 5;
		const handedOnCounts: number[] = [];
		for (let round = 0; round < rounds; round++) {
			const id = `queue-same-moment-${round}`;
			const answers = await Promise.all([deliver(webhookA(), id), deliver(webhookB(), id)]);
			expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
			const handedOn = (await responsesHandedOn(await settledExecutions({ quietMs: 500 }))).get(id) ?? 0;
			handedOnCounts.push(handedOn);
			expect(handedOn === 1 || handedOn === 2).toBe(true);
		}
		printLine(`queue mode, copies sent to webhook A and B at the same moment: times each response went past the trigger ${handedOnCounts.join(', ')} (${rounds} rounds)`);
	}, 180_000);
});
