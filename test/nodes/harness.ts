/**
 * Node-test harness: runs workflow JSON through n8n's own engine (`WorkflowExecute` from
 * n8n-core), in-process, without an n8n server or database.
 *
 * - Node types come from our TypeScript sources (`nodes/**\/*.node.ts`) and are registered
 *   under their published names, `n8n-nodes-closed-loop.<name>`, so shipped templates run as is.
 * - A run starts either from an HTTP delivery to a webhook node (`runWebhook`), answered the way
 *   n8n's webhook layer answers it, or from items fed into a named node (`runWithItems`).
 * - Outside HTTP is refused (nock, loopback allowed); mock a provider with `nock(...)` in the test.
 * - Credentials are plain objects keyed by credential type; our `credentials/*.credentials.ts`
 *   types are loaded so their `authenticate` rules are applied to requests, as in n8n.
 * - A run that a node puts to wait is kept as n8n's database keeps it (its data through JSON) and
 *   can be resumed as n8n resumes it: `resumeByTimeout` (the wait tracker) or `resumeByWebhook`
 *   (a call to the execution's resume URL, served by WaitingWebhooks).
 *
 * Supported: webhook response mode `onReceived` (the trigger's own answer or `webhookResponse`),
 * and nodes answering with `noWebhookResponse`. Not supported yet: `lastNode` / `responseNode`
 * response modes, sub-workflows, binary data, and form resumes (`/form-waiting`).
 */
import { createHash } from 'crypto';
import {
	DataDeduplicationService,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	HookContext,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	IDataDeduplicator,
	IDeduplicationOutput,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	ITaskData,
	IVersionedNodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	Logger as N8nLogger,
	LogMetadata,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	ICredentialsHelper,
	LoggerProxy,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	createRunExecutionData,
	deepCopy,
	isExpression,
} from 'n8n-workflow';
import nock from 'nock';

import {
	loadModule,
	readRepoJson,
	repoFiles,
	requireFromN8nCore,
	useTemporaryN8nFolder,
} from '../support/engineEnvironment.cjs';

export const PACKAGE_NAME = 'n8n-nodes-closed-loop';
export const STICKY_NOTE_TYPE = 'n8n-nodes-base.stickyNote';
/** Name of the test-only node that `runWithItems` puts in front of the node it feeds. */
export const FEED_NODE_NAME = 'Test Items';
const FEED_NODE_TYPE = 'harness.feedItems';

const BASE_URL = 'http://localhost:5678';

/* ------------------------------------------------------------------------------------------ *
 * Process set-up: no outside network, n8n's settings in a temp folder, a recording logger.
 * ------------------------------------------------------------------------------------------ */

/** Any HTTP call that is not mocked with nock and not to loopback fails the test. */
export function refuseOutsideNetwork(): void {
	if (!nock.isActive()) nock.activate();
	nock.disableNetConnect();
	nock.enableNetConnect(/^(localhost|127\.0\.0\.1|\[::1\]|::1)(:\d+)?$/);
}

const removeUserFolder = useTemporaryN8nFolder();

refuseOutsideNetwork();
if (typeof afterAll === 'function') {
	afterAll(() => {
		// Jest shares Node's http module between the test files of a worker, and each file loads
		// its own nock: unhook this one, or the next file's requests meet this file's interceptors.
		nock.cleanAll();
		nock.restore();
		removeUserFolder();
	});
}

const { Container } = requireFromN8nCore('@n8n/di') as {
	Container: { set(token: unknown, instance: unknown): void };
};
const { Logger: LoggerToken } = requireFromN8nCore('@n8n/backend-common') as { Logger: unknown };

export interface LogEntry {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	meta?: LogMetadata;
}

class RecordingLogger implements N8nLogger {
	entries: LogEntry[] = [];
	error(message: string, meta?: LogMetadata) {
		this.entries.push({ level: 'error', message, meta });
	}
	warn(message: string, meta?: LogMetadata) {
		this.entries.push({ level: 'warn', message, meta });
	}
	info(message: string, meta?: LogMetadata) {
		this.entries.push({ level: 'info', message, meta });
	}
	debug(message: string, meta?: LogMetadata) {
		this.entries.push({ level: 'debug', message, meta });
	}
	scoped() {
		return this;
	}
}

/** Routes what nodes and the engine log (`this.logger`, LoggerProxy) into the run's result. */
function recordLogs(): RecordingLogger {
	const logger = new RecordingLogger();
	Container.set(LoggerToken, logger);
	LoggerProxy.init(logger);
	return logger;
}

/* ------------------------------------------------------------------------------------------ *
 * Node and credential types, loaded from the TypeScript sources.
 * ------------------------------------------------------------------------------------------ */

function instancesOf<T>(file: string, accept: (candidate: unknown) => candidate is T): T[] {
	const exports = loadModule(file);
	const found: T[] = [];
	for (const exported of Object.values(exports)) {
		// Only classes: a node file may also export helper functions.
		if (typeof exported !== 'function' || !/^class\b/.test(Function.prototype.toString.call(exported))) continue;
		const candidate: unknown = new (exported as new () => unknown)();
		if (accept(candidate)) found.push(candidate);
	}
	return found;
}

const isNodeType = (candidate: unknown): candidate is INodeType | IVersionedNodeType =>
	typeof candidate === 'object' &&
	candidate !== null &&
	'description' in candidate &&
	typeof (candidate as INodeType).description?.name === 'string';

const isCredentialType = (candidate: unknown): candidate is ICredentialType =>
	typeof candidate === 'object' &&
	candidate !== null &&
	typeof (candidate as ICredentialType).name === 'string' &&
	Array.isArray((candidate as ICredentialType).properties);

let packageNodeTypes: Map<string, INodeType | IVersionedNodeType> | undefined;

