/**
 * ServiceNow incidents (Table API) as cases.
 *
 * ServiceNow's own pages this follows (docs.servicenow.com, API reference and IT Service Management):
 * - Table API (api-reference/rest-apis/c_TableAPI): POST /api/now/table/{tableName}, GET /api/now/table/{tableName}
 *   with `sysparm_query` (an encoded query: `^` is AND, `ORDERBY<col>` sorts; "a valid query that returned no
 *   results" is 200 with an empty `result`), `sysparm_limit`, `sysparm_fields`;
 *   GET /api/now/table/{tableName}/{sys_id} (404 when it does not exist), PATCH /api/now/table/{tableName}/{sys_id}.
 *   Values are the database's: date-times in UTC as `YYYY-MM-DD HH:mm:ss`, choices by value, references by sys_id.
 * - Encoded query strings (platform-user-interface/c_EncodedQueryStrings).
 * - REST API HTTP response codes, and the error body `{ "error": { "message", "detail" }, "status": "failure" }`;
 *   inbound REST API rate limiting: 429 with `Retry-After` in seconds.
 * - Incident management: state 1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled; "Close code and
 *   Close notes fields are mandatory whenever an incident is Resolved or Closed"; closing (7) needs itil_admin,
 *   resolving (6) the itil role; priority is computed from impact and urgency (1 High … 3 Low) by the priority lookup.
 *
 * How the case lives in ServiceNow:
 * - the case key is the incident's `correlation_id` (100 characters at most), with `correlation_display` naming us
 *   (default "Closed Loop"); a key longer than 100 characters, or holding `^` (the encoded query's AND) or a line
 *   break, or starting with `javascript:` (which an encoded query runs), is stored as its hash (`closed-loop-case-…`), computed the same way by `find`;
 * - idempotency: query by correlation_id (and correlation_display) before creating, then converge: query again,
 *   oldest first (`sys_created_on`, then `number`), and when ours is not the oldest, cancel ours (state 8) with a
 *   work note naming the one that stands and `parent_incident` pointing to it. ServiceNow has no unique key on
 *   correlation_id, so two runs at once both insert; each only ever cancels its own, and both end on the oldest;
 * - priority: P1..P4 are impact/urgency pairs, written `impact=2,urgency=1` (the user can override them): P1 is
 *   2/1 (priority 2 High), P2 2/2 (3 Moderate), P3 3/2 (4 Low), P4 3/3 (5 Planning) in the default lookup. P1 is not
 *   Critical (1/1) by default, as a Critical incident starts the major-incident process in most instances;
 * - caller: the sys_user with the respondent's email (customers are seldom users: then the Fallback Caller, or no
 *   caller, with a warning); assigned_to: the owner's sys_id from the routing table, else the user with their email;
 * - revision: a last line of the description, `[Closed Loop] revision <n>`, read back from it; a revision replaces
 *   the description (ServiceNow lets it change) and leaves a work note;
 * - the SLA resume link: in a column of your own when Resume URL Field is set (read back), and in a work note at
 *   creation; without the column, Close cannot find the link from the case alone (hence `storesResumeUrl: false`);
 * - close: state 6 Resolved (or 7 Closed) with `close_code` (default "Solution provided"; older instances use
 *   "Solved (Permanently)") and the close record as `close_notes` and as a work note; the integrity flags are in
 *   that record and read back from `close_notes`; the root cause in Root Cause Field when set;
 * - dueAt: the incident's `due_date`.
 */
import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { INTEGRITY_FLAGS } from '../../core/caseClosure';
import type { CaseDraft, StoredCase } from '../../core/caseRecord';
import { caseIdempotencyKey, revisionNote } from '../../core/caseRecord';
import { FeedbackError } from '../../core/feedback';
import type { ApiClient } from '../../shared/apiClient';
import { requestUnlessNotFound } from '../../shared/apiClient';
import { parseApiAnswer } from '../../shared/errors';
import { caseSiteUrl, oldestFirst, shownFor } from './providerSupport';
import type { CaseProvider, ParameterReader } from './types';

