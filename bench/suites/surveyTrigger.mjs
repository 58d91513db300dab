/**
 * Survey Trigger webhook throughput inside a real n8n, against n8n's built-in Webhook node.
 *
 * One n8n server (the pinned runtime, SQLite, the packed package installed as a community package)
 * runs two active workflows from bench/workflows/, each a trigger followed by a No-Op node:
 *   baseline  n8n-nodes-base.webhook 2.1 (POST, respond immediately) → No-Op
 *   ours      n8n-nodes-closed-loop.surveyTrigger (Custom JSON, default options) → No-Op
 * Both get the same JSON body; every Survey Trigger request carries a new responseId, because the
 * trigger recognises a resent response by it. Successful executions are not saved
 * (EXECUTIONS_DATA_SAVE_ON_SUCCESS=none), as on a busy production instance; failed ones are.
 *
 * After a sanity request and a warm-up per side, autocannon runs interleaved rounds (baseline,
 * ours, baseline, ours…) with the same connections and duration, waiting between rounds until n8n
 * has finished the executions the previous round started (onReceived answers before the workflow
 * runs, so a backlog would otherwise slow the next side down). The figure per side is the median
 * of its rounds' mean req/s; the ratio is ours / baseline, goal ≥ 0.9.
 *
 * Any answer other than 2xx, connection error or timeout, on either side, fails the suite.
 *
 * It runs twice, each time on a fresh n8n:
 *   defaults       n8n 2.41.1 as installed. Its default expression engine (vm) builds a V8 sandbox
 *                  for the webhook phase of every trigger except its own Webhook node, which it
 *                  exempts by node type (live-webhooks.js, webhookPhaseNeedsIsolate). Every
 *                  community trigger pays one sandbox per request more than the baseline here;
 *                  nothing in a node can change that.
 *   equal footing  N8N_EXPRESSION_ENGINE=legacy: no per-request sandbox for either side, so the
 *                  ratio measures what the two nodes themselves cost.
 *
 * A third configuration runs only when named (CLOSED_LOOP_BENCH_CONFIGS=lazy):
 *   lazy           N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true: n8n acquires a sandbox only when an
 *                  expression is evaluated. A version-1 webhook node always has one evaluated per
 *                  request (parseRequestBody reads `$parameter["options"]["binaryData"]`).
 *
 * Each side's drift is the last round's req/s over the first's: a cost that grows with the
 * deliveries seen (a ledger, a cache) shows as a drift well below 1 on one side only.
 *
 * n8n settings (N8N_*, DB_SQLITE_*) in the shell pass through to n8n in both runs and are printed
 * with the results; the port, host and user folder stay the bench's own.
 */
import autocannon from 'autocannon';
import path from 'node:path';

import server from '../../scripts/n8n-server.cjs';
import { ensureRuntime, runtimeDir } from '../../scripts/runtime.mjs';

const { createTempUserFolder, freePorts, sleep, startN8n } = server;

export const name = 'surveyTrigger';
export const description = 'Survey Trigger webhook throughput in a real n8n, against the built-in Webhook node';

const GOAL = 0.9;
/** With CLOSED_LOOP_BENCH_DEDUP_OFF_SIDE=1, a third side shows what exactly-once costs: the same trigger with deduplication off. */
const DEDUP_OFF_SIDE = {
	key: 'oursDedupOff',
	label: 'Survey Trigger, deduplication off → No-Op',
	workflowId: 'cl0bench0nodedup',
	webhookPath: 'bench-survey-nodedup',
};
const SIDES = [
	{
		key: 'baseline',
		label: 'built-in Webhook → No-Op',
		workflowId: 'cl0bench0webhook',
		webhookPath: 'bench-webhook-noop',
	},
	{
		key: 'ours',
		label: 'Survey Trigger → No-Op',
		workflowId: 'cl0bench0survey0',
		webhookPath: 'bench-survey-noop',
	},
];
if (process.env.CLOSED_LOOP_BENCH_DEDUP_OFF_SIDE === '1') SIDES.push(DEDUP_OFF_SIDE);
const CONFIGURATIONS = [
	{
		key: 'defaults',
		label: 'n8n defaults',
		env: {},
		note: 'n8n sandboxes the webhook phase of every trigger but its own Webhook node: one V8 isolate per request more for any community trigger',
	},
	{
		key: 'equalFooting',
		label: 'equal footing: N8N_EXPRESSION_ENGINE=legacy',
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
		note: 'neither side pays a per-request sandbox: the ratio is what the two nodes cost',
	},
	{
		key: 'lazy',
		label: 'lazy sandbox: N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true',
		env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
		note: 'a version-1 webhook node has n8n evaluate one expression per request (options.binaryData), so it still pays a sandbox',
		onlyWhenNamed: true,
	},
];
const ERROR_SAMPLES = 5;
const UNFINISHED = new Set(['new', 'running', 'waiting', 'unknown']);
/** Passed to n8n from the shell; startN8n sets the rest (ports, host, user folder, SQLite). */
const PASSED_THROUGH = /^(N8N_|DB_SQLITE_)/;
const OWN_SETTINGS = new Set(['N8N_PORT', 'N8N_LISTEN_ADDRESS', 'N8N_HOST', 'N8N_PROTOCOL', 'N8N_USER_FOLDER', 'N8N_RUNNERS_BROKER_PORT']);

