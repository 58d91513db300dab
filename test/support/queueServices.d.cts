/** Types for test/support/queueServices.cjs: Redis and PostgreSQL for n8n's queue mode in tests. */

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
}

export declare function startRedis(options: { port: number; timeoutMs?: number }): Promise<RedisService>;
export declare function startPostgres(options: { port: number; database?: string; timeoutMs?: number }): Promise<PostgresService>;
/** The lines of a log file that contain `text`. */
export declare function logLinesMatching(file: string, text: string): string[];
/** Writes one line to the test run's output. */
export declare function printLine(text: string): void;
/** The environment every n8n process of one queue-mode instance shares (database, queue, encryption key). */
export declare function queueModeEnvironment(redis: RedisService, postgres: PostgresService): Record<string, string>;
