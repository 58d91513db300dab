/**
 * Authenticated calls to a provider's API (a survey tool, a helpdesk, a messaging service), through
 * n8n's `httpRequestWithAuthentication`, so that n8n applies the credential and keeps it out of logs.
 *
 * The client reads every answer itself (`returnFullResponse`, status errors ignored): it retries what
 * may succeed later (429, 5xx, timeouts, no answer) a bounded number of times with short waits, honours
 * `Retry-After`, repeats a non-idempotent call only when an idempotency key makes that harmless, and
 * turns every failure into a NodeApiError that names the call and never the credential.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

export const DEFAULT_API_TIMEOUT_SECONDS = 15;
export const DEFAULT_API_RETRIES = 2;
export const DEFAULT_MAX_RETRY_AFTER_SECONDS = 10;
export const DEFAULT_IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** The contexts a node calls an API from: execute(), webhook(), and webhook registration. */
export type ApiCallingContext = IExecuteFunctions | IWebhookFunctions | IHookFunctions;

/**
 * A provider described as data: enough to build its client. Case providers and message channels
 * export one of these; the node reads the credential and gets a client with `connectApi`.
 */
export interface ApiProvider {
	/** How errors name it: "Zendesk" gives "Zendesk API: POST /api/v2/tickets failed with HTTP 503". */
	displayName: string;
	credentialType: string;
	/** The API root for these credential values (a region, a subdomain…); relative paths go under it. */
	apiBaseUrl: (credentials: ICredentialDataDecryptedObject) => string;
}

export interface ApiClientOptions {
	/** Per attempt. */
	timeoutSeconds?: number;
	/** Attempts after the first; 0 makes one attempt and throws what it got. */
	retries?: number;
	/** The longest `Retry-After` waited for in the node; a longer one is thrown back with the asked wait. */
	maxRetryAfterSeconds?: number;
	/** Backoff between attempts when the answer names no wait: doubles from `initialMs`, up to `maxMs`, jittered. */
	backoff?: { initialMs?: number; maxMs?: number };
	/** The header an idempotency key travels in (Zendesk, Stripe-style APIs: `Idempotency-Key`). */
	idempotencyHeader?: string;
	/**
	 * What a 2xx whose body is not JSON becomes when JSON was asked: an error (default), or the text
	 * as sent, for callers that check every answer against a schema and report the shape themselves.
	 */
	nonJsonAnswers?: 'error' | 'text';
}

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Absolute, or a path under the provider's API base URL. */
	url: string;
	body?: object | string;
	qs?: IDataObject;
	headers?: Record<string, string>;
	/** Sent unchanged on every attempt of this call, so the provider performs it once. */
	idempotencyKey?: string;
	/** The caller knows a repeat is harmless (e.g. a POST search): retried like a GET. */
	safeToRetry?: boolean;
	/** `json` (default): the answer is parsed, and a 2xx that is not JSON is an error. `text`: as sent. */
	expect?: 'json' | 'text';
}

export interface ApiAnswer<T = unknown> {
	status: number;
	/** Header names in lower case. */
	headers: Record<string, string>;
	body: T;
	attempts: number;
}

export interface ApiClient {
	readonly baseUrl: string;
	/** The answer's body; throws NodeApiError for anything but a 2xx. */
	request<T = unknown>(request: ApiRequest): Promise<T>;
	/** The same, with the status and headers (a `Location`, a rate-limit budget, a next-page link). */
	requestAnswer<T = unknown>(request: ApiRequest): Promise<ApiAnswer<T>>;
}

/** What a webhook node needs to answer a failed call: whether a later try may succeed, and when. */
export interface RetryAdvice {
	retryable: boolean;
	/** The wait the provider asked for (`Retry-After`), in seconds, when it named one. */
	retryAfterSeconds?: number;
}

/** Statuses a later attempt may succeed on: 408, 429 and 5xx. */
export function isRetryableStatus(status: number): boolean {
	return status === 408 || status === 429 || status >= 500;
}

