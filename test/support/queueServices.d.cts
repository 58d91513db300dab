/** Types for test/support/queueServices.cjs: Redis and PostgreSQL for n8n's queue mode in tests. */
import type { ExecutionSummary, N8nServer, WebhookResponse } from '../../scripts/n8n-server.cjs';

export declare class QueueServiceError extends Error {}

export interface RedisService {
	host: string;
	port: number;
	logFile: string;
	/** Stops redis-server and removes its folder. */
	stop(): Promise<void>;
}

export interface PostgresService {
	host: string;
	port: number;
	database: string;
	/** The superuser, with trust authentication (no password). */
	user: string;
	logFile: string;
	/** Stops the server and removes its data folder. */
	stop(): Promise<void>;
	/** Runs one SQL statement with psql; its rows, each a list of column texts. */
	query(sql: string): string[][];
}

export declare function startRedis(options: { port: number; timeoutMs?: number }): Promise<RedisService>;
export declare function startPostgres(options: { port: number; database?: string; timeoutMs?: number }): Promise<PostgresService>;
/** The lines of a log file that contain `text`. */
export declare function logLinesMatching(file: string, text: string): string[];
/** Writes one line to the test run's output. */
export declare function printLine(text: string): void;
/** The environment every n8n process of one queue-mode instance shares (database, queue, encryption key). */
export declare function queueModeEnvironment(redis: RedisService, postgres: PostgresService): Record<string, string>;

export type QueueCommand = 'start' | 'webhook' | 'worker';

export interface QueueInstance {
	/** The running process of a role; throws when it is not running. */
	server(role: string): N8nServer;
	/** The main (`n8n start`), whose REST API the test reads. */
	main(): N8nServer;
	/** The running processes of one command, in the order of the roles. */
	servers(command: QueueCommand): N8nServer[];
	roleOf(n8n: N8nServer): string | undefined;
	/** An error naming the process and its log. */
	failure(n8n: N8nServer, message: string): Error;
	readonly postgres: PostgresService | undefined;
	start(): Promise<void>;
	/** Stops every process (webhook processes first), Redis and PostgreSQL, and removes their folders. */
	stop(): Promise<void>;
	/** Stops every n8n process and starts each again on the same folders and database. */
	restartAll(): Promise<void>;
	/** POSTs JSON to a webhook, retrying the 404 n8n answers until it has registered the path. */
	deliver(n8n: N8nServer, webhookPath: string, payload: unknown, options?: { timeoutMs?: number }): Promise<WebhookResponse>;
	/** The workflow's executions once none runs and their count is still; throws if one did not succeed. */
	/** `waitingIsSettled`: an execution waiting (in SLA Wait) has run as far as it can for now, and counts as settled. */
	settledExecutions(workflowId: string, options?: { atLeast?: number; quietMs?: number; timeoutMs?: number; waitingIsSettled?: boolean }): Promise<ExecutionSummary[]>;
	/** Which of the executions the worker (a role or a process) ran, by its log. */
	ranOn(worker: string | N8nServer, executionIds: string[]): string[];
	/** The workflow's static data in the database, as JSON text. */
	storedStaticData(workflowId: string): Promise<string>;
}

/** A queue-mode instance: Redis, PostgreSQL and one n8n process per [role, command]; the first is the main. */
export declare function queueInstance(options: {
	roles: Array<[string, QueueCommand]>;
	publish?: string[];
	workflowsDir?: string;
	/** Sets WEBHOOK_URL in every process to this role's address (a webhook process), as queue mode in production needs. */
	webhookUrlRole?: string;
}): QueueInstance;