export const SERVICENOW_PROVIDER_KEY = 'serviceNow';
export const SERVICENOW_CREDENTIAL_TYPE = 'closedLoopServiceNowApi';
export const SERVICENOW_CORRELATION_ID_LENGTH = 100;
/** The description's last line that records the revision. */
export const SERVICENOW_REVISION_LINE = '[Closed Loop] revision';
const SHORT_DESCRIPTION_LENGTH = 160;

const STATE_NAMES: Readonly<Record<string, string>> = { 1: 'New', 2: 'In Progress', 3: 'On Hold', 6: 'Resolved', 7: 'Closed', 8: 'Canceled' };
const DONE_STATES = new Set(['6', '7', '8']);
const CANCELED = '8';

export interface ServiceNowSettings {
	correlationDisplay: string;
	assignmentGroup: string | null;
	fallbackCallerId: string | null;
	closeState: '6' | '7';
	closeCode: string;
	resumeUrlField: string | null;
	rootCauseField: string | null;
}

/** Table API values are database values, as strings. */
const incidentSchema = z
	.object({
		sys_id: z.string().min(1),
		number: z.string().nullish(),
		state: z.union([z.string(), z.number()]).transform(String),
		impact: z.union([z.string(), z.number()]).nullish(),
		urgency: z.union([z.string(), z.number()]).nullish(),
		due_date: z.string().nullish(),
		sys_created_on: z.string().nullish(),
		correlation_id: z.string().nullish(),
		description: z.string().nullish(),
		close_notes: z.string().nullish(),
	})
	.passthrough();
type Incident = z.infer<typeof incidentSchema>;

const listSchema = z.object({ result: z.array(incidentSchema) }).passthrough();
const oneSchema = z.object({ result: incidentSchema }).passthrough();
const usersSchema = z.object({ result: z.array(z.object({ sys_id: z.string().min(1) }).passthrough()) }).passthrough();

const parsed = <T extends z.ZodTypeAny>(schema: T, answer: unknown, call: string, prefix: string): z.infer<T> =>
	parseApiAnswer(schema, answer, { tool: 'ServiceNow', call, prefix });

/** The instance's address: `acme` (acme.service-now.com), a host name, or a whole URL (a proxy, a test fake). */
export function serviceNowInstanceUrl(instance: unknown): string {
	return caseSiteUrl(instance, { vendorDomain: 'service-now.com', field: 'Instance', parameter: 'instance', example: 'acme or https://acme.service-now.com' });
}

/**
 * Whether a value can stand in an encoded query as it is: no `^` (the AND), no line break, and not `javascript:`,
 * which the instance would run as a script.
 */
function queryableValue(value: string): boolean {
	return !/[\^\r\n]/.test(value) && !/^\s*javascript:/i.test(value);
}

/** The correlation_id for a case key: the key, or its hash when it is too long or could not stand in an encoded query. */
export function serviceNowCorrelationId(key: string): string {
	return key.length <= SERVICENOW_CORRELATION_ID_LENGTH && queryableValue(key) ? key : caseIdempotencyKey(key);
}

/** The encoded query for our incidents with this correlation, oldest first. */
export function serviceNowCaseQuery(correlationId: string, correlationDisplay: string): string {
	return `correlation_id=${correlationId}^correlation_display=${correlationDisplay}^ORDERBYsys_created_on^ORDERBYnumber`;
}

/** `impact=2,urgency=1` → the pair; anything else is refused, naming the mapping. */
export function serviceNowImpactUrgency(value: string): { impact: string; urgency: string } {
	const match = /^\s*impact\s*=\s*([123])\s*[,;]\s*urgency\s*=\s*([123])\s*$/i.exec(value);
	if (!match) {
		throw new FeedbackError(
			`Priority Mapping: ServiceNow values are written impact=N,urgency=N with N from 1 (high) to 3 (low), e.g. impact=2,urgency=1; "${value}" is not`,
			'priorityMap',
		);
	}
	return { impact: match[1], urgency: match[2] };
}