/**
 * Whether a failed API call may succeed later (429, 5xx, timeouts, no answer), so the sender
 * should retry; otherwise (a refused credential, an unknown record) retrying will not help.
 * Errors from this client say so in `context.retryable`; others are judged by their status.
 */
export function isRetryableApiFailure(error: NodeApiError): boolean {
	return retryAdvice(error).retryable;
}

/** The retry advice an API error carries; judged from its `httpCode` when it was not made here. */
export function retryAdvice(error: NodeApiError): RetryAdvice {
	const { retryable, retryAfterSeconds } = (error.context ?? {}) as { retryable?: unknown; retryAfterSeconds?: unknown };
	if (typeof retryable === 'boolean') {
		return typeof retryAfterSeconds === 'number' ? { retryable, retryAfterSeconds } : { retryable };
	}
	const status = Number(error.httpCode);
	return { retryable: !Number.isFinite(status) || status === 0 || isRetryableStatus(status) };
}

/** A relative path goes under the base URL (one slash between them); an absolute URL stays as it is. */
export function joinApiUrl(baseUrl: string, url: string): string {
	if (/^https?:\/\//i.test(url)) return url;
	return `${baseUrl.replace(/\/+$/, '')}${url.startsWith('/') ? '' : '/'}${url}`;
}

/**
 * `Retry-After` in seconds: delta-seconds or an HTTP-date (RFC 9110 10.2.3); undefined when absent
 * or unreadable, so the caller falls back to its backoff.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	const text = value?.trim();
	if (!text) return undefined;
	if (/^\d+$/.test(text)) return Number(text);
	// An HTTP-date names its weekday; anything else (a negative number, a stray word) is unreadable.
	if (!/^[a-z]{3},/i.test(text)) return undefined;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The API root a credential points at (its Base URL field, for regional or self-hosted accounts), or the tool's default. */
export function credentialBaseUrl(credentials: ICredentialDataDecryptedObject, fallback: string): string {
	return String(credentials.baseUrl || fallback)
		.trim()
		.replace(/\/+$/, '');
}

/** Reads the provider's credential and returns its client. */
export async function connectApi(
	context: ApiCallingContext,
	provider: ApiProvider,
	options: ApiClientOptions = {},
): Promise<ApiClient> {
	const credentials = await context.getCredentials(provider.credentialType);
	return apiClient(
		context,
		{ displayName: provider.displayName, credentialType: provider.credentialType, baseUrl: provider.apiBaseUrl(credentials) },
		options,
	);
}

/** Methods a repeat cannot change the outcome of (RFC 9110 9.2.2). */
const IDEMPOTENT_METHODS = new Set<string>(['GET', 'HEAD', 'PUT', 'DELETE']);

/** Credentials refresh on 401 inside n8n (OAuth2, `preAuthentication`) only when the status throws. */
const REFRESH_STATUSES = [401];

/** Why an attempt failed, in the terms the retry decision and the error message need. */
type Failure =
	| { kind: 'status'; status: number; headers: Record<string, string>; body: unknown }
	| { kind: 'thrown'; httpCode: string | null; description: string | null; credentialInvalid?: boolean }
	| { kind: 'timeout'; seconds: number }
	| { kind: 'noAnswer'; code: string; neverReached: boolean }
	| { kind: 'notJson'; status: number; contentType: string };

export function apiClient(
	context: ApiCallingContext,
	api: { displayName: string; credentialType: string; baseUrl: string },
	options: ApiClientOptions = {},
): ApiClient {
	const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_API_TIMEOUT_SECONDS;
	const maxAttempts = Math.max(0, Math.floor(options.retries ?? DEFAULT_API_RETRIES)) + 1;
	const maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? DEFAULT_MAX_RETRY_AFTER_SECONDS;
	const initialBackoffMs = options.backoff?.initialMs ?? 500;
	const maxBackoffMs = options.backoff?.maxMs ?? 4000;
	const idempotencyHeader = options.idempotencyHeader ?? DEFAULT_IDEMPOTENCY_HEADER;
	const nonJsonAnswers = options.nonJsonAnswers ?? 'error';
	// Only execute-type contexts have one; webhook and hook calls are bounded by their attempts alone.
	const cancelSignal = 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;

	async function attempt(httpOptions: IHttpRequestOptions, expect: 'json' | 'text'): Promise<ApiAnswer | Failure> {
		let answer: IN8nHttpFullResponse;
		try {
			answer = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				api.credentialType,
				httpOptions,
			)) as IN8nHttpFullResponse;
		} catch (cause) {
			return thrownFailure(cause, timeoutSeconds);
		}
		const headers = lowerCaseHeaders(answer.headers);
		const text = typeof answer.body === 'string' ? answer.body : '';
		if (answer.statusCode < 200 || answer.statusCode > 299) {
			return { kind: 'status', status: answer.statusCode, headers, body: parseOrText(text) };
		}
		const answered = (body: unknown): ApiAnswer => ({ status: answer.statusCode, headers, body, attempts: 0 });
		if (expect === 'text' || nonJsonAnswers === 'text') {
			return answered(expect === 'text' ? text : parseOrText(text));
		}
		if (text.trim() === '') return answered(undefined);
		try {
			return answered(JSON.parse(text) as unknown);
		} catch {
			return { kind: 'notJson', status: answer.statusCode, contentType: headers['content-type'] ?? 'none' };
		}
	}

	async function requestAnswer<T>(request: ApiRequest): Promise<ApiAnswer<T>> {
		const url = joinApiUrl(api.baseUrl, request.url);
		const headers = { ...request.headers };
		if (request.idempotencyKey !== undefined) headers[idempotencyHeader] = request.idempotencyKey;
		const repeatable =
			IDEMPOTENT_METHODS.has(request.method.toUpperCase()) ||
			request.idempotencyKey !== undefined ||
			request.safeToRetry === true;
		const call = `${api.displayName} API: ${request.method} ${new URL(url).pathname}`;

		for (let attempts = 1; ; attempts++) {
			if (cancelSignal?.aborted) throw cancelled(call, attempts - 1);
			// A fresh options object per attempt: n8n's authentication writes into the one it is given.
			const httpOptions: IHttpRequestOptions = {
				method: request.method,
				url,
				json: true,
				// The client parses the body itself, so a 2xx that is not JSON is noticed, not handed on as text.
				encoding: 'text',
				timeout: timeoutSeconds * 1000,
				returnFullResponse: true,
				ignoreHttpStatusErrors: { ignore: true, except: REFRESH_STATUSES },
				headers: { ...headers },
			};
			if (request.body !== undefined) httpOptions.body = request.body as IHttpRequestOptions['body'];
			if (request.qs !== undefined) httpOptions.qs = request.qs;
			const outcome = await attempt(httpOptions, request.expect ?? 'json');
			if (!('kind' in outcome)) return { ...outcome, body: outcome.body as T, attempts };
			// n8n aborts an execute context's request in flight with the same signal: not a provider failure.
			if (cancelSignal?.aborted) throw cancelled(call, attempts);

			const decision = retryDecision(outcome, repeatable, request.method);
			if (!decision.retryNow || attempts >= maxAttempts) {
				// With retries off, the message stays as the call's only attempt made it: no retry talk.
				throw apiError(context, call, outcome, attempts, maxAttempts > 1 ? decision.notRetried : undefined, {
					retryable: decision.retryable,
					retryAfterSeconds: decision.retryAfterSeconds,
				});
			}
			const waitMs =
				decision.retryAfterSeconds !== undefined
					? decision.retryAfterSeconds * 1000
					: backoffMs(attempts, initialBackoffMs, maxBackoffMs);
			if (decision.retryAfterSeconds !== undefined && decision.retryAfterSeconds > maxRetryAfterSeconds) {
				// Longer than a node should hold an execution or a webhook sender: hand the wait to the caller.
				throw apiError(context, call, outcome, attempts, `asked to wait ${decision.retryAfterSeconds} s`, {
					retryable: true,
					retryAfterSeconds: decision.retryAfterSeconds,
				});
			}
			try {
				await sleep(waitMs, cancelSignal);
			} catch {
				throw cancelled(call, attempts);
			}
		}
	}

	function cancelled(call: string, attempts: number): NodeApiError {
		return nodeApiError(context, `${call} was cancelled with the execution${attemptsText(attempts)}`, null, null, {
			retryable: false,
			attempts,
		});
	}

	return {
		baseUrl: api.baseUrl,
		requestAnswer,
		async request<T>(request: ApiRequest): Promise<T> {
			return (await requestAnswer<T>(request)).body;
		},
	};
}

