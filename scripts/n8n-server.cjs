'use strict';
/**
 * Runs a real n8n server with this package installed the way users get it, for `npm start`, the
 * end-to-end tests and the benchmarks.
 *
 *   const server = await startN8n({ userFolder, port, brokerPort, publish: ['cl0nps0detract0r'] });
 *   await server.client.postWebhook('nps-detractor-recovery', { score: 3 });
 *   await server.stop();
 *
 * What `startN8n` does, in order:
 * 1. packs the repository (`npm pack`, so exactly what would be published) and unpacks it into
 *    `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-closed-loop`, listed in `.n8n/nodes/package.json`.
 *    n8n then registers the nodes as `n8n-nodes-closed-loop.<node>`, the type names templates use;
 * 2. imports every workflow in `workflows/` and publishes (activates) the given ids. Both are n8n CLI
 *    commands that must run while n8n is stopped;
 * 3. starts `n8n start` in its own process group on SQLite, and waits for "Editor is now accessible"
 *    (`/healthz` answers before workflows are activated);
 * 4. sets up the owner account if the instance has none, logs in, and checks that n8n knows the
 *    package's node types the published workflows use and has activated those workflows. (n8n 2.41
 *    lists a workflow as active even when its node types failed to load, so both are checked.)
 *
 * n8n's output goes to `<userFolder>/n8n.log`, and also to the terminal with `echo: true`.
 *
 * CommonJS on purpose: ts-jest runs the e2e tests as CommonJS, which cannot load an ES module
 * without --experimental-vm-modules, while ES modules (start.mjs, benchmarks) import CommonJS fine.
 * Node built-ins only: the runtime itself comes from scripts/runtime.mjs, found through its marker file.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { packRepository, repoDir, tailOfFile } = require('./repo.cjs');
const packageManifest = JSON.parse(fs.readFileSync(path.join(repoDir, 'package.json'), 'utf8'));
/** What each n8n command logs once it serves: `start` the editor and API, queue mode's `webhook` and `worker`. */
const READY_LINES = Object.freeze({
	start: 'Editor is now accessible',
	webhook: 'Webhook listener waiting for requests.',
	worker: 'n8n worker is now ready',
});
const FINISHED_STATUSES = new Set(['success', 'error', 'crashed', 'canceled']);

/** Local-only defaults; n8n requires 8+ characters with a number and an uppercase letter. */
const DEFAULT_OWNER = Object.freeze({
	email: 'owner@closed-loop.local',
	firstName: 'Closed Loop',
	lastName: 'Owner',
	password: 'ClosedLoop-2026',
});

/** Environment variables that configure n8n; a test instance must not pick them up from the shell. */
const N8N_ENV = /^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODES_|NODE_FUNCTION_ALLOW_|CREDENTIALS_|WORKFLOWS_|JEST_|NODE_ENV$|NODE_OPTIONS$)/;

class N8nServerError extends Error {
	/** `code` names the failures a caller may explain in its own terms (e.g. 'OWNER_LOGIN_FAILED'). */
	constructor(message, { logFile, code } = {}) {
		super(logFile ? `${message}\n--- last lines of ${logFile} ---\n${tail(logFile)}` : message);
		this.name = 'N8nServerError';
		this.logFile = logFile;
		this.code = code;
	}
}

const tail = (file) => tailOfFile(file, 40);

