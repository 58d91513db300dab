/**
 * The error taxonomy every closed-loop node throws, and what a webhook node answers for each.
 * A webhook sender (a survey tool, an SMS gateway's status callback) retries on 5xx and never on
 * 4xx, so the class decides who is at fault: the sender (4xx, fix the request), or us and the APIs
 * we call (5xx, send it again later).
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { z } from 'zod';

import { FeedbackError, describeIssues } from '../core/feedback';
import { isRetryableApiFailure } from './apiClient';

/** A delivery whose envelope cannot be read (size, encoding, media type, syntax). */
export class DeliveryError extends Error {
	constructor(
		message: string,
		readonly status: 400 | 413 | 415,
		readonly field: string,
	) {
		super(message);
		this.name = 'DeliveryError';
	}
}

/** A delivery whose signature does not hold: answered 401, nothing starts. */
export class SignatureError extends Error {
	constructor(
		message: string,
		/** The header the signature is expected in. */
		readonly header: string,
		/** A `WWW-Authenticate` value that tells the sender how to authenticate, when there is one. */
		readonly challenge?: string,
	) {
		super(message);
		this.name = 'SignatureError';
	}
}

/**
 * An answer from a provider's own API that we cannot use: a shape other than the documented one,
 * or a record the provider does not have ready yet. Whoever called our webhook did nothing wrong,
 * so this is answered 502, or 503 with Retry-After when a later try can succeed (`retryable`).
 */
export class ApiAnswerError extends Error {
	constructor(
		message: string,
		/** Where the answer broke, e.g. `response.pages`; logged, as the message may quote answers. */
		readonly field: string,
		readonly retryable = false,
	) {
		super(message);
		this.name = 'ApiAnswerError';
	}
}

/**
 * An API answer read with its documented schema; any other shape is the tool's fault, so it
 * throws an ApiAnswerError (502) naming the field under `prefix` (`response`, `ticket`…).
 */
export function parseApiAnswer<T extends z.ZodTypeAny>(
	schema: T,
	answer: unknown,
	description: { tool: string; call: string; prefix: string },
): z.infer<T> {
	const parsed = schema.safeParse(answer);
	if (!parsed.success) {
		const { message, field } = describeIssues(parsed.error, description.prefix);
		throw new ApiAnswerError(`The ${description.tool} API answered ${description.call} not as documented: ${message}`, field);
	}
	return parsed.data;
}

/** How long a sender is asked to wait before it sends a delivery again that we could not take. */
export const RETRY_LATER_SECONDS = 60;

export interface WebhookAnswer {
	status: number;
	headers: Record<string, string>;
	body: IDataObject;
	/** For n8n's log: never the message, which can quote what a customer typed. */
	log: { level: 'error' | 'warn'; message: string };
}

export interface WebhookAnswerContext {
	/** Who answers, for the log: "Survey Trigger (Typeform)". */
	node: string;
	/** Whose API we called, in words and as an error code: "survey tool" → `survey_tool_api_error`. */
	upstream: string;
	/** What the sender posts, as an error code: `survey_response` → `invalid_survey_response`. */
	payload: string;
}

/**
 * What a webhook node answers for an error, or undefined for a fault in the node itself (n8n then
 * answers 500 and logs it with the stack).
 */
export function webhookAnswerFor(error: unknown, { node, upstream, payload }: WebhookAnswerContext): WebhookAnswer | undefined {
	const code = upstream.replace(/\W+/g, '_');
	const refused = (status: number, kind: string, field: string, message: string, headers: Record<string, string> = {}): WebhookAnswer => ({
		status,
		headers,
		body: { status: 'rejected', error: kind, field, message },
		log: { level: 'warn', message: `${node} refused a delivery with HTTP ${status}: ${kind} at "${field}"` },
	});
	const retryLater = (retryable: boolean) => ({
		status: retryable ? 503 : 502,
		headers: retryable ? { 'Retry-After': String(RETRY_LATER_SECONDS) } : ({} as Record<string, string>),
	});

	if (error instanceof DeliveryError) return refused(error.status, 'invalid_delivery', error.field, error.message);
	if (error instanceof SignatureError) {
		return refused(401, 'invalid_signature', error.header, error.message, error.challenge ? { 'WWW-Authenticate': error.challenge } : {});
	}
	if (error instanceof ApiAnswerError) {
		const { status, headers } = retryLater(error.retryable);
		return {
			status,
			headers,
			body: { status: 'retry_later', error: `${code}_api_answer`, field: error.field, message: error.message },
			log: { level: 'error', message: `${node} answered HTTP ${status}: the ${upstream}'s API answer could not be used at "${error.field}"` },
		};
	}
	if (error instanceof FeedbackError) return refused(400, `invalid_${payload}`, error.field, error.message);
	if (error instanceof NodeApiError) {
		const { status, headers } = retryLater(isRetryableApiFailure(error));
		// NodeApiError messages name the call and its status, never the credential.
		return {
			status,
			headers,
			body: { status: 'retry_later', error: `${code}_api_error`, message: error.message },
			log: { level: 'error', message: `${node}: ${error.message}` },
		};
	}
	return undefined;
}