/** Whether to try again now, whether a later try could work, and why a retry was not made. */
function retryDecision(
	failure: Failure,
	repeatable: boolean,
	method: string,
): { retryNow: boolean; retryable: boolean; retryAfterSeconds?: number; notRetried?: string } {
	const unsafe = `not retried: a ${method} without an idempotency key could be performed twice`;
	switch (failure.kind) {
		case 'status': {
			const retryable = isRetryableStatus(failure.status);
			const retryAfterSeconds = retryable ? parseRetryAfter(failure.headers['retry-after']) : undefined;
			// A 429 was refused before anything was done: repeating it is always safe.
			const retryNow = retryable && (repeatable || failure.status === 429);
			return { retryNow, retryable, retryAfterSeconds, notRetried: retryable && !retryNow ? unsafe : undefined };
		}
		case 'thrown': {
			// n8n threw for a status (401 after its credential refresh) or for something it could not send.
			const status = Number(failure.httpCode);
			const retryable = !failure.credentialInvalid && (!Number.isFinite(status) || status === 0 || isRetryableStatus(status));
			return { retryNow: false, retryable };
		}
		case 'timeout':
			return { retryNow: repeatable, retryable: true, notRetried: repeatable ? undefined : unsafe };
		case 'noAnswer': {
			// A refused connection never reached the provider, so even a POST can go again.
			const retryNow = repeatable || failure.neverReached;
			return { retryNow, retryable: true, notRetried: retryNow ? undefined : unsafe };
		}
		case 'notJson':
			return { retryNow: false, retryable: false };
	}
}

