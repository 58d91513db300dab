/**
 * SLA Wait at scale inside a real n8n: many executions waiting at once (default 2,000) on the pinned
 * runtime with SQLite, all falling due at one common deadline, against n8n's own Wait node.
 *
 * One fresh n8n per side (own process, own SQLite file, so each side's memory is its own), each running one
 * active workflow from bench/workflows/:
 *   baseline  Webhook → n8n-nodes-base.wait 1.1 (At Specified Time: body.dueAt) → HTTP Request to the bench
 *   ours      Webhook → SLA Wait (wait mode, 1 calendar hour from body.startAt) → Breached → HTTP Request to the bench
 *             (Met → another HTTP Request, which must never be called here)
 * By default both sides run at the same time, so the machine's other load falls on both alike and the run fits
 * in minutes; their absolute times are then those of a machine shared with a second n8n.
 * CLOSED_LOOP_BENCH_SLA_SEQUENTIAL=1 runs them one after the other (about twice as long).
 *
 * Every request body carries the same startAt and dueAt (= startAt + 1 h), so every case on both sides
 * falls due at the same instant, chosen before the first request: CLOSED_LOOP_BENCH_SLA_DEADLINE_SECONDS
 * after it. That instant must come at least 70 s after the last execution is put to wait, or the figures are
 * not what they claim (n8n's Wait node sleeps in-process for waits under 65 s, and a wait put to the
 * database less than 70 s before it falls due may miss a poll, below): the suite fails if it does not.
 *
 * The node after the wait calls back an HTTP server in this process with its execution id and case id.
 * That call is the proof of work, outside n8n's own records: an execution resumed twice would call twice.
 *
 * Measured per side:
 *   - time to put them all to wait: from the first POST until n8n's REST API counts all executions 'waiting'
 *     (polled every 500 ms), and its throughput (waits/s); the row's ratio is ours / baseline;
 *   - n8n's memory: RSS (VmRSS) of the n8n process and all its descendants (the task runner), sampled every
 *     second: idle before the load (5 s after start, startup garbage included), while every execution waits
 *     (median of the samples between the last one put to wait and the deadline), and the peak while they
 *     resume; and the SQLite file (with its WAL), where the waits really live;
 *   - lateness after the deadline: per execution stoppedAt − dueAt, median and max; and when the bench heard
 *     from the last one;
 *   - none lost, none resumed twice: exactly N executions, all 'success', every one heard from exactly once
 *     on Breached (ours: with sla.outcome breached and breachedAt = the deadline), nothing on Met, no extra
 *     execution, watched until a wait-tracker poll has run after the deadline. Any of these failing fails the
 *     suite, with the figures in the error.
 *
 * How n8n resolves waits (2.41.1, wait-tracker.js and ExecutionRepository.getWaitingExecutions): a poll every
 * 60 s loads the waiting executions due within the next 70 s and sets an in-process timer for each. A wait put
 * to the database at least 70 s before its deadline is therefore picked up by a poll before it falls due and
 * resumes on its timer; one put there later may be picked up only by the next poll, up to ~60 s late. The
 * lateness measured here is, beyond that bound, the cost of resuming all N at once: n8n starts every timer's
 * execution at the same moment (no concurrency limit by default), each loading its full data. On SQLite, n8n's
 * single write connection then times out for many of them ("Failed to start waiting execution", SQLite write-lock
 * timeouts in its log, counted in the figures); those stay 'running' until n8n restarts. The suite stops
 * waiting once nothing has finished for 125 s, and fails listing them as lost. So the suite sets
 * N8N_CONCURRENCY_PRODUCTION_LIMIT=20 on both sides, which makes n8n resume them a few at a time; set it to -1 in
 * the shell to measure n8n's default.
 *
 * n8n's memory while they resume grows with the executions in flight (with the default expression engine, `vm`,
 * by several MiB each): the bench kills an n8n whose tree passes CLOSED_LOOP_BENCH_SLA_MAX_RSS_MIB (default
 * 6144) and fails, so a shared machine is not taken down. N8N_* and DB_SQLITE_* settings in the shell pass
 * through to both n8n servers and are printed (e.g. N8N_EXPRESSION_ENGINE=legacy,
 * N8N_CONCURRENCY_PRODUCTION_LIMIT=20).
 *
 * Environment (besides run.mjs's): CLOSED_LOOP_BENCH_SLA_WAITS (default 2000),
 * CLOSED_LOOP_BENCH_SLA_DEADLINE_SECONDS (default 90 s + 1 s per 5 waits: enough at 5 waits/s per side or more),
 * CLOSED_LOOP_BENCH_SLA_RESUME_SECONDS (how long after the deadline all must have finished, default 600),
 * CLOSED_LOOP_BENCH_SLA_SIDES (baseline,ours; e.g. `ours` alone), CLOSED_LOOP_BENCH_SLA_SEQUENTIAL=1,
 * CLOSED_LOOP_BENCH_SLA_MAX_RSS_MIB. CLOSED_LOOP_BENCH_CONNECTIONS bounds each side's concurrent POSTs (default 10).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import server from '../../scripts/n8n-server.cjs';
import { ensureRuntime, runtimeDir } from '../../scripts/runtime.mjs';

const { createTempUserFolder, freePorts, packPackage, sleep, startN8n } = server;

export const name = 'slaWait';
export const description = 'SLA Wait: thousands of executions waiting at once in a real n8n (SQLite), against n8n’s Wait node';

const SIDES = [
	{
		key: 'baseline',
		label: 'n8n Wait (At Specified Time)',
		workflowId: 'cl0bench0n8nwait',
		webhookPath: 'bench-n8n-wait',
		outcome: 'timer',
	},
	{
		key: 'ours',
		label: 'SLA Wait (wait mode, calendar hours)',
		workflowId: 'cl0bench0slawait',
		webhookPath: 'bench-sla-wait',
		outcome: 'breached',
	},
];
const SLA_HOURS = 1;
/** n8n's Wait node sleeps in-process under 65 s; the wait tracker's poll looks 70 s ahead. */
const MIN_LEAD_MS = 70_000;
/** The wait tracker polls every 60 s: past deadline + 65 s, at least one poll has seen every execution after it fell due. */
const TRACKER_POLL_MS = 60_000;
const QUIET_MS = 10_000;
/** After the deadline, this long without an execution finishing means the rest will not (two tracker polls). */
const STALL_MS = 125_000;
/** What n8n logs when it cannot resume a waiting execution, or sees one claimed twice. */
const LOG_SIGNS = {
	failedToResume: /Failed to start waiting execution/,
	sqliteLockTimeouts: /^LockAcquireTimeoutError: Timeout waiting for lock SqliteWriteConnectionMutex/,
	claimedTwice: /Execution already claimed by another process, skipping/,
};
/** Idle time after n8n is up, before the load: the "before" memory. */
const IDLE_MS = 5000;
/** Passed to n8n from the shell (e.g. N8N_EXPRESSION_ENGINE=legacy); startN8n sets the rest. */
const PASSED_THROUGH = /^(N8N_|DB_SQLITE_)/;
const OWN_SETTINGS = new Set(['N8N_PORT', 'N8N_LISTEN_ADDRESS', 'N8N_HOST', 'N8N_PROTOCOL', 'N8N_USER_FOLDER', 'N8N_RUNNERS_BROKER_PORT']);
const ALL_STATUSES = ['canceled', 'crashed', 'error', 'new', 'running', 'success', 'unknown', 'waiting'];
const FAILED_STATUSES = new Set(['canceled', 'crashed', 'error', 'unknown']);
const ERROR_SAMPLES = 5;

