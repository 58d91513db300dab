#!/usr/bin/env node
/**
 * `npm run bench`: runs the benchmark suites in bench/suites/*.mjs (all, in file-name order, or the
 * ones named on the command line: `npm run bench -- surveyTrigger`), prints one table per suite and
 * writes every figure to bench/results/latest.json.
 *
 * Speed goals are ratios against a baseline measured in the same run on the same machine (e.g. our
 * trigger against n8n's built-in Webhook node), never absolute timings, so they hold on any machine.
 *
 * A suite is an ES module exporting:
 *   name          short id, used on the command line (defaults to the file name)
 *   description   one line
 *   run(context)  resolves with rows, or with { title, rows, details } where each row is
 *                 { metric, unit, ours, baseline, ratio, goal, oursLabel, baselineLabel, oursDetail, baselineDetail, note }
 *                 (ratio = ours / baseline, higher is better; goal = the lowest acceptable ratio),
 *                 or { metric, value, unit, detail } for a figure with no baseline (time, memory).
 *                 It throws when the measurement itself is invalid (errors, crashed server…).
 * The context offers: settings (seconds, rounds, connections, warmupSeconds), log(message),
 * build() (`npm run build`, once per run), onCleanup(fn) (also run on Ctrl-C), signal (aborted on
 * Ctrl-C, for startN8n), repoDir, benchDir.
 *
 * Environment:
 *   CLOSED_LOOP_BENCH_SECONDS          length of one measured round per side (default 10)
 *   CLOSED_LOOP_BENCH_ROUNDS           measured rounds per side, interleaved (default 5)
 *   CLOSED_LOOP_BENCH_CONNECTIONS      concurrent HTTP connections (default 10)
 *   CLOSED_LOOP_BENCH_WARMUP_SECONDS   unmeasured warm-up per side (default 5)
 *   CLOSED_LOOP_BENCH_SKIP_BUILD=1     use the dist/ already built instead of `npm run build`
 *   CLOSED_LOOP_BENCH_STRICT=1         exit 1 when a ratio is below its goal (default: report only)
 *   CLOSED_LOOP_KEEP_N8N_DATA=1        keep n8n's temporary user folder and n8n.log
 * Exit code: 0 when every suite measured cleanly, 1 when a suite failed (or, strict, missed a goal).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoDir = path.resolve(benchDir, '..');
const suitesDir = path.join(benchDir, 'suites');
const resultsFile = path.join(benchDir, 'results', 'latest.json');

function positiveNumber(name, fallback, { integer = false } = {}) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
		throw new Error(`${name} must be a positive ${integer ? 'whole ' : ''}number, not "${raw}"`);
	}
	return value;
}

function readSettings() {
	return Object.freeze({
		seconds: positiveNumber('CLOSED_LOOP_BENCH_SECONDS', 10),
		rounds: positiveNumber('CLOSED_LOOP_BENCH_ROUNDS', 5, { integer: true }),
		connections: positiveNumber('CLOSED_LOOP_BENCH_CONNECTIONS', 10, { integer: true }),
		warmupSeconds: positiveNumber('CLOSED_LOOP_BENCH_WARMUP_SECONDS', 5),
		skipBuild: process.env.CLOSED_LOOP_BENCH_SKIP_BUILD === '1',
		strict: process.env.CLOSED_LOOP_BENCH_STRICT === '1',
	});
}

async function loadSuites(names) {
	const files = fs
		.readdirSync(suitesDir)
		.filter((file) => file.endsWith('.mjs'))
		.sort();
	const suites = [];
	for (const file of files) {
		const module = await import(pathToFileURL(path.join(suitesDir, file)).href);
		if (typeof module.run !== 'function') throw new Error(`bench/suites/${file} exports no run(context)`);
		suites.push({ file, name: module.name ?? path.basename(file, '.mjs'), description: module.description ?? '', run: module.run });
	}
	if (!names.length) return suites;
	const unknown = names.filter((name) => !suites.some((suite) => suite.name === name));
	if (unknown.length) {
		throw new Error(`unknown suite ${unknown.join(', ')}; available: ${suites.map((suite) => suite.name).join(', ')}`);
	}
	return names.map((name) => suites.find((suite) => suite.name === name));
}

const formatSeconds = (ms) => {
	const seconds = Math.round(ms / 1000);
	return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
};

/** A figure with about three significant digits. */
function formatNumber(value) {
	if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
	if (Math.abs(value) >= 100) return value.toFixed(0);
	if (Math.abs(value) >= 10) return value.toFixed(1);
	return value.toFixed(2);
}

function rowVerdict(row) {
	if (typeof row.ratio !== 'number' || typeof row.goal !== 'number') return undefined;
	return row.ratio >= row.goal ? 'OK' : 'BELOW GOAL';
}

