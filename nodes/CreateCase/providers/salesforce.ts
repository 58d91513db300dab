/**
 * Salesforce Case, through the REST API with OAuth2 (credential `closedLoopSalesforceOAuth2Api`).
 *
 * Idempotency: the case key lives in a custom External ID + Unique text field on Case (`Closed_Loop_Key__c` by
 * default; the admin creates it). Create looks the key up first and only then upserts through that field, so a
 * second run finds the case and never overwrites what the owner changed; two runs at the very same moment both
 * reach the upsert, and Salesforce puts the second on the same record (it answers 200 `created: false`, or
 * `DUPLICATE_VALUE` when both inserts race, after which we read the case that won): one case either way.
 *
 * Choices, where Salesforce leaves several:
 * - Requester: the Web-to-Case fields `SuppliedName`/`SuppliedEmail`/`SuppliedPhone` always (no lookup, no Contact
 *   created); with "Contact by Email", also `ContactId` when exactly that email is on a Contact.
 * - Owner: `OwnerId` from the routing table's helpdesk user id (a User or Queue id), else the active User with the
 *   owner's email; none: the case is left to the org's assignment rules, with a warning.
 *   `Sforce-Auto-Assign: FALSE` goes with every update and with a create that names its owner, because REST API
 *   runs the active assignment rules by default and would otherwise reassign the case.
 * - Due date: Case has no standard due date. `SlaExitDate` belongs to Entitlement processes, which set it
 *   themselves, so the due date goes to a Date/Time custom field when one is named, else nowhere.
 * - Revision, SLA resume link, root cause, integrity flags: custom fields the user names (the root cause may also go
 *   to the standard `Reason` picklist); the close note and every revision go in as private Case Comments.
 *
 * Salesforce REST API reference used:
 * - Upsert by external ID (201 created / 200 `created: false` / 300 several matches; no Id or external ID field in the
 *   body): https://developer.salesforce.com/docs/platform/api-rest/guide/dome-upsert.html,
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_upsert_patch.htm
 * - Get by external ID (all fields; the TLD-extension caveat on dotted values):
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/resources-sobject-upsert-get.md
 * - sObject Rows get (`fields`) and update (PATCH, 204):
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_update_fields.htm
 * - Query (SOQL, `records`, `totalSize`): https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm
 * - SOQL quoted-string escapes: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 * - Assignment Rule header: https://developer.salesforce.com/docs/platform/api-rest/guide/headers-autoassign.md
 * - Status codes and error bodies (`[{message, errorCode, fields}]`; 403 REQUEST_LIMIT_EXCEEDED):
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/errorcodes.html
 * - Case and CaseComment fields (CommentBody up to 4,000 bytes, IsPublished):
 *   https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_case.htm,
 *   https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_casecomment.htm
 */
import type { ICredentialDataDecryptedObject, INodeProperties, NodeApiError } from 'n8n-workflow';

import type { CaseAssignee, CasePriorityMap, StoredCase } from '../../core/caseRecord';
import { revisionNote } from '../../core/caseRecord';
import { FeedbackError } from '../../core/feedback';
import type { ApiClient, ApiRequest } from '../../shared/apiClient';
import { isNotFound, requestUnlessNotFound } from '../../shared/apiClient';
import type { CaseProvider } from './types';

export const SALESFORCE_DEFAULT_API_VERSION = '62.0';

export interface SalesforceSettings {
	externalIdField: string;
	/** Empty: the org's default status for new cases. */
	openStatus: string | null;
	closeStatus: string;
	origin: string | null;
	requester: 'contactByEmail' | 'suppliedFields';
	revisionField: string | null;
	resumeUrlField: string | null;
	dueDateField: string | null;
	rootCauseField: string | null;
	integrityField: string | null;
}

/** A Salesforce record as REST returns it: its fields by API name. */
type CaseRecord = Record<string, unknown> & { Id?: unknown };

interface UpsertResult {
	id?: string;
	success?: boolean;
	created?: boolean;
}

interface QueryResult {
	totalSize?: number;
	records?: CaseRecord[];
}

const show = (operation?: string[]) => ({ show: { provider: ['salesforce'], ...(operation ? { operation } : {}) } });