/** Exponential, capped, with "equal jitter": half the step is fixed, half random, so callers spread out. */
function backoffMs(attempt: number, initialMs: number, maxMs: number): number {
	const step = Math.min(maxMs, initialMs * 2 ** (attempt - 1));
	return Math.round(step / 2 + Math.random() * (step / 2));
}

function thrownFailure(cause: unknown, timeoutSeconds: number): Failure {
	const error = (cause ?? {}) as {
		httpCode?: string | null;
		description?: string | null;
		message?: string;
		code?: string;
		failure?: { cause?: unknown };
		cause?: { code?: string; message?: string; response?: { data?: unknown } };
	};
	const code = String(error.cause?.code ?? error.code ?? '');
	const text = `${error.cause?.message ?? ''} ${error.message ?? ''}`;
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout of \d+ms exceeded/i.test(text)) {
		return { kind: 'timeout', seconds: timeoutSeconds };
	}
	// n8n's OAuth2 refresh was refused (revoked, expired): no later attempt helps until someone reconnects.
	if (error.failure?.cause === 'credential-invalid') {
		return { kind: 'thrown', httpCode: null, description: error.description ?? null, credentialInvalid: true };
	}
	const status = Number(error.httpCode);
	if (Number.isInteger(status) && status >= 100) {
		// n8n's own description is "Request failed with status code 401"; the body says what the provider meant.
		const data = error.cause?.response?.data;
		const said = describeErrorBody(typeof data === 'string' ? parseOrText(data) : data);
		return { kind: 'thrown', httpCode: String(status), description: said ?? error.description ?? null };
	}
	if (/^(ECONNREFUSED|ECONNRESET|EPIPE|EHOSTUNREACH|ENETUNREACH|ENETDOWN|EAI_AGAIN|UND_ERR_SOCKET)$/.test(code) || /socket hang up/i.test(text)) {
		return { kind: 'noAnswer', code: code || 'socket hang up', neverReached: code === 'ECONNREFUSED' };
	}
	return { kind: 'thrown', httpCode: null, description: error.description ?? null };
}