/** A process-wide counter, so no two requests of a run share a responseId. */
let sent = 0;
const surveyResponse = () => ({
	responseId: `bench-${++sent}`,
	score: 3,
	comment: 'Livraison en retard',
	email: 'a@example.com',
});

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * One autocannon run against a webhook URL. Resolves with req/s (mean of the per-second samples),
 * latency percentiles and every failure: non-2xx answers (with the first bodies), connection
 * errors and timeouts.
 */
function load(url, { connections, seconds }) {
	const failures = { non2xx: 0, errors: 0, timeouts: 0, samples: [] };
	const sample = (text) => {
		if (failures.samples.length < ERROR_SAMPLES) failures.samples.push(text);
	};
	return new Promise((resolve, reject) => {
		const instance = autocannon(
			{
				url,
				method: 'POST',
				connections,
				duration: seconds,
				headers: { 'content-type': 'application/json' },
				requests: [
					{
						setupRequest: (request) => ({ ...request, body: JSON.stringify(surveyResponse()) }),
						onResponse: (status, body) => {
							if (status < 200 || status > 299) sample(`HTTP ${status}: ${String(body).slice(0, 300)}`);
						},
					},
				],
			},
			(error, result) => {
				if (error) return reject(error);
				failures.non2xx = result.non2xx;
				failures.errors = result.errors;
				failures.timeouts = result.timeouts;
				resolve({
					requestsPerSecond: result.requests.average,
					completed: result['2xx'],
					sent: result.requests.sent,
					latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99 },
					durationSeconds: result.duration,
					failures,
				});
			},
		);
		instance.on('reqError', (error) => sample(`connection error: ${error.message}`));
	});
}

/**
 * Waits until n8n has no unfinished execution of the given workflows. Running executions are listed
 * even when successful ones are not saved (n8n stores each execution while it runs, then deletes it).
 */
async function waitForIdle(client, workflowIds, { timeoutMs = 60_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const pending = [];
		for (const id of workflowIds) {
			pending.push(...(await client.listExecutions(id)).filter((execution) => UNFINISHED.has(execution.status)));
		}
		if (!pending.length) return;
		if (Date.now() > deadline) throw new Error(`n8n still had ${pending.length} unfinished execution(s) after ${timeoutMs / 1000} s`);
		await sleep(250);
	}
}

/**
 * The workflow's production execution counts ({ productionSuccess, productionError }) from n8n's
 * workflow statistics, once at least `expected` are counted (they are written just after each
 * execution ends) or after a few seconds.
 */
async function executionCounts(client, workflowId, expected, { timeoutMs = 10_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const { productionSuccess, productionError } = (await client.request('GET', `/rest/workflow-stats/${encodeURIComponent(workflowId)}/counts/`)).body.data;
		if (productionSuccess + productionError >= expected || Date.now() > deadline) return { productionSuccess, productionError };
		await sleep(250);
	}
}