const fieldSetting = (
	displayName: string,
	name: string,
	description: string,
	placeholder: string,
	operation?: string[],
): INodeProperties => ({ displayName, name, type: 'string', default: '', placeholder, description, displayOptions: show(operation) });

const properties: INodeProperties[] = [
	{
		displayName: 'Case Key Field',
		name: 'salesforceExternalIdField',
		type: 'string',
		default: 'Closed_Loop_Key__c',
		required: true,
		description:
			'API name of the Case field that holds the case key: a Text(255) custom field with "External ID" and "Unique" ticked. It is how a second run finds the case instead of opening another. Keys with a dot followed by a file-type-like ending (e.g. an email ending in .inc) cannot go in a Salesforce URL: keep the default key, the response ID.',
		displayOptions: show(),
	},
	{
		displayName: 'New Case Status',
		name: 'salesforceOpenStatus',
		type: 'string',
		default: 'New',
		description: 'Status value a new case gets. Leave empty for the org’s default status.',
		displayOptions: show(['create']),
	},
	{
		displayName: 'Case Origin',
		name: 'salesforceOrigin',
		type: 'string',
		default: 'Web',
		description: 'Value of the Case Origin picklist on new cases (Email, Phone, Web, or one your org added). Leave empty to not set it.',
		displayOptions: show(['create']),
	},
	{
		displayName: 'Requester',
		name: 'salesforceRequester',
		type: 'options',
		options: [
			{
				name: 'Contact by Email',
				value: 'contactByEmail',
				description: 'Web fields, and the Contact with the respondent’s email when there is exactly one',
			},
			{
				name: 'Web Email and Name',
				value: 'suppliedFields',
				description: 'The respondent goes in the case’s Web Name, Web Email and Web Phone fields',
			},
		],
		default: 'suppliedFields',
		description: 'How the respondent is recorded on the case. No Contact is ever created.',
		displayOptions: show(['create']),
	},
	{
		displayName: 'Close Status',
		name: 'salesforceCloseStatus',
		type: 'string',
		default: 'Closed',
		required: true,
		description: 'Status value that closes a case in your org (a status marked Closed in Setup > Case Status)',
		displayOptions: show(['close']),
	},
	fieldSetting(
		'Revision Field',
		'salesforceRevisionField',
		'API name of a Number custom field on Case for the response’s revision, so a repeated revision changes nothing. Empty: revisions are not recorded.',
		'Closed_Loop_Revision__c',
	),
	fieldSetting(
		'Resume Link Field',
		'salesforceResumeUrlField',
		'API name of a URL or Text(255) custom field on Case for the SLA Wait’s resume link, so Close can resume the wait from the case alone. Empty: the link is not stored.',
		'Closed_Loop_Resume_URL__c',
	),
	fieldSetting(
		'Due Date Field',
		'salesforceDueDateField',
		'API name of a Date/Time custom field on Case for the SLA due date (Case has no standard due date; SLA Exit Date is set by Entitlement processes). Empty: not stored.',
		'Closed_Loop_Due__c',
	),
	fieldSetting(
		'Integrity Flags Field',
		'salesforceIntegrityField',
		'API name of a Text or multi-select picklist custom field on Case for the close’s integrity flags, separated by semicolons. Empty: the flags are only in the close comment.',
		'Closed_Loop_Integrity__c',
	),
	fieldSetting(
		'Root Cause Field',
		'salesforceRootCauseField',
		'API name of the Case field that takes the root cause at close: a custom Text field, or the standard Reason picklist (then its values must match your root causes). Empty: only in the close comment.',
		'Reason',
		['close'],
	),
];

/** API names: letters, digits and single underscores, e.g. `Closed_Loop_Key__c`, `ns__Field__c`, `Reason`. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function fieldName(value: unknown, label: string, parameter: string, required: boolean): string | null {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') {
		if (required) throw new FeedbackError(`Salesforce ${label} is empty: give the API name of the Case field, e.g. Closed_Loop_Key__c`, parameter);
		return null;
	}
	if (!FIELD_NAME.test(text)) {
		throw new FeedbackError(`Salesforce ${label} "${text}" is not a field API name (letters, digits and underscores, e.g. Closed_Loop_Key__c)`, parameter);
	}
	return text;
}

const textOrNull = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** A SOQL string literal: quotes, backslashes and control characters escaped as SOQL's quoted-string escapes say. */
export function soqlString(value: string): string {
	const escapes: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
	return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (character) => escapes[character])}'`;
}

