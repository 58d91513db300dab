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

import type { SourceApi, SourceApiAccess } from './sources/types';

export const DEFAULT_API_TIMEOUT_SECONDS = 15;

export function sourceApi(
	context: IWebhookFunctions | IHookFunctions,
	access: SourceApiAccess,
	credentials: ICredentialDataDecryptedObject,
	toolName: string,
	timeoutSeconds = DEFAULT_API_TIMEOUT_SECONDS,
): SourceApi {
	const baseUrl = access.baseUrl(credentials);
	const type = access.credentialType;
	return {
		async request<T>({ method, url, body, qs }: Parameters<SourceApi['request']>[0]): Promise<T> {
			const options: IHttpRequestOptions = {
				method,
				url: /^https?:\/\//.test(url) ? url : `${baseUrl}${url.startsWith('/') ? '' : '/'}${url}`,
				json: true,
				timeout: timeoutSeconds * 1000,
			};
			if (body !== undefined) options.body = body as IHttpRequestOptions['body'];
			if (qs !== undefined) options.qs = qs;
			try {
				return (await context.helpers.httpRequestWithAuthentication.call(context, type, options)) as T;
			} catch (cause) {
				// A new error from plain values: re-wrapping n8n's own NodeApiError would hand back the
				// original, whose text may quote the request. This one names the call, never the credential.
				const { httpCode, description } = (cause ?? {}) as { httpCode?: string | null; description?: string | null };
				const path = new URL(options.url).pathname;
				const message = `${toolName} API: ${method} ${path} failed${httpCode ? ` with HTTP ${httpCode}` : ' (no answer)'}`;
				throw new NodeApiError(
					context.getNode(),
					{ message, httpCode: httpCode ?? null, description: description ?? null } as JsonObject,
					{ message, httpCode: httpCode ?? undefined },
				);
			}
		},
	};
}