/** Our node types, keyed by the type name n8n gives them: `n8n-nodes-closed-loop.<name>`. */
export function loadPackageNodeTypes(): Map<string, INodeType | IVersionedNodeType> {
	if (!packageNodeTypes) {
		packageNodeTypes = new Map();
		for (const file of repoFiles('nodes', '.node.ts')) {
			for (const nodeType of instancesOf(file, isNodeType)) {
				packageNodeTypes.set(`${PACKAGE_NAME}.${nodeType.description.name}`, nodeType);
			}
		}
	}
	return packageNodeTypes;
}

let packageCredentialTypes: Map<string, ICredentialType> | undefined;

export function loadPackageCredentialTypes(): Map<string, ICredentialType> {
	if (!packageCredentialTypes) {
		packageCredentialTypes = new Map();
		for (const file of repoFiles('credentials', '.credentials.ts')) {
			for (const credentialType of instancesOf(file, isCredentialType)) {
				packageCredentialTypes.set(credentialType.name, credentialType);
			}
		}
	}
	return packageCredentialTypes;
}

/** n8n's sticky note does nothing when a workflow runs; this stands in for it. */
const stickyNote: INodeType = {
	description: {
		displayName: 'Sticky Note',
		name: 'stickyNote',
		group: ['input'],
		version: [1, 2],
		description: 'Stand-in for n8n-nodes-base.stickyNote',
		defaults: { name: 'Sticky Note' },
		inputs: [],
		outputs: [],
		properties: [
			{ displayName: 'Content', name: 'content', type: 'string', default: '' },
			{ displayName: 'Height', name: 'height', type: 'number', default: 160 },
			{ displayName: 'Width', name: 'width', type: 'number', default: 240 },
			{ displayName: 'Color', name: 'color', type: 'number', default: 1 },
		],
	},
};

/** The test-only start node of `runWithItems`: it emits the items it was built with. */
function feedNodeType(items: INodeExecutionData[]): INodeType {
	return {
		description: {
			displayName: 'Test Items',
			name: 'feedItems',
			group: ['input'],
			version: 1,
			description: 'Emits the items given to the harness',
			defaults: { name: FEED_NODE_NAME },
			inputs: [],
			outputs: ['main'],
			properties: [],
		},
		async execute(this: IExecuteFunctions) {
			return [deepCopy(items)];
		},
	};
}

class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly types: Map<string, INodeType | IVersionedNodeType>) {}

	getByName(type: string): INodeType | IVersionedNodeType {
		const nodeType = this.types.get(type);
		if (!nodeType) {
			throw new UnexpectedError(
				`Unknown node type "${type}". The harness knows ${[...this.types.keys()].join(', ')}; ` +
					'pass others with the `nodeTypes` option.',
			);
		}
		return nodeType;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

function nodeTypesFor(extra: Record<string, INodeType | IVersionedNodeType> = {}): HarnessNodeTypes {
	return new HarnessNodeTypes(
		new Map([...loadPackageNodeTypes(), [STICKY_NOTE_TYPE, stickyNote], ...Object.entries(extra)]),
	);
}

/* ------------------------------------------------------------------------------------------ *
 * Credentials: the test gives the decrypted values; authentication follows n8n's rules.
 * ------------------------------------------------------------------------------------------ */

export type CredentialValues = Record<string, ICredentialDataDecryptedObject>;

class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly values: CredentialValues,
		private readonly types: Map<string, ICredentialType>,
	) {
		super();
	}

	private typeOf(name: string): ICredentialType | undefined {
		return this.types.get(name);
	}

	async getDecrypted(_additionalData: IWorkflowExecuteAdditionalData, _nodeCredentials: unknown, type: string) {
		const values = this.values[type];
		if (!values) throw new UnexpectedError(`The test gave no credentials of type "${type}" to the harness`);
		return deepCopy(values);
	}

	/** As n8n's CredentialsHelper: a function is called; a generic rule has its expressions resolved. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.typeOf(typeName)?.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type !== 'generic') return requestOptions;
		if (!workflow || !node) throw new UnexpectedError('Generic authentication needs the workflow and node');
		const resolve = (value: unknown): string => {
			if (!isExpression(value)) return String(value);
			const resolved = workflow.expression.getSimpleParameterValue(
				node,
				value as string,
				'internal',
				{ $credentials: credentials } as IDataObject,
				undefined,
				'',
			);
			return resolved ? String(resolved) : '';
		};
		const target = requestOptions as unknown as Record<string, Record<string, unknown> | undefined>;
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			target[section] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				target[section][resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	getParentTypes(name: string): string[] {
		return this.typeOf(name)?.extends ?? [];
	}
	isCredentialUsableByNode(): boolean {
		return true;
	}
	async getCredentials(): Promise<never> {
		throw new UnexpectedError('Stored (encrypted) credentials are not available in the harness');
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties(type: string) {
		return this.typeOf(type)?.properties ?? [];
	}
}

/* ------------------------------------------------------------------------------------------ *
 * Workflows.
 * ------------------------------------------------------------------------------------------ */

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	staticData?: IDataObject;
}

/** Reads a workflow JSON file, path relative to the repository root. */
export function loadWorkflow(relativePath: string): WorkflowJson {
	return readRepoJson(relativePath) as WorkflowJson;
}

export type NodeSpec = Partial<INode> & { name: string; type: string };

/** Completes a node as the editor would save it. Short type names get our package prefix. */
export function node(spec: NodeSpec): INode {
	return {
		id: spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		...spec,
		type: spec.type.includes('.') ? spec.type : `${PACKAGE_NAME}.${spec.type}`,
	};
}

/** A workflow whose nodes are wired one after the other on their main output 0. */
export function chain(...specs: NodeSpec[]): WorkflowJson {
	const nodes = specs.map(node);
	const connections: IConnections = {};
	for (let index = 1; index < nodes.length; index++) {
		connections[nodes[index - 1].name] = { main: [[{ node: nodes[index].name, type: 'main', index: 0 }]] };
	}
	return { nodes, connections, settings: { executionOrder: 'v1' } };
}

/* ------------------------------------------------------------------------------------------ *
 * HTTP: the request a sender makes, and an Express-like response that records the answer.
 * ------------------------------------------------------------------------------------------ */