/** The distinct log lines after byte `from` that match `pattern` (at most `max`), to quote a cause. */
function logLines(file, pattern, { from = 0, max = 8 } = {}) {
	try {
		const lines = fs.readFileSync(file).subarray(from).toString('utf8').split('\n');
		return [...new Set(lines.filter((line) => pattern.test(line)))].slice(0, max);
	} catch {
		return [];
	}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The pinned Node 24 binary and n8n CLI, read from the marker scripts/runtime.mjs writes once the
 * runtime is complete, so the layout is defined in one place.
 */
function resolveRuntime(runtimeDir = process.env.CLOSED_LOOP_RUNTIME_DIR || path.join(repoDir, '.runtime')) {
	const dir = path.resolve(runtimeDir);
	let marker;
	try {
		marker = JSON.parse(fs.readFileSync(path.join(dir, '.ready'), 'utf8'));
	} catch {
		throw new N8nServerError(
			`The pinned n8n runtime is not installed in ${dir}. Run \`npm run runtime\` (node scripts/runtime.mjs ensure) first; the first install takes about 8 minutes.`,
		);
	}
	const runtime = { dir, versions: { n8n: marker.n8n, node: marker.node }, node: path.join(dir, marker.nodeBinary), n8n: path.join(dir, marker.n8nCli) };
	for (const file of [runtime.node, runtime.n8n]) {
		if (!fs.existsSync(file)) throw new N8nServerError(`The n8n runtime in ${dir} is incomplete (${file} is missing). Run \`node scripts/runtime.mjs ensure --force\`.`);
	}
	return runtime;
}

/** `npm pack`s the repository into `destDir` and returns the tarball's path. Needs a built dist/. */
function packPackage(destDir) {
	const missing = packageManifest.n8n.nodes.filter((file) => !fs.existsSync(path.join(repoDir, file)));
	if (missing.length) throw new N8nServerError(`The package is not built (${missing[0]} is missing). Run \`npm run build\` first.`);
	return packRepository(destDir);
}

/**
 * Unpacks the tarball where n8n looks for installed community packages, replacing an older copy,
 * and lists it in `.n8n/nodes/package.json` without dropping packages installed from the UI.
 */
function installPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', packageManifest.name);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '--strip-components=1', '-C', target]);
	const manifestFile = path.join(nodesDir, 'package.json');
	let manifest = { name: 'installed-nodes', private: true, dependencies: {} };
	if (fs.existsSync(manifestFile)) manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
	manifest.dependencies = { ...manifest.dependencies, [packageManifest.name]: packageManifest.version };
	fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
	return target;
}

/** The workflow files in `dir` with their ids. Templates need a fixed id, or each import would duplicate them. */
function readWorkflows(dir = path.join(repoDir, 'workflows')) {
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => {
			const file = path.join(dir, name);
			const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
			return { file, id: workflow.id, name: workflow.name, nodes: workflow.nodes ?? [] };
		});
}

/** The Data Tables the templates read (workflows/data-tables/*.json): name, columns and first rows. */
function readDataTableSeeds(dir = path.join(repoDir, 'workflows', 'data-tables')) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')));
}

/**
 * Every call home n8n 2.41.1 lets you switch off, so the server stays offline and its log free of
 * the stack traces each failed lookup writes. Each name is read by n8n itself (paths under its
 * node_modules):
 */
const LOOKUPS_OFF = Object.freeze({
	// @n8n/config configs/diagnostics.config.js: telemetry to n8n (backend and the editor's).
	N8N_DIAGNOSTICS_ENABLED: 'false',
	// @n8n/config configs/version-notifications.config.js: the new-version check and "What's new".
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
	// @n8n/config configs/templates.config.js: the template gallery, fetched from n8n's API.
	N8N_TEMPLATES_ENABLED: 'false',
	// @n8n/config configs/personalization.config.js and hiring-banner.config.js: editor surveys and banners.
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	// @n8n/config configs/dynamic-banners.config.js: banners fetched from n8n's API.
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	// n8n dist/modules/community-packages/community-packages.config.js, read by community-node-types.service.js
	// and node-catalog.service.js: the verified community-node catalogue from api.n8n.io, fetched when the
	// editor opens (each failure logs "Failed to fetch community node types" with a stack trace).
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	// Same config, read by community-packages.lifecycle.service.js: listing installed packages runs
	// `npm outdated` against the registry. Also refuses UI installs of unverified packages; packages in
	// <userFolder>/.n8n/nodes, such as this one, load as before.
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
	// n8n dist/modules/mcp-registry: fetches an MCP server list from api.n8n.io on start.
	N8N_DISABLED_MODULES: 'mcp-registry',
});

/**
 * The environment n8n runs with: loopback, SQLite in the user folder, no calls home, and nothing
 * inherited from the shell's own n8n settings unless `inheritN8nEnv` (npm start lets users tweak n8n,
 * including turning a lookup back on).
 */
