/** What every source needs around its API calls. */
import type { SourceApi } from './types';

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object';

/**
 * Whether an error thrown by `SourceApi.request` is the tool answering 404. The node's API
 * calls throw n8n's NodeApiError, whose `httpCode` is the status as text ('404'); a raw HTTP
 * client error carries the status on `status`, `statusCode`, `response.status` or its `cause`.
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

/**
 * Calls the API; a 404 comes back as `{ found: false }`, any other failure is passed on as the
 * node's API layer threw it (a NodeApiError, which already carries the HTTP context).
 */
export async function requestUnlessNotFound(
	api: SourceApi,
	options: Parameters<SourceApi['request']>[0],
): Promise<{ found: true; body: unknown } | { found: false }> {
	return await api.request(options).then(
		(body) => ({ found: true as const, body }),
		(error: unknown) => {
			if (isNotFound(error)) return { found: false as const };
			throw error;
		},
	);
}