export async function run(context) {
	const { log } = context;
	context.build();
	await ensureRuntime({ dir: runtimeDir });
	const fromShell = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => PASSED_THROUGH.test(key) && !OWN_SETTINGS.has(key)),
	);
	const shellSettings = Object.entries(fromShell).map(([key, value]) => `${key}=${value}`);
	if (shellSettings.length) log(`n8n settings from the environment: ${shellSettings.join(' ')}`);

	const rows = [];
	const details = {};
	const wanted = (process.env.CLOSED_LOOP_BENCH_CONFIGS ?? '').split(',').filter(Boolean);
	const configurations = wanted.length
		? CONFIGURATIONS.filter((configuration) => wanted.includes(configuration.key))
		: CONFIGURATIONS.filter((configuration) => !configuration.onlyWhenNamed);
	if (!configurations.length) throw new Error(`CLOSED_LOOP_BENCH_CONFIGS names none of ${CONFIGURATIONS.map((configuration) => configuration.key).join(', ')}`);
	for (const configuration of configurations) {
		log(`— ${configuration.label}`);
		const outcome = await measureOn(context, { ...fromShell, ...configuration.env }, configuration, shellSettings);
		rows.push(...outcome.rows);
		details[configuration.key] = outcome.details;
	}
	return { title: description, rows, details };
}

/** One fresh n8n with the given settings, both workflows active, measured and stopped. */
async function measureOn(context, n8nSettings, configuration, shellSettings) {
	const { settings, log } = context;
	const userFolder = createTempUserFolder('closed-loop-bench-');
	const [port, brokerPort] = await freePorts(2);
	const n8n = await startN8n({
		userFolder: userFolder.path,
		port,
		brokerPort,
		workflowsDir: path.join(context.benchDir, 'workflows'),
		publish: SIDES.map((side) => side.workflowId),
		env: {
			...n8nSettings,
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		},
		onProgress: log,
		signal: context.signal,
	}).catch((error) => {
		userFolder.remove();
		throw error;
	});
	try {
		return await measure(n8n, settings, log, shellSettings, configuration);
	} catch (error) {
		const kept = process.env.CLOSED_LOOP_KEEP_N8N_DATA === '1';
		throw new Error(`${error.message}\n  n8n's log: ${n8n.logFile}${kept ? '' : ' (deleted; CLOSED_LOOP_KEEP_N8N_DATA=1 keeps it)'}`);
	} finally {
		await n8n.stop();
		userFolder.remove();
	}
}

