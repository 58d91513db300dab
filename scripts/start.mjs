#!/usr/bin/env node
/**
 * `npm start`: a local n8n with this package and its templates, ready to receive survey responses.
 *
 * Builds the package, makes sure the pinned runtime is installed (the first time takes about
 * 8 minutes on 2 cores: the README has the figures), installs the packed package into `.n8n-data/`, imports and publishes (activates) every template
 * in workflows/, starts n8n on http://localhost:5678 and sets up a local owner account. Data stays
 * in `.n8n-data/` between runs; templates are re-imported each time so they match the repository.
 * Ctrl-C stops n8n.
 *
 * Settings (environment variables):
 *   CLOSED_LOOP_PORT            editor and webhooks port (default 5678); the task broker uses the next one
 *   CLOSED_LOOP_BROKER_PORT     n8n's task broker port (default: port + 1)
 *   CLOSED_LOOP_DATA_DIR        n8n's user folder (default: .n8n-data)
 *   CLOSED_LOOP_OWNER_EMAIL     owner account (default owner@closed-loop.local)
 *   CLOSED_LOOP_OWNER_PASSWORD  its password (default ClosedLoop-2026; 8+ characters, a digit, an uppercase letter)
 *   CLOSED_LOOP_RUNTIME_DIR     where the pinned runtime lives (default: .runtime)
 * Other N8N_* variables pass through to n8n (e.g. N8N_LOG_LEVEL=debug, or N8N_TEMPLATES_ENABLED=true to turn
 * one of n8n's lookups back on), except the ones this script sets: port, broker port, user folder, SQLite, and
 * listening on 127.0.0.1 only (the owner password is public). n8n's own output goes to <user folder>/n8n.log.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import server from './n8n-server.cjs';
import { ensureRuntime, repoDir, runtimeDir } from './runtime.mjs';

const { DEFAULT_OWNER, isPortInUse, readWorkflows, startN8n } = server;
const SURVEY_TRIGGER = 'n8n-nodes-closed-loop.surveyTrigger';
/** The template the sample NPS response is meant for. */
const NPS_TEMPLATE_ID = 'cl0nps0cust0mjs0';
/** Sources whose trigger calls the survey tool's API: their templates wait for the admin's credential. */
const NEEDS_API_CREDENTIAL = new Set(['qualtrics', 'surveyMonkey', 'tally', 'typeform']);

function settings() {
	const port = Number(process.env.CLOSED_LOOP_PORT || 5678);
	const brokerPort = Number(process.env.CLOSED_LOOP_BROKER_PORT || port + 1);
	for (const [name, value] of [['CLOSED_LOOP_PORT', port], ['CLOSED_LOOP_BROKER_PORT', brokerPort]]) {
		if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number, not "${process.env[name]}"`);
	}
	return {
		port,
		brokerPort,
		userFolder: path.resolve(process.env.CLOSED_LOOP_DATA_DIR || path.join(repoDir, '.n8n-data')),
		owner: {
			...DEFAULT_OWNER,
			email: process.env.CLOSED_LOOP_OWNER_EMAIL || DEFAULT_OWNER.email,
			password: process.env.CLOSED_LOOP_OWNER_PASSWORD || DEFAULT_OWNER.password,
		},
	};
}

function step(message) {
	process.stdout.write(`\n== ${message}\n`);
}

/** Single-quotes a string for a POSIX shell. */
function shellQuote(text) {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

const sampleResponse = {
	responseId: 'demo-0001',
	score: 3,
	comment: 'Livraison en retard de trois jours et personne ne répond au téléphone',
	email: 'claire.martin@exemple.fr',
	touchpoint: 'delivery',
	store: 'Lyon',
	locale: 'fr-FR',
};

/** The production webhook URL of every Survey Trigger in the templates, with its workflow's name. */
function surveyWebhooks(workflows, baseUrl) {
	return workflows.flatMap((workflow) =>
		workflow.nodes
			.filter((node) => node.type === SURVEY_TRIGGER && typeof node.parameters.path === 'string')
			.map((node) => ({ id: workflow.id, workflow: workflow.name, url: new URL(`/webhook/${node.parameters.path}`, baseUrl).toString() })),
	);
}

/** A template whose Survey Trigger registers with, or fetches from, a survey tool's API. */
function needsCredential(workflow) {
	return workflow.nodes.some((node) => node.type === SURVEY_TRIGGER && NEEDS_API_CREDENTIAL.has(node.parameters.source));
}

function banner({ editorUrl, owner, webhooks, waiting, userFolder, logFile }) {
	const lines = [
		'',
		'────────────────────────────────────────────────────────────────────────',
		` n8n with n8n-nodes-closed-loop is running: ${editorUrl}`,
		'',
		` Log in       ${owner.email}`,
		`              ${owner.password}   (local only; CLOSED_LOOP_OWNER_PASSWORD picks another before the first start)`,
		'',
		' Survey webhooks (production, published):',
		...webhooks.map(({ workflow, url }) => `   ${workflow}: POST ${url}`),
	];
	const nps = webhooks.find((webhook) => webhook.id === NPS_TEMPLATE_ID);
	if (nps) {
		lines.push(
			'',
			` Send a French detractor response to ${nps.workflow}:`,
			`   curl -sS -X POST ${shellQuote(nps.url)} \\`,
			`     -H 'Content-Type: application/json' \\`,
			`     -d ${shellQuote(JSON.stringify(sampleResponse))}`,
			'   then open Executions in the editor: Alert Rule alerted the delivery desk (the email and',
			'   Slack senders stay off until you set them up), Create Case opened one case in the',
			'   "Closed-loop cases" Data Table (Overview > Data tables), and the execution waits in SLA',
			'   Wait for the first contact, 2 business days. Close the case with the owners\' form, which',
			'   ends the wait on Met and records what happened:',
			`   ${new URL(`/form/close-case?caseKey=${encodeURIComponent(`custom-json:${sampleResponse.responseId}`)}`, nps.url).toString()}`,
			'   Send the response again with another responseId: the same customer within 24 h goes to',
			'   Suppressed.',
		);
	}
	if (waiting.length) {
		lines.push('', ' Imported, not published until you add the survey tool\'s credential and form in the editor:');
		lines.push(...waiting.map((workflow) => `   ${workflow.name}`));
	}
	lines.push(
		'',
		` Data: ${userFolder}`,
		` n8n's own output goes to its log, not here: tail -f ${shellQuote(logFile)}`,
		' Ctrl-C stops n8n.',
		'────────────────────────────────────────────────────────────────────────',
		'',
	);
	process.stdout.write(`${lines.join('\n')}\n`);
}