export interface HttpRequest {
	method?: string;
	/** The webhook path, to check it against the node's; any path matches when left out. */
	path?: string;
	headers?: Record<string, string>;
	/** The body as n8n hands it to the node, i.e. already parsed from JSON. */
	body?: unknown;
	/** The bytes as sent, for signature checks; defaults to `body` (a string as is, else as JSON). */
	rawBody?: string | Buffer;
	query?: Record<string, string>;
}

export interface HttpAnswer {
	status: number;
	headers: Record<string, string>;
	/** A JSON answer parsed back, otherwise the text sent; undefined if nothing was sent. */
	body: unknown;
}

/** Express's `res.type('html')` names, for the types nodes send. */
const SHORT_TYPES: Record<string, string> = {
	html: 'text/html',
	json: 'application/json',
	text: 'text/plain',
	txt: 'text/plain',
	xml: 'application/xml',
};

/** Express 5's `res.set('Content-Type', …)` (mime-types' contentType): text and JSON types get charset=utf-8. */
function expressContentType(type: string): string {
	if (/;\s*charset=/i.test(type) || !/^(text\/|application\/json\b)/i.test(type)) return type;
	return `${type}; charset=utf-8`;
}

class RecordedResponse {
	statusCode = 200;
	headers: Record<string, string> = {};
	body: unknown;
	headersSent = false;
	finished = false;

	status(code: number) {
		this.statusCode = code;
		return this;
	}
	setHeader(name: string, value: string | number | readonly string[]) {
		this.headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
		return this;
	}
	set(name: string | Record<string, string>, value?: string) {
		if (typeof name === 'string') {
			return this.setHeader(name, name.toLowerCase() === 'content-type' ? expressContentType(value ?? '') : (value ?? ''));
		}
		for (const [key, entry] of Object.entries(name)) this.setHeader(key, entry);
		return this;
	}
	header(name: string, value: string) {
		return this.set(name, value);
	}
	getHeader(name: string) {
		return this.headers[name.toLowerCase()];
	}
	type(contentType: string) {
		return this.set('content-type', contentType.includes('/') ? contentType : (SHORT_TYPES[contentType] ?? 'application/octet-stream'));
	}
	writeHead(code: number, headers: Record<string, string> = {}) {
		this.statusCode = code;
		this.set(headers);
		this.headersSent = true;
		return this;
	}
	json(value: unknown) {
		if (!this.getHeader('content-type')) this.setHeader('content-type', 'application/json; charset=utf-8');
		// Express serialises the value: what the sender gets is the JSON text parsed back.
		return this.end(JSON.stringify(value));
	}
	send(value: unknown) {
		if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) return this.json(value);
		if (!this.getHeader('content-type')) this.setHeader('content-type', 'text/html; charset=utf-8');
		return this.end(value === undefined ? '' : String(value));
	}
	write(chunk: unknown) {
		this.headersSent = true;
		this.body = `${(this.body as string | undefined) ?? ''}${String(chunk)}`;
		return true;
	}
	end(chunk?: unknown) {
		if (this.finished) throw new UnexpectedError('The response was sent twice');
		if (chunk !== undefined) this.write(chunk);
		this.headersSent = true;
		this.finished = true;
		return this;
	}
	on() {
		return this;
	}
	once() {
		return this;
	}

	answer(): HttpAnswer | undefined {
		if (!this.finished) return undefined;
		let body = this.body;
		if (typeof body === 'string' && /json/.test(this.headers['content-type'] ?? '')) body = JSON.parse(body);
		return { status: this.statusCode, headers: { ...this.headers }, body };
	}
}

/**
 * The request as n8n hands it to a webhook node. Like n8n's parseRequestBody, a version-1 node
 * whose `options.binaryData` is set gets the body unread: `rawBody` appears once the node calls
 * `readRawBody()`. Otherwise the body is already read (and parsed, in `body`).
 */
function requestObject(request: HttpRequest, url: string, bodyLeftUnread: boolean) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
	const bytes = Buffer.from(
		request.rawBody ??
			(typeof request.body === 'string' ? request.body : request.body === undefined ? '' : JSON.stringify(request.body)),
	);
	const incoming: { rawBody?: Buffer; readRawBody: () => Promise<void> } = {
		rawBody: bodyLeftUnread ? undefined : bytes,
		readRawBody: async () => {
			incoming.rawBody ??= bytes;
		},
	};
	// As on Node's IncomingMessage, `headers` lives on the prototype: a spread of the request loses it.
	Object.setPrototypeOf(incoming, {
		get headers() {
			return headers;
		},
	});
	return Object.assign(incoming, {
		method: (request.method ?? 'POST').toUpperCase(),
		url,
		originalUrl: url,
		path: url,
		body: bodyLeftUnread ? undefined : request.body,
		query: request.query ?? {},
		params: {},
		contentType: headers['content-type'].split(';')[0],
		get: (name: string) => headers[name.toLowerCase()],
		header: (name: string) => headers[name.toLowerCase()],
	});
}

/* ------------------------------------------------------------------------------------------ *
 * Runs.
 * ------------------------------------------------------------------------------------------ */

export interface RunOptions {
	/** Decrypted credential values by credential type name. */
	credentials?: CredentialValues;
	/** Credential types besides ours (from `credentials/`), e.g. a test-only one. */
	credentialTypes?: ICredentialType[];
	/** More node types for this run (e.g. a stand-in for an n8n core node), by full type name. */
	nodeTypes?: Record<string, INodeType | IVersionedNodeType>;
	/** n8n's execution mode; `webhook` for webhook runs and `trigger` for item runs by default. */
	mode?: WorkflowExecuteMode;
	/** Called when an execution starts, with a way to cancel it as n8n's Stop button does. */
	onExecution?: (execution: { cancel(): void }) => void;
}

/** A waiting execution as n8n saved it. */
export interface WaitingExecution {
	executionId: string;
	/** When the wait tracker resumes it. */
	waitTill: Date;
	/** The run's IRunExecutionData read back from its saved JSON: a copy, shared with nothing. */
	data: IRunExecutionData;
}