function positiveInteger(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, not "${raw}"`);
	return value;
}

function readSettings(connections) {
	const waits = positiveInteger('CLOSED_LOOP_BENCH_SLA_WAITS', 2000);
	const wanted = (process.env.CLOSED_LOOP_BENCH_SLA_SIDES ?? '').split(',').filter(Boolean);
	const unknown = wanted.filter((key) => !SIDES.some((side) => side.key === key));
	if (unknown.length) throw new Error(`CLOSED_LOOP_BENCH_SLA_SIDES: unknown side ${unknown.join(', ')}; the sides are ${SIDES.map((side) => side.key).join(', ')}`);
	return {
		waits,
		connections,
		deadlineSeconds: positiveInteger('CLOSED_LOOP_BENCH_SLA_DEADLINE_SECONDS', 90 + Math.ceil(waits / 5)),
		resumeSeconds: positiveInteger('CLOSED_LOOP_BENCH_SLA_RESUME_SECONDS', 600),
		maxRssMiB: positiveInteger('CLOSED_LOOP_BENCH_SLA_MAX_RSS_MIB', 6144),
		sides: wanted.length ? SIDES.filter((side) => wanted.includes(side.key)) : SIDES,
		sequential: process.env.CLOSED_LOOP_BENCH_SLA_SEQUENTIAL === '1',
		n8nSettings: {
			// n8n's default (-1, no limit) starts all N resumes at once, and on SQLite most then time out on its write lock
			// and stay 'running' (measured, for n8n's Wait node as for ours): the setting SLA Wait's docs recommend at scale.
			// N8N_CONCURRENCY_PRODUCTION_LIMIT=-1 in the shell measures n8n's default.
			N8N_CONCURRENCY_PRODUCTION_LIMIT: '20',
			...Object.fromEntries(Object.entries(process.env).filter(([key]) => PASSED_THROUGH.test(key) && !OWN_SETTINGS.has(key))),
		},
	};
}

const median = (values) => {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const MiB = (kib) => kib / 1024;
const seconds = (ms) => ms / 1000;

/** VmRSS (KiB) of a process and all its descendants, from /proc; processes that vanish mid-read are skipped. */
function treeRss(rootPid) {
	const parents = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// The command name may hold spaces and parentheses: fields restart after the last ')'.
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			parents.set(Number(entry), ppid);
		} catch {
			// Gone between readdir and read.
		}
	}
	const tree = [rootPid];
	for (let index = 0; index < tree.length; index++) {
		for (const [pid, ppid] of parents) if (ppid === tree[index]) tree.push(pid);
	}
	const rssOf = (pid) => {
		try {
			const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
			return match ? Number(match[1]) : 0;
		} catch {
			return 0;
		}
	};
	const perProcess = tree.map(rssOf);
	return { mainKiB: perProcess[0], treeKiB: perProcess.reduce((sum, kib) => sum + kib, 0), processes: tree.length };
}

/**
 * Samples the n8n tree's RSS every second until stopped; `between(from, to)` gives the samples in a window.
 * Past `capMiB` it kills n8n's process group (the machine is shared: a runaway n8n must not take it down) and
 * `tripped` says so; the measuring loops then fail with that reason.
 */
function startMemorySampler(pid, capMiB) {
	const samples = [];
	const sampler = {
		samples,
		tripped: undefined,
		between: (from, to) => samples.filter((sample) => sample.at >= from && sample.at <= to),
		stop: () => clearInterval(timer),
		check() {
			if (sampler.tripped) throw new Error(sampler.tripped);
		},
	};
	const take = () => {
		const sample = { at: Date.now(), ...treeRss(pid) };
		samples.push(sample);
		if (!sampler.tripped && MiB(sample.treeKiB) > capMiB) {
			sampler.tripped = `n8n's RSS reached ${MiB(sample.treeKiB).toFixed(0)} MiB, past CLOSED_LOOP_BENCH_SLA_MAX_RSS_MIB=${capMiB}: the bench killed it`;
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		}
	};
	take();
	const timer = setInterval(take, 1000);
	return sampler;
}

