/**
 * Decodes a webhook delivery from its raw bytes: size limit, content encoding, charset and
 * media type. Our webhook nodes read the body themselves rather than letting n8n parse it, so
 * that a signature is checked over exactly the bytes the sender signed and a malformed body gets
 * a 400 that says what is wrong (n8n's own parser answers 422 with a stack trace).
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import { DeliveryError } from './errors';

/** A webhook delivery as it reached n8n, with the body decoded but not yet interpreted. */
export interface InboundDelivery {
	method: string;
	/** Header names in lower case. */
	headers: Record<string, string>;
	query: Record<string, string>;
	/** The bytes as sent (after any gzip/deflate), for signature checks. */
	rawBody: Buffer;
	/** Media type without parameters, e.g. `application/json`. */
	contentType: string;
	/**
	 * The decoded body: the parsed value for JSON; the text fields (name → value) for
	 * `application/x-www-form-urlencoded` and `multipart/form-data`; the text otherwise.
	 */
	body: unknown;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface RawDelivery {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	query?: Record<string, unknown>;
	rawBody: Buffer;
}

/** Refuses an announced oversized body before anything is read. */
export function checkDeclaredLength(headers: RawDelivery['headers'], maxBytes: number): void {
	const declared = Number(headerValue(headers, 'content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(declared, maxBytes);
}

export function decodeDelivery(raw: RawDelivery, maxBytes = DEFAULT_MAX_BODY_BYTES): InboundDelivery {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(raw.headers)) {
		if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	const query: Record<string, string> = {};
	for (const [name, value] of Object.entries(raw.query ?? {})) {
		if (typeof value === 'string') query[name] = value;
	}
	const delivery: InboundDelivery = {
		method: raw.method.toUpperCase(),
		headers,
		query,
		rawBody: raw.rawBody,
		contentType: '',
		body: undefined,
	};
	if (delivery.method === 'HEAD' || delivery.method === 'GET') return delivery;

	if (raw.rawBody.length > maxBytes) throw tooLarge(raw.rawBody.length, maxBytes);
	const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
	// n8n's body reader has already inflated gzip and deflate; anything else reaches us still encoded.
	if (!['', 'identity', 'gzip', 'deflate', 'x-gzip'].includes(encoding)) {
		throw new DeliveryError(
			`Content-Encoding "${encoding}" is not supported: send the body uncompressed, or gzip or deflate`,
			415,
			'content-encoding',
		);
	}
	const { mediaType, parameters } = parseContentType(headers['content-type']);
	delivery.contentType = mediaType;
	if (raw.rawBody.length === 0) {
		throw new DeliveryError('The request body is empty: a survey response was expected', 400, 'body');
	}

	if (mediaType === 'multipart/form-data') {
		delivery.body = parseMultipart(raw.rawBody, parameters.boundary, parameters.charset);
		return delivery;
	}
	const text = decodeText(raw.rawBody, parameters.charset);
	if (mediaType === 'application/x-www-form-urlencoded') {
		delivery.body = parseUrlEncoded(text);
	} else if (isJsonType(mediaType) || (['', 'text/plain'].includes(mediaType) && /^\s*[[{]/.test(text))) {
		delivery.body = parseJson(text);
	} else if (mediaType === 'text/plain') {
		delivery.body = text;
	} else {
		throw new DeliveryError(
			`Content-Type "${mediaType}" is not supported: send JSON, a URL-encoded form or multipart form data`,
			415,
			'content-type',
		);
	}
	return delivery;
}

function tooLarge(bytes: number, maxBytes: number): DeliveryError {
	return new DeliveryError(
		`The request body is ${bytes} bytes, more than the ${maxBytes} bytes this trigger accepts`,
		413,
		'body',
	);
}

function headerValue(headers: RawDelivery['headers'], name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

function isJsonType(mediaType: string): boolean {
	return mediaType === 'application/json' || mediaType === 'text/json' || mediaType.endsWith('+json');
}

export function parseContentType(header: string | undefined): { mediaType: string; parameters: Record<string, string> } {
	const [type = '', ...rest] = (header ?? '').split(';');
	const parameters: Record<string, string> = {};
	for (const part of rest) {
		const separator = part.indexOf('=');
		if (separator < 0) continue;
		const name = part.slice(0, separator).trim().toLowerCase();
		parameters[name] = part
			.slice(separator + 1)
			.trim()
			.replace(/^"(.*)"$/, '$1');
	}
	return { mediaType: type.trim().toLowerCase(), parameters };
}

function decodeText(bytes: Buffer, charset = 'utf-8'): string {
	const decoder = attempt(() => new TextDecoder(charset.trim().toLowerCase(), { fatal: true }));
	if (!decoder.ok) throw new DeliveryError(`Charset "${charset}" is not supported: send UTF-8`, 415, 'content-type');
	const text = attempt(() => decoder.value.decode(bytes).replace(/^\uFEFF/, ''));
	if (!text.ok) throw new DeliveryError(`The request body is not valid ${charset} text`, 400, 'body');
	return text.value;
}

function parseJson(text: string): unknown {
	const parsed = attempt(() => JSON.parse(text) as unknown);
	if (!parsed.ok) throw new DeliveryError(`The request body is not valid JSON (${parsed.problem})`, 400, 'body');
	return parsed.value;
}

/** Form fields as name → value; a repeated name keeps its last value, as survey tools send none. */
function parseUrlEncoded(text: string): Record<string, string> {
	return Object.fromEntries(new URLSearchParams(text));
}

/** Runs a parser that throws, as a value: the caller turns a failure into the right HTTP answer. */
function attempt<T>(run: () => T): { ok: true; value: T } | { ok: false; problem: string } {
	try {
		return { ok: true, value: run() };
	} catch (error) {
		return { ok: false, problem: error instanceof Error ? error.message : String(error) };
	}
}

/**
 * The text fields of a multipart/form-data body (RFC 7578). File parts are listed by name
 * under `files`, not kept: survey webhooks carry answers as text.
 *
 * Line ends may be CRLF, as RFC 2046 writes them, or bare LF, or a mix: proxies, relays and
 * test tools rewrite them, and robust parsers accept both. What stays required is the structure:
 * each delimiter opens a line, a part has a header block closed by a blank line and a field name,
 * and the body ends with the closing delimiter.
 */
function parseMultipart(bytes: Buffer, boundary: string | undefined, charset?: string): Record<string, unknown> {
	if (!boundary || boundary.length > 200) {
		throw new DeliveryError('The multipart body has no boundary in its Content-Type', 400, 'content-type');
	}
	// Latin-1 maps each byte to one character, so string positions are byte positions.
	const text = bytes.toString('latin1');
	const delimiters = multipartDelimiters(text, `--${boundary}`);
	if (!delimiters.length) throw new DeliveryError('The multipart body does not contain its boundary', 400, 'body');
	if (!delimiters[delimiters.length - 1].closing) {
		throw new DeliveryError('The multipart body is cut short: its closing boundary is missing', 400, 'body');
	}
	const fields: Record<string, unknown> = {};
	const files: string[] = [];
	for (let index = 0; index + 1 < delimiters.length; index++) {
		const start = delimiters[index].contentStart;
		const part = text.slice(start, delimiters[index + 1].lineStart);
		const blankLine = /\r?\n\r?\n/.exec(part);
		if (!blankLine) throw new DeliveryError('A multipart part has no header block', 400, 'body');
		const partHeaders = Buffer.from(part.slice(0, blankLine.index), 'latin1').toString('utf8');
		const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(partHeaders)?.[1] ?? '';
		const nameMatch = /(?:^|;)\s*name=(?:"([^"]*)"|([^;\s]+))/i.exec(disposition);
		const name = nameMatch?.[1] ?? nameMatch?.[2];
		if (name === undefined) throw new DeliveryError('A multipart part has no field name', 400, 'body');
		if (/(?:^|;)\s*filename\*?=/i.test(disposition)) {
			files.push(name);
		} else {
			const partCharset = /charset=([^\s;]+)/i.exec(partHeaders)?.[1] ?? charset;
			const valueStart = start + blankLine.index + blankLine[0].length;
			fields[name] = decodeText(bytes.subarray(valueStart, start + part.length), partCharset);
		}
	}
	if (files.length) fields.files = files;
	return fields;
}

interface MultipartDelimiter {
	/** Where the line break before the delimiter starts: the previous part ends there. */
	lineStart: number;
	/** Where the next part starts, after the delimiter, its padding and its line break. */
	contentStart: number;
	closing: boolean;
}

/**
 * The delimiter lines of a multipart body, up to the closing one. A delimiter opens the body or
 * follows a line break (CRLF or LF); it is followed by optional spaces and a line break, or by
 * `--` for the closing one. A line that merely starts with the boundary text is content.
 */
function multipartDelimiters(text: string, delimiter: string): MultipartDelimiter[] {
	const found: MultipartDelimiter[] = [];
	for (let at = text.indexOf(delimiter); at >= 0; at = text.indexOf(delimiter, at + 1)) {
		if (at > 0 && text[at - 1] !== '\n') continue;
		const lineStart = at === 0 ? 0 : at - (text[at - 2] === '\r' ? 2 : 1);
		let after = at + delimiter.length;
		if (text.startsWith('--', after)) {
			// What follows the closing delimiter is the epilogue, which carries nothing.
			found.push({ lineStart, contentStart: after + 2, closing: true });
			break;
		}
		while (text[after] === ' ' || text[after] === '\t') after++;
		const lineBreak = text.startsWith('\r\n', after) ? 2 : text[after] === '\n' ? 1 : 0;
		if (!lineBreak) continue;
		found.push({ lineStart, contentStart: after + lineBreak, closing: false });
	}
	return found;
}

/* ------------------------------------------------------------------------------------------ *
 * Reading the delivery from n8n's request.
 * ------------------------------------------------------------------------------------------ */

interface N8nRequest {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	query?: Record<string, unknown>;
	body?: unknown;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

/** The delivery as the sender posted it; refuses an oversized or unreadable body with a DeliveryError. */
export async function readDelivery(context: IWebhookFunctions, maxBytes: number): Promise<InboundDelivery> {
	const request = context.getRequestObject() as unknown as N8nRequest;
	checkDeclaredLength(request.headers, maxBytes);
	if (!request.rawBody && typeof request.readRawBody === 'function') {
		const failure = await request.readRawBody().then(
			() => undefined,
			(error: { status?: number; type?: string }) => error ?? {},
		);
		if (failure?.status === 413 || failure?.type === 'entity.too.large') {
			throw new DeliveryError(`The request body is larger than the ${maxBytes} bytes this trigger accepts`, 413, 'body');
		}
		if (failure) throw new DeliveryError('The request body could not be read: the upload was cut short', 400, 'body');
	}
	// Named fields, not a spread: Node's IncomingMessage keeps `headers` on its prototype.
	const { method, headers, query } = request;
	if (request.rawBody) {
		return decodeDelivery({ method, headers, query, rawBody: request.rawBody }, maxBytes);
	}
	// n8n parsed the body before the node ran (multipart form data it stored itself): use its fields.
	const delivery = decodeDelivery({ method: 'GET', headers, query, rawBody: Buffer.alloc(0) }, maxBytes);
	return { ...delivery, method: request.method.toUpperCase(), contentType: 'multipart/form-data', body: request.body };
}