function printTable(title, rows) {
	const lines = [];
	for (const row of rows) {
		// A measurement without a baseline (time, memory): one line, no ratio.
		if (row.ratio === undefined && row.value !== undefined) {
			lines.push(`${row.metric}: ${formatNumber(row.value)}${row.unit ? ` ${row.unit}` : ''}${row.detail ? `   ${row.detail}` : ''}`);
			continue;
		}
		lines.push(row.metric ?? title);
		const labels = [row.baselineLabel ?? 'baseline', row.oursLabel ?? 'ours', 'ratio'];
		const width = Math.max(...labels.map((label) => label.length)) + 3;
		const unit = row.unit ? ` ${row.unit}` : '';
		const valueWidth = Math.max(formatNumber(row.baseline).length, formatNumber(row.ours).length, formatNumber(row.ratio).length) + 1;
		const value = (number) => formatNumber(number).padStart(valueWidth);
		lines.push(`  ${labels[0].padEnd(width)}${value(row.baseline)}${unit}${row.baselineDetail ? `   ${row.baselineDetail}` : ''}`);
		lines.push(`  ${labels[1].padEnd(width)}${value(row.ours)}${unit}${row.oursDetail ? `   ${row.oursDetail}` : ''}`);
		const goal = typeof row.goal === 'number' ? `${' '.repeat(unit.length)}   (goal ≥ ${row.goal.toFixed(2)})  ${rowVerdict(row)}` : '';
		lines.push(`  ${labels[2].padEnd(width)}${value(row.ratio)}${goal}`);
		if (row.note) lines.push(`  ${row.note}`);
	}
	process.stdout.write(`\n${lines.join('\n')}\n`);
}

async function main(argv) {
	const settings = readSettings();
	const suites = await loadSuites(argv.filter((arg) => !arg.startsWith('-')));
	const started = Date.now();
	const cleanups = [];
	let built = false;

	// Ctrl-C: cancel a server start (context.signal), stop what the running suite started, then leave.
	const cancel = new AbortController();
	let running = Promise.resolve();
	let interrupted = false;
	const onSignal = async (signal) => {
		if (interrupted) process.exit(130);
		interrupted = true;
		process.stderr.write(`\n${signal}: cleaning up…\n`);
		cancel.abort(new Error(`${signal} received`));
		for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => {});
		await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
		process.exit(130);
	};
	process.on('SIGINT', () => void onSignal('SIGINT'));
	process.on('SIGTERM', () => void onSignal('SIGTERM'));

	const report = {
		startedAt: new Date(started).toISOString(),
		finishedAt: undefined,
		wallSeconds: undefined,
		machine: {
			platform: `${os.platform()} ${os.release()} ${os.arch()}`,
			cpus: os.cpus().length,
			cpuModel: os.cpus()[0]?.model,
			memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
			loadAverage: os.loadavg(),
			benchNode: process.version,
		},
		commit: spawnSync('git', ['rev-parse', 'HEAD'], { cwd: repoDir, encoding: 'utf8' }).stdout?.trim() || undefined,
		settings,
		suites: [],
	};

	for (const suite of suites) {
		if (cancel.signal.aborted) break;
		process.stdout.write(`\n== ${suite.name}: ${suite.description}\n`);
		const suiteStarted = Date.now();
		const context = {
			repoDir,
			benchDir,
			settings,
			signal: cancel.signal,
			log: (message) => process.stdout.write(`-- ${message}\n`),
			onCleanup: (fn) => cleanups.push(fn),
			build: () => {
				if (built || settings.skipBuild) return;
				process.stdout.write('-- npm run build\n');
				const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repoDir, stdio: 'inherit' });
				if (result.status !== 0) throw new Error(`npm run build failed (${result.signal ?? `exit ${result.status}`})`);
				built = true;
			},
		};
		const entry = { name: suite.name, description: suite.description, ok: false };
		try {
			const pending = Promise.resolve().then(() => suite.run(context));
			running = pending.catch(() => {});
			const outcome = await pending;
			const { title = suite.description, rows = [], details } = Array.isArray(outcome) ? { rows: outcome } : (outcome ?? {});
			Object.assign(entry, { ok: true, title, rows: rows.map((row) => ({ ...row, verdict: rowVerdict(row) })), details });
			printTable(title, rows);
		} catch (error) {
			entry.error = error instanceof Error ? error.message : String(error);
			process.stderr.write(`\n${suite.name} FAILED: ${entry.error}\n`);
		} finally {
			for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => {});
			entry.wallSeconds = Math.round((Date.now() - suiteStarted) / 100) / 10;
			report.suites.push(entry);
		}
	}

	report.machine.loadAverageAtEnd = os.loadavg();
	report.finishedAt = new Date().toISOString();
	report.wallSeconds = Math.round((Date.now() - started) / 100) / 10;
	fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
	fs.writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);

	const rows = report.suites.flatMap((suite) => suite.rows ?? []);
	const failed = report.suites.filter((suite) => !suite.ok).map((suite) => suite.name);
	const goals = rows.filter((row) => row.verdict !== undefined);
	const below = goals.filter((row) => row.verdict === 'BELOW GOAL').length;
	process.stdout.write(
		`\nbench: ${report.suites.length} suite(s), ${failed.length ? `FAILED: ${failed.join(', ')}, ` : ''}` +
			`${goals.length - below} of ${goals.length} goal(s) met; ${path.relative(process.cwd(), resultsFile)}; wall time ${formatSeconds(Date.now() - started)}\n`,
	);
	// Other work on the machine skews one side more than the other, even with interleaved rounds.
	const [loadAtStart] = report.machine.loadAverage;
	if (loadAtStart >= report.machine.cpus / 2) {
		process.stdout.write(`note: the machine was already busy when the bench started (load ${loadAtStart.toFixed(1)} on ${report.machine.cpus} CPUs); ratios may be noisy.\n`);
	}
	if (cancel.signal.aborted) return 130;
	return failed.length || (settings.strict && below) ? 1 : 0;
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`\nnpm run bench failed: ${error instanceof Error ? error.message : error}\n`);
		process.exit(1);
	},
);
