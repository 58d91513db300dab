/**
 * What a case provider is: a helpdesk, a CRM, n8n's own Data Tables, or any JSON API, described as data plus the
 * calls Create Case makes on it. The node derives its Provider list, credentials and fields from the list in
 * `index.ts`; a provider never sees n8n, only its API client and the canonical drafts from core/caseRecord.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { CaseDraft, CaseClose, CaseNote, CasePriorityMap, StoredCase } from '../../core/caseRecord';
import type { ApiClient, ApiProvider } from '../../shared/apiClient';

/** Reads one of the provider's own parameters for the current item (expressions already resolved). */
export type ParameterReader = <T>(name: string, fallback: T) => T;

/** What the provider can promise; the node's docs and the idempotency tests read these. */
export interface ProviderCapabilities {
	/**
	 * How a second run of the same case key is kept from opening a second case:
	 * - `idempotencyKey`: the create call carries a key the provider deduplicates on (Zendesk's `Idempotency-Key`);
	 * - `uniqueField`: the provider refuses a second record with the same key (HubSpot unique property, Salesforce upsert);
	 * - `searchThenConverge`: search before creating, then search again and retire our own duplicate if a
	 *   concurrent run got there first (Data Tables);
	 * - `searchFirst`: search before creating only; two runs at the very same moment may still both create
	 *   (the docs say so and show how to avoid it).
	 */
	idempotency: ReadonlyArray<'idempotencyKey' | 'uniqueField' | 'searchThenConverge' | 'searchFirst'>;
	/** Whether the provider stores the SLA resume link with the case, so Close can resume the wait from the case alone. */
	storesResumeUrl: boolean;
}

export interface CaseProvider<Settings = unknown> extends ApiProvider {
	/** The option value saved in workflows: never change it. */
	key: string;
	/** One line for the option list: what kind of case it opens. */
	summary: string;
	/** This provider's P1..P4 values (Zendesk `urgent`…`low`, Freshdesk 4…1); the user may override them. */
	defaultPriorities: CasePriorityMap;
	capabilities: ProviderCapabilities;
	/** Its own editor fields, each shown for this provider only (`displayOptions.show.provider`). */
	properties: readonly INodeProperties[];
	/** Its settings for one item, read once before the calls. */
	settings(parameter: ParameterReader): Settings;

	/** The case opened for this key, or null. */
	find(api: ApiClient, key: string, settings: Settings): Promise<StoredCase | null>;
	/** The case with this provider id, or null when the provider says it does not exist. */
	get(api: ApiClient, id: string, settings: Settings): Promise<StoredCase | null>;
	/** Opens the case; `draft.idempotencyKey` goes on the create call when the provider takes one. */
	create(api: ApiClient, draft: CaseDraft, settings: Settings): Promise<StoredCase>;
	/**
	 * After a create, where the provider cannot refuse a duplicate: finds every case with this key and keeps the
	 * oldest, retiring `created` if it is not that one. Returns the case that stands.
	 */
	converge?(api: ApiClient, created: StoredCase, key: string, settings: Settings): Promise<StoredCase>;
	/** A revision of the response: the new description goes on the case (a private note where it cannot change), and the revision number is recorded. */
	revise(api: ApiClient, stored: StoredCase, draft: CaseDraft, settings: Settings): Promise<StoredCase>;
	/** Closes the case with the close form's record and its integrity flags. */
	close(api: ApiClient, stored: StoredCase, close: CaseClose, settings: Settings): Promise<StoredCase>;
	/** A private note on the case (a contact attempt's log, a revision). */
	addNote(api: ApiClient, stored: StoredCase, note: CaseNote, settings: Settings): Promise<StoredCase>;
}

export type AnyCaseProvider = CaseProvider<unknown>;
