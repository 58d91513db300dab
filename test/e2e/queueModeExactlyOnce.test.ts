/**
 * Exactly-once in n8n's queue mode, on real processes: a main (`n8n start`), two webhook processes
 * (`n8n webhook`) and a worker (`n8n worker`), on PostgreSQL and Redis. A survey tool's retry may
 * land on any webhook process, before or after every process restarted: whatever it is answered,
 * each response must go past the trigger once, in one execution. n8n 2.41 gives a worker's
 * execution no static data and saves what it has whole, so on the worker the trigger keeps its
 * ledger in n8n's deduplication store, and must leave the workflow's static data as it was.
 */
import type { ExecutionSummary, N8nServer, StartOptions, WebhookResponse } from '../../scripts/n8n-server.cjs';
import { createTempUserFolder, freePorts, nodeOutput, packPackage, sleep, startN8n } from '../../scripts/n8n-server.cjs';
import type { PostgresService, RedisService } from '../support/queueServices.cjs';
import { logLinesMatching, printLine, queueModeEnvironment, startPostgres, startRedis } from '../support/queueServices.cjs';

const WORKFLOW_ID = 'cl0nps0cust0mjs0';
const WEBHOOK_PATH = 'nps-detractor-recovery-json';
const TRIGGER_NODE = 'Survey Trigger';
const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

type Role = 'main' | 'webhook A' | 'webhook B' | 'worker';

interface N8nProcess {
	role: Role;
	folder: { path: string; remove(): void };
	options: StartOptions;
	server?: N8nServer;
}

let redis: RedisService | undefined;
let postgres: PostgresService | undefined;
let packDir: { path: string; remove(): void } | undefined;
const processes: N8nProcess[] = [];

const byRole = (role: Role) => {
	const found = processes.find((entry) => entry.role === role)?.server;
	if (!found) throw new Error(`n8n ${role} is not running`);
	return found;
};
const main = () => byRole('main');
const webhookA = () => byRole('webhook A');
const webhookB = () => byRole('webhook B');

const response = (responseId: string) => ({ responseId, score: 2, comment: 'Colis abîmé', touchpoint: 'delivery' });

/** Names the process and its log, so a failure says where to look. */
function failure(n8n: N8nServer, message: string): Error {
	const entry = processes.find((candidate) => candidate.server === n8n);
	return new Error(`${message} (n8n ${entry?.role ?? 'process'} at ${n8n.baseUrl}, log: ${n8n.logFile})`);
}

/**
 * POSTs the response to a webhook process. n8n registers webhooks in the background, so a 404
 * ("not registered") right after a start is retried for a while; it starts nothing.
 */
async function deliver(n8n: N8nServer, responseId: string, { timeoutMs = 30_000 } = {}): Promise<WebhookResponse> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const answer = await n8n.client.postWebhook(WEBHOOK_PATH, response(responseId));
		if (answer.status !== 404) return answer;
		if (Date.now() > deadline) throw failure(n8n, `${WEBHOOK_PATH} still answers 404 after ${timeoutMs} ms: ${JSON.stringify(answer.body)}`);
		await sleep(250);
	}
}

const statusOf = (answer: WebhookResponse) => ({ status: answer.status, body: answer.body?.status });

/**
 * The workflow's executions once none is running and the count has not moved for `quietMs`,
 * through the main's REST API. Fails when an execution did not succeed: a worker without the
 * package fails its executions after the sender got 200.
 */
