'use strict';
/**
 * Redis and PostgreSQL for n8n's queue mode, started as throwaway daemons on loopback for one test
 * file: Debian's `redis-server`, and PostgreSQL in a fresh data folder with trust authentication.
 * Both stop, and their folders go, in `stop()`; a crashed test run still kills them on exit.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user (Debian's
 * package creates it), and its folders belong to that user.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { createTempUserFolder, freePorts, isPortInUse, packPackage, sleep, startN8n } = require('../../scripts/n8n-server.cjs');
const { tailOfFile } = require('../../scripts/repo.cjs');

class QueueServiceError extends Error {
	constructor(message, logFile) {
		super(logFile ? `${message}\n--- last lines of ${logFile} ---\n${tailOfFile(logFile, 30)}` : message);
		this.name = 'QueueServiceError';
	}
}

/** A program on PATH, or in one of `extraDirs`; undefined when there is none. */
function findProgram(name, extraDirs = []) {
	const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs];
	return dirs.map((dir) => path.join(dir, name)).find((file) => path.isAbsolute(file) && isExecutable(file));
}

function isExecutable(file) {
	try {
		fs.accessSync(file, fs.constants.X_OK);
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}

/** Debian keeps PostgreSQL's server programs under /usr/lib/postgresql/<major>/bin, off PATH. */
function postgresBinDirs() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return [];
	return fs
		.readdirSync(root)
		.sort((a, b) => Number(b) - Number(a))
		.map((major) => path.join(root, major, 'bin'));
}

async function waitFor(what, check, { timeoutMs, intervalMs = 100, logFile }) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new QueueServiceError(`${what} within ${Math.round(timeoutMs / 1000)} s`, logFile);
		await sleep(intervalMs);
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Kills `pid` if it is still there when this Node process exits without stopping the service. */
function killOnExit(pidOf) {
	const handler = () => {
		const pid = pidOf();
		if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
	};
	process.once('exit', handler);
	return () => process.removeListener('exit', handler);
}

/**
 * `redis-server` on 127.0.0.1:`port`, daemonized, with no persistence (a test queue needs none).
 * Resolves once it accepts connections.
 */
async function startRedis({ port, timeoutMs = 15_000 }) {
	const program = findProgram('redis-server');
	if (!program) throw new QueueServiceError('redis-server is not installed (Debian: apt-get install -y redis-server)');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'closed-loop-redis-'));
	const pidFile = path.join(dir, 'redis.pid');
	const logFile = path.join(dir, 'redis.log');
	let pid;
	const readPid = () => {
		try {
			pid = Number(fs.readFileSync(pidFile, 'utf8').trim()) || undefined;
		} catch {
			// Not written yet.
		}
		return pid;
	};
	const forget = killOnExit(readPid);
	const stop = async () => {
		readPid();
		if (pid && isAlive(pid)) {
			process.kill(pid, 'SIGTERM');
			await waitFor(`redis-server (pid ${pid}) did not stop`, () => !isAlive(pid), { timeoutMs: 10_000, logFile }).catch(() => {
				if (isAlive(pid)) process.kill(pid, 'SIGKILL');
			});
		}
		forget();
		fs.rmSync(dir, { recursive: true, force: true });
	};
	try {
		const args = ['--bind', '127.0.0.1', '--port', String(port), '--daemonize', 'yes', '--pidfile', pidFile];
		args.push('--logfile', logFile, '--dir', dir, '--save', '', '--appendonly', 'no');
		const result = spawnSync(program, args, { encoding: 'utf8' });
		if (result.status !== 0) throw new QueueServiceError(`redis-server failed to start (exit ${result.status}): ${result.stderr || result.stdout}`, logFile);
		await waitFor(`redis-server did not accept connections on port ${port}`, async () => Boolean(readPid()) && (await isPortInUse(port)), {
			timeoutMs,
			logFile,
		});
	} catch (error) {
		await stop();
		throw error;
	}
	return { host: '127.0.0.1', port, logFile, stop };
}