/** A run's error as n8n records it: a plain copy of the NodeOperationError, NodeApiError… */
export interface RunError {
	name: string;
	message: string;
	description?: string | null;
	node?: INode;
	context?: IDataObject;
	stack?: string;
}

export interface RunResult {
	/** Whether an execution was started (always true for `runWithItems`). */
	started: boolean;
	/** What the HTTP sender got back (webhook runs only; undefined if nothing was sent). */
	http?: HttpAnswer;
	/** Node names in the order the engine ran them (the harness's feed node left out). */
	order: string[];
	/** The run's error, if it failed. */
	error?: RunError;
	/** Everything nodes and the engine logged during the call and the run. */
	logs: LogEntry[];
	/** n8n's full record of the run, for anything the helpers below do not cover. */
	run?: IRun;
	/** The execution's id (`$execution.id`), when one ran or was resumed. */
	executionId?: string;
	/** Set while the execution waits: as n8n's database holds it after this call. */
	waiting?: WaitingExecution;
	/** All outputs of one run of a node: main 0, 1…, then the error output if it has one. */
	outputs(nodeName: string, runIndex?: number): INodeExecutionData[][];
	/** The items of one output of a node; [] if it did not run or sent nothing there. */
	items(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** `items(...)` as plain JSON. */
	json(nodeName: string, outputIndex?: number, runIndex?: number): IDataObject[];
}

/*
 * n8n's deduplication store (helpers.checkProcessedAndRecord), as n8n 2.41.1's DeduplicationHelper
 * keeps it in its processed_data table: one row per workflow and context, read, changed and
 * written back whole; 'entries' mode keeps md5 hashes, the oldest dropped past maxEntries.
 */
const processedData = new Map<string, { mode: string; data: string[] }>();

const inMemoryDeduplicator: IDataDeduplicator = {
	async checkProcessedAndRecord(items, scope, contextData, options) {
		const context = scope === 'node' ? `n:${contextData.node?.id ?? ''}` : '';
		const rowKey = `${contextData.workflow.id}|${context}`;
		const stored = processedData.get(rowKey);
		const row = stored ? { mode: stored.mode, data: [...stored.data] } : { mode: options.mode, data: [] as string[] };
		// The database round trip: other executions read the same row meanwhile, as in n8n.
		await Promise.resolve();
		if (row.mode !== options.mode) throw new UnexpectedError('Deduplication data was saved with another mode');
		const seen = new Set(row.data);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const hash = createHash('md5').update(String(item)).digest('base64');
			if (seen.has(hash)) {
				output.processed.push(item);
			} else {
				output.new.push(item);
				row.data.push(hash);
				seen.add(hash);
			}
		}
		if (options.maxEntries) row.data.splice(0, row.data.length - options.maxEntries);
		processedData.set(rowKey, row);
		return output;
	},
	async removeProcessed(items, scope, contextData) {
		const context = scope === 'node' ? `n:${contextData.node?.id ?? ''}` : '';
		const rowKey = `${contextData.workflow.id}|${context}`;
		const stored = processedData.get(rowKey);
		if (!stored) return;
		const removed = new Set(items.map((item) => createHash('md5').update(String(item)).digest('base64')));
		await Promise.resolve();
		processedData.set(rowKey, { mode: stored.mode, data: stored.data.filter((hash) => !removed.has(hash)) });
	},
	async clearAllProcessedItems() {
		processedData.clear();
	},
	async getProcessedDataCount(scope, contextData) {
		const context = scope === 'node' ? `n:${contextData.node?.id ?? ''}` : '';
		return processedData.get(`${contextData.workflow.id}|${context}`)?.data.length ?? 0;
	},
};

try {
	DataDeduplicationService.getInstance();
} catch {
	void DataDeduplicationService.init(inMemoryDeduplicator);
}

/*
 * Static data as n8n 2.41.1 persists it. `json.staticData` plays the workflow's database row:
 * each webhook call and each execution loads its own copy, and a copy is written back only
 * where n8n writes it (WorkflowStaticDataService.saveStaticData: when `__dataChanged` is true).
 */
function loadStaticData(json: WorkflowJson): IDataObject | undefined {
	// A workflow that never had static data has none in its row: each Workflow then starts its own
	// empty object, shared with nothing, which is why n8n saved a first delivery's ledger and no other.
	return json.staticData === undefined || json.staticData === null ? undefined : deepCopy(json.staticData);
}

function saveStaticDataIfChanged(json: WorkflowJson, workflow: Workflow): void {
	if ((workflow.staticData as IDataObject & { __dataChanged?: boolean }).__dataChanged === true) {
		json.staticData = deepCopy(workflow.staticData);
		(workflow.staticData as { __dataChanged?: boolean }).__dataChanged = false;
	}
}

/*
 * Executions as n8n 2.41.1's database keeps them, by id: the workflow they ran, and their run data
 * serialised (n8n writes it with `flatted`; JSON here), so a resume works on a copy that shares no
 * object with the run that saved it, as a resume after a restart does.
 */
interface StoredExecution {
	id: string;
	mode: WorkflowExecuteMode;
	status: IRun['status'];
	finished: boolean;
	waitTill?: Date;
	/** The workflow the execution ran (with the harness's feed node), and the node types it needs. */
	json: WorkflowJson;
	extraNodeTypes: Record<string, INodeType | IVersionedNodeType>;
	options: RunOptions;
	data: string;
}

const executions = new Map<string, StoredExecution>();

const readStoredData = (stored: StoredExecution): IRunExecutionData => JSON.parse(stored.data) as IRunExecutionData;

function waitingExecution(executionId: string | undefined): WaitingExecution | undefined {
	const stored = executionId === undefined ? undefined : executions.get(executionId);
	if (!stored?.waitTill || stored.status !== 'waiting') return undefined;
	return { executionId: stored.id, waitTill: new Date(stored.waitTill), data: readStoredData(stored) };
}