async function main() {
	const config = settings();
	// Ctrl-C before n8n is up cancels the start (and stops n8n if launched); after, it stops n8n.
	const cancel = new AbortController();
	let n8n;
	let stopping = false;
	const onSignal = async (signal) => {
		if (!n8n) {
			cancel.abort(new Error(`${signal} while starting`));
			return;
		}
		if (stopping) {
			// A second Ctrl-C while n8n shuts down: leave now; stop() has already signalled its process group.
			process.exit(130);
		}
		stopping = true;
		process.stdout.write(`\n== ${signal}: stopping n8n…\n`);
		await n8n.stop();
		process.stdout.write('== n8n stopped.\n');
		process.exit(0);
	};
	process.on('SIGINT', () => void onSignal('SIGINT'));
	process.on('SIGTERM', () => void onSignal('SIGTERM'));

	// Fail before the build if an earlier npm start (or another n8n) holds the ports.
	for (const port of [config.port, config.brokerPort]) {
		if (await isPortInUse(port)) {
			throw new Error(`port ${port} is already in use (an earlier npm start still running?). Stop it, or set CLOSED_LOOP_PORT and CLOSED_LOOP_BROKER_PORT.`);
		}
	}

	step('Building the package (npm run build)');
	// Quiet unless it fails: the terminal is for our steps and the banner.
	const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repoDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (build.status !== 0) {
		process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
		throw new Error(`npm run build failed (${build.signal ?? `exit ${build.status}`})`);
	}
	cancel.signal.throwIfAborted();

	step('Checking the n8n runtime');
	await ensureRuntime({ dir: runtimeDir });
	cancel.signal.throwIfAborted();

	step(`Starting n8n on http://localhost:${config.port}`);
	const workflows = readWorkflows();
	const waiting = workflows.filter((workflow) => needsCredential(workflow));
	const publish = workflows.filter((workflow) => !needsCredential(workflow)).map((workflow) => workflow.id).filter(Boolean);
	n8n = await startN8n({
		userFolder: config.userFolder,
		port: config.port,
		brokerPort: config.brokerPort,
		publish,
		owner: config.owner,
		// n8n's own output (deprecation notices, warnings, stack traces) stays in its log file.
		echo: false,
		inheritN8nEnv: true,
		onProgress: (message) => process.stdout.write(`-- ${message}\n`),
		signal: cancel.signal,
	});

	const editorUrl = `http://localhost:${config.port}`;
	banner({
		editorUrl,
		owner: config.owner,
		webhooks: surveyWebhooks(workflows.filter((workflow) => publish.includes(workflow.id)), editorUrl),
		waiting,
		userFolder: config.userFolder,
		logFile: n8n.logFile,
	});

	const { code, signal } = await n8n.exited;
	if (!stopping) {
		process.stderr.write(`\nn8n stopped on its own (${signal ?? `exit ${code}`}); see ${n8n.logFile}\n`);
		await n8n.stop();
		process.exit(1);
	}
}

main().catch((error) => {
	const cancelled = /SIG(INT|TERM)/.test(error.message);
	const hint =
		error.code === 'OWNER_LOGIN_FAILED'
			? `\nSet CLOSED_LOOP_OWNER_EMAIL and CLOSED_LOOP_OWNER_PASSWORD to that account, or delete ${path.relative(process.cwd(), settings().userFolder) || '.'} to start afresh.`
			: '';
	process.stderr.write(`\nnpm start ${cancelled ? 'cancelled' : 'failed'}: ${error.message}${hint}\n`);
	process.exit(cancelled ? 130 : 1);
});