/**
 * The HTTP server the workflows call after the wait: GET /<side>/<branch>/<executionId>/<caseId>/<outcome>?at=<iso>
 * (each side's n8n numbers its executions from 1). Every call is kept, with the time it arrived.
 */
async function startRecorder() {
	const calls = [];
	const recorder = http.createServer((request, response) => {
		const url = new URL(request.url, 'http://recorder');
		const [side, branch, executionId, caseId, outcome] = url.pathname.split('/').slice(1).map(decodeURIComponent);
		calls.push({ at: Date.now(), side, branch, executionId, caseId, outcome, stamp: url.searchParams.get('at') || null });
		request.resume();
		response.writeHead(200, { 'content-type': 'application/json' }).end('{"recorded":true}');
	});
	await new Promise((resolve, reject) => recorder.once('error', reject).listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${recorder.address().port}`,
		calls,
		close: () => new Promise((resolve) => recorder.close(resolve)),
	};
}

/** `count` POSTs to the webhook, at most `connections` at a time; every answer other than 2xx is counted. */
async function postCases(url, count, connections, bodyFor) {
	const failures = { count: 0, samples: [] };
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			try {
				const response = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(bodyFor(index)),
					signal: AbortSignal.timeout(30_000),
				});
				const text = await response.text();
				if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
			} catch (error) {
				failures.count++;
				if (failures.samples.length < ERROR_SAMPLES) failures.samples.push(`case ${index + 1}: ${error.message}`);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(connections, count) }, worker));
	return failures;
}

/** How many of the workflow's executions have one of the statuses, from n8n's executions list. */
async function countExecutions(client, workflowId, statuses) {
	const query = new URLSearchParams({ filter: JSON.stringify({ workflowId, status: statuses }), limit: '1' });
	return (await client.request('GET', `/rest/executions?${query}`)).body.data.count;
}

/** Every execution of the workflow (summaries: id, status, startedAt, stoppedAt, waitTill), page by page. */
async function allExecutions(client, workflowId) {
	const executions = [];
	let cursor;
	do {
		const query = new URLSearchParams({ filter: JSON.stringify({ workflowId, status: ALL_STATUSES }), limit: '100' });
		if (cursor) query.set('cursor', cursor);
		const page = (await client.request('GET', `/rest/executions?${query}`)).body.data;
		executions.push(...page.results);
		cursor = page.nextCursor;
	} while (cursor);
	return executions;
}

export async function run(context) {
	const { log } = context;
	const settings = readSettings(context.settings.connections);
	context.build();
	await ensureRuntime({ dir: runtimeDir });
	const shellSettings = Object.entries(settings.n8nSettings).map(([key, value]) => `${key}=${value}`);
	log(
		`${settings.waits} waits per side, ${settings.connections} connections per side, common deadline ${settings.deadlineSeconds} s after the first POST, ` +
			`sides ${settings.sides.map((side) => side.key).join(', ')} ${settings.sequential ? 'one after the other' : 'side by side'}` +
			`${shellSettings.length ? `; n8n settings from the environment: ${shellSettings.join(' ')}` : ''}`,
	);
	const recorder = await startRecorder();
	context.onCleanup(recorder.close);
	// One pack for every n8n of the run: the same bytes on both sides.
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'closed-loop-bench-sla-pack-'));
	context.onCleanup(() => fs.rmSync(packDir, { recursive: true, force: true }));
	const tarball = packPackage(packDir);
	const outcomes = {};
	try {
		const groups = settings.sequential ? settings.sides.map((side) => [side]) : [settings.sides];
		for (const group of groups) Object.assign(outcomes, await measureTogether(context, settings, group, { recorder, tarball }));
	} finally {
		await recorder.close();
		fs.rmSync(packDir, { recursive: true, force: true });
	}
	return report(settings, outcomes, shellSettings);
}

/** A fresh n8n for the side, its workflow active, its memory sampled from now on. */
async function startSide(context, settings, side, tarball) {
	const userFolder = createTempUserFolder('closed-loop-bench-sla-');
	const [port, brokerPort] = await freePorts(2);
	const n8n = await startN8n({
		userFolder: userFolder.path,
		port,
		brokerPort,
		tarball,
		workflowsDir: path.join(context.benchDir, 'workflows'),
		publish: [side.workflowId],
		env: { ...settings.n8nSettings, EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all', EXECUTIONS_DATA_SAVE_ON_ERROR: 'all' },
		onProgress: (message) => context.log(`${side.key}: ${message}`),
		signal: context.signal,
	}).catch((error) => {
		userFolder.remove();
		throw new Error(`${side.label}: ${error.message}`);
	});
	const memory = startMemorySampler(n8n.pid, settings.maxRssMiB);
	const database = path.join(userFolder.path, '.n8n', 'database.sqlite');
	const stop = async () => {
		memory.stop();
		await n8n.stop();
		userFolder.remove();
	};
	context.onCleanup(stop);
	return { side, n8n, memory, databaseBytes: () => fileBytes(database) + fileBytes(`${database}-wal`), stop };
}

const fileBytes = (file) => {
	try {
		return fs.statSync(file).size;
	} catch {
		return 0;
	}
};

/**
 * Starts the sides' n8n servers, lets them idle, then loads them at the same time towards one common deadline
 * and checks them. Every side is measured to its end even when another fails; the errors are then thrown together.
 */
async function measureTogether(context, settings, sides, { recorder, tarball }) {
	const started = await Promise.allSettled(sides.map((side) => startSide(context, settings, side, tarball)));
	const handles = started.filter((result) => result.status === 'fulfilled').map((result) => result.value);
	try {
		const failedToStart = started.filter((result) => result.status === 'rejected');
		if (failedToStart.length) throw new Error(failedToStart.map((result) => result.reason.message).join('\n'));
		const idleFrom = Date.now();
		await sleep(IDLE_MS);
		const idle = { from: idleFrom, to: Date.now(), databaseBytes: Object.fromEntries(handles.map((handle) => [handle.side.key, handle.databaseBytes()])) };
		const firstPostAt = Date.now();
		// Whole seconds, so the deadline reads the same in the body, in n8n's waitTill and on the item.
		const dueAt = Math.ceil((firstPostAt + settings.deadlineSeconds * 1000) / 1000) * 1000;
		const plan = { firstPostAt, dueAt, dueIso: new Date(dueAt).toISOString(), startAt: new Date(dueAt - SLA_HOURS * 3_600_000).toISOString() };
		context.log(`posting ${settings.waits} cases per side (common deadline ${plan.dueIso}, startAt ${plan.startAt} + ${SLA_HOURS} h)`);
		const measured = await Promise.allSettled(handles.map((handle) => measure(handle, settings, plan, idle, recorder, context.log)));
		const failures = measured
			.map((result, index) => ({ result, handle: handles[index] }))
			.filter(({ result }) => result.status === 'rejected')
			.map(({ result, handle }) => {
				const kept = process.env.CLOSED_LOOP_KEEP_N8N_DATA === '1';
				const reason = handle.memory.tripped ?? result.reason.message;
				const peak = MiB(Math.max(...handle.memory.samples.map((sample) => sample.treeKiB)));
				const before = `measured before: ${[handle.progress ?? 'nothing', handle.resumed].filter(Boolean).join('; ')}; peak RSS ${peak.toFixed(0)} MiB`;
				return `${handle.side.label}: ${reason}\n  ${before}\n  n8n's log: ${handle.n8n.logFile}${kept ? '' : ' (deleted; CLOSED_LOOP_KEEP_N8N_DATA=1 keeps it)'}`;
			});
		if (failures.length) throw new Error(failures.join('\n'));
		return Object.fromEntries(measured.map((result, index) => [handles[index].side.key, result.value]));
	} finally {
		await Promise.all(handles.map((handle) => handle.stop()));
	}
}

