export interface ScriptedRequest {
	method: string;
	path: string;
	/** As Node received them: names in lower case. */
	headers: Record<string, string | string[] | undefined>;
	body: string;
	/** Date.now() when the request had arrived. */
	at: number;
}
export type ScriptedAnswer =
	| { status?: number; headers?: Record<string, string>; body?: unknown; hang?: never; drop?: never }
	| { hang: true }
	| { drop: true };
export interface ScriptedApi {
	baseUrl: string;
	requests: ScriptedRequest[];
	answer(...steps: ScriptedAnswer[]): void;
	reset(): void;
	close(): Promise<void>;
}
export declare function startScriptedApi(): Promise<ScriptedApi>;
export declare function closedPortUrl(): Promise<string>;