async function measure(n8n, settings, log, shellSettings, configuration) {
	const { client } = n8n;
	const ids = SIDES.map((side) => side.workflowId);
	const version = n8n.runtime.versions.n8n;

	// Sanity: each webhook answers 2xx with its own body before anything is timed. n8n registers the
	// webhooks of active workflows in the background once the editor is up: 404 means not yet.
	for (const side of SIDES) {
		let answer = await client.postWebhook(side.webhookPath, surveyResponse());
		for (const deadline = Date.now() + 60_000; answer.status === 404 && Date.now() < deadline; ) {
			await sleep(500);
			answer = await client.postWebhook(side.webhookPath, surveyResponse());
		}
		if (answer.status < 200 || answer.status > 299) {
			throw new Error(`${side.label}: the first request answered HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
		}
		log(`${side.label}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
	}
	await waitForIdle(client, ids);

	const perSide = Object.fromEntries(SIDES.map((side) => [side.key, { rounds: [], warmup: undefined }]));
	const runSide = async (side, seconds) => {
		const result = await load(n8n.webhookUrl(side.webhookPath), { connections: settings.connections, seconds });
		await waitForIdle(client, ids);
		return result;
	};

	for (const side of SIDES) {
		log(`warm-up ${side.label}: ${settings.warmupSeconds} s`);
		perSide[side.key].warmup = await runSide(side, settings.warmupSeconds);
	}
	for (let round = 1; round <= settings.rounds; round++) {
		for (const side of SIDES) {
			const result = await runSide(side, settings.seconds);
			perSide[side.key].rounds.push(result);
			log(`round ${round}/${settings.rounds} ${side.label}: ${result.requestsPerSecond.toFixed(1)} req/s, p50 ${result.latencyMs.p50} ms`);
		}
	}

	// Every failure counts, warm-up included: a fast side that answers errors proves nothing.
	const problems = [];
	for (const side of SIDES) {
		const runs = [perSide[side.key].warmup, ...perSide[side.key].rounds];
		const total = (key) => runs.reduce((sum, result) => sum + result.failures[key], 0);
		const [non2xx, errors, timeouts] = [total('non2xx'), total('errors'), total('timeouts')];
		if (non2xx || errors || timeouts) {
			const samples = runs.flatMap((result) => result.failures.samples).slice(0, ERROR_SAMPLES);
			problems.push(`${side.label}: ${non2xx} non-2xx answer(s), ${errors} connection error(s), ${timeouts} timeout(s); first:\n    ${samples.join('\n    ')}`);
		}
	}
	// Executions really ran. Successful ones are not saved (EXECUTIONS_DATA_SAVE_ON_SUCCESS=none), so
	// the executions list cannot show them; n8n's workflow statistics count every production
	// execution whatever is saved. Each answered request must have run one successful execution
	// (at most the requests sent: autocannon stops with some in flight), and none failed; failed
	// ones are saved (EXECUTIONS_DATA_SAVE_ON_ERROR=all), so the list names them.
	for (const side of SIDES) {
		const runs = [perSide[side.key].warmup, ...perSide[side.key].rounds];
		const answered = 1 + runs.reduce((sum, result) => sum + result.completed, 0);
		const sent = 1 + runs.reduce((sum, result) => sum + result.sent, 0);
		const counts = await executionCounts(client, side.workflowId, answered);
		perSide[side.key].executions = { answered, sent, ...counts };
		if (counts.productionSuccess < answered || counts.productionSuccess > sent) {
			problems.push(`${side.label}: ${counts.productionSuccess} successful execution(s) for ${answered} answered of ${sent} sent request(s)`);
		}
		const saved = await client.listExecutions(side.workflowId);
		if (counts.productionError || saved.length) {
			const statuses = saved.map((execution) => `${execution.id}:${execution.status}`).slice(0, ERROR_SAMPLES).join(', ');
			problems.push(`${side.label}: ${counts.productionError} execution(s) failed (${statuses || 'none saved'})`);
		}
	}
	if (problems.length) throw new Error(`the measurement is not valid:\n  ${problems.join('\n  ')}`);

	const figures = Object.fromEntries(SIDES.map((side) => [side.key, median(perSide[side.key].rounds.map((result) => result.requestsPerSecond))]));
	const drift = (key) => {
		const rounds = perSide[key].rounds;
		return rounds[rounds.length - 1].requestsPerSecond / rounds[0].requestsPerSecond;
	};
	const detail = (key) => {
		const rounds = perSide[key].rounds;
		return `rounds ${rounds.map((result) => result.requestsPerSecond.toFixed(1)).join(' · ')}   drift last/first ${drift(key).toFixed(2)}   p50 ${median(rounds.map((result) => result.latencyMs.p50))} ms`;
	};
	for (const side of SIDES) perSide[side.key].driftLastOverFirst = drift(side.key);
	const title = `Survey Trigger webhook throughput, ${configuration.label} (n8n ${version}, SQLite, ${settings.connections} connections, ${settings.rounds}×${settings.seconds} s rounds${shellSettings.length ? `, ${shellSettings.join(' ')}` : ''})`;
	return {
		title,
		rows: [
			{
				metric: title,
				unit: 'req/s',
				baselineLabel: SIDES[0].label,
				oursLabel: SIDES[1].label,
				baseline: figures.baseline,
				ours: figures.ours,
				ratio: figures.ours / figures.baseline,
				goal: GOAL,
				baselineDetail: detail('baseline'),
				oursDetail: detail('ours'),
				note: configuration.note,
			},
			...SIDES.slice(2).map((side) => ({
				metric: `${title}: ${side.label}`,
				unit: 'req/s',
				baselineLabel: SIDES[0].label,
				oursLabel: side.label,
				baseline: figures.baseline,
				ours: figures[side.key],
				ratio: figures[side.key] / figures.baseline,
				baselineDetail: detail('baseline'),
				oursDetail: detail(side.key),
				note: 'no goal: the difference to the row above is what exactly-once costs',
			})),
		],
		details: {
			n8n: version,
			node: n8n.runtime.versions.node,
			startupMs: n8n.startupMs,
			n8nSettingsFromShell: shellSettings,
			sides: Object.fromEntries(
				SIDES.map((side) => [
					side.key,
					{ label: side.label, workflowId: side.workflowId, webhookPath: side.webhookPath, ...perSide[side.key] },
				]),
			),
		},
	};
}