/** What every run needs: the workflow instance, a place for logs and for the node order. */
class Session {
	readonly logger = recordLogs();
	readonly order: string[] = [];
	readonly workflow: Workflow;
	/** The static data this call loaded, as n8n holds it: the object every Workflow is built over. */
	readonly loadedStaticData: IDataObject | undefined;
	/** The id of the execution this call ran or resumed. */
	executionId: string | undefined;
	private readonly credentialTypes: Map<string, ICredentialType>;
	private readonly nodeTypes: HarnessNodeTypes;

	constructor(
		readonly json: WorkflowJson,
		private readonly options: RunOptions,
		private readonly extraNodeTypes: Record<string, INodeType | IVersionedNodeType> = {},
	) {
		this.nodeTypes = nodeTypesFor({ ...options.nodeTypes, ...extraNodeTypes });
		this.loadedStaticData = loadStaticData(json);
		this.workflow = this.buildWorkflow(this.loadedStaticData);
		this.credentialTypes = new Map([
			...loadPackageCredentialTypes(),
			...(options.credentialTypes ?? []).map((type) => [type.name, type] as const),
		]);
	}

	/** A Workflow over `staticData`, as n8n builds one per webhook call and per execution. */
	buildWorkflow(staticData: IDataObject | undefined): Workflow {
		return new Workflow({
			id: this.json.id ?? 'test-workflow',
			name: this.json.name ?? 'Test workflow',
			nodes: deepCopy(this.json.nodes),
			connections: deepCopy(this.json.connections),
			active: false,
			nodeTypes: this.nodeTypes,
			staticData,
			settings: { executionOrder: 'v1', ...this.json.settings },
		});
	}

	nodeType(node: INode): INodeType {
		return this.workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	}

	/** What n8n's WorkflowExecuteAdditionalData.getBase provides, minus the database and the UI. */
	additionalData(executionId = `test-${++executionCounter}`): IWorkflowExecuteAdditionalData {
		const hooks = new ExecutionLifecycleHooks('trigger', executionId, this.json as unknown as IWorkflowBase);
		hooks.addHandler('nodeExecuteAfter', (nodeName) => {
			if (nodeName !== FEED_NODE_NAME) this.order.push(nodeName);
		});
		const unavailable = (what: string) => async () => {
			throw new UnexpectedError(`${what} is not available in the node-test harness`);
		};
		return {
			hooks,
			executionId,
			workflowId: this.workflow.id,
			credentialsHelper: new HarnessCredentialsHelper(this.options.credentials ?? {}, this.credentialTypes),
			externalSecretsProxy: new ExternalSecretsProxy(),
			executeWorkflow: unavailable('Running a sub-workflow'),
			startRunnerTask: unavailable('The task runner (Code node)'),
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			currentNodeExecutionIndex: 0,
			restApiUrl: `${BASE_URL}/rest`,
			instanceBaseUrl: `${BASE_URL}/`,
			formBaseUrl: `${BASE_URL}/form`,
			formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
			formTestBaseUrl: `${BASE_URL}/form-test`,
			webhookBaseUrl: `${BASE_URL}/webhook`,
			webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
			webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
			mcpBaseUrl: `${BASE_URL}/mcp`,
			mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
			variables: {},
			logAiEvent: () => {},
		};
	}

	/** Resolves a webhook-description value that may be an expression (`={{$parameter["path"]}}`). */
	resolve(node: INode, value: unknown, fallback: string | number): string | number {
		if (value === undefined) return fallback;
		const resolved = this.workflow.expression.getSimpleParameterValue(
			node,
			value as string,
			this.options.mode ?? 'webhook',
			{},
			undefined,
			fallback,
		);
		return resolved === undefined ? fallback : (resolved as string | number);
	}

	/** Runs the workflow from `startNode` given its input, as WorkflowRunner does for a new execution. */
	async execute(
		startNode: INode,
		input: INodeExecutionData[][],
		mode: WorkflowExecuteMode,
		workflow = this.workflow,
	): Promise<IRun> {
		const runExecutionData: IRunExecutionData = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node: startNode, data: { main: input }, source: null }] },
		});
		return await this.process(runExecutionData, mode, workflow);
	}

	/** Runs (or, given its id, resumes) an execution over its data, as WorkflowRunner does, and saves it. */
	async process(
		runExecutionData: IRunExecutionData,
		mode: WorkflowExecuteMode,
		workflow = this.workflow,
		executionId?: string,
	): Promise<IRun> {
		const additionalData = this.additionalData(executionId);
		this.executionId = additionalData.executionId;
		const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
		const execution = workflowExecute.processRunExecutionData(workflow);
		this.options.onExecution?.(execution);
		const run = await execution;
		// workflowExecuteAfter saves the execution's static data if a node changed it, except in manual runs.
		if (mode !== 'manual') saveStaticDataIfChanged(this.json, workflow);
		this.saveExecution(run);
		return run;
	}

	/** workflowExecuteAfter writes the execution row: status, waitTill and the data. */
	private saveExecution(run: IRun): void {
		const id = this.executionId as string;
		executions.set(id, {
			id,
			mode: run.mode,
			status: run.status,
			finished: run.finished === true,
			waitTill: run.waitTill ?? undefined,
			json: this.json,
			extraNodeTypes: this.extraNodeTypes,
			options: this.options,
			data: JSON.stringify(run.data),
		});
	}

	result(started: boolean, run?: IRun, http?: HttpAnswer, error?: RunError): RunResult {
		const outputs = (nodeName: string, runIndex = 0): INodeExecutionData[][] =>
			(run?.data.resultData.runData[nodeName]?.[runIndex]?.data?.main ?? []).map((items) => items ?? []);
		const items = (nodeName: string, outputIndex = 0, runIndex = 0) => outputs(nodeName, runIndex)[outputIndex] ?? [];
		return {
			started,
			http,
			order: this.order,
			error: error ?? (run?.data.resultData.error as RunError | undefined),
			logs: this.logger.entries,
			run,
			executionId: this.executionId,
			waiting: waitingExecution(this.executionId),
			outputs,
			items,
			json: (nodeName, outputIndex, runIndex) => items(nodeName, outputIndex, runIndex).map((item) => item.json),
		};
	}
}