/** Salesforce writes `2026-12-01T09:30:00.000+0000`; we hand on ISO 8601 in UTC. */
export function salesforceDateTime(value: unknown): string | null {
	if (typeof value !== 'string' || value.trim() === '') return null;
	const date = new Date(value.trim().replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const COMMENT_BODY_MAX_BYTES = 4000;
const DESCRIPTION_MAX_CHARACTERS = 32000;

/** Case Comments take 4,000 bytes: a longer note is cut at a character boundary, and says so. */
export function commentBody(text: string): string {
	const encoder = new TextEncoder();
	if (encoder.encode(text).length <= COMMENT_BODY_MAX_BYTES) return text;
	const marker = ' […]';
	let kept = '';
	let bytes = encoder.encode(marker).length;
	for (const character of text) {
		bytes += encoder.encode(character).length;
		if (bytes > COMMENT_BODY_MAX_BYTES) break;
		kept += character;
	}
	return `${kept}${marker}`;
}

function instanceUrlOf(api: ApiClient): string {
	return api.baseUrl.replace(/\/services\/data\/v[\d.]+\/?$/, '');
}

const httpCodeOf = (error: unknown): string | null => {
	const code = (error as { httpCode?: unknown } | null)?.httpCode;
	return code === undefined || code === null ? null : String(code);
};

/**
 * The client's call, with Salesforce's own meaning added to its errors: REQUEST_LIMIT_EXCEEDED (HTTP 403) is the
 * org's rolling 24-hour API allowance, which seconds of backoff cannot bring back, so it is not retried here but
 * marked retryable for a later run.
 */
async function call<T>(api: ApiClient, request: ApiRequest): Promise<{ status: number; body: T }> {
	return await api.requestAnswer<T>(request).then(
		(answer) => ({ status: answer.status, body: answer.body }),
		(error: unknown) => {
			const apiError = error as NodeApiError;
			if (httpCodeOf(apiError) === '403' && /REQUEST_LIMIT_EXCEEDED/.test(String(apiError.description ?? ''))) {
				apiError.context.retryable = true;
			}
			throw apiError;
		},
	);
}

async function query(api: ApiClient, soql: string): Promise<CaseRecord[]> {
	const { body } = await call<QueryResult>(api, { method: 'GET', url: '/query', qs: { q: soql } });
	return Array.isArray(body?.records) ? body.records : [];
}

const caseFields = (settings: SalesforceSettings): string[] => [
	'Id',
	'CaseNumber',
	'Status',
	'IsClosed',
	'Priority',
	'CreatedDate',
	settings.externalIdField,
	...[settings.revisionField, settings.resumeUrlField, settings.dueDateField, settings.integrityField].filter((name): name is string => name !== null),
];

function storedCase(record: CaseRecord, settings: SalesforceSettings, api: ApiClient, warnings: string[] = []): StoredCase {
	const id = String(record.Id ?? '');
	const field = (name: string | null): unknown => (name === null ? null : record[name]);
	const revision = Number(field(settings.revisionField) ?? Number.NaN);
	const integrity = textOrNull(field(settings.integrityField));
	const stored: StoredCase = {
		id,
		url: `${instanceUrlOf(api)}/lightning/r/Case/${id}/view`,
		key: textOrNull(field(settings.externalIdField)),
		status: typeof record.Status === 'string' ? record.Status : '',
		closed: record.IsClosed === true,
		providerPriority: textOrNull(record.Priority),
		dueAt: salesforceDateTime(field(settings.dueDateField)),
		createdAt: salesforceDateTime(record.CreatedDate),
		revision: Number.isFinite(revision) && settings.revisionField !== null ? revision : null,
		resumeUrl: textOrNull(field(settings.resumeUrlField)),
		integrity: integrity === null ? [] : integrity.split(';').map((flag) => flag.trim()).filter(Boolean),
	};
	if (warnings.length) stored.warnings = warnings;
	return stored;
}

const casePath = (settings: SalesforceSettings, key: string) => `/sobjects/Case/${settings.externalIdField}/${encodeURIComponent(key)}`;

async function getById(api: ApiClient, id: string, settings: SalesforceSettings, warnings: string[] = []): Promise<StoredCase | null> {
	const answer = await requestUnlessNotFound(
		{ request: async (request: ApiRequest) => (await call<CaseRecord>(api, request)).body },
		{ method: 'GET', url: `/sobjects/Case/${encodeURIComponent(id)}`, qs: { fields: caseFields(settings).join(',') } },
	);
	return answer.found ? storedCase(answer.body as CaseRecord, settings, api, warnings) : null;
}

/** The owner's Salesforce id: the routing table's, else the active User with that email; none: a warning. */
async function ownerId(api: ApiClient, assignee: CaseAssignee | null, warnings: string[]): Promise<string | null> {
	if (!assignee) return null;
	if (assignee.helpdeskUserId) return assignee.helpdeskUserId;
	if (!assignee.email) {
		warnings.push(`The owner${assignee.name ? ` ${assignee.name}` : ''} has no email or Salesforce user id: the case is left to the org's assignment rules`);
		return null;
	}
	const users = await query(api, `SELECT Id FROM User WHERE Email = ${soqlString(assignee.email)} AND IsActive = true ORDER BY CreatedDate LIMIT 1`);
	const id = textOrNull(users[0]?.Id);
	if (id === null) warnings.push(`No active Salesforce user has the email ${assignee.email}: the case is left to the org's assignment rules`);
	return id;
}

async function contactId(api: ApiClient, email: string): Promise<string | null> {
	const contacts = await query(api, `SELECT Id FROM Contact WHERE Email = ${soqlString(email)} LIMIT 2`);
	// Two contacts with one email: picking one could attach the case to the wrong customer.
	return contacts.length === 1 ? textOrNull(contacts[0].Id) : null;
}

const isDuplicateValue = (error: unknown): boolean =>
	httpCodeOf(error) === '400' && /DUPLICATE_VALUE/.test(String((error as { description?: unknown }).description ?? ''));

async function addComment(api: ApiClient, caseId: string, text: string): Promise<void> {
	// Not retried on a 5xx: a second POST would leave the comment twice.
	await call(api, { method: 'POST', url: '/sobjects/CaseComment', body: { ParentId: caseId, CommentBody: commentBody(text), IsPublished: false } });
}

/** Updates of a case never run the assignment rules: they would take the case from its owner. */
const NO_ASSIGNMENT_RULES = { 'Sforce-Auto-Assign': 'FALSE' };

async function updateCase(api: ApiClient, id: string, fields: Record<string, unknown>): Promise<void> {
	// Setting the same fields twice leaves the same case: safe to repeat.
	await call(api, { method: 'PATCH', url: `/sobjects/Case/${encodeURIComponent(id)}`, body: fields, headers: NO_ASSIGNMENT_RULES, safeToRetry: true });
}

async function find(api: ApiClient, key: string, settings: SalesforceSettings): Promise<StoredCase | null> {
	const answer = await requestUnlessNotFound(
		{
			request: async (request: ApiRequest) =>
				await call<CaseRecord>(api, request).then(
					(result) => result.body,
					(error: unknown) => {
						if (httpCodeOf(error) === '300') {
							throw new FeedbackError(
								`Salesforce has several cases with ${settings.externalIdField} = "${key}": tick "Unique" on that field (after merging the duplicates), so one key means one case`,
								'salesforceExternalIdField',
							);
						}
						throw error;
					},
				),
		},
		{ method: 'GET', url: casePath(settings, key) },
	);
	return answer.found ? storedCase(answer.body as CaseRecord, settings, api) : null;
}

export const salesforceProvider: CaseProvider<SalesforceSettings> = {
	key: 'salesforce',
	displayName: 'Salesforce',
	summary: 'A Salesforce Case, found again through an External ID field',
	credentialType: 'closedLoopSalesforceOAuth2Api',
	defaultPriorities: { P1: 'High', P2: 'High', P3: 'Medium', P4: 'Low' } satisfies CasePriorityMap,
	capabilities: { idempotency: ['uniqueField'], storesResumeUrl: true },
	properties,

	apiBaseUrl(credentials: ICredentialDataDecryptedObject): string {
		const tokenData = (credentials.oauthTokenData ?? {}) as { instance_url?: unknown };
		const instance = textOrNull(credentials.instanceUrl) ?? textOrNull(tokenData.instance_url);
		if (instance === null) {
			throw new FeedbackError(
				'The Salesforce credential has no instance URL: connect it (Salesforce names your org’s URL at sign-in) or fill in Instance URL',
				'instanceUrl',
			);
		}
		if (!/^https?:\/\/[^/\s]+/i.test(instance)) {
			throw new FeedbackError(`The Salesforce credential's Instance URL "${instance}" is not a URL like https://acme.my.salesforce.com`, 'instanceUrl');
		}
		const version = (textOrNull(credentials.apiVersion) ?? SALESFORCE_DEFAULT_API_VERSION).replace(/^v/i, '');
		if (!/^\d{2,3}\.0$/.test(version)) {
			throw new FeedbackError(`The Salesforce credential's API Version "${version}" is not a version like 62.0`, 'apiVersion');
		}
		return `${instance.replace(/\/+$/, '')}/services/data/v${version}`;
	},

	settings(parameter): SalesforceSettings {
		const requester = parameter<string>('salesforceRequester', 'suppliedFields');
		if (requester !== 'suppliedFields' && requester !== 'contactByEmail') {
			throw new FeedbackError(`Salesforce Requester "${requester}" is not an option: use suppliedFields or contactByEmail`, 'salesforceRequester');
		}
		const closeStatus = textOrNull(parameter<unknown>('salesforceCloseStatus', 'Closed'));
		if (closeStatus === null) throw new FeedbackError('Salesforce Close Status is empty: give the status that closes a case, e.g. Closed', 'salesforceCloseStatus');
		return {
			externalIdField: fieldName(parameter<unknown>('salesforceExternalIdField', 'Closed_Loop_Key__c'), 'Case Key Field', 'salesforceExternalIdField', true) as string,
			openStatus: textOrNull(parameter<unknown>('salesforceOpenStatus', 'New')),
			closeStatus,
			origin: textOrNull(parameter<unknown>('salesforceOrigin', 'Web')),
			requester,
			revisionField: fieldName(parameter<unknown>('salesforceRevisionField', ''), 'Revision Field', 'salesforceRevisionField', false),
			resumeUrlField: fieldName(parameter<unknown>('salesforceResumeUrlField', ''), 'Resume Link Field', 'salesforceResumeUrlField', false),
			dueDateField: fieldName(parameter<unknown>('salesforceDueDateField', ''), 'Due Date Field', 'salesforceDueDateField', false),
			rootCauseField: fieldName(parameter<unknown>('salesforceRootCauseField', ''), 'Root Cause Field', 'salesforceRootCauseField', false),
			integrityField: fieldName(parameter<unknown>('salesforceIntegrityField', ''), 'Integrity Flags Field', 'salesforceIntegrityField', false),
		};
	},

	find,

	async get(api, id, settings) {
		return await getById(api, id, settings);
	},

	async create(api, draft, settings) {
		const warnings: string[] = [];
		const owner = await ownerId(api, draft.assignee, warnings);
		const { requester } = draft;
		const contact = settings.requester === 'contactByEmail' && requester.email ? await contactId(api, requester.email) : null;
		const fields: Record<string, unknown> = {
			Subject: draft.subject,
			Description: draft.description.slice(0, DESCRIPTION_MAX_CHARACTERS),
			...(draft.providerPriority ? { Priority: draft.providerPriority } : {}),
			...(settings.openStatus ? { Status: settings.openStatus } : {}),
			...(settings.origin ? { Origin: settings.origin } : {}),
			...(owner ? { OwnerId: owner } : {}),
			...(contact ? { ContactId: contact } : {}),
			...(requester.name ? { SuppliedName: requester.name } : {}),
			...(requester.email ? { SuppliedEmail: requester.email } : {}),
			...(requester.phone ? { SuppliedPhone: requester.phone } : {}),
			...(settings.revisionField ? { [settings.revisionField]: draft.revision } : {}),
			...(settings.resumeUrlField && draft.resumeUrl ? { [settings.resumeUrlField]: draft.resumeUrl } : {}),
			...(settings.dueDateField && draft.dueAt ? { [settings.dueDateField]: draft.dueAt } : {}),
		};
		if (draft.resumeUrl && !settings.resumeUrlField) {
			warnings.push('The SLA resume link is not stored on the case (no Resume Link Field): closing the case will not resume the SLA wait');
		}
		const upsert = await call<UpsertResult | undefined>(api, {
			method: 'PATCH',
			url: casePath(settings, draft.key),
			body: fields,
			// Without a named owner the org's assignment rules route the case, as they do for cases from the web.
			headers: { 'Sforce-Auto-Assign': owner ? 'FALSE' : 'TRUE' },
			// An upsert on the same key lands on the same record: repeating it cannot open a second case.
			safeToRetry: true,
		}).then(
			(answer) => answer,
			async (error: unknown) => {
				// Two inserts of one key at the same instant: the unique index refuses the second; the first stands.
				if (isDuplicateValue(error)) {
					const winner = await find(api, draft.key, settings);
					if (winner) return { status: 200, body: { id: winner.id, created: false } as UpsertResult };
				}
				if (isNotFound(error)) {
					const apiError = error as NodeApiError;
					apiError.description = [
						apiError.description,
						`check that Case has the field ${settings.externalIdField}, marked External ID, and that this user can edit it (or the key ends in a dot and a file-type-like word, e.g. .inc, which a Salesforce URL cannot carry)`,
					]
						.filter(Boolean)
						.join(': ');
				}
				throw error;
			},
		);
		const id = textOrNull(upsert.body?.id);
		if (upsert.status !== 201 || upsert.body?.created === false) {
			warnings.push(`The case with this key already stood when this run's upsert reached Salesforce (a concurrent run, or a retried call of this one): the upsert updated it instead of opening a second`);
		}
		const stored = id === null ? await find(api, draft.key, settings) : await getById(api, id, settings, warnings);
		if (!stored) throw new FeedbackError(`Salesforce accepted the case for key "${draft.key}" but does not return it: check that this user can read Cases`, 'salesforceExternalIdField');
		if (warnings.length) stored.warnings = warnings;
		return stored;
	},

	async revise(api, stored, draft, settings) {
		await updateCase(api, stored.id, {
			Subject: draft.subject,
			Description: draft.description.slice(0, DESCRIPTION_MAX_CHARACTERS),
			...(draft.providerPriority ? { Priority: draft.providerPriority } : {}),
			...(settings.revisionField ? { [settings.revisionField]: draft.revision } : {}),
		});
		const revised = { ...stored, providerPriority: draft.providerPriority ?? stored.providerPriority };
		if (!settings.revisionField) {
			// Nothing tells a later run this revision is done, so it will be sent again: only the (repeatable) update,
			// no comment that would pile up.
			return { ...revised, warnings: ['The revision is not recorded on the case (no Revision Field): each run of this revision updates the case again, without a comment'] };
		}
		// The description is replaced; the comment keeps the trail of what the owner was first told.
		await addComment(api, stored.id, revisionNote(draft, stored.revision).text);
		return { ...revised, revision: draft.revision };
	},

	async close(api, stored, close, settings) {
		await updateCase(api, stored.id, {
			Status: settings.closeStatus,
			...(settings.rootCauseField ? { [settings.rootCauseField]: close.rootCauseLabel } : {}),
			...(settings.integrityField ? { [settings.integrityField]: close.integrity.length ? close.integrity.join(';') : null } : {}),
		});
		await addComment(api, stored.id, close.note);
		const read = (await getById(api, stored.id, settings)) ?? { ...stored, status: settings.closeStatus, closed: true };
		// Without a field the flags live in the comment only; this call still reports what it recorded.
		const closed = settings.integrityField ? read : { ...read, integrity: [...close.integrity] };
		if (!closed.closed) {
			closed.warnings = [`Status "${settings.closeStatus}" did not close the case in Salesforce (it is not a closed status there): check Close Status`];
		}
		return closed;
	},

	async addNote(api, stored, note) {
		await addComment(api, stored.id, note.text);
		return stored;
	},
};
