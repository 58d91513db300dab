/**
 * Exactly-once in n8n's queue mode, on real processes: a main (`n8n start`), two webhook processes
 * (`n8n webhook`) and a worker (`n8n worker`), on PostgreSQL and Redis. A survey tool's retry may
 * land on any webhook process; once the first copy's execution has ended, the retry must be
 * answered `duplicate` there too, and after every process restarted. The webhook processes share
 * no memory: what carries the ledger between them is the workflow's static data, which the
 * trigger's execute() writes on the worker.
 */
import { decodeLedger } from '../../nodes/SurveyTrigger/deliveryLedger';
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

/** How many deliveries the trigger's stored ledger holds, in the workflow's static data in the database. */
async function storedLedgerSize(): Promise<number> {
	const workflow = (await main().client.request('GET', `/rest/workflows/${WORKFLOW_ID}`)).body.data;
	const nodeData = Object.values((workflow.staticData ?? {}) as Record<string, { acceptedDeliveries?: string }>);
	const size = Object.keys(decodeLedger(nodeData.find((data) => data?.acceptedDeliveries)?.acceptedDeliveries)).length;
	return size;
}

/** How many executions each response started, read from the trigger's output in each execution. */
async function executionsPerResponse(executions: ExecutionSummary[]): Promise<Map<string, string[]>> {
	const counts = new Map<string, string[]>();
	for (const summary of executions) {
		const [item] = nodeOutput(await main().client.getExecution(summary.id), TRIGGER_NODE);
		const responseId = String(item?.feedback?.sourceEventId);
		counts.set(responseId, [...(counts.get(responseId) ?? []), summary.id]);
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
	it('answers a retry on the other webhook process "duplicate" once the first copy ran on the worker', async () => {
		const first = await deliver(webhookA(), 'queue-single');
		expect(statusOf(first)).toEqual({ status: 200, body: 'accepted' });
		const ran = await settledExecutions({ atLeast: 1 });
		expect(ran).toHaveLength(1);
		expect(ranOnWorker(ran)).toEqual([ran[0].id]);
		// A later delivery's execution must not make the ledger forget the first one.
		expect(statusOf(await deliver(webhookA(), 'queue-later'))).toEqual({ status: 200, body: 'accepted' });
		await settledExecutions({ atLeast: 2 });

		for (const id of ['queue-single', 'queue-later']) {
			const retry = await deliver(webhookB(), id);
			expect({ id, ...statusOf(retry) }).toEqual({ id, status: 200, body: 'duplicate' });
		}
		const perResponse = await executionsPerResponse(await settledExecutions({ atLeast: 2 }));
		expect(perResponse.get('queue-single')).toHaveLength(1);
		expect(perResponse.get('queue-later')).toHaveLength(1);

		// Not a process that refuses everything: a new response on B starts the workflow.
		expect(statusOf(await deliver(webhookB(), 'queue-new-on-b'))).toEqual({ status: 200, body: 'accepted' });
		expect(await settledExecutions({ atLeast: 3 })).toHaveLength(3);
	}, 120_000);

	const spread = Array.from({ length: 8 }, (_, n) => `queue-spread-${n}`);
	/** Even ones first on A, odd ones on B. */
	const firstOn = (index: number) => (index % 2 === 0 ? webhookA() : webhookB());
	const otherThan = (index: number) => (index % 2 === 0 ? webhookB() : webhookA());

	it('answers every retry of several deliveries spread over both webhook processes "duplicate" on the other one', async () => {
		const before = (await settledExecutions()).length;
		// Sent together, as a survey tool's backlog arrives: their executions overlap on the worker.
		const answers = await Promise.all(spread.map((id, index) => deliver(firstOn(index), id)));
		expect(answers.map(statusOf)).toEqual(spread.map(() => ({ status: 200, body: 'accepted' })));
		const executions = await settledExecutions({ atLeast: before + spread.length });
		expect(executions).toHaveLength(before + spread.length);
		// Every response that started an execution is in the stored ledger, one entry each.
		expect(await storedLedgerSize()).toBe(executions.length);
		expect(ranOnWorker(executions)).toHaveLength(executions.length);

		const retries = await Promise.all(spread.map((id, index) => deliver(otherThan(index), id)));
		const answered = Object.fromEntries(spread.map((id, index) => [id, statusOf(retries[index]).body]));
		expect(answered).toEqual(Object.fromEntries(spread.map((id) => [id, 'duplicate'])));
		expect(await settledExecutions()).toHaveLength(before + spread.length);
	}, 120_000);

	it('still answers those retries "duplicate" after every n8n process was stopped and started again', async () => {
		const before = (await settledExecutions()).length;
		const webhooks = processes.filter((entry) => entry.options.command === 'webhook');
		const others = processes.filter((entry) => entry.options.command !== 'webhook');
		for (const group of [webhooks, others]) await Promise.all(group.map((entry) => entry.server!.stop()));
		await main().restart();
		await Promise.all(processes.filter((entry) => entry.role !== 'main').map((entry) => entry.server!.restart()));

		const ids = ['queue-single', 'queue-later', ...spread];
		const retries = await Promise.all(ids.map((id, index) => deliver(index % 2 === 0 ? webhookA() : webhookB(), id)));
		const answered = Object.fromEntries(ids.map((id, index) => [id, statusOf(retries[index]).body]));
		expect(answered).toEqual(Object.fromEntries(ids.map((id) => [id, 'duplicate'])));
		// Not processes that refuse everything after the restart.
		expect(statusOf(await deliver(webhookA(), 'queue-after-restart'))).toEqual({ status: 200, body: 'accepted' });
		expect(await settledExecutions({ atLeast: before + 1 })).toHaveLength(before + 1);
	}, 180_000);

	it('measures how many executions one response starts when its copies reach A and B at the same moment', async () => {
		const rounds = 5;
		const started: number[] = [];
		for (let round = 0; round < rounds; round++) {
			const id = `queue-same-moment-${round}`;
			const answers = await Promise.all([deliver(webhookA(), id), deliver(webhookB(), id)]);
			const accepted = answers.filter((answer) => answer.body?.status === 'accepted').length;
			expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
			const perResponse = await executionsPerResponse(await settledExecutions({ quietMs: 500 }));
			const executions = perResponse.get(id)?.length ?? 0;
			// Each accepted copy started exactly one execution; a "duplicate" started none.
			expect(executions).toBe(accepted);
			started.push(executions);
			// A later retry is caught through the stored ledger, whichever process it reaches.
			expect(statusOf(await deliver(round % 2 === 0 ? webhookA() : webhookB(), id))).toEqual({ status: 200, body: 'duplicate' });
		}
		printLine(`queue mode, copies sent to webhook A and B at the same moment: executions started per response ${started.join(', ')} (${rounds} rounds)`);
		expect(started.every((count) => count === 1 || count === 2)).toBe(true);
	}, 180_000);
});
