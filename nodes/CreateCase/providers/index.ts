/**
 * The systems Create Case opens cases in. Each is one self-describing module (see types.ts); the node derives its
 * Provider list, credentials and fields from this list. Adding one: its file, its credential file, one line here,
 * one line in package.json.
 */
import { dataTableProvider } from './dataTable';
import { freshdeskProvider } from './freshdesk';
import { httpCaseProvider } from './http';
import { hubspotProvider } from './hubspot';
import { salesforceProvider } from './salesforce';
import { serviceNowProvider } from './serviceNow';
import { zendeskProvider } from './zendesk';
import type { AnyCaseProvider } from './types';

export const CASE_PROVIDERS: readonly AnyCaseProvider[] = [
	dataTableProvider as AnyCaseProvider,
	freshdeskProvider as AnyCaseProvider,
	httpCaseProvider as AnyCaseProvider,
	hubspotProvider as AnyCaseProvider,
	salesforceProvider as AnyCaseProvider,
	serviceNowProvider as AnyCaseProvider,
	zendeskProvider as AnyCaseProvider,
];

/** The provider a new node starts with: n8n's own Data Tables, so a fresh n8n runs the loop with nothing external. */
export const DEFAULT_PROVIDER = dataTableProvider.key;

const byKey = new Map(CASE_PROVIDERS.map((provider) => [provider.key, provider]));

/** The provider saved under `key` in the workflow; an unknown key is a workflow the user must fix. */
export function caseProvider(key: string): AnyCaseProvider {
	const provider = byKey.get(key);
	if (!provider) {
		throw new Error(`Create Case has no provider "${key}": choose one of ${CASE_PROVIDERS.map((known) => known.displayName).join(', ')}`);
	}
	return provider;
}