async function measure(handle, settings, plan, idle, recorder, log) {
	const { side, n8n, memory, databaseBytes } = handle;
	const { client } = n8n;
	const { waits } = settings;
	const { firstPostAt, dueAt, dueIso, startAt } = plan;
	const say = (message) => log(`${side.key}: ${message}`);
	const treeMiB = (samples) => MiB(median(samples.map((sample) => sample.treeKiB)));
	const sideCalls = () => recorder.calls.filter((call) => call.side === side.key);
	const caseId = (index) => `${side.key}-${index + 1}`;
	let postsDone = false;
	const posting = postCases(n8n.webhookUrl(side.webhookPath), waits, settings.connections, (index) => ({
		caseId: caseId(index),
		startAt,
		dueAt: dueIso,
		callbackUrl: `${recorder.url}/${side.key}`,
	})).finally(() => {
		postsDone = true;
	});
	const postFailures = async () => {
		const failures = await posting;
		if (failures.count) throw new Error(`${failures.count} of ${waits} POSTs failed; first:\n    ${failures.samples.join('\n    ')}`);
	};

	// Put to wait: until n8n counts every execution waiting, before the lead the measurement needs runs out.
	let allWaitingAt;
	let lastReport = firstPostAt;
	for (;;) {
		memory.check();
		const waiting = await countExecutions(client, side.workflowId, ['waiting']);
		if (waiting >= waits) {
			allWaitingAt = Date.now();
			break;
		}
		const failed = await countExecutions(client, side.workflowId, [...FAILED_STATUSES]);
		if (failed) throw new Error(`${failed} execution(s) failed before waiting (${waiting} waiting)`);
		if (postsDone) await postFailures();
		if (Date.now() > dueAt - MIN_LEAD_MS) {
			throw new Error(
				`only ${waiting} of ${waits} executions were waiting ${MIN_LEAD_MS / 1000} s before the common deadline: ` +
					`raise CLOSED_LOOP_BENCH_SLA_DEADLINE_SECONDS (now ${settings.deadlineSeconds})`,
			);
		}
		if (Date.now() - lastReport >= 30_000) {
			lastReport = Date.now();
			say(`${waiting}/${waits} waiting after ${seconds(lastReport - firstPostAt).toFixed(0)} s`);
		}
		await sleep(500);
	}
	await postFailures();
	const putMs = allWaitingAt - firstPostAt;
	handle.progress = `all ${waits} waiting ${seconds(putMs).toFixed(1)} s after the first POST (${(waits / seconds(putMs)).toFixed(1)} waits/s)`;
	say(`all ${waits} waiting after ${seconds(putMs).toFixed(1)} s (${(waits / seconds(putMs)).toFixed(1)} waits/s); deadline in ${seconds(dueAt - allWaitingAt).toFixed(0)} s`);

	// While they wait: nothing may resume early.
	while (Date.now() < dueAt - 2000) {
		memory.check();
		await sleep(Math.min(1000, dueAt - 2000 - Date.now()));
	}
	const waitingSamples = memory.between(allWaitingAt, dueAt - 2000);
	const waitingDatabaseBytes = databaseBytes();
	const stillWaiting = await countExecutions(client, side.workflowId, ['waiting']);
	const early = sideCalls().length;
	handle.progress += `, RSS while waiting ${treeMiB(waitingSamples).toFixed(0)} MiB (idle ${treeMiB(memory.between(idle.from, idle.to)).toFixed(0)} MiB)`;
	if (stillWaiting !== waits || early) throw new Error(`before the deadline: ${stillWaiting} of ${waits} still waiting, ${early} called back early`);

	// Resume: until all have finished and called back, then until a wait-tracker poll has run since the
	// deadline, and a quiet time: a second resume would show as a second call.
	say(`deadline passed; waiting for ${waits} executions to resume`);
	const resumeDeadline = dueAt + settings.resumeSeconds * 1000;
	let seen = { finished: 0, calls: 0, at: Date.now() };
	for (;;) {
		await sleep(1000);
		memory.check();
		const finished = await countExecutions(client, side.workflowId, ['success', ...FAILED_STATUSES]);
		const calls = sideCalls().length;
		handle.resumed = `${finished} of ${waits} finished ${seconds(Date.now() - dueAt).toFixed(0)} s after the deadline`;
		if (finished >= waits && calls >= waits) break;
		if (Date.now() > resumeDeadline) break;
		// Executions n8n failed to resume stay 'running' until a restart: stop waiting once nothing moves.
		if (finished !== seen.finished || calls !== seen.calls) seen = { finished, calls, at: Date.now() };
		else if (Date.now() - seen.at > STALL_MS) {
			say(`no execution finished for ${STALL_MS / 1000} s: ${handle.resumed}`);
			break;
		}
	}
	const allFinishedAt = Date.now();
	say(`${seconds(allFinishedAt - dueAt).toFixed(0)} s after the deadline: checking`);
	await sleep(Math.max(QUIET_MS, dueAt + TRACKER_POLL_MS + 5000 - Date.now()));
	const resumeSamples = memory.between(dueAt, Date.now());

	const executions = await allExecutions(client, side.workflowId);
	const calls = sideCalls();
	const checks = integrity({ side, waits, executions, calls, dueIso, caseId });
	const logLines = fs.readFileSync(n8n.logFile, 'utf8').split('\n');
	const n8nLog = Object.fromEntries(Object.entries(LOG_SIGNS).map(([key, pattern]) => [key, logLines.filter((line) => pattern.test(line)).length]));
	// A waiting or stuck execution's stoppedAt is when it was put to wait: only the finished ones resumed.
	const lateness = executions.filter((execution) => execution.status === 'success').map((execution) => Date.parse(execution.stoppedAt) - dueAt);
	const heardLateness = calls.map((call) => call.at - dueAt);
	const idleSamples = memory.between(idle.from, idle.to);
	return {
		label: side.label,
		workflowId: side.workflowId,
		n8n: n8n.runtime.versions.n8n,
		node: n8n.runtime.versions.node,
		startupMs: n8n.startupMs,
		waits,
		dueAt: dueIso,
		putMs,
		waitsPerSecond: waits / seconds(putMs),
		leadAfterLastWaitMs: dueAt - allWaitingAt,
		allFinishedAfterDeadlineMs: allFinishedAt - dueAt,
		memory: {
			idleTreeMiB: treeMiB(idleSamples),
			idleMainMiB: MiB(median(idleSamples.map((sample) => sample.mainKiB))),
			waitingTreeMiB: treeMiB(waitingSamples),
			waitingMainMiB: MiB(median(waitingSamples.map((sample) => sample.mainKiB))),
			waitingTreePeakMiB: MiB(Math.max(...waitingSamples.map((sample) => sample.treeKiB))),
			resumePeakTreeMiB: MiB(Math.max(...resumeSamples.map((sample) => sample.treeKiB))),
			processes: Math.max(...memory.samples.map((sample) => sample.processes)),
			samplesWhileWaiting: waitingSamples.length,
		},
		database: {
			idleMiB: idle.databaseBytes[side.key] / 2 ** 20,
			waitingMiB: waitingDatabaseBytes / 2 ** 20,
			perWaitKiB: (waitingDatabaseBytes - idle.databaseBytes[side.key]) / 1024 / waits,
		},
		n8nLog,
		lateness: {
			finished: lateness.length,
			medianMs: median(lateness),
			maxMs: Math.max(...lateness),
			minMs: Math.min(...lateness),
			lastHeardMs: Math.max(...heardLateness),
		},
		checks,
	};
}

