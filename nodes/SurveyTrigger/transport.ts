/**
 * Calls to a survey tool's API with the user's credential, through n8n's
 * `httpRequestWithAuthentication` so that n8n adds the authentication and keeps it out of logs.
 */
import type {
	ICredentialDataDecryptedObject,
	IHookFunctions,
	IHttpRequestOptions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApiCredentialType } from './sources';
import type { SourceApi } from './sources/types';

const REQUEST_TIMEOUT_MS = 15_000;

/** A failed API call. `retryable` when the tool may succeed later (429, 5xx, timeouts, network). */
export class SourceApiError extends NodeApiError {
	retryable = false;
}

/** The API root each credential points at; a source's relative paths are appended to it. */
export function apiBaseUrl(type: ApiCredentialType, credentials: ICredentialDataDecryptedObject): string {
	const configured = (fallback: string) =>
		String(credentials.baseUrl || fallback)
			.trim()
			.replace(/\/+$/, '');
	switch (type) {
		case 'closedLoopTypeformApi':
			return configured('https://api.typeform.com');
		case 'closedLoopTallyApi':
			return 'https://api.tally.so';
		case 'closedLoopSurveyMonkeyApi':
			return configured('https://api.surveymonkey.com');
		case 'closedLoopQualtricsApi':
			// People paste the API root they see in Qualtrics docs; the source's paths already start with /API/v3.
			return configured('').replace(/\/API\/v3$/i, '');
	}
}

export function sourceApi(
	context: IWebhookFunctions | IHookFunctions,
	type: ApiCredentialType,
	credentials: ICredentialDataDecryptedObject,
	toolName: string,
): SourceApi {
	const baseUrl = apiBaseUrl(type, credentials);
	return {
		async request<T>({ method, url, body, qs }: Parameters<SourceApi['request']>[0]): Promise<T> {
			const options: IHttpRequestOptions = {
				method,
				url: /^https?:\/\//.test(url) ? url : `${baseUrl}${url.startsWith('/') ? '' : '/'}${url}`,
				json: true,
				timeout: REQUEST_TIMEOUT_MS,
			};
			if (body !== undefined) options.body = body as IHttpRequestOptions['body'];
			if (qs !== undefined) options.qs = qs;
			try {
				return (await context.helpers.httpRequestWithAuthentication.call(context, type, options)) as T;
			} catch (cause) {
				const failure = new SourceApiError(context.getNode(), cause as JsonObject, {
					message: `${toolName} API: ${method} ${new URL(options.url).pathname} failed`,
				});
				const status = Number(failure.httpCode);
				failure.retryable = !Number.isFinite(status) || status === 0 || status === 408 || status === 429 || status >= 500;
				failure.message = `${toolName} API: ${method} ${new URL(options.url).pathname} failed${
					Number.isFinite(status) && status > 0 ? ` with HTTP ${status}` : ' (no answer)'
				}`;
				throw failure;
			}
		},
	};
}
