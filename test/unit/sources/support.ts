import type { IDataObject } from 'n8n-workflow';

/**
 * What the unit tests of the survey sources share: deliveries as the node hands them over, a fake
 * API that records its calls, and readers that turn a thrown error into a value to assert on.
 */
import { FeedbackError } from '../../../nodes/core/feedback';
import type { SurveyAnswer, SurveyResponse } from '../../../nodes/core/surveyResponse';
import type { SourceApi, SourceEvent } from '../../../nodes/SurveyTrigger/sources/types';
import type { InboundDelivery } from '../../../nodes/shared/inboundDelivery';
import { ApiAnswerError, SignatureError } from '../../../nodes/shared/errors';

export type Json = Record<string, unknown>;

/** When every test delivery reached n8n. */
export const RECEIVED_AT = '2026-11-25T08:00:00.000Z';

/** The delivery context the node passes to `read`. */
export const context = { receivedAt: RECEIVED_AT, newId: () => 'generated-id' };

/** A deep copy of JSON data, so that a test can change a fixture without touching the others. */
export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const isRecord = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A JSON delivery: `body` as the node parsed it; the bytes are `raw` when given, else `body` as JSON text. */
export function jsonDelivery(body: unknown, headers: Record<string, string> = {}, raw?: string): InboundDelivery {
	return {
		method: 'POST',
		headers,
		query: {},
		rawBody: Buffer.from(raw ?? JSON.stringify(body) ?? '', 'utf8'),
		contentType: 'application/json',
		body,
	};
}

/** A JSON delivery of exactly these bytes, with the body parsed from them: what signatures are checked on. */
export const rawJsonDelivery = (raw: string, headers: Record<string, string> = {}): InboundDelivery =>
	jsonDelivery(JSON.parse(raw) as unknown, headers, raw);

const MULTIPART_BOUNDARY = 'closed-loop-test-boundary';

/** The bytes a browser sends for these text fields. */
function encodeForm(fields: Json, contentType: FormContentType): string {
	if (contentType === 'application/x-www-form-urlencoded') {
		return new URLSearchParams(Object.entries(fields).map(([name, value]): [string, string] => [name, String(value)])).toString();
	}
	const parts = Object.entries(fields).map(
		([name, value]) => `--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}\r\n`,
	);
	return `${parts.join('')}--${MULTIPART_BOUNDARY}--\r\n`;
}

export type FormContentType = 'application/x-www-form-urlencoded' | 'multipart/form-data';

/**
 * A form delivery: the node decodes `application/x-www-form-urlencoded` and `multipart/form-data`
 * into their text fields. `fields` may be anything, to test what a source does with an odd body.
 */
export function formDelivery(fields: unknown, contentType: FormContentType = 'application/x-www-form-urlencoded'): InboundDelivery {
	const header = contentType === 'multipart/form-data' ? `${contentType}; boundary=${MULTIPART_BOUNDARY}` : contentType;
	return {
		method: 'POST',
		headers: { 'content-type': header },
		query: {},
		rawBody: Buffer.from(isRecord(fields) ? encodeForm(fields, contentType) : (JSON.stringify(fields) ?? ''), 'utf8'),
		contentType,
		body: fields,
	};
}

/** The response a source read, or a thrown Error naming what it read instead. */
export function expectResponse(event: SourceEvent): { dedupKey: string | null; response: SurveyResponse } {
	if (event.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(event)}`);
	return event;
}

/** The answer to a question, by its id. */
export const answerById = (answers: SurveyAnswer[], questionId: string) => answers.find((answer) => answer.questionId === questionId);

/** What `read` takes from the `errorClass` error `run` throws, or a sentence saying what happened instead. */
function thrown<E extends Error, R>(run: () => unknown, errorClass: new (...args: never[]) => E, read: (error: E) => R): R | string {
	try {
		run();
		return 'no error was thrown';
	} catch (error) {
		if (error instanceof errorClass) return read(error);
		return `a ${String(error)} was thrown instead of a ${errorClass.name}`;
	}
}

/** The field and message of the FeedbackError `run` throws, or a sentence saying what happened instead. */
export const feedbackErrorOf = (run: () => unknown): { field: string; message: string } | string =>
	thrown(run, FeedbackError, (error) => ({ field: error.field, message: error.message }));

/** The header and message of the SignatureError `run` throws, or a sentence saying what happened instead. */
export const signatureErrorOf = (run: () => unknown): { header: string; message: string } | string =>
	thrown(run, SignatureError, (error) => ({ header: error.header, message: error.message }));

/**
 * What the promise `run` returns rejects with: name, field (for a FeedbackError or an
 * ApiAnswerError, which also says whether a retry may help) and message; or a sentence.
 */
export async function rejectionOf(
	run: () => Promise<unknown>,
): Promise<{ name: string; field?: string; retryable?: boolean; message: string } | string> {
	try {
		await run();
		return 'no error was thrown';
	} catch (error) {
		if (error instanceof FeedbackError) return { name: error.name, field: error.field, message: error.message };
		if (error instanceof ApiAnswerError) {
			return { name: error.name, field: error.field, retryable: error.retryable, message: error.message };
		}
		if (error instanceof Error) return { name: error.name, message: error.message };
		return String(error);
	}
}

/** An API failure as n8n's NodeApiError carries it: the HTTP status as text in `httpCode`. */
export function httpError(code: string, message = `HTTP ${code}`): Error {
	return Object.assign(new Error(message), { httpCode: code });
}

/** One call the source made, as it made it. */
export interface ApiCall {
	method: string;
	url: string;
	body?: object | string;
	qs?: IDataObject;
}

/**
 * A SourceApi that answers from a table of `METHOD url` routes (e.g. `'GET /v3/webhooks/1'`) and
 * records every call in `calls`. A route answers with a value (resolved as a copy), an Error
 * (rejected), or a function of the call (its result resolved, its throw rejected). A call with no
 * route is rejected as an HTTP 500.
 */
export class FakeApi implements SourceApi {
	readonly calls: ApiCall[] = [];

	constructor(private readonly routes: Record<string, unknown> = {}) {}

	async request<T = unknown>(options: Parameters<SourceApi['request']>[0]): Promise<T> {
		const call: ApiCall = { method: options.method, url: options.url };
		if (options.body !== undefined) call.body = options.body;
		if (options.qs !== undefined) call.qs = options.qs;
		this.calls.push(call);
		const key = `${call.method} ${call.url}`;
		if (!(key in this.routes)) throw httpError('500', `no route for ${key}`);
		const route = this.routes[key];
		const answer: unknown = typeof route === 'function' ? (route as (call: ApiCall) => unknown)(call) : route;
		if (answer instanceof Error) throw answer;
		return (answer === undefined ? undefined : clone(answer)) as T;
	}
}

/** Runs the fetch a source asked for (SurveyMonkey, Qualtrics) against a FakeApi answering from `routes`. */
export async function fetchedBy(event: SourceEvent, routes: Record<string, unknown>): Promise<{ response: SurveyResponse; api: FakeApi }> {
	if (event.kind !== 'fetch') throw new Error(`expected a fetch event, got ${event.kind}`);
	const api = new FakeApi(routes);
	return { response: await event.fetch(api), api };
}