/** None lost, none twice, none extra, all on Breached with the deadline as their breach. */
function integrity({ side, waits, executions, calls, dueIso, caseId }) {
	const problems = [];
	const byStatus = {};
	for (const execution of executions) byStatus[execution.status] = (byStatus[execution.status] ?? 0) + 1;
	if (executions.length !== waits) problems.push(`${executions.length} executions for ${waits} cases`);
	if ((byStatus.success ?? 0) !== waits) problems.push(`statuses ${JSON.stringify(byStatus)}`);
	const offDeadline = executions.filter((execution) => execution.waitTill && execution.waitTill !== dueIso);
	if (offDeadline.length) problems.push(`${offDeadline.length} execution(s) waited till another instant, e.g. ${offDeadline[0].waitTill}`);

	const perExecution = new Map();
	for (const call of calls) perExecution.set(call.executionId, (perExecution.get(call.executionId) ?? 0) + 1);
	const twice = [...perExecution].filter(([, count]) => count > 1);
	const known = new Set(executions.map((execution) => execution.id));
	const silent = [...known].filter((id) => !perExecution.has(id));
	const strangers = [...perExecution.keys()].filter((id) => !known.has(id));
	const cases = new Set(calls.map((call) => call.caseId));
	const missingCases = Array.from({ length: waits }, (_, index) => caseId(index)).filter((id) => !cases.has(id));
	const offBranch = calls.filter((call) => call.branch !== 'breached' || call.outcome !== side.outcome || (side.outcome === 'breached' && call.stamp !== dueIso));
	if (twice.length) problems.push(`${twice.length} execution(s) ran the node after the wait more than once, e.g. ${twice[0][0]} ×${twice[0][1]}`);
	if (silent.length) problems.push(`${silent.length} execution(s) never ran the node after the wait, e.g. ${silent[0]}`);
	if (strangers.length) problems.push(`${strangers.length} call(s) from executions n8n does not list, e.g. ${strangers[0]}`);
	if (missingCases.length) problems.push(`${missingCases.length} case(s) never heard from, e.g. ${missingCases[0]}`);
	if (offBranch.length) {
		const call = offBranch[0];
		problems.push(`${offBranch.length} call(s) not on Breached with the deadline, e.g. ${call.branch}/${call.outcome} at ${call.stamp}`);
	}
	return {
		executions: executions.length,
		statuses: byStatus,
		callbacks: calls.length,
		resumedTwice: twice.length,
		lost: Math.max(silent.length, missingCases.length),
		extra: Math.max(0, executions.length - waits) + strangers.length,
		offBranch: offBranch.length,
		problems,
	};
}