let executionCounter = 0;

/**
 * Feeds items into `node` (through a test-only start node wired to its input `inputIndex`) and
 * runs the workflow from there. Nodes upstream of `node` do not run.
 */
export async function runWithItems(
	json: WorkflowJson,
	{
		node: target,
		items,
		inputIndex = 0,
		...options
	}: RunOptions & { node: string; items: Array<IDataObject | INodeExecutionData>; inputIndex?: number },
): Promise<RunResult> {
	if (!json.nodes.some((candidate) => candidate.name === target)) {
		throw new UnexpectedError(`The workflow has no node named "${target}"`);
	}
	const feedItems = items.map((item) =>
		'json' in item && typeof item.json === 'object' ? (item as INodeExecutionData) : { json: item as IDataObject },
	);
	const withFeed: WorkflowJson = {
		...json,
		nodes: [...json.nodes, node({ name: FEED_NODE_NAME, type: FEED_NODE_TYPE })],
		connections: {
			...json.connections,
			[FEED_NODE_NAME]: { main: [[{ node: target, type: 'main', index: inputIndex }]] },
		},
	};
	const session = new Session(withFeed, options, { [FEED_NODE_TYPE]: feedNodeType(feedItems) });
	const feed = session.workflow.getNode(FEED_NODE_NAME) as INode;
	const run = await session.execute(feed, [[{ json: {} }]], options.mode ?? 'trigger');
	// What the run saved belongs to the caller's workflow, not to the copy with the feed node.
	if (withFeed.staticData !== json.staticData) json.staticData = withFeed.staticData;
	return session.result(true, run);
}

/** The workflow's webhook node: the one named, or the only enabled one. */
function webhookNode(session: Session, nodeName?: string): INode {
	const candidates = Object.values(session.workflow.nodes).filter(
		(candidate) => !candidate.disabled && session.nodeType(candidate).webhook,
	);
	const found = nodeName ? session.workflow.getNode(nodeName) : candidates.length === 1 ? candidates[0] : null;
	if (!found) {
		throw new UnexpectedError(
			nodeName
				? `The workflow has no node named "${nodeName}"`
				: `Name the webhook node to use: the workflow has ${candidates.length}`,
		);
	}
	return found;
}

/** A node's webhooks as WebhookService.getNodeWebhooks lists them (none for a disabled node). */
function registeredWebhooks(session: Session, node: INode): RegisteredWebhook[] {
	if (node.disabled === true) return [];
	return (session.nodeType(node).description.webhooks ?? []).map((description) => ({
		description,
		httpMethod: String(session.resolve(node, description.httpMethod, 'GET')).toUpperCase(),
		path: NodeHelpers.getNodeWebhookPath(
			session.workflow.id,
			node,
			String(session.resolve(node, description.path, '')).replace(/^\/+|\/+$/g, ''),
			description.isFullPath,
			description.restartWebhook,
		),
	}));
}

interface RegisteredWebhook {
	description: IWebhookDescription;
	httpMethod: string;
	path: string;
}

interface WebhookDelivery {
	node: INode;
	webhook: RegisteredWebhook;
	request: HttpRequest;
	/** The URL path the request came to, as `req.url` shows it. */
	url: string;
	mode: WorkflowExecuteMode;
	bodyLeftUnread?: boolean;
	/** A resume's execution: its id and saved data, which the webhook's context reads (`$input`). */
	resuming?: { executionId: string; data: IRunExecutionData };
}

type WebhookOutcome =
	| { response: RecordedResponse; workflowData: INodeExecutionData[][] }
	| { response: RecordedResponse; workflowData?: undefined; error?: RunError };

/**
 * Runs a node's `webhook()` on a request in n8n-core's WebhookContext (WebhookService.runWebhook)
 * and answers the sender as webhook-helpers' executeWebhook does, up to starting the execution.
 */
async function deliverToWebhook(session: Session, delivery: WebhookDelivery): Promise<WebhookOutcome> {
	const { node, webhook, request, mode, resuming } = delivery;
	const nodeType = session.nodeType(node);
	if (!nodeType.webhook) throw new UnexpectedError(`"${node.name}" has no webhook() method`);
	const response = new RecordedResponse();
	const additionalData = session.additionalData(resuming?.executionId);
	additionalData.httpRequest = requestObject(
		request,
		delivery.url,
		delivery.bodyLeftUnread === true,
	) as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
	additionalData.httpResponse = response as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
	const webhookData: IWebhookData = {
		httpMethod: webhook.httpMethod as IHttpRequestMethods,
		node: node.name,
		path: webhook.path,
		webhookDescription: webhook.description,
		workflowId: session.workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	};
	const context = new WebhookContext(session.workflow, node, additionalData, mode, webhookData, [], resuming?.data ?? null);

	let webhookResult: IWebhookResponseData;
	try {
		webhookResult = await nodeType.webhook.call(context);
	} catch (error) {
		// n8n answers 500 and records a failed execution; the harness reports the error.
		if (!response.finished) {
			response.status(500).json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
		}
		const { name, message, stack } = error as Error;
		return { response, error: { name, message, stack } };
	}

	const responseMode = String(session.resolve(node, webhook.description.responseMode, 'onReceived'));
	const responseCode = Number(session.resolve(node, webhook.description.responseCode, 200));
	const answered = webhookResult.noWebhookResponse === true || response.finished;
	if (webhookResult.workflowData === undefined) {
		if (!answered) {
			response.status(responseCode).json(webhookResult.webhookResponse ?? { message: 'Webhook call received' });
		}
		return { response };
	}
	if (!answered) {
		if (responseMode !== 'onReceived') {
			throw new UnexpectedError(`The harness does not support the "${responseMode}" response mode yet`);
		}
		response.status(responseCode).json(onReceivedBody(session, node, webhook.description, webhookResult));
	}
	return { response, workflowData: webhookResult.workflowData };
}