function n8nEnvironment({ runtime, userFolder, port, brokerPort, listenAddress = '127.0.0.1', host = 'localhost', inheritN8nEnv = false, env = {} }) {
	const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => inheritN8nEnv || !N8N_ENV.test(key)));
	return {
		...LOOKUPS_OFF,
		...base,
		// Anything n8n spawns with `node` gets Node 24 too.
		PATH: `${path.dirname(runtime.node)}${path.delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		// n8n's temporary files (data-table uploads, for one) stay in the user folder, not the shared /tmp.
		TMPDIR: path.join(userFolder, 'tmp'),
		DB_TYPE: 'sqlite',
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: listenAddress,
		N8N_HOST: host,
		N8N_PROTOCOL: 'http',
		// The task broker listens on 5679 by default: a second instance would collide.
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		// Plain http on localhost: a secure cookie would never be sent back.
		N8N_SECURE_COOKIE: 'false',
		// n8n reads community packages from <userFolder>/.n8n/nodes.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		...env,
	};
}

/** Appends a line to the log file, so CLI steps and server output read in order. */
function appendLog(logFile, text) {
	fs.appendFileSync(logFile, text.endsWith('\n') ? text : `${text}\n`);
}

/** Runs one n8n CLI command (n8n must be stopped) with its output in the log; throws with the tail on failure. */
function runN8nCli({ runtime, env, logFile }, args) {
	return new Promise((resolve, reject) => {
		appendLog(logFile, `\n== ${new Date().toISOString()} n8n ${args.join(' ')}`);
		const out = fs.openSync(logFile, 'a');
		const child = spawn(runtime.node, [runtime.n8n, ...args], { env, stdio: ['ignore', out, out] });
		fs.closeSync(out);
		child.on('error', (error) => reject(new N8nServerError(`Could not run n8n ${args[0]}: ${error.message}`)));
		child.on('exit', (code, signal) => {
			if (code === 0) resolve();
			else reject(new N8nServerError(`n8n ${args.join(' ')} failed (${signal ?? `exit ${code}`})`, { logFile }));
		});
	});
}

/** Whether something accepts connections on `port` at `host`. */
function isPortInUse(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** `count` distinct free loopback ports, held open together so they differ. */
async function freePorts(count) {
	const servers = [];
	try {
		for (let i = 0; i < count; i++) {
			const server = net.createServer();
			await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
			servers.push(server);
		}
		return servers.map((server) => server.address().port);
	} finally {
		await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
	}
}

/** A fresh user folder; `remove()` keeps it when CLOSED_LOOP_KEEP_N8N_DATA=1, to read its n8n.log. */
function createTempUserFolder(prefix = 'closed-loop-n8n-') {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	return {
		path: dir,
		remove() {
			if (process.env.CLOSED_LOOP_KEEP_N8N_DATA === '1') {
				process.stderr.write(`Kept the n8n user folder ${dir} (CLOSED_LOOP_KEEP_N8N_DATA=1)\n`);
				return;
			}
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/**
 * Parses n8n's stored execution data, which is in the `flatted` format: a JSON array whose first
 * entry is the root; inside objects and arrays, every string is the index of another entry.
 */
function parseFlatted(text) {
	const table = JSON.parse(text);
	if (!Array.isArray(table)) throw new N8nServerError('Execution data is not in the flatted format n8n uses');
	const done = new Map();
	const resolve = (index) => {
		const entry = table[index];
		if (entry === null || typeof entry !== 'object') return entry;
		if (done.has(index)) return done.get(index);
		const copy = Array.isArray(entry) ? [] : {};
		done.set(index, copy);
		for (const [key, value] of Object.entries(entry)) copy[key] = typeof value === 'string' ? resolve(Number(value)) : value;
		return copy;
	};
	return resolve(0);
}

/** The JSON of the items a node sent on its first main output, in its first run of the execution. */
function nodeOutput(execution, nodeName, { run = 0, output = 0 } = {}) {
	const runs = execution.data?.resultData?.runData?.[nodeName];
	if (!runs) {
		const ran = Object.keys(execution.data?.resultData?.runData ?? {});
		throw new N8nServerError(`Node "${nodeName}" did not run in execution ${execution.id}; nodes that ran: ${ran.join(', ') || 'none'}`);
	}
	const taskData = runs[run];
	if (taskData?.error) throw new N8nServerError(`Node "${nodeName}" failed in execution ${execution.id}: ${taskData.error.message}`);
	return (taskData?.data?.main?.[output] ?? []).map((item) => item.json);
}

/**
 * Create Case's default store reaches n8n's Data Tables through n8n's public API (community nodes may not use
 * n8n's Data Table helpers), with an API key in this credential. Templates refer to it by this id, so the
 * credential is imported with it once the owner can create the key.
 */
const CASE_STORE_CREDENTIAL = Object.freeze({ id: 'cl0casestore0001', name: 'This n8n (case store)', type: 'closedLoopN8nApi' });
/** What the case store calls, and nothing more (n8n 2.41.1's public-api-permissions). */
const CASE_STORE_SCOPES = Object.freeze([
	'dataTable:create',
	'dataTable:list',
	'dataTable:read',
	'dataTableColumn:create',
	'dataTableColumn:read',
	'dataTableRow:create',
	'dataTableRow:delete',
	'dataTableRow:read',
	'dataTableRow:update',
]);

/** Whether a workflow has a node that uses the case store's credential. */
const usesCaseStore = (workflows) =>
	workflows.some((workflow) => workflow.nodes.some((node) => node.credentials?.[CASE_STORE_CREDENTIAL.type]?.id === CASE_STORE_CREDENTIAL.id));

/** A small client for n8n's internal REST API (/rest), authenticated by the owner's session cookie. */
class N8nClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = undefined;
	}

	async request(method, urlPath, { body, auth = true, expect = [200] } = {}) {
		const headers = { accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (auth && this.cookie) headers.cookie = this.cookie;
		const response = await fetch(new URL(urlPath, this.baseUrl), {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await response.text();
		let parsed;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			parsed = text;
		}
		if (!expect.includes(response.status)) {
			const message = parsed?.message ?? (typeof parsed === 'string' ? parsed.slice(0, 200) : '');
			const error = new N8nServerError(`${method} ${urlPath} answered HTTP ${response.status}${message ? `: ${message}` : ''}`);
			error.status = response.status;
			throw error;
		}
		return { status: response.status, headers: response.headers, body: parsed };
	}

	/** Creates the owner on a fresh instance, or logs in as them; keeps the session cookie. */
	async setupOrLogin(owner = DEFAULT_OWNER) {
		const settings = await this.request('GET', '/rest/settings', { auth: false });
		const needsSetup = settings.body?.data?.userManagement?.showSetupOnFirstLoad === true;
		const response = needsSetup
			? await this.request('POST', '/rest/owner/setup', { auth: false, body: owner })
			: await this.request('POST', '/rest/login', {
					auth: false,
					expect: [200, 401],
					body: { emailOrLdapLoginId: owner.email, password: owner.password },
				});
		if (response.status === 401) {
			throw new N8nServerError(
				`This n8n instance already has an owner, and ${owner.email} with the given password cannot log in (changed in the UI?). ` +
					'Use the email and password it was set up with, or start from an empty user folder.',
				{ code: 'OWNER_LOGIN_FAILED' },
			);
		}
		const authCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith('n8n-auth='));
		if (!authCookie) throw new N8nServerError('n8n answered the login without a session cookie');
		this.cookie = authCookie.split(';')[0];
		return { created: needsSetup };
	}

	/**
	 * Creates a Data Table in the owner's personal project, with its first rows, unless one of that
	 * name is there already (its rows are then the user's, and left alone). n8n 2.41.1's internal
	 * API: GET /rest/projects/personal, then /rest/projects/:projectId/data-tables and …/:id/insert.
	 */
	async ensureDataTable({ name, columns, rows = [] }) {
		const project = (await this.request('GET', '/rest/projects/personal')).body?.data;
		if (!project?.id) throw new N8nServerError('n8n answered /rest/projects/personal without a project id');
		const tables = `/rest/projects/${project.id}/data-tables`;
		const listed = (await this.request('GET', tables)).body?.data;
		const existing = (listed?.data ?? listed ?? []).find((table) => table.name === name);
		if (existing) return { id: existing.id, created: false };
		const created = (await this.request('POST', tables, { body: { name, columns } })).body?.data;
		if (!created?.id) throw new N8nServerError(`n8n created the Data Table "${name}" without answering its id`);
		if (rows.length) await this.request('POST', `${tables}/${created.id}/insert`, { body: { data: rows } });
		return { id: created.id, created: true };
	}

	/** Whether n8n holds a credential with this id (the owner sees every credential of the instance). */
	async hasCredential(id) {
		return (await this.request('GET', `/rest/credentials/${encodeURIComponent(id)}`, { expect: [200, 403, 404] })).status === 200;
	}

	/** A new public-API key of the owner with these scopes, never expiring; its raw value is answered only now. */
	async createApiKey(label, scopes) {
		const created = (await this.request('POST', '/rest/api-keys', { body: { label, scopes, expiresAt: null } })).body?.data;
		if (!created?.rawApiKey) throw new N8nServerError('n8n created the API key without answering its value');
		return created.rawApiKey;
	}

	/** POSTs JSON to a production webhook, as a survey tool would. Returns status and parsed body. */
	async postWebhook(webhookPath, payload) {
		return await this.deliver(webhookPath, { body: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
	}

	/** POSTs exact bytes with the given headers, as a survey tool would (signed bodies, forms). */
	async deliver(webhookPath, { body, headers = {}, method = 'POST' }) {
		const response = await fetch(new URL(`/webhook/${webhookPath}`, this.baseUrl), {
			method,
			headers,
			body,
			signal: AbortSignal.timeout(30_000),
		});
		const text = await response.text();
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// Not JSON: the raw text is what the caller should see.
		}
		return { status: response.status, contentType: response.headers.get('content-type'), body: parsed };
	}

	/**
	 * Which of the given node types ({ name, version }) this n8n does not know, as `name@version`.
	 * n8n 2.41 still lists a workflow as active when its nodes failed to load, so this is the check
	 * that the package loaded. One request per type: n8n answers an error for the whole batch if one
	 * is unknown (and its /node-types/by-identifier answered [] for known community types).
	 */
	async missingNodeTypes(nodeTypes) {
		const missing = [];
		for (const { name, version } of nodeTypes) {
			const response = await this.request('POST', '/rest/node-types', {
				body: { nodeInfos: [{ name, version }] },
				expect: [200, 400, 404, 500],
			});
			if (response.status !== 200 || !response.body?.data?.[0]) missing.push(`${name}@${version}`);
		}
		return missing;
	}

	/**
	 * Waits until n8n serves the production webhook at `webhookPath`. n8n registers the webhooks of
	 * published workflows in the background after its editor is up, so early calls get 404. A CORS
	 * preflight (OPTIONS with an Origin) looks the path up without running anything: n8n answers
	 * 204 listing the path's methods once it is registered (and 500 before, from the failed lookup).
	 */
	async waitForWebhook(webhookPath, { method = 'POST', timeoutMs = 60_000, intervalMs = 250 } = {}) {
		const url = new URL(`/webhook/${webhookPath}`, this.baseUrl);
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const response = await fetch(url, {
				method: 'OPTIONS',
				headers: { origin: this.baseUrl, 'access-control-request-method': method },
				signal: AbortSignal.timeout(10_000),
			});
			await response.arrayBuffer();
			const methods = (response.headers.get('access-control-allow-methods') ?? '').split(',').map((name) => name.trim());
			if (response.status === 204 && methods.includes(method)) return;
			if (Date.now() > deadline) throw new N8nServerError(`n8n did not register the webhook ${method} /webhook/${webhookPath} within ${timeoutMs / 1000} s`);
			await sleep(intervalMs);
		}
	}

	/** Ids of the workflows n8n has activated, and the activation error of one that failed. */
	async activeWorkflowIds() {
		return (await this.request('GET', '/rest/active-workflows')).body.data;
	}

	async activationError(workflowId) {
		return (await this.request('GET', `/rest/active-workflows/error/${encodeURIComponent(workflowId)}`)).body.data;
	}

	/** Summaries (no data) of a workflow's executions, newest first. */
	async listExecutions(workflowId, { limit = 100 } = {}) {
		const query = new URLSearchParams({ filter: JSON.stringify({ workflowId }), limit: String(limit) });
		return (await this.request('GET', `/rest/executions?${query}`)).body.data.results;
	}

	/** One execution with its run data parsed (`data.resultData.runData[node][run].data.main`). */
	async getExecution(executionId) {
		const execution = (await this.request('GET', `/rest/executions/${encodeURIComponent(executionId)}`)).body.data;
		return { ...execution, data: typeof execution.data === 'string' ? parseFlatted(execution.data) : execution.data };
	}

	/** Waits until the workflow has at least `count` finished executions; returns the finished ones' summaries, newest first. */
	async waitForExecutions(workflowId, { count = 1, timeoutMs = 30_000, intervalMs = 250, waitingIsSettled = false } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const executions = await this.listExecutions(workflowId);
			const finished = executions.filter((execution) => FINISHED_STATUSES.has(execution.status) || (waitingIsSettled && execution.status === 'waiting'));
			if (finished.length >= count) return finished;
			if (Date.now() > deadline) {
				const seen = executions.map((execution) => `${execution.id}:${execution.status}`).join(', ') || 'none';
				throw new N8nServerError(`Workflow ${workflowId} did not reach ${count} finished executions in ${timeoutMs} ms (seen: ${seen})`);
			}
			await sleep(intervalMs);
		}
	}
}

/**
 * Starts `n8n <command>` in its own process group and resolves once it logs its ready line.
 * Rejects with the log's tail if n8n exits first or does not get there in time.
 */
function launch({ runtime, env, logFile, echo, readyTimeoutMs, command = 'start' }) {
	const readyLine = READY_LINES[command];
	appendLog(logFile, `\n== ${new Date().toISOString()} n8n ${command}`);
	const log = fs.createWriteStream(logFile, { flags: 'a' });
	// Own process group, so stop() reaches the task runner n8n spawns, and Ctrl-C in the terminal
	// reaches the launcher first, which then shuts n8n down in order.
	const child = spawn(runtime.node, [runtime.n8n, command], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	let recent = '';
	const ready = new Promise((resolve, reject) => {
		const onData = (chunk) => {
			log.write(chunk);
			if (echo) process.stdout.write(chunk);
			recent = (recent + chunk.toString()).slice(-4096);
			if (recent.includes(readyLine)) resolve();
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.once('error', (error) => reject(new N8nServerError(`Could not start n8n: ${error.message}`)));
		void exited.then(({ code, signal }) => {
			const hint = /EADDRINUSE/.test(recent) ? ` Port ${env.N8N_PORT} or ${env.N8N_RUNNERS_BROKER_PORT} is already in use.` : '';
			reject(new N8nServerError(`n8n ${command} exited (${signal ?? `exit ${code}`}) before it was ready.${hint}`, { logFile }));
		});
	});
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(
			() => reject(new N8nServerError(`n8n ${command} did not log "${readyLine}" within ${Math.round(readyTimeoutMs / 1000)} s`, { logFile })),
			readyTimeoutMs,
		);
	});
	return {
		child,
		exited,
		log,
		ready: Promise.race([ready, timeout]).finally(() => clearTimeout(timer)),
	};
}

/** Rejects when the signal aborts. */
function abortion(signal) {
	return new Promise((_, reject) => {
		if (signal.aborted) reject(signal.reason);
		signal.addEventListener('abort', () => reject(signal.reason), { once: true });
	});
}

/** Sends `signal` to the whole process group; false once it is gone. */
function signalGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch (error) {
		if (error.code === 'ESRCH') return false;
		throw error;
	}
}

/**
 * Prepares and starts n8n. Options:
 *   userFolder (required)   N8N_USER_FOLDER: database, config, installed package, n8n.log
 *   port, brokerPort        HTTP port and task-broker port (both required)
 *   publish                 workflow ids to activate, e.g. ['cl0nps0detract0r']
 *   workflowsDir            workflows to import (default: the repository's workflows/)
 *   credentialsFile         a JSON array of credentials ({ id, name, type, data }) to import first
 *   caseStore               create the case store's n8n API key and credential (default: when a workflow uses it)
 *   tarball                 an already packed package (default: `npm pack` the repository)
 *   owner                   { email, firstName, lastName, password } (default DEFAULT_OWNER)
 *   echo                    mirror n8n's output on the terminal (npm start)
 *   inheritN8nEnv, env      see n8nEnvironment()
 *   readyTimeoutMs          default 180 s
 *   stopGraceMs             SIGTERM → SIGKILL delay on stop (default 20 s)
 *   onProgress(message)     one line per step
 *   signal                  an AbortSignal that cancels the start (Ctrl-C during npm start) and stops n8n
 *   command                 'start' (default), or queue mode's 'webhook' or 'worker' process. Those two
 *                           have no editor or REST API: no owner set-up, and the package is checked in
 *                           their log only (a delivery or an execution shows the node types loaded)
 *   importWorkflows         false skips importing and publishing (another process of the same database
 *                           did it); default true
 */
async function startN8n(options) {
	const {
		userFolder,
		port,
		brokerPort,
		publish = [],
		workflowsDir = path.join(repoDir, 'workflows'),
		tarball,
		owner = DEFAULT_OWNER,
		echo = false,
		readyTimeoutMs = 180_000,
		stopGraceMs = 20_000,
		onProgress = () => {},
		signal,
		command = 'start',
		importWorkflows = true,
		dataTables = importWorkflows ? readDataTableSeeds(path.join(workflowsDir, 'data-tables')) : [],
	} = options;
	// The templates' case store needs its key and credential; a test can ask for them for its own workflows.
	const caseStore = options.caseStore ?? (importWorkflows && usesCaseStore(readWorkflows(workflowsDir)));
	if (!userFolder || !port || !brokerPort) throw new N8nServerError('startN8n needs userFolder, port and brokerPort');
	if (!READY_LINES[command]) throw new N8nServerError(`startN8n runs n8n start, webhook or worker, not "${command}"`);
	const runtime = resolveRuntime(options.runtimeDir);
	fs.mkdirSync(path.join(userFolder, 'tmp'), { recursive: true });
	const logFile = path.join(userFolder, 'n8n.log');
	// The log is kept across runs (npm start): only what this run writes is searched for errors.
	const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
	const env = n8nEnvironment({ ...options, runtime, userFolder, port, brokerPort });
	const cli = { runtime, env, logFile };

	for (const [name, value] of [['port', port], ['broker port', brokerPort]]) {
		if (await isPortInUse(value)) throw new N8nServerError(`The n8n ${name} ${value} is already in use (another n8n, or an earlier npm start still running?)`);
	}

	onProgress(`installing ${packageManifest.name} (packed) into ${path.join(userFolder, '.n8n', 'nodes')}`);
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'closed-loop-pack-'));
	try {
		installPackage(userFolder, tarball ?? packPackage(packDir));
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}

	const workflows = readWorkflows(workflowsDir);
	const unknown = publish.filter((id) => !workflows.some((workflow) => workflow.id === id));
	if (unknown.length) throw new N8nServerError(`No workflow in ${workflowsDir} has the id ${unknown.join(', ')}`);
	if (importWorkflows && options.credentialsFile) {
		// Plain credential data is encrypted by n8n on import, with this user folder's key.
		onProgress(`importing credentials from ${options.credentialsFile}`);
		await runN8nCli(cli, ['import:credentials', `--input=${options.credentialsFile}`]);
	}
	if (importWorkflows) {
		onProgress(`importing ${workflows.length} workflow(s) from ${workflowsDir}`);
		await runN8nCli(cli, ['import:workflow', '--separate', `--input=${workflowsDir}`]);
	}
	for (const id of importWorkflows ? publish : []) {
		signal?.throwIfAborted();
		onProgress(`activating workflow ${id}`);
		await runN8nCli(cli, ['publish:workflow', `--id=${id}`]);
	}
	signal?.throwIfAborted();

	const baseUrl = `http://127.0.0.1:${port}`;
	const client = new N8nClient(baseUrl);

	/**
	 * The case store's key and credential: the key needs the owner's session (so n8n runs), and the credential
	 * its fixed id, which only the CLI import keeps. SQLite lets the import write beside the running server.
	 */
	const importCaseStoreCredential = async () => {
		const apiKey = await client.createApiKey(`Closed-loop case store ${new Date().toISOString()}`, CASE_STORE_SCOPES);
		const file = path.join(userFolder, 'tmp', `case-store-credential-${process.pid}.json`);
		fs.writeFileSync(file, JSON.stringify([{ ...CASE_STORE_CREDENTIAL, data: { baseUrl, apiKey } }]), { mode: 0o600 });
		try {
			await runN8nCli(cli, ['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	};
	/** The running `n8n start`; replaced by restart(). */
	let proc;
	let killOnExit;
	let stopping;
	const stop = () => {
		stopping ??= (async () => {
			const current = proc;
			if (current.child.exitCode === null && current.child.signalCode === null) {
				signalGroup(current.child.pid, 'SIGTERM');
				let timer;
				const forced = await Promise.race([
					current.exited.then(() => false),
					new Promise((resolve) => {
						timer = setTimeout(() => resolve(true), stopGraceMs);
					}),
				]);
				clearTimeout(timer);
				if (forced) {
					signalGroup(current.child.pid, 'SIGKILL');
					await current.exited;
				}
			}
			process.removeListener('exit', killOnExit);
			await new Promise((resolve) => current.log.end(resolve));
		})();
		return stopping;
	};

	/**
	 * Starts `n8n start`, logs in, and checks that our package loaded and the published workflows are
	 * active. `logFrom` is where this start's part of the log begins. Stops n8n if a check fails.
	 */
	const bringUp = async ({ logFrom, abort }) => {
		onProgress(`starting n8n ${runtime.versions.n8n} ${command} on port ${port} (log: ${logFile})`);
		const started = Date.now();
		stopping = undefined;
		proc = launch({ runtime, env, logFile, echo, readyTimeoutMs, command });
		// If this process ends without stop() (a crashed test run), n8n must not outlive it.
		const child = proc.child;
		killOnExit = () => signalGroup(child.pid, 'SIGKILL');
		process.once('exit', killOnExit);
		try {
			await (abort ? Promise.race([proc.ready, abortion(abort)]) : proc.ready);
			if (command !== 'start') {
				const failedToLoad = logLines(logFile, new RegExp(`Failed to load package "${packageManifest.name}"`), { from: logFrom });
				if (failedToLoad.length) throw new N8nServerError(`n8n ${command} did not load ${packageManifest.name}: ${failedToLoad.join('\n')}`, { logFile });
				return Date.now() - started;
			}
			const { created } = await client.setupOrLogin(owner);
			onProgress(created ? `set up the owner account ${owner.email}` : `logged in as ${owner.email}`);
			for (const table of dataTables) {
				const seeded = await client.ensureDataTable(table);
				if (seeded.created) onProgress(`created the Data Table "${table.name}" with ${table.rows?.length ?? 0} row(s)`);
			}
			if (caseStore && !(await client.hasCredential(CASE_STORE_CREDENTIAL.id))) {
				await importCaseStoreCredential();
				onProgress(`created an n8n API key for the case store and the credential "${CASE_STORE_CREDENTIAL.name}"`);
			}
			// Our package must have loaded: its node types used by the published workflows are known to n8n.
			const ourTypes = new Map(
				workflows
					.filter((workflow) => publish.includes(workflow.id))
					.flatMap((workflow) => workflow.nodes)
					.filter((node) => node.type.startsWith(`${packageManifest.name}.`))
					.map((node) => [`${node.type}@${node.typeVersion ?? 1}`, { name: node.type, version: node.typeVersion ?? 1 }]),
			);
			const missing = await client.missingNodeTypes([...ourTypes.values()]);
			const failedToLoad = logLines(logFile, new RegExp(`Failed to load package "${packageManifest.name}"`), { from: logFrom });
			if (missing.length || failedToLoad.length) {
				const evidence = logLines(logFile, new RegExp(packageManifest.name.replace(/[-.]/g, '\\$&')), { from: logFrom });
				throw new N8nServerError(
					`n8n did not load ${packageManifest.name} from ${path.join(userFolder, '.n8n', 'nodes')}` +
						`${missing.length ? `: unknown node types ${missing.join(', ')}` : ''}. From ${logFile}:\n${evidence.join('\n')}`,
				);
			}
			const active = await client.activeWorkflowIds();
			for (const id of publish.filter((workflowId) => !active.includes(workflowId))) {
				const reason = (await client.activationError(id)) ?? 'no activation error recorded';
				throw new N8nServerError(`n8n did not activate workflow ${id}: ${reason}`, { logFile });
			}
			// Fixed webhook paths of the published workflows: served before this resolves.
			const webhookPaths = workflows
				.filter((workflow) => publish.includes(workflow.id))
				.flatMap((workflow) => workflow.nodes)
				.filter((node) => !node.disabled && typeof node.parameters?.path === 'string' && node.parameters.path && !node.parameters.path.startsWith('='))
				.map((node) => node.parameters.path);
			for (const webhookPath of webhookPaths) await client.waitForWebhook(webhookPath);
			abort?.throwIfAborted();
			return Date.now() - started;
		} catch (error) {
			await stop();
			throw error;
		}
	};

	const startupMs = await bringUp({ logFrom: logStart, abort: signal });
	const server = {
		baseUrl,
		client,
		runtime,
		userFolder,
		logFile,
		pid: proc.child.pid,
		startupMs,
		/** Resolves with { code, signal } when n8n exits, for whatever reason. */
		exited: proc.exited,
		webhookUrl: (webhookPath, host = baseUrl) => new URL(`/webhook/${webhookPath}`, host).toString(),
		stop,
		/**
		 * Stops n8n and starts it again on the same user folder, ports and environment, without
		 * re-installing the package or re-importing workflows: what the database holds is what n8n
		 * finds, as after a server restart. Logs in again (same client) and repeats the start's checks.
		 * Updates pid, startupMs and exited. `downMs` keeps n8n stopped that long before starting it.
		 */
		async restart({ downMs = 0 } = {}) {
			await stop();
			// Time with n8n down, e.g. for a wait's deadline to pass while nobody serves it.
			if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
			const logFrom = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
			server.startupMs = await bringUp({ logFrom });
			server.pid = proc.child.pid;
			server.exited = proc.exited;
		},
	};
	return server;
}

module.exports = {
	CASE_STORE_CREDENTIAL,
	DEFAULT_OWNER,
	LOOKUPS_OFF,
	N8nClient,
	N8nServerError,
	createTempUserFolder,
	freePorts,
	installPackage,
	isPortInUse,
	n8nEnvironment,
	nodeOutput,
	packPackage,
	parseFlatted,
	readDataTableSeeds,
	readWorkflows,
	repoDir,
	resolveRuntime,
	runN8nCli,
	sleep,
	startN8n,
};