/** How to run a PostgreSQL program: as root, as the `postgres` user, which must own `dirs`. */
function postgresRunner(dirs) {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return (program, args, options) => spawnSync(program, args, options);
	let uid;
	let gid;
	try {
		uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	} catch {
		throw new QueueServiceError('PostgreSQL cannot run as root, and there is no "postgres" user to run it as (Debian: apt-get install -y postgresql)');
	}
	for (const dir of dirs) fs.chownSync(dir, uid, gid);
	return (program, args, options) => spawnSync('runuser', ['-u', 'postgres', '--', program, ...args], options);
}

/**
 * A fresh PostgreSQL cluster on 127.0.0.1:`port` with one database, `database`, owned by the
 * superuser `postgres` (trust authentication: loopback and a throwaway folder). Resolves once the
 * database exists and the server accepts connections.
 */
async function startPostgres({ port, database = 'n8n', timeoutMs = 60_000 }) {
	const binDirs = postgresBinDirs();
	const programs = Object.fromEntries(['initdb', 'pg_ctl', 'postgres'].map((name) => [name, findProgram(name, binDirs)]));
	const absent = Object.keys(programs).filter((name) => !programs[name]);
	if (absent.length) throw new QueueServiceError(`PostgreSQL is not installed (${absent.join(', ')} not found; Debian: apt-get install -y postgresql)`);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'closed-loop-postgres-'));
	fs.chmodSync(dir, 0o755);
	const dataDir = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	const logFile = path.join(dir, 'postgres.log');
	for (const sub of [dataDir, socketDir]) fs.mkdirSync(sub, { mode: 0o700 });
	fs.writeFileSync(logFile, '');
	const run = postgresRunner([dir, dataDir, socketDir, logFile]);
	let started = false;
	const forget = killOnExit(() => {
		try {
			return started ? Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) : undefined;
		} catch {
			return undefined;
		}
	});
	const stop = async () => {
		if (started) {
			const result = run(programs.pg_ctl, ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop'], { encoding: 'utf8' });
			if (result.status !== 0) process.stderr.write(`pg_ctl stop failed: ${result.stderr || result.stdout}\n`);
			started = false;
		}
		forget();
		fs.rmSync(dir, { recursive: true, force: true });
	};
	const check = (label, result) => {
		if (result.status !== 0) throw new QueueServiceError(`${label} failed (exit ${result.status ?? result.signal}): ${(result.stderr || result.stdout || '').trim()}`, logFile);
	};
	try {
		check('initdb', run(programs.initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-instructions'], { encoding: 'utf8' }));
		// Single-user mode creates the database before the server listens: no client program needed.
		check(
			`CREATE DATABASE ${database}`,
			run(programs.postgres, ['--single', '-D', dataDir, 'postgres'], { input: `CREATE DATABASE "${database}";\n`, encoding: 'utf8' }),
		);
		const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${socketDir} -c fsync=off`;
		started = true;
		check('pg_ctl start', run(programs.pg_ctl, ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', String(Math.round(timeoutMs / 1000)), 'start'], { encoding: 'utf8' }));
		await waitFor(`PostgreSQL did not accept connections on port ${port}`, () => isPortInUse(port), { timeoutMs, logFile });
	} catch (error) {
		await stop();
		throw error;
	}
	/** Runs one SQL statement with psql over loopback; its rows, one line each, columns split by tabs. */
	const query = (sql) => {
		const psql = findProgram('psql', binDirs);
		if (!psql) throw new QueueServiceError('psql is not installed (Debian: apt-get install -y postgresql-client)');
		const result = spawnSync(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
			encoding: 'utf8',
		});
		check(`psql ${sql.slice(0, 60)}`, result);
		return result.stdout.split('\n').filter(Boolean).map((line) => line.split('\t'));
	};
	return { host: '127.0.0.1', port, database, user: 'postgres', logFile, stop, query };
}

/**
 * The settings every n8n process of one queue-mode instance shares: the database, the queue, and
 * one encryption key (a fresh one per instance), so each process decrypts the same credentials.
 */
function queueModeEnvironment(redis, postgres) {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('base64url'),
		// Workers' health and metrics server stays on loopback.
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
}

/** The lines of a log file that contain `text` (none when there is no log yet). */
function logLinesMatching(file, text) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.includes(text));
	} catch {
		return [];
	}
}

/** A measurement for the test run's output (jest's console.log adds a stack location to each line). */
function printLine(text) {
	process.stdout.write(`${text}\n`);
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

/**
 * One queue-mode n8n instance on real processes, for one test file: Redis, PostgreSQL, and an n8n
 * process per role (`start`, `webhook` or `worker`), each with its own user folder and ports, all
 * with the package packed once. `roles` is a list of [role name, command]; the first must be the
 * main (`start`). Call `start()` in beforeAll and `stop()` in afterAll; `stop()` also cleans up
 * after a start that failed halfway.
 */
function queueInstance({ roles, publish = [], workflowsDir, webhookUrlRole }) {
	if (roles[0]?.[1] !== 'start') throw new QueueServiceError('the first role of a queue-mode instance must be its main (n8n start)');
	const processes = [];
	let redis;
	let postgres;
	let packDir;

	const entry = (role) => processes.find((candidate) => candidate.role === role);
	const server = (role) => {
		const found = entry(role)?.server;
		if (!found) throw new QueueServiceError(`n8n ${role} is not running`);
		return found;
	};
	const main = () => server(roles[0][0]);
	const withCommand = (command) => processes.filter((candidate) => candidate.options.command === command);

	/** An error that names the process and its log, so a failure says where to look. */
	const failure = (n8n, message) => {
		const found = processes.find((candidate) => candidate.server === n8n);
		return new QueueServiceError(`${message} (n8n ${found?.role ?? 'process'} at ${n8n.baseUrl}, log: ${n8n.logFile})`);
	};

	const startProcess = async (found) => {
		found.server = await startN8n(found.options).catch((error) => {
			throw new QueueServiceError(`n8n ${found.role} did not start (log: ${found.folder.path}/n8n.log): ${error.message}`);
		});
	};

	/** Webhook processes first, so nothing new is queued; then the main and the workers, which finish what runs. */
	const stopProcesses = async () => {
		for (const group of [withCommand('webhook'), processes.filter((candidate) => candidate.options.command !== 'webhook')]) {
			await Promise.all(group.map((candidate) => candidate.server?.stop().catch(() => undefined)));
		}
	};

	return {
		server,
		main,
		/** The running processes of one command, e.g. every worker. */
		servers: (command) => withCommand(command).map((candidate) => server(candidate.role)),
		roleOf: (n8n) => processes.find((candidate) => candidate.server === n8n)?.role,
		failure,
		get postgres() {
			return postgres;
		},

		async start() {
			const ports = await freePorts(2 + 3 * roles.length);
			const next = () => ports.shift();
			[redis, postgres] = await Promise.all([startRedis({ port: next() }), startPostgres({ port: next() })]);
			packDir = createTempUserFolder('closed-loop-queue-pack-');
			const tarball = packPackage(packDir.path);
			const queueEnv = queueModeEnvironment(redis, postgres);
			const rolePorts = roles.map(() => [next(), next(), next()]);
			// As n8n's queue-mode guide asks: every process builds webhook and resume URLs on the webhook processes' address.
			const webhookRoleIndex = roles.findIndex(([role]) => role === webhookUrlRole);
			if (webhookUrlRole !== undefined && webhookRoleIndex < 0) throw new QueueServiceError(`no role "${webhookUrlRole}" to take WEBHOOK_URL from`);
			if (webhookRoleIndex >= 0) queueEnv.WEBHOOK_URL = `http://127.0.0.1:${rolePorts[webhookRoleIndex][0]}/`;
			for (const [index, [role, command]] of roles.entries()) {
				const folder = createTempUserFolder(`closed-loop-e2e-queue-${role.replace(/\s+/g, '-')}-`);
				const [port, brokerPort, healthPort] = rolePorts[index];
				const isMain = command === 'start';
				processes.push({
					role,
					folder,
					options: {
						userFolder: folder.path,
						port,
						brokerPort,
						tarball,
						command,
						...(workflowsDir ? { workflowsDir } : {}),
						// The main imports and publishes into the shared database; the others find it there.
						importWorkflows: isMain,
						publish: isMain ? publish : [],
						env: { ...queueEnv, QUEUE_HEALTH_CHECK_PORT: String(healthPort) },
					},
				});
			}
			// The main migrates the fresh database first; then the others start together.
			await startProcess(processes[0]);
			await Promise.all(processes.slice(1).map(startProcess));
		},

		async stop() {
			await stopProcesses();
			for (const candidate of processes) candidate.folder.remove();
			await Promise.all([redis?.stop(), postgres?.stop()]);
			packDir?.remove();
		},

		/** Every n8n process stopped, then started again on the same folders and database: all memory gone. */
		async restartAll() {
			await stopProcesses();
			await main().restart();
			await Promise.all(processes.slice(1).map((candidate) => candidate.server.restart()));
		},

		/**
		 * POSTs a JSON payload to a webhook process. n8n registers webhooks in the background, so a
		 * 404 ("not registered") right after a start is retried for a while; it starts nothing.
		 */
		async deliver(n8n, webhookPath, payload, { timeoutMs = 30_000 } = {}) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const answer = await n8n.client.postWebhook(webhookPath, payload);
				if (answer.status !== 404) return answer;
				if (Date.now() > deadline) throw failure(n8n, `${webhookPath} still answers 404 after ${timeoutMs} ms: ${JSON.stringify(answer.body)}`);
				await sleep(250);
			}
		},

		/**
		 * The workflow's executions once none is running and their count has not moved for `quietMs`,
		 * through the main's REST API. Fails when an execution did not succeed: a worker without the
		 * package fails its executions after the sender got 200.
		 */
		async settledExecutions(workflowId, { atLeast = 0, quietMs = 1500, timeoutMs = 60_000, waitingIsSettled = false } = {}) {
			const deadline = Date.now() + timeoutMs;
			const settled = (execution) => FINISHED.has(execution.status) || (waitingIsSettled && execution.status === 'waiting');
			let last = -1;
			let stableSince = Date.now();
			for (;;) {
				const executions = await main().client.listExecutions(workflowId, { limit: 100 });
				const running = executions.filter((execution) => !settled(execution));
				if (executions.length !== last) {
					last = executions.length;
					stableSince = Date.now();
				}
				if (running.length === 0 && executions.length >= atLeast && Date.now() - stableSince >= quietMs) {
					const failed = executions.filter((execution) => execution.status !== 'success' && !(waitingIsSettled && execution.status === 'waiting'));
					if (failed.length) {
						const logs = withCommand('worker').map((candidate) => candidate.server?.logFile).join(', ');
						throw new QueueServiceError(`executions did not succeed: ${failed.map((execution) => `${execution.id}:${execution.status}`).join(', ')} (worker logs: ${logs})`);
					}
					return executions;
				}
				if (Date.now() > deadline) {
					const seen = executions.map((execution) => `${execution.id}:${execution.status}`).join(', ') || 'none';
					throw failure(main(), `executions did not settle at ${atLeast} or more within ${timeoutMs} ms (seen: ${seen})`);
				}
				await sleep(200);
			}
		},

		/** Which of the executions a worker ran, by its own log. */
		ranOn(worker, executionIds) {
			const n8n = typeof worker === 'string' ? server(worker) : worker;
			return executionIds.filter((id) => logLinesMatching(n8n.logFile, `Worker finished execution ${id} `).length > 0);
		},

		/** The workflow's static data as the database holds it, as JSON text. */
		async storedStaticData(workflowId) {
			return JSON.stringify((await main().client.request('GET', `/rest/workflows/${workflowId}`)).body.data.staticData ?? null);
		},
	};
}

module.exports = { QueueServiceError, logLinesMatching, printLine, queueInstance, queueModeEnvironment, startPostgres, startRedis };