/**
 * Delivers an HTTP request to a webhook node, as n8n's webhook layer does: the node's `webhook()`
 * runs in n8n-core's WebhookContext with the request and a recording response; if it returns
 * `workflowData`, a new execution runs the rest of the workflow from that node.
 * `node` defaults to the workflow's only webhook node.
 */
export async function runWebhook(
	json: WorkflowJson,
	{ node: nodeName, request, ...options }: RunOptions & { node?: string; request: HttpRequest },
): Promise<RunResult> {
	const session = new Session(json, options);
	const mode = options.mode ?? 'webhook';
	const startNode = webhookNode(session, nodeName);
	if (!session.nodeType(startNode).webhook) throw new UnexpectedError(`"${startNode.name}" has no webhook() method`);

	const method = (request.method ?? 'POST').toUpperCase();
	const wantedPath = request.path?.replace(/^\/+/, '');
	const match = registeredWebhooks(session, startNode).find(
		(webhook) => webhook.httpMethod === method && (wantedPath === undefined || webhook.path === wantedPath),
	);
	if (!match) {
		// What n8n answers for a method and path nobody registered; no execution starts.
		return session.result(
			false,
			undefined,
			errorAnswer(404, `The requested webhook "${method} ${wantedPath ?? ''}" is not registered.`),
		);
	}

	const bodyLeftUnread =
		startNode.typeVersion === 1 && Boolean(session.resolve(startNode, '={{$parameter["options"]["binaryData"]}}', ''));
	const outcome = await deliverToWebhook(session, {
		node: startNode,
		webhook: match,
		request,
		url: `/webhook/${match.path}`,
		mode,
		bodyLeftUnread,
	});
	if (outcome.workflowData === undefined) {
		// live-webhooks.js saves the webhook's static data in its response callback.
		if (!outcome.error) saveStaticDataIfChanged(json, session.workflow);
		return session.result(false, undefined, outcome.response.answer(), outcome.error);
	}

	// WorkflowRunner.run first builds a Workflow over the very static data the webhook changed
	// (establishContextForPersistence); ObservableObject.create resets its `__dataChanged`.
	session.buildWorkflow(session.loadedStaticData);
	// prepareNewExecution then reloads the static data from the database for the execution.
	const executionWorkflow = session.buildWorkflow(loadStaticData(json));
	// Only now does the webhook's response callback save, finding nothing changed.
	saveStaticDataIfChanged(json, session.workflow);
	const run = await session.execute(startNode, outcome.workflowData, mode, executionWorkflow);
	return session.result(true, run, outcome.response.answer());
}

/** How n8n answers a ResponseError (NotFoundError, ConflictError…): `{ code, message }`. */
function errorAnswer(status: number, message: string): HttpAnswer | undefined {
	return new RecordedResponse().status(status).json({ code: status, message }).answer();
}

/** The stored execution a resume is for, with a session over the workflow it ran. */
function resumeSession(executionId: string | undefined, options: RunOptions): { stored: StoredExecution; session: Session } {
	const stored = executionId === undefined ? undefined : executions.get(executionId);
	if (!stored) throw new UnexpectedError('This run started no execution, so there is nothing to resume');
	const session = new Session(stored.json, { ...stored.options, ...options }, stored.extraNodeTypes);
	session.executionId = stored.id;
	return { stored, session };
}

/**
 * What n8n's wait tracker does when a waiting execution's `waitTill` comes: it runs the saved
 * execution data again (WorkflowRunner → WorkflowExecute.processRunExecutionData). `waitTill` is
 * still set, so handleWaitingState disables the waiting node, drops the run it recorded before
 * waiting, and the disabled node passes its input on to output 0.
 * `options` override the run's own (credentials, node types) for the resumed execution.
 */
export async function resumeByTimeout(run: RunResult, options: RunOptions = {}): Promise<RunResult> {
	const { stored, session } = resumeSession(run.executionId, options);
	// WaitTracker.startExecution refuses these.
	if (stored.finished) throw new UnexpectedError('The execution did succeed and can so not be started again.');
	if (stored.status !== 'waiting') throw new UnexpectedError(`The execution "${stored.id}" is ${stored.status}, not waiting`);
	const resumed = await session.process(readStoredData(stored), stored.mode, session.workflow, stored.id);
	return session.result(true, resumed);
}

/** A call to a waiting execution's resume URL. */
export interface ResumeRequest extends Omit<HttpRequest, 'path'> {
	/** The URL as called, e.g. the item's resume link (`…/webhook-waiting/<id>/sla?signature=…`). */
	url: string;
}

/**
 * A call to a waiting execution's resume URL, served as n8n 2.41.1's WaitingWebhooks serves it:
 * the `signature` must be the execution's resume token (else 401); an unknown execution gets 404, a
 * finished one 409. The waiting node is disabled, its restart webhook for the method and path runs
 * its `webhook()` with the saved execution data (so `$input.all()` sees the waiting items), and the
 * sender gets what the node or n8n answers. With `workflowData`, the execution continues from the
 * node with that data on its outputs (prepareExecutionData's `forwardAllOutputs`); without, it
 * keeps waiting, unchanged.
 */