function report(settings, outcomes, shellSettings) {
	const measured = settings.sides.map((side) => ({ side, outcome: outcomes[side.key] }));
	const version = measured[0].outcome.n8n;
	const how = measured.length > 1 ? (settings.sequential ? ', sides one after the other' : ', both sides at once on two n8n servers') : '';
	const title =
		`SLA Wait at scale (n8n ${version}, SQLite, ${settings.waits} executions waiting at once per side, ${settings.connections} connections${how}` +
		`${shellSettings.length ? `, ${shellSettings.join(' ')}` : ''})`;
	const rows = [];
	const { baseline, ours } = outcomes;
	const putDetail = (outcome) =>
		`all waiting ${seconds(outcome.putMs).toFixed(1)} s after the first POST; deadline ${seconds(outcome.leadAfterLastWaitMs).toFixed(0)} s after the last`;
	if (baseline && ours) {
		rows.push({
			metric: `${title}: put-to-wait throughput`,
			unit: 'waits/s',
			baselineLabel: baseline.label,
			oursLabel: ours.label,
			baseline: baseline.waitsPerSecond,
			ours: ours.waitsPerSecond,
			ratio: ours.waitsPerSecond / baseline.waitsPerSecond,
			baselineDetail: putDetail(baseline),
			oursDetail: putDetail(ours),
			note: 'no goal: the issue sets none; the ratio is ours / baseline, higher is better',
		});
	}
	for (const { side, outcome } of measured) {
		const { memory, database, lateness, checks } = outcome;
		if (!(baseline && ours)) {
			rows.push({ metric: `${side.label}: put ${settings.waits} to wait`, value: seconds(outcome.putMs), unit: 's', detail: `${outcome.waitsPerSecond.toFixed(1)} waits/s` });
		}
		rows.push(
			{
				metric: `${side.label}: n8n RSS while ${settings.waits} wait`,
				value: memory.waitingTreeMiB,
				unit: 'MiB',
				detail:
					`idle before ${memory.idleTreeMiB.toFixed(0)} MiB; main process ${memory.waitingMainMiB.toFixed(0)} MiB of ${memory.processes} processes; ` +
					`peak while resuming ${memory.resumePeakTreeMiB.toFixed(0)} MiB`,
			},
			{
				metric: `${side.label}: SQLite file while ${settings.waits} wait`,
				value: database.waitingMiB,
				unit: 'MiB',
				detail: `idle before ${database.idleMiB.toFixed(1)} MiB: ${database.perWaitKiB.toFixed(1)} KiB per waiting execution`,
			},
			{
				metric: `${side.label}: last resumed after the deadline`,
				value: seconds(lateness.maxMs),
				unit: 's',
				detail:
					`median ${seconds(lateness.medianMs).toFixed(1)} s, first ${seconds(lateness.minMs).toFixed(1)} s (stoppedAt − dueAt, over the ${lateness.finished} that succeeded); ` +
					`last heard by the bench ${seconds(lateness.lastHeardMs).toFixed(1)} s`,
			},
			{
				metric: `${side.label}: finished exactly once${side.outcome === 'breached' ? ' on Breached' : ' after the wait'}`,
				value: checks.statuses.success ?? 0,
				unit: `of ${settings.waits}`,
				detail:
					`lost ${checks.lost}, resumed twice ${checks.resumedTwice}, extra executions ${checks.extra}, off Breached ${checks.offBranch}; statuses ${JSON.stringify(checks.statuses)}; ` +
					`n8n logged ${outcome.n8nLog.failedToResume} "Failed to start waiting execution" (${outcome.n8nLog.sqliteLockTimeouts} SQLite write-lock timeouts), ` +
					`${outcome.n8nLog.claimedTwice} "already claimed" (a second timer, refused)`,
			},
		);
	}
	const problems = measured.flatMap(({ side, outcome }) => outcome.checks.problems.map((problem) => `${side.label}: ${problem}`));
	if (problems.length) {
		const figures = rows.map((row) => `${row.metric}: ${row.value ?? row.ratio}${row.detail ? ` (${row.detail})` : ''}`);
		throw new Error(`executions were lost, doubled or misrouted:\n  ${problems.join('\n  ')}\n  figures:\n  ${figures.join('\n  ')}`);
	}
	return {
		title,
		rows,
		details: {
			waitResolution:
				'n8n 2.41.1 polls its database for waiting executions every 60 s and sets an in-process timer for those due within 70 s; ' +
				'a wait stored at least 70 s before its deadline resumes on its timer (the lateness here is then the cost of resuming all at once), ' +
				'one stored later can be up to ~60 s late. Waits under 65 s in n8n’s Wait node sleep in-process instead.',
			settings: { waits: settings.waits, connections: settings.connections, deadlineSeconds: settings.deadlineSeconds, resumeSeconds: settings.resumeSeconds },
			sides: outcomes,
		},
	};
}