async function settledExecutions({ atLeast = 0, quietMs = 1500, timeoutMs = 60_000 } = {}): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + timeoutMs;
	let last = -1;
	let stableSince = Date.now();
	for (;;) {
		const executions = await main().client.listExecutions(WORKFLOW_ID, { limit: 100 });
		const running = executions.filter((execution) => !FINISHED.has(execution.status));
		if (executions.length !== last) {
			last = executions.length;
			stableSince = Date.now();
		}
		if (running.length === 0 && executions.length >= atLeast && Date.now() - stableSince >= quietMs) {
			const failed = executions.filter((execution) => execution.status !== 'success');
			if (failed.length) {
				throw failure(byRole('worker'), `executions did not succeed: ${failed.map((execution) => `${execution.id}:${execution.status}`).join(', ')}`);
			}
			return executions;
		}
		if (Date.now() > deadline) {
			const seen = executions.map((execution) => `${execution.id}:${execution.status}`).join(', ') || 'none';
			throw failure(main(), `executions did not settle at ${atLeast} or more within ${timeoutMs} ms (seen: ${seen})`);
		}
		await sleep(200);
	}
}

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
function ranOnWorker(executions: ExecutionSummary[]): string[] {
	const worker = byRole('worker');
	return executions
		.map((execution) => execution.id)
		.filter((id) => logLinesMatching(worker.logFile, `Worker finished execution ${id} `).length > 0);
}

async function startProcess(entry: N8nProcess): Promise<void> {
	entry.server = await startN8n(entry.options).catch((error: Error) => {
		throw new Error(`n8n ${entry.role} did not start (log: ${entry.folder.path}/n8n.log): ${error.message}`);
	});
}

beforeAll(async () => {
	const ports = await freePorts(2 + 4 * 3);
	const next = () => ports.shift()!;
	[redis, postgres] = await Promise.all([startRedis({ port: next() }), startPostgres({ port: next() })]);
	packDir = createTempUserFolder('closed-loop-queue-pack-');
	const tarball = packPackage(packDir.path);
	const queueEnv = queueModeEnvironment(redis, postgres);
	const roles: Array<[Role, StartOptions['command']]> = [
		['main', 'start'],
		['webhook A', 'webhook'],
		['webhook B', 'webhook'],
		['worker', 'worker'],
	];
	for (const [role, command] of roles) {
		const folder = createTempUserFolder(`closed-loop-e2e-queue-${role.replace(' ', '-')}-`);
		const [port, brokerPort, healthPort] = [next(), next(), next()];
		processes.push({
			role,
			folder,
			options: {
				userFolder: folder.path,
				port,
				brokerPort,
				tarball,
				command,
				// The main imports and publishes into the shared database; the others find it there.
				importWorkflows: role === 'main',
				publish: role === 'main' ? [WORKFLOW_ID] : [],
				env: { ...queueEnv, QUEUE_HEALTH_CHECK_PORT: String(healthPort) },
			},
		});
	}
	// The main migrates the fresh database first; then the others start together.
	await startProcess(processes[0]);
	await Promise.all(processes.slice(1).map(startProcess));
}, 300_000);

afterAll(async () => {
	// Webhook processes first, so nothing new is queued; the main waits for active executions.
	for (const group of [processes.filter((entry) => entry.options.command === 'webhook'), processes.filter((entry) => entry.options.command !== 'webhook')]) {
		await Promise.all(group.map((entry) => entry.server?.stop().catch(() => undefined)));
	}
	for (const entry of processes) entry.folder.remove();
	await Promise.all([redis?.stop(), postgres?.stop()]);
	packDir?.remove();
}, 120_000);

describe('exactly once in queue mode (main, two webhook processes, a worker; PostgreSQL and Redis)', () => {
	/** The workflow's static data in the database. */
	const storedStaticData = async () =>
		JSON.stringify((await main().client.request('GET', `/rest/workflows/${WORKFLOW_ID}`)).body.data.staticData ?? null);
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
		const webhooks = processes.filter((entry) => entry.options.command === 'webhook');
		const others = processes.filter((entry) => entry.options.command !== 'webhook');
		for (const group of [webhooks, others]) await Promise.all(group.map((entry) => entry.server!.stop()));
		await main().restart();
		await Promise.all(processes.filter((entry) => entry.role !== 'main').map((entry) => entry.server!.restart()));

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