function apiError(
	context: ApiCallingContext,
	call: string,
	failure: Failure,
	attempts: number,
	note: string | undefined,
	advice: RetryAdvice,
): NodeApiError {
	const extra = `${attemptsText(attempts)}${note ? ` (${note})` : ''}`;
	const fail = (what: string) => `${call} ${what}${extra}`;
	const details = { retryable: advice.retryable, retryAfterSeconds: advice.retryAfterSeconds, attempts };
	switch (failure.kind) {
		case 'status':
			return nodeApiError(
				context,
				fail(`failed with HTTP ${failure.status}`),
				String(failure.status),
				describeErrorBody(failure.body),
				details,
			);
		case 'thrown':
			return nodeApiError(
				context,
				fail(
					failure.credentialInvalid
						? 'failed: the credential needs to be reconnected'
						: failure.httpCode
							? `failed with HTTP ${failure.httpCode}`
							: 'failed (no answer)',
				),
				failure.httpCode,
				failure.description,
				details,
			);
		case 'timeout':
			return nodeApiError(context, fail('timed out'), null, `No answer within ${failure.seconds} s`, details);
		case 'noAnswer':
			// In words: n8n swaps a message holding a Node error code (ECONNRESET…) for a generic one.
			return nodeApiError(
				context,
				fail(`failed (no answer: the connection was ${failure.neverReached ? 'refused' : 'closed'})`),
				null,
				failure.code,
				details,
			);
		case 'notJson':
			return nodeApiError(
				context,
				fail(`answered HTTP ${failure.status} with a body that is not JSON (content type: ${failure.contentType})`),
				String(failure.status),
				null,
				details,
			);
	}
}

/**
 * Built from plain values: `new NodeApiError(node, aNodeApiError)` hands back the original, whose
 * text may quote the request. `httpCode` stays text ('404'), as n8n's own errors carry it.
 */
function nodeApiError(
	context: ApiCallingContext,
	message: string,
	httpCode: string | null,
	description: string | null,
	details: { retryable: boolean; retryAfterSeconds?: number; attempts: number },
): NodeApiError {
	const error = new NodeApiError(
		context.getNode(),
		{ message, httpCode, description } as JsonObject,
		{ message, httpCode: httpCode ?? undefined, description: description ?? undefined },
	);
	error.context.retryable = details.retryable;
	error.context.attempts = details.attempts;
	if (details.retryAfterSeconds !== undefined) error.context.retryAfterSeconds = details.retryAfterSeconds;
	return error;
}

function attemptsText(attempts: number): string {
	return attempts > 1 ? ` after ${attempts} attempts` : '';
}

/**
 * The provider's own words for an error, from the shapes APIs use; never the whole body. An array is a list of
 * errors (Salesforce: `[{ message, errorCode, fields }]`): the first one speaks, with its `errorCode` when it has one.
 */