export async function resumeByWebhook(
	run: RunResult,
	{ request, ...options }: RunOptions & { request: ResumeRequest },
): Promise<RunResult> {
	const url = new URL(request.url, BASE_URL);
	const [, base, executionId = '', routeSuffix] = url.pathname.split('/');
	if (base !== 'webhook-waiting') throw new UnexpectedError(`Not a resume URL: ${request.url}`);
	const query = { ...Object.fromEntries(url.searchParams), ...request.query };
	const method = (request.method ?? 'POST').toUpperCase();
	// The URL names the execution; the run only lends its workflow when the URL names none stored.
	const stored = executions.get(executionId);
	const { session } = resumeSession(stored ? executionId : run.executionId, options);
	if (!stored) session.executionId = undefined;
	const refuse = (status: number, message: string) => session.result(false, undefined, errorAnswer(status, message));

	let suffix = routeSuffix ? decodeURIComponent(routeSuffix) : undefined;
	const saved = stored ? readStoredData(stored) : undefined;
	if (saved?.resumeToken) {
		// validateToken: the signature may carry the webhook path after a slash.
		const [token = '', tokenPath] = (query.signature ?? '').split(/\/(.*)/s);
		if (token.length !== saved.resumeToken.length || token !== saved.resumeToken) {
			return session.result(false, undefined, new RecordedResponse().status(401).json({ error: 'Invalid token' }).answer());
		}
		suffix ??= tokenPath;
	}
	if (!stored || !saved) return refuse(404, `The execution "${executionId}" does not exist.`);
	if (stored.status === 'running') return refuse(409, `The execution "${executionId}" is running already.`);
	if (saved.resultData.error) return refuse(409, `The execution "${executionId}" has finished with error.`);
	if (stored.finished) return refuse(409, `The execution "${executionId} has finished already.`);

	// getWebhookExecutionData: disable the waiting node, clear waitTill, drop its recorded run.
	const stack = saved.executionData?.nodeExecutionStack ?? [];
	stack[0].node.disabled = true;
	saved.waitTill = undefined;
	const lastNodeExecuted = saved.resultData.lastNodeExecuted as string;
	preserveInputOverride(saved.resultData.runData[lastNodeExecuted]);
	const startNode = session.workflow.getNode(lastNodeExecuted);
	if (!startNode) return refuse(404, 'Could not find node to process webhook.');
	const webhook = registeredWebhooks(session, startNode).find(
		(candidate) =>
			candidate.httpMethod === method &&
			candidate.path === (suffix ?? '') &&
			candidate.description.restartWebhook === true &&
			candidate.description.nodeType !== 'form',
	);
	if (!webhook) {
		return refuse(
			404,
			`The workflow for execution "${executionId}" does not contain a waiting webhook with a matching path/method.`,
		);
	}

	const outcome = await deliverToWebhook(session, {
		node: startNode,
		webhook,
		request: { ...request, method, query },
		url: `${url.pathname}${url.search}`,
		mode: stored.mode,
		resuming: { executionId, data: saved },
	});
	if (outcome.workflowData === undefined) return session.result(false, undefined, outcome.response.answer(), outcome.error);

	// prepareExecutionData: the webhook's data goes on the waiting node's outputs, all of them.
	stack[0].data.main = outcome.workflowData;
	stack[0].metadata = { ...stack[0].metadata, forwardAllOutputs: true };
	const resumed = await session.process(saved, stored.mode, session.buildWorkflow(loadStaticData(stored.json)), executionId);
	return session.result(true, resumed, outcome.response.answer());
}

/** workflow-helpers' preserveInputOverride: the waiting node's recorded run goes, but an input override stays. */
function preserveInputOverride(runs: ITaskData[] | undefined): void {
	const entry = runs?.pop();
	if (runs && entry?.inputOverride) {
		runs.push({ startTime: 0, executionTime: 0, executionIndex: 0, source: entry.source, inputOverride: entry.inputOverride });
	}
}

/**
 * The body n8n 2.x sends in `onReceived` mode (webhook-on-received-response-extractor): the
 * description's `responseData`, which n8n defaults to the string 'firstEntryJson' when a node
 * leaves it unset, then the node's `webhookResponse`, then a fixed message.
 */
function onReceivedBody(
	session: Session,
	startNode: INode,
	description: IWebhookDescription,
	webhookResult: IWebhookResponseData,
): unknown {
	const responseData = session.resolve(startNode, description.responseData, 'firstEntryJson');
	if (responseData === 'noData') return undefined;
	if (responseData) return responseData;
	return webhookResult.webhookResponse ?? { message: 'Workflow was started' };
}

export type WebhookMethod = 'checkExists' | 'create' | 'delete';

/**
 * Calls one of a webhook node's registration methods (what n8n does when a workflow is
 * activated or deactivated) in n8n-core's HookContext. Returns what it returned and the
 * node's static data afterwards, where nodes keep what they registered.
 */
export async function callWebhookMethod(
	json: WorkflowJson,
	{
		node: nodeName,
		method,
		webhook = 'default',
		...options
	}: RunOptions & { node?: string; method: WebhookMethod; webhook?: 'default' | 'setup' },
): Promise<{ returned: boolean | undefined; staticData: IDataObject; logs: LogEntry[] }> {
	const session = new Session(json, options);
	const node = webhookNode(session, nodeName);
	const nodeType = session.nodeType(node);
	const implementation = nodeType.webhookMethods?.[webhook]?.[method];
	if (!implementation) throw new UnexpectedError(`"${node.name}" has no webhookMethods.${webhook}.${method}`);
	const description = (nodeType.description.webhooks ?? []).find((candidate) => candidate.name === webhook);
	if (!description) throw new UnexpectedError(`"${node.name}" declares no webhook named "${webhook}"`);
	const additionalData = session.additionalData();
	const webhookData: IWebhookData = {
		httpMethod: String(session.resolve(node, description.httpMethod, 'GET')).toUpperCase() as IHttpRequestMethods,
		node: node.name,
		path: NodeHelpers.getNodeWebhookPath(
			session.workflow.id,
			node,
			String(session.resolve(node, description.path, '')),
			description.isFullPath,
		),
		webhookDescription: description,
		workflowId: session.workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	};
	const activation = method === 'delete' ? 'manual' : 'activate';
	const context = new HookContext(session.workflow, node, additionalData, options.mode ?? 'trigger', activation, webhookData);
	const returned = await implementation.call(context);
	const staticData = session.workflow.getStaticData('node', node);
	// The activator saves static data after registering or removing webhooks.
	saveStaticDataIfChanged(json, session.workflow);
	return { returned, staticData, logs: session.logger.entries };
}
