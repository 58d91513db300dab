/** Types for scripts/n8n-server.cjs, so TypeScript tests can use it. */

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export interface Runtime {
	dir: string;
	versions: { n8n: string; node: string };
	/** The pinned Node 24 binary. */
	node: string;
	/** n8n's CLI script, run with `node`. */
	n8n: string;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	mode: string;
	status: 'new' | 'running' | 'waiting' | 'success' | 'error' | 'crashed' | 'canceled' | 'unknown';
	startedAt: string | null;
	stoppedAt: string | null;
	[key: string]: unknown;
}

export interface TaskData {
	error?: { message: string; [key: string]: unknown };
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
	[key: string]: unknown;
}

export interface Execution extends ExecutionSummary {
	finished: boolean;
	data: {
		resultData: {
			runData: Record<string, TaskData[]>;
			lastNodeExecuted?: string;
			error?: { message: string; [key: string]: unknown };
		};
		[key: string]: unknown;
	};
}

export interface WebhookResponse {
	status: number;
	contentType: string | null;
	/** Parsed JSON, or the raw text when the body is not JSON. */
	body: any;
}

export declare class N8nServerError extends Error {
	logFile?: string;
	code?: 'OWNER_LOGIN_FAILED';
	status?: number;
}

export declare class N8nClient {
	constructor(baseUrl: string);
	readonly baseUrl: string;
	cookie: string | undefined;
	request(
		method: string,
		urlPath: string,
		options?: { body?: unknown; auth?: boolean; expect?: number[] },
	): Promise<{ status: number; headers: Headers; body: any }>;
	setupOrLogin(owner?: Owner): Promise<{ created: boolean }>;
	/** Creates the Data Table with its rows in the owner's project, unless one of that name exists. */
	ensureDataTable(table: DataTableSeed): Promise<{ id: string; created: boolean }>;
	/** The rows of the owner's Data Table of this name, or null when there is none. */
	dataTableRows(name: string): Promise<Array<Record<string, unknown>> | null>;
	hasCredential(id: string): Promise<boolean>;
	createApiKey(label: string, scopes: readonly string[]): Promise<string>;
	postWebhook(webhookPath: string, payload: unknown): Promise<WebhookResponse>;
	deliver(
		webhookPath: string,
		request: { body?: string | Uint8Array; headers?: Record<string, string>; method?: string },
	): Promise<WebhookResponse>;
	missingNodeTypes(nodeTypes: Array<{ name: string; version: number }>): Promise<string[]>;
	/** Waits until n8n serves the production webhook at this path (n8n registers them in the background after start). */
	waitForWebhook(webhookPath: string, options?: { method?: string; timeoutMs?: number; intervalMs?: number }): Promise<void>;
	/** Waits until n8n serves the published form at /form/<formPath>. */
	waitForForm(formPath: string, options?: { timeoutMs?: number; intervalMs?: number }): Promise<void>;
	activeWorkflowIds(): Promise<string[]>;
	activationError(workflowId: string): Promise<string | null>;
	listExecutions(workflowId: string, options?: { limit?: number }): Promise<ExecutionSummary[]>;
	getExecution(executionId: string): Promise<Execution>;
	waitForExecutions(
		workflowId: string,
		/** `waitingIsSettled`: count executions waiting (in SLA Wait) as settled, since they ran as far as they can for now. */
		options?: { count?: number; timeoutMs?: number; intervalMs?: number; waitingIsSettled?: boolean },
	): Promise<ExecutionSummary[]>;
}

/** A Data Table the templates read (workflows/data-tables/*.json). */
export interface DataTableSeed {
	name: string;
	description?: string;
	columns: Array<{ name: string; type: 'string' | 'number' | 'boolean' | 'date' }>;
	rows?: Array<Record<string, string | number | boolean | null>>;
}

export interface StartOptions {
	userFolder: string;
	port: number;
	brokerPort: number;
	publish?: string[];
	workflowsDir?: string;
	/** A JSON array of credentials ({ id, name, type, data } with plain data) imported before the workflows. */
	credentialsFile?: string;
	tarball?: string;
	owner?: Owner;
	echo?: boolean;
	inheritN8nEnv?: boolean;
	env?: Record<string, string>;
	listenAddress?: string;
	host?: string;
	runtimeDir?: string;
	readyTimeoutMs?: number;
	stopGraceMs?: number;
	onProgress?: (message: string) => void;
	signal?: AbortSignal;
	/** The n8n command: `start` (default), or queue mode's `webhook` or `worker` (no owner set-up or REST checks). */
	command?: 'start' | 'webhook' | 'worker';
	/** false: import and publish nothing (another process of the same database did). Default true. */
	importWorkflows?: boolean;
	/** Create the case store's n8n API key and credential after login; by default when an imported workflow uses it. */
	caseStore?: boolean;
	/** Data Tables to create after login (start only); by default those in <workflowsDir>/data-tables when importing. */
	dataTables?: DataTableSeed[];
}

/** The credential the templates' Create Case uses for this n8n's Data Tables. */
export declare const CASE_STORE_CREDENTIAL: { readonly id: string; readonly name: string; readonly type: string };

export interface N8nServer {
	baseUrl: string;
	client: N8nClient;
	runtime: Runtime;
	userFolder: string;
	logFile: string;
	/** The current n8n process; restart() changes it. */
	pid: number;
	/** From `n8n start` to checked and ready, for the latest start or restart. */
	startupMs: number;
	/** When the current n8n process exits; read it again after restart(). */
	exited: Promise<{ code: number | null; signal: string | null }>;
	webhookUrl(webhookPath: string, base?: string): string;
	stop(): Promise<void>;
	/**
	 * Stops n8n and starts it again with the same user folder, ports and environment, without
	 * re-installing the package or re-importing workflows. Logs the same client in again and repeats
	 * the start's checks (package loaded, published workflows active); stops n8n and rejects if one fails.
	 */
	restart(options?: { downMs?: number }): Promise<void>;
}

export interface WorkflowFile {
	file: string;
	id: string | undefined;
	name: string;
	nodes: Array<{ name: string; type: string; typeVersion?: number; parameters: Record<string, unknown> }>;
}

export declare const DEFAULT_OWNER: Readonly<Owner>;
/** The n8n settings that switch off its calls home, applied to every server this library starts. */
export declare const LOOKUPS_OFF: Readonly<Record<string, string>>;
export declare const repoDir: string;
export declare function startN8n(options: StartOptions): Promise<N8nServer>;
export declare function resolveRuntime(runtimeDir?: string): Runtime;
export declare function packPackage(destDir: string): string;
export declare function installPackage(userFolder: string, tarball: string): string;
export declare function readWorkflows(dir?: string): WorkflowFile[];
export declare function readDataTableSeeds(dir?: string): DataTableSeed[];
export declare function n8nEnvironment(options: StartOptions & { runtime: Runtime }): Record<string, string>;
export declare function runN8nCli(context: { runtime: Runtime; env: Record<string, string>; logFile: string }, args: string[]): Promise<void>;
export declare function isPortInUse(port: number, host?: string): Promise<boolean>;
export declare function freePorts(count: number): Promise<number[]>;
export declare function createTempUserFolder(prefix?: string): { path: string; remove(): void };
export declare function parseFlatted(text: string): unknown;
export declare function nodeOutput(
	execution: Execution,
	nodeName: string,
	options?: { run?: number; output?: number },
): Array<Record<string, any>>;
export declare function sleep(ms: number): Promise<void>;
