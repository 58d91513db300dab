/**
 * Runs one case provider's calls inside a real n8n execute context (the engine harness), with its credential
 * applied as n8n applies it and its HTTP going through n8n's request helpers, so nock sees exactly what a provider
 * sends from the real node. Node-level tests (operations, outputs) live in createCase*.test.ts; this is for the
 * provider's own requests and answers.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeType } from 'n8n-workflow';

import type { AnyCaseProvider } from '../../nodes/CreateCase/providers/types';
import type { ApiClient, ApiClientOptions } from '../../nodes/shared/apiClient';
import { connectApi } from '../../nodes/shared/apiClient';
import type { RunError } from './harness';
import { chain, runWithItems } from './harness';

export interface ProviderCall<T> {
	/** The provider's settings, as `settings()` reads them from these parameter values. */
	parameters?: Record<string, unknown>;
	credentials: ICredentialDataDecryptedObject;
	client?: ApiClientOptions;
	call: (api: ApiClient, settings: unknown) => Promise<T>;
}

export interface ProviderCallResult<T> {
	value?: T;
	error?: RunError & { httpCode?: string; retryable?: boolean; retryAfterSeconds?: number };
	/** Everything logged while it ran: tests check the credential's secrets never appear there. */
	logs: string;
}

/** Calls `call` with the provider's client and settings, in a one-node workflow run by n8n's engine. */
export async function callProvider<T>(provider: AnyCaseProvider, spec: ProviderCall<T>): Promise<ProviderCallResult<T>> {
	let value: T | undefined;
	const callingNode: INodeType = {
		description: {
			displayName: 'Provider Call',
			name: 'providerCall',
			group: ['output'],
			version: 1,
			description: 'Test node',
			defaults: { name: 'Provider Call' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: provider.credentialType, required: true }],
			properties: [],
		},
		async execute(this: IExecuteFunctions) {
			const api = await connectApi(this, provider, { backoff: { initialMs: 1, maxMs: 5 }, ...spec.client });
			const parameters = spec.parameters ?? {};
			const settings = provider.settings(<V>(name: string, fallback: V) => (name in parameters ? (parameters[name] as V) : fallback));
			value = await spec.call(api, settings);
			return [[{ json: {}, pairedItem: { item: 0 } }]];
		},
	};
	const workflow = chain({
		name: 'Provider Call',
		type: 'test.providerCall',
		credentials: { [provider.credentialType]: { id: '1', name: provider.displayName } },
	});
	const result = await runWithItems(workflow, {
		node: 'Provider Call',
		items: [{}],
		nodeTypes: { 'test.providerCall': callingNode },
		credentials: { [provider.credentialType]: spec.credentials },
	});
	const logs = JSON.stringify(result.logs);
	if (result.error) {
		const context = (result.error.context ?? {}) as IDataObject;
		const error = {
			...result.error,
			httpCode: (result.error as { httpCode?: string }).httpCode,
			retryable: context.retryable as boolean | undefined,
			retryAfterSeconds: context.retryAfterSeconds as number | undefined,
		};
		return { error, logs };
	}
	return { value, logs };
}