/** A UTC instant as the Table API takes and gives date-times: `YYYY-MM-DD HH:mm:ss`. */
export function serviceNowDateTime(iso: string): string {
	return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** The Table API's UTC `YYYY-MM-DD HH:mm:ss` as ISO 8601; null when empty. */
function isoDateTime(value: string | null | undefined): string | null {
	if (!value) return null;
	const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(value.trim());
	return match ? `${match[1]}T${match[2]}.000Z` : value;
}

function withRevisionLine(description: string, revision: number): string {
	return `${description}\n\n${SERVICENOW_REVISION_LINE} ${revision}`;
}

function revisionFrom(description: string | null | undefined): number | null {
	const lines = [...(description ?? '').matchAll(/\[Closed Loop\] revision (\d+)/g)];
	return lines.length ? Number(lines[lines.length - 1][1]) : null;
}

const FIELDS = [
	'sys_id',
	'number',
	'state',
	'impact',
	'urgency',
	'priority',
	'due_date',
	'sys_created_on',
	'correlation_id',
	'correlation_display',
	'description',
	'close_notes',
	'close_code',
];

/** The Table API's `sysparm_fields` for an incident answer: our fields only (none a reference, so no link objects). */
function answerParameters(settings: ServiceNowSettings): string {
	const fields = [...FIELDS, ...(settings.resumeUrlField ? [settings.resumeUrlField] : [])];
	return `sysparm_fields=${encodeURIComponent(fields.join(','))}`;
}

function storedCase(api: ApiClient, incident: Incident, settings: ServiceNowSettings, extra: { key?: string | null; warnings?: string[] } = {}): StoredCase {
	const resume = settings.resumeUrlField ? (incident as Record<string, unknown>)[settings.resumeUrlField] : null;
	const closeNotes = incident.close_notes ?? '';
	const stored: StoredCase = {
		id: incident.sys_id,
		url: `${api.baseUrl}/incident.do?sys_id=${incident.sys_id}`,
		key: extra.key ?? incident.correlation_id ?? null,
		status: STATE_NAMES[incident.state] ?? incident.state,
		closed: DONE_STATES.has(incident.state),
		providerPriority: incident.impact && incident.urgency ? `impact=${incident.impact},urgency=${incident.urgency}` : null,
		dueAt: isoDateTime(incident.due_date),
		createdAt: isoDateTime(incident.sys_created_on),
		revision: revisionFrom(incident.description),
		resumeUrl: typeof resume === 'string' && resume.trim() ? resume.trim() : null,
		integrity: INTEGRITY_FLAGS.filter((flag) => closeNotes.includes(flag)),
	};
	if (extra.warnings?.length) stored.warnings = extra.warnings;
	return stored;
}

/** Our incidents with this key, oldest first. */
async function casesWithKey(api: ApiClient, key: string, settings: ServiceNowSettings): Promise<Incident[]> {
	const correlationId = serviceNowCorrelationId(key);
	const query = encodeURIComponent(serviceNowCaseQuery(correlationId, settings.correlationDisplay));
	const answer = parsed(
		listSchema,
		await api.request({ method: 'GET', url: `/api/now/table/incident?sysparm_query=${query}&sysparm_limit=20&${answerParameters(settings)}` }),
		'GET /api/now/table/incident',
		'result',
	);
	// The query compares as the database does (often without case); only the exact value is ours.
	const ours = answer.result.filter((incident) => incident.correlation_id === correlationId);
	return oldestFirst(ours, (incident) => ({ createdAt: isoDateTime(incident.sys_created_on), order: incident.number ?? incident.sys_id }));
}

/** The sys_user with this email, or null. */
async function userWithEmail(api: ApiClient, email: string): Promise<string | null> {
	// Only what looks like an email goes into the encoded query; no user has anything else as email.
	if (!queryableValue(email) || !/^[^@\s]+@[^@\s]+$/.test(email)) return null;
	const query = encodeURIComponent(`email=${email}`);
	const answer = parsed(
		usersSchema,
		await api.request({ method: 'GET', url: `/api/now/table/sys_user?sysparm_query=${query}&sysparm_limit=1&sysparm_fields=sys_id` }),
		'GET /api/now/table/sys_user',
		'result',
	);
	return answer.result[0]?.sys_id ?? null;
}

const SYS_ID = /^[0-9a-f]{32}$/i;

async function assigneeFor(api: ApiClient, draft: CaseDraft): Promise<{ sysId: string | null; warning?: string }> {
	const assignee = draft.assignee;
	if (!assignee) return { sysId: null };
	if (assignee.helpdeskUserId && SYS_ID.test(assignee.helpdeskUserId)) return { sysId: assignee.helpdeskUserId };
	const who = assignee.name ?? assignee.email ?? 'the owner';
	const found = assignee.email ? await userWithEmail(api, assignee.email) : null;
	if (found) return { sysId: found };
	return {
		sysId: null,
		warning: `Owner ${who}: ${assignee.email ? `no ServiceNow user has the email ${assignee.email}` : 'no sys_id and no email'}, so the incident is unassigned`,
	};
}

async function callerFor(api: ApiClient, draft: CaseDraft, settings: ServiceNowSettings): Promise<{ sysId: string | null; warning?: string }> {
	const email = draft.requester.email;
	const found = email ? await userWithEmail(api, email) : null;
	if (found) return { sysId: found };
	if (settings.fallbackCallerId) return { sysId: settings.fallbackCallerId };
	return {
		sysId: null,
		warning: `${email ? `No ServiceNow user has the respondent's email (${email})` : 'The respondent has no email'}: the incident has no caller; set Fallback Caller to give it one`,
	};
}

async function patchIncident(api: ApiClient, id: string, body: Record<string, unknown>, settings: ServiceNowSettings): Promise<Incident> {
	const answer = await api.request({ method: 'PATCH', url: `/api/now/table/incident/${encodeURIComponent(id)}?${answerParameters(settings)}`, body });
	return parsed(oneSchema, answer, 'PATCH /api/now/table/incident/{sys_id}', 'result').result;
}

function columnName(value: unknown, label: string, parameter: string): string | null {
	const name = typeof value === 'string' ? value.trim() : '';
	if (name === '') return null;
	if (!/^[a-z0-9_]+$/.test(name)) throw new FeedbackError(`${label} "${name}" is not a ServiceNow column name: use the column's name (e.g. u_closed_loop_resume_url)`, parameter);
	return name;
}

function sysIdSetting(value: unknown, label: string, parameter: string): string | null {
	const id = typeof value === 'string' ? value.trim() : '';
	if (id === '') return null;
	if (!SYS_ID.test(id)) throw new FeedbackError(`${label} "${id}" is not a sys_id (32 hexadecimal characters, as in the record's address)`, parameter);
	return id;
}

const show = (operation?: string[]) => shownFor(SERVICENOW_PROVIDER_KEY, operation);

const properties: INodeProperties[] = [
	{
		displayName: 'Correlation Display',
		name: 'serviceNowCorrelationDisplay',
		type: 'string',
		default: 'Closed Loop',
		displayOptions: show(),
		description:
			'Written to the incident’s Correlation display and searched with its Correlation ID (the case key), so incidents from other integrations are never taken for ours. Do not change it once cases exist.',
	},
	{
		displayName: 'Assignment Group',
		name: 'serviceNowAssignmentGroup',
		type: 'string',
		default: '',
		displayOptions: show(['create']),
		description: 'The sys_id of the group the incident goes to (open the group and copy its sys_id). Empty: your assignment rules decide.',
	},
	{
		displayName: 'Fallback Caller',
		name: 'serviceNowFallbackCallerId',
		type: 'string',
		default: '',
		displayOptions: show(['create']),
		description: 'The sys_id of the user to set as caller when no user has the respondent’s email (customers are seldom ServiceNow users). Empty: no caller.',
	},
	{
		displayName: 'Resume URL Field',
		name: 'serviceNowResumeUrlField',
		type: 'string',
		default: '',
		displayOptions: show(),
		description:
			'A URL or string column of your own on Incident (e.g. u_closed_loop_resume_url) for the SLA resume link, so closing the case resumes the wait. Empty: the link is only in a work note.',
	},
	{
		displayName: 'Close State',
		name: 'serviceNowCloseState',
		type: 'options',
		options: [
			{ name: 'Closed', value: '7', description: 'Final; needs the itil_admin role' },
			{ name: 'Resolved', value: '6', description: 'ServiceNow closes it later, or the caller reopens it' },
		],
		default: '6',
		displayOptions: show(['close']),
	},
	{
		displayName: 'Close Code',
		name: 'serviceNowCloseCode',
		type: 'string',
		default: 'Solution provided',
		displayOptions: show(['close']),
		description: 'Value of the Resolution code choice. Current instances: Solution provided, Workaround provided, Resolved by caller… Older ones: Solved (Permanently) and the like.',
	},
	{
		displayName: 'Root Cause Field',
		name: 'serviceNowRootCauseField',
		type: 'string',
		default: '',
		displayOptions: show(['close']),
		description: 'A column of your own on Incident for the root cause (e.g. u_closed_loop_root_cause). Empty: the root cause is only in the close notes.',
	},
];

export const serviceNowProvider: CaseProvider<ServiceNowSettings> = {
	key: SERVICENOW_PROVIDER_KEY,
	displayName: 'ServiceNow',
	summary: 'A ServiceNow incident, found again by its correlation ID',
	credentialType: SERVICENOW_CREDENTIAL_TYPE,
	apiBaseUrl: (credentials: ICredentialDataDecryptedObject) => serviceNowInstanceUrl(credentials.instance),
	defaultPriorities: { P1: 'impact=2,urgency=1', P2: 'impact=2,urgency=2', P3: 'impact=3,urgency=2', P4: 'impact=3,urgency=3' },
	// No unique key on correlation_id: query first, converge after. The resume link is readable only from a column of the user's.
	capabilities: { idempotency: ['searchThenConverge'], storesResumeUrl: false },
	properties,

	settings(parameter: ParameterReader): ServiceNowSettings {
		const display = String(parameter<unknown>('serviceNowCorrelationDisplay', 'Closed Loop') ?? '').trim() || 'Closed Loop';
		if (display.length > 100 || /[\^\r\n]/.test(display)) {
			throw new FeedbackError('Correlation Display must be one line of at most 100 characters, without ^', 'serviceNowCorrelationDisplay');
		}
		const closeCode = String(parameter<unknown>('serviceNowCloseCode', 'Solution provided') ?? '').trim();
		return {
			correlationDisplay: display,
			assignmentGroup: sysIdSetting(parameter<unknown>('serviceNowAssignmentGroup', ''), 'Assignment Group', 'serviceNowAssignmentGroup'),
			fallbackCallerId: sysIdSetting(parameter<unknown>('serviceNowFallbackCallerId', ''), 'Fallback Caller', 'serviceNowFallbackCallerId'),
			closeState: String(parameter<unknown>('serviceNowCloseState', '6')) === '7' ? '7' : '6',
			closeCode: closeCode || 'Solution provided',
			resumeUrlField: columnName(parameter<unknown>('serviceNowResumeUrlField', ''), 'Resume URL Field', 'serviceNowResumeUrlField'),
			rootCauseField: columnName(parameter<unknown>('serviceNowRootCauseField', ''), 'Root Cause Field', 'serviceNowRootCauseField'),
		};
	},

	async find(api, key, settings) {
		const [oldest] = await casesWithKey(api, key, settings);
		return oldest ? storedCase(api, oldest, settings, { key }) : null;
	},

	async get(api, id, settings) {
		const answer = await requestUnlessNotFound(api, { method: 'GET', url: `/api/now/table/incident/${encodeURIComponent(id)}?${answerParameters(settings)}` });
		return answer.found ? storedCase(api, parsed(oneSchema, answer.body, 'GET /api/now/table/incident/{sys_id}', 'result').result, settings) : null;
	},

	async create(api, draft, settings) {
		const warnings: string[] = [];
		const pair = draft.providerPriority ? serviceNowImpactUrgency(draft.providerPriority) : null;
		const caller = await callerFor(api, draft, settings);
		if (caller.warning) warnings.push(caller.warning);
		const assignee = await assigneeFor(api, draft);
		if (assignee.warning) warnings.push(assignee.warning);
		const body: Record<string, unknown> = {
			short_description: draft.subject.slice(0, SHORT_DESCRIPTION_LENGTH),
			description: withRevisionLine(draft.description, draft.revision),
			correlation_id: serviceNowCorrelationId(draft.key),
			correlation_display: settings.correlationDisplay,
			...(pair ?? {}),
			...(caller.sysId ? { caller_id: caller.sysId } : {}),
			...(assignee.sysId ? { assigned_to: assignee.sysId } : {}),
			...(settings.assignmentGroup ? { assignment_group: settings.assignmentGroup } : {}),
			...(draft.dueAt ? { due_date: serviceNowDateTime(draft.dueAt) } : {}),
		};
		if (draft.resumeUrl) {
			if (settings.resumeUrlField) body[settings.resumeUrlField] = draft.resumeUrl;
			body.work_notes = `Closed Loop SLA resume link: ${draft.resumeUrl}`;
		}
		// A POST without an idempotency key: not repeated on a 5xx, as it may have inserted the incident.
		const answer = await api.request({ method: 'POST', url: `/api/now/table/incident?${answerParameters(settings)}`, body });
		const incident = parsed(oneSchema, answer, 'POST /api/now/table/incident', 'result').result;
		return storedCase(api, incident, settings, { key: draft.key, warnings });
	},

	async converge(api, created, key, settings) {
		const cases = await casesWithKey(api, key, settings);
		const oldest = cases[0];
		if (!oldest || oldest.sys_id === created.id) return created;
		const ours = cases.find((incident) => incident.sys_id === created.id);
		if (ours?.state !== CANCELED) {
			await patchIncident(
				api,
				created.id,
				{
					state: CANCELED,
					parent_incident: oldest.sys_id,
					work_notes: `Closed Loop: ${oldest.number ?? oldest.sys_id} was opened for the same case (${key}) at the same time; this duplicate is canceled.`,
				},
				settings,
			);
		}
		return storedCase(api, oldest, settings, {
			key,
			warnings: [...(created.warnings ?? []), `Another run had opened ${oldest.number ?? oldest.sys_id} for this case at the same time: ours was canceled as its duplicate`],
		});
	},

	async revise(api, stored, draft, settings) {
		const updated = await patchIncident(
			api,
			stored.id,
			{ description: withRevisionLine(draft.description, draft.revision), work_notes: revisionNote(draft, stored.revision).text },
			settings,
		);
		return storedCase(api, updated, settings, { key: stored.key ?? draft.key });
	},

	async close(api, stored, close, settings) {
		const body: Record<string, unknown> = { state: settings.closeState, close_code: settings.closeCode, close_notes: close.note, work_notes: close.note };
		if (settings.rootCauseField && close.rootCauseLabel) body[settings.rootCauseField] = close.rootCauseLabel;
		const updated = await patchIncident(api, stored.id, body, settings);
		return storedCase(api, updated, settings, { key: stored.key });
	},

	async addNote(api, stored, note, settings) {
		await patchIncident(api, stored.id, { work_notes: note.text }, settings);
		return stored;
	},
};