function describeErrorBody(body: unknown): string | null {
	if (Array.isArray(body)) {
		const first = describeErrorBody(body[0]);
		const code = (body[0] as { errorCode?: unknown } | undefined)?.errorCode;
		return first !== null && typeof code === 'string' && code.trim() ? `${first} (${code.trim()})`.slice(0, 500) : first;
	}
	if (typeof body !== 'object' || body === null) return null;
	const record = body as Record<string, unknown>;
	const nested = (value: unknown) =>
		typeof value === 'object' && value !== null ? (value as Record<string, unknown>).message : value;
	const firstError = Array.isArray(record.errors) ? nested(record.errors[0]) : undefined;
	// A code in `error` with its words in `description` (Zendesk): the code alone says too little.
	if (typeof record.message !== 'string' && typeof record.error === 'string' && /^\w+$/.test(record.error.trim())) {
		const words = typeof record.description === 'string' ? record.description.trim() : '';
		if (words) {
			const detail = firstFieldDetail(record.details);
			return `${record.error.trim()}: ${words}${detail ? ` (${detail})` : ''}`.slice(0, 500);
		}
	}
	for (const candidate of [record.message, nested(record.error), record.error_description, record.description, record.detail, firstError]) {
		if (typeof candidate === 'string' && candidate.trim()) {
			const particulars = errorParticulars(record, candidate);
			// A list of fields alone says it all; otherwise it follows the general message.
			const said = candidate === firstError && particulars ? particulars.slice(2) : `${candidate.trim()}${particulars}`;
			return said.slice(0, 500);
		}
	}
	return null;
}

/**
 * What a generic message leaves out: Freshdesk's per-field list (`errors: [{ field, message }]` under
 * "Validation failed") and ServiceNow's `error.detail` (under "Operation Failed").
 */
function errorParticulars(record: Record<string, unknown>, said: string): string {
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	const fields = (Array.isArray(record.errors) ? record.errors : [])
		.map((entry) => (typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {}))
		.filter((entry) => text(entry.field) && text(entry.message))
		// Named by its field unless the message already says it ("priority is not included in the list").
		.map((entry) => (text(entry.message).toLowerCase().startsWith(text(entry.field).toLowerCase()) ? text(entry.message) : `${text(entry.field)}: ${text(entry.message)}`));
	if (fields.length) return `: ${fields.join('; ')}`;
	const error = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : {};
	const detail = text(error.detail);
	return detail && detail !== said.trim() ? `: ${detail}` : '';
}

/** The first per-field problem of `details: { field: [{ description }] }`, named by its field unless it says it. */
function firstFieldDetail(details: unknown): string | null {
	if (typeof details !== 'object' || details === null || Array.isArray(details)) return null;
	for (const [field, problems] of Object.entries(details as Record<string, unknown>)) {
		const first: unknown = Array.isArray(problems) ? problems[0] : undefined;
		const words = typeof first === 'object' && first !== null ? (first as Record<string, unknown>).description : undefined;
		if (typeof words === 'string' && words.trim()) {
			return words.trim().toLowerCase().startsWith(field.toLowerCase()) ? words.trim() : `${field}: ${words.trim()}`;
		}
	}
	return null;
}

function parseOrText(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
		if (value !== undefined && value !== null) result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object';

/**
 * Whether an error is the provider answering 404. This client's NodeApiError carries the status as
 * text in `httpCode` ('404'); a raw HTTP client error carries it on `status`, `statusCode`,
 * `response.status` or its `cause`.
 */
export function isNotFound(error: unknown): boolean {
	const status = (candidate: unknown): unknown => {
		if (!isObject(candidate)) return undefined;
		const response = isObject(candidate.response) ? candidate.response : {};
		return candidate.httpCode ?? candidate.status ?? candidate.statusCode ?? response.status ?? response.statusCode;
	};
	const cause = isObject(error) ? error.cause : undefined;
	return [status(error), status(cause)].some((code) => code !== undefined && code !== null && String(code) === '404');
}

/** Calls the API; a 404 comes back as `{ found: false }`, any other failure is thrown as it was. */
export async function requestUnlessNotFound<R>(
	api: { request(request: R): Promise<unknown> },
	request: R,
): Promise<{ found: true; body: unknown } | { found: false }> {
	return await api.request(request).then(
		(body) => ({ found: true as const, body }),
		(error: unknown) => {
			if (isNotFound(error)) return { found: false as const };
			throw error;
		},
	);
}
