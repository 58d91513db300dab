/**
 * Freshdesk tickets (API v2) as cases.
 *
 * Freshdesk's own reference this follows, https://developers.freshdesk.com/api/ :
 * - Tickets: "Create a Ticket" (POST /api/v2/tickets: one of email, phone (with name), requester_id… is mandatory;
 *   `priority` 1 Low, 2 Medium, 3 High, 4 Urgent; `status` 2 Open, 3 Pending, 4 Resolved, 5 Closed; `source` 1 Email,
 *   2 Portal (the default), 3 Phone, 7 Chat, 9 Feedback Widget, 10 Outbound Email; `custom_fields` by field name;
 *   `due_by`, `fr_due_by`; `responder_id`, `group_id`, `tags`), "View a Ticket" (GET /api/v2/tickets/[id]), "Update a
 *   Ticket" (PUT /api/v2/tickets/[id]; tags sent replace the ticket's tags), "List All Tickets" (filter by
 *   `requester_id`, `order_by=created_at`, only tickets created in the past 30 days, `per_page` up to 100), "Filter
 *   Tickets" (GET /api/v2/search/tickets?query="…": URL-encoded, between double quotes, up to 512 characters, strings
 *   in single quotes, single line text custom fields supported, 30 results a page, and "updates will take a few
 *   minutes to get indexed"), "Ticket Merge API" (PUT /api/v2/tickets/merge with primary_id and ticket_ids).
 * - Conversations: "Create a Note" (POST /api/v2/tickets/[id]/notes, `body` HTML, `private` true by default),
 *   "List All Conversations of a Ticket" (GET /api/v2/tickets/[id]/conversations).
 * - Agents: "List All Agents" filtered by `email` (admin privileges needed), "Currently Authenticated Agent"
 *   (GET /api/v2/agents/me, the credential test).
 * - Authentication (Basic, the API key as user name and X as password), Errors (`{ description, errors: [{ field,
 *   message, code }] }`), Rate Limit (429 with `Retry-After` in seconds).
 *
 * How the case lives in Freshdesk:
 * - the case key is in a single line text custom field the admin creates (Key Field, e.g. `cf_closed_loop_key`).
 *   A key holding a quote or a backslash cannot be written inside Filter Tickets' quotes, so such a key (rare: keys
 *   are ids) is stored as its hash (`closed-loop-case-…`), which `find` computes the same way;
 * - idempotency is search, then converge: `find` uses Filter Tickets, whose index lags by minutes, so a second run
 *   within that time does not see the first ticket and opens another. `converge` therefore lists the requester's
 *   tickets (List All Tickets reads the tickets themselves, without the lag), keeps the oldest with the key, and
 *   merges our own ticket into it when it is not that one (Freshdesk closes a merged ticket, with a private note on
 *   both). Each run only ever merges the ticket it opened, so two runs at once end with one open ticket;
 * - requester: the respondent's email, else their phone (Freshdesk needs a name with a phone: the phone stands in
 *   when there is none), else the Fallback Requester Email; with none of them the create is refused, naming the field;
 * - revision: a tag `closed-loop-rev-<n>` (the highest is the revision on record); a revision replaces the
 *   description and leaves a private note with it;
 * - the SLA resume link: in a custom field when Resume URL Field is set, else in a private note at creation, read
 *   back from the ticket's conversations;
 * - close: status 4 Resolved by default (5 Closed is an option: in Freshdesk both count as done, Resolved is the
 *   agent's "solved" and Closed is final), the close record as a private note, each integrity flag as a tag of its own
 *   name (Freshdesk tags hold at most 32 characters), the root cause in Root Cause Field when set;
 * - dueAt: both `due_by` and `fr_due_by` (first response: the closed-loop SLA is a contact deadline), so that
 *   Freshdesk's rule that the first response is not due after the resolution holds; a dueAt already past is left
 *   to Freshdesk's SLA policy, with a warning, as Freshdesk refuses due dates before the ticket's creation.
 */
import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { escapeHtml } from '../../core/alertMessage';
import { INTEGRITY_FLAGS } from '../../core/caseClosure';
import type { CaseDraft, StoredCase } from '../../core/caseRecord';
import { caseIdempotencyKey, revisionNote } from '../../core/caseRecord';
import { FeedbackError } from '../../core/feedback';
import type { ApiClient } from '../../shared/apiClient';
import { requestUnlessNotFound } from '../../shared/apiClient';
import { parseApiAnswer } from '../../shared/errors';
import { caseSiteUrl, httpStatusOf, oldestFirst, shownFor } from './providerSupport';
import type { CaseProvider, ParameterReader } from './types';

export const FRESHDESK_PROVIDER_KEY = 'freshdesk';
export const FRESHDESK_CREDENTIAL_TYPE = 'closedLoopFreshdeskApi';
export const FRESHDESK_REVISION_TAG_PREFIX = 'closed-loop-rev-';
/** Freshdesk's limits on tags: 32 characters each, 30 a ticket. */
const TAG_LENGTH = 32;
const TAG_COUNT = 30;
/** Filter Tickets' last page. */
const SEARCH_PAGES = 10;
/** The line of the private note that holds the SLA resume link, read back when no field holds it. */
export const FRESHDESK_RESUME_NOTE_LABEL = 'Closed Loop SLA resume link:';

const STATUS_NAMES: Readonly<Record<number, string>> = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' };
const DONE_STATUSES = new Set([4, 5]);

export interface FreshdeskSettings {
	keyField: string;
	fallbackRequesterEmail: string | null;
	groupId: number | null;
	source: number;
	closeStatus: 4 | 5;
	dueDates: 'both' | 'none';
	resumeUrlField: string | null;
	rootCauseField: string | null;
}

const ticketSchema = z
	.object({
		id: z.number().int(),
		status: z.number().int(),
		priority: z.number().int(),
		requester_id: z.number().int().nullish(),
		responder_id: z.number().int().nullish(),
		due_by: z.string().nullish(),
		created_at: z.string().nullish(),
		deleted: z.boolean().nullish(),
		tags: z.array(z.string()).nullish(),
		custom_fields: z.record(z.unknown()).nullish(),
	})
	.passthrough();
type FreshdeskTicket = z.infer<typeof ticketSchema>;

const searchSchema = z.object({ total: z.number().int().nullish(), results: z.array(ticketSchema) }).passthrough();
const agentsSchema = z.array(z.object({ id: z.number().int() }).passthrough());
const conversationsSchema = z.array(
	z.object({ private: z.boolean().nullish(), body: z.string().nullish(), body_text: z.string().nullish() }).passthrough(),
);

const parsed = <T extends z.ZodTypeAny>(schema: T, answer: unknown, call: string, prefix: string): z.infer<T> =>
	parseApiAnswer(schema, answer, { tool: 'Freshdesk', call, prefix });

/** The agent-facing address of the account: `acme`, `acme.freshdesk.com`, or a whole URL (a proxy, a test fake). */
export function freshdeskSiteUrl(domain: unknown): string {
	return caseSiteUrl(domain, { vendorDomain: 'freshdesk.com', field: 'Domain', parameter: 'domain', example: 'acme or acme.freshdesk.com' });
}

/** The value the Key Field holds for a case key: the key itself, or its hash when Filter Tickets could not quote it. */
export function freshdeskKeyValue(key: string): string {
	return /^[^'"\\\r\n]+$/.test(key) ? key : caseIdempotencyKey(key);
}

/** Filter Tickets' query for one custom field value, between the double quotes Freshdesk asks for. */
export function freshdeskKeyQuery(field: string, value: string): string {
	return `"${field}:'${value}'"`;
}

/** A tag as Freshdesk keeps it: no commas, at most 32 characters. */
function freshdeskTag(tag: string): string {
	return tag.replace(/,/g, ' ').trim().slice(0, TAG_LENGTH).trim();
}

function revisionFromTags(tags: readonly string[]): number | null {
	const revisions = tags
		.filter((tag) => tag.startsWith(FRESHDESK_REVISION_TAG_PREFIX))
		.map((tag) => Number(tag.slice(FRESHDESK_REVISION_TAG_PREFIX.length)))
		.filter((revision) => Number.isInteger(revision) && revision > 0);
	return revisions.length ? Math.max(...revisions) : null;
}

function withRevisionTag(tags: readonly string[], revision: number): string[] {
	const kept = tags.filter((tag) => !tag.startsWith(FRESHDESK_REVISION_TAG_PREFIX));
	return uniqueTags([...kept, `${FRESHDESK_REVISION_TAG_PREFIX}${revision}`]);
}

function uniqueTags(tags: readonly string[]): string[] {
	const seen = new Set<string>();
	const result: string[] = [];
	for (const tag of tags.map(freshdeskTag)) {
		if (tag === '' || seen.has(tag.toLowerCase())) continue;
		seen.add(tag.toLowerCase());
		result.push(tag);
	}
	return result.slice(0, TAG_COUNT);
}

/** A private note's HTML body from our plain text. */
const noteHtml = (text: string): string => `<div>${escapeHtml(text).replace(/\r?\n/g, '<br>')}</div>`;

function freshdeskPriority(value: string | null): number | null {
	if (value === null) return null;
	const priority = Number(value);
	if (!Number.isInteger(priority) || priority < 1 || priority > 4) {
		throw new FeedbackError(`Priority Mapping: Freshdesk priorities are 1 (Low), 2 (Medium), 3 (High) and 4 (Urgent); "${value}" is not one`, 'priorityMap');
	}
	return priority;
}

/** Create a Ticket needs a requester: email, or phone with a name, or the fallback email the user set. */
function requesterFields(draft: CaseDraft, settings: FreshdeskSettings): Record<string, string> {
	const { email, name, phone } = draft.requester;
	if (email) return name ? { email, name } : { email };
	if (phone) return { phone, name: name ?? phone };
	if (settings.fallbackRequesterEmail) return name ? { email: settings.fallbackRequesterEmail, name } : { email: settings.fallbackRequesterEmail };
	throw new FeedbackError(
		'Freshdesk needs a requester for the ticket, and this response has no email or phone for the customer: set Fallback Requester Email (e.g. a "Customer feedback" contact), or send the respondent’s email',
		'freshdeskFallbackRequesterEmail',
	);
}

/** The agent for the case's owner: their Freshdesk agent id from the routing table, or the agent with their email. */
async function responderFor(api: ApiClient, draft: CaseDraft): Promise<{ id: number | null; warning?: string }> {
	const assignee = draft.assignee;
	if (!assignee) return { id: null };
	if (assignee.helpdeskUserId && /^\d+$/.test(assignee.helpdeskUserId)) return { id: Number(assignee.helpdeskUserId) };
	const who = assignee.name ?? assignee.email ?? 'the owner';
	if (!assignee.email) {
		return { id: null, warning: `Owner ${who} has no Freshdesk agent id${assignee.helpdeskUserId ? ` ("${assignee.helpdeskUserId}" is not one)` : ''} and no email: the ticket is unassigned` };
	}
	// Listing agents needs an admin's API key; on a 403 the ticket can still be opened, unassigned, and say why.
	const agents = await api.request({ method: 'GET', url: `/api/v2/agents?email=${encodeURIComponent(assignee.email)}` }).then(
		(body) => parsed(agentsSchema, body, 'GET /api/v2/agents', 'agents'),
		(error: unknown) => {
			if (httpStatusOf(error) === 403) return null;
			throw error;
		},
	);
	if (agents === null) {
		return {
			id: null,
			warning: `Owner ${who}: Freshdesk lets only admins look agents up by email (403), so the ticket is unassigned; put the agent id in the routing table (helpdeskUserId) or use an admin's API key`,
		};
	}
	if (agents.length) return { id: agents[0].id };
	return { id: null, warning: `Owner ${who}: no Freshdesk agent has the email ${assignee.email}, so the ticket is unassigned` };
}

/** due_by and fr_due_by from dueAt, when Freshdesk will take them. */
function dueFields(draft: CaseDraft, settings: FreshdeskSettings, now: Date): { fields: Record<string, string>; warning?: string } {
	if (!draft.dueAt || settings.dueDates === 'none') return { fields: {} };
	if (Date.parse(draft.dueAt) <= now.getTime()) {
		return { fields: {}, warning: `The due date ${draft.dueAt} is already past, and Freshdesk refuses due dates before the ticket's creation: Freshdesk's SLA policy sets them` };
	}
	return { fields: { due_by: draft.dueAt, fr_due_by: draft.dueAt } };
}

async function fetchTicket(api: ApiClient, id: string): Promise<FreshdeskTicket | null> {
	const answer = await requestUnlessNotFound(api, { method: 'GET', url: `/api/v2/tickets/${encodeURIComponent(id)}` });
	return answer.found ? parsed(ticketSchema, answer.body, 'GET /api/v2/tickets/{id}', 'ticket') : null;
}

/** The resume link from the field, or from our private note when no field holds it. */
async function resumeUrlOf(api: ApiClient, ticket: FreshdeskTicket, settings: FreshdeskSettings): Promise<string | null> {
	if (settings.resumeUrlField) {
		const value = ticket.custom_fields?.[settings.resumeUrlField];
		return typeof value === 'string' && value.trim() ? value.trim() : null;
	}
	const conversations = parsed(
		conversationsSchema,
		await api.request({ method: 'GET', url: `/api/v2/tickets/${ticket.id}/conversations` }),
		'GET /api/v2/tickets/{id}/conversations',
		'conversations',
	);
	for (const conversation of conversations) {
		if (conversation.private === false) continue;
		const text = conversation.body_text ?? conversation.body ?? '';
		const at = text.indexOf(FRESHDESK_RESUME_NOTE_LABEL);
		if (at === -1) continue;
		const link = /https?:\/\/[^\s<>"]+/.exec(text.slice(at + FRESHDESK_RESUME_NOTE_LABEL.length));
		if (link) return link[0].replace(/&amp;/g, '&');
	}
	return null;
}

function storedCase(api: ApiClient, ticket: FreshdeskTicket, settings: FreshdeskSettings, extra: { resumeUrl: string | null; key?: string; warnings?: string[] }): StoredCase {
	const tags = ticket.tags ?? [];
	const keyValue = ticket.custom_fields?.[settings.keyField];
	const stored: StoredCase = {
		id: String(ticket.id),
		url: `${api.baseUrl}/a/tickets/${ticket.id}`,
		key: extra.key ?? (typeof keyValue === 'string' ? keyValue : null),
		status: STATUS_NAMES[ticket.status] ?? String(ticket.status),
		closed: DONE_STATUSES.has(ticket.status),
		providerPriority: String(ticket.priority),
		dueAt: ticket.due_by ?? null,
		createdAt: ticket.created_at ?? null,
		revision: revisionFromTags(tags),
		resumeUrl: extra.resumeUrl,
		integrity: INTEGRITY_FLAGS.filter((flag) => tags.includes(flag)),
	};
	if (extra.warnings?.length) stored.warnings = extra.warnings;
	return stored;
}

async function addPrivateNote(api: ApiClient, ticketId: string, text: string): Promise<void> {
	await api.request({ method: 'POST', url: `/api/v2/tickets/${encodeURIComponent(ticketId)}/notes`, body: { body: noteHtml(text), private: true } });
}

async function updateTicket(api: ApiClient, id: string, body: Record<string, unknown>): Promise<FreshdeskTicket> {
	return parsed(ticketSchema, await api.request({ method: 'PUT', url: `/api/v2/tickets/${encodeURIComponent(id)}`, body }), 'PUT /api/v2/tickets/{id}', 'ticket');
}

async function requireTicket(api: ApiClient, id: string): Promise<FreshdeskTicket> {
	const ticket = await fetchTicket(api, id);
	if (!ticket) throw new FeedbackError(`Freshdesk has no ticket ${id} (404): it was deleted, or the case id is wrong`, 'case.id');
	return ticket;
}

/** A custom field's API name as Admin > Ticket Fields shows it (cf_…); empty means not used. */
function fieldName(value: unknown, label: string, parameter: string, required: boolean): string | null {
	const name = typeof value === 'string' ? value.trim() : '';
	if (name === '') {
		if (required) throw new FeedbackError(`${label} is empty: give the API name of the Freshdesk custom field that holds the case key, e.g. cf_closed_loop_key`, parameter);
		return null;
	}
	if (!/^[A-Za-z0-9_]+$/.test(name)) {
		throw new FeedbackError(`${label} "${name}" is not a Freshdesk field name: use the field's API name (letters, digits and _), e.g. cf_closed_loop_key`, parameter);
	}
	return name;
}

const show = (operation?: string[]) => shownFor(FRESHDESK_PROVIDER_KEY, operation);

const properties: INodeProperties[] = [
	{
		displayName: 'Key Field',
		name: 'freshdeskKeyField',
		type: 'string',
		default: 'cf_closed_loop_key',
		required: true,
		displayOptions: show(),
		description:
			'API name of a single line text ticket field that holds the case key, so a second run finds the ticket. Create it in Freshdesk under Admin > Ticket Fields (label "Closed Loop Key" gives cf_closed_loop_key).',
	},
	{
		displayName: 'Fallback Requester Email',
		name: 'freshdeskFallbackRequesterEmail',
		type: 'string',
		placeholder: 'feedback@yourcompany.com',
		default: '',
		displayOptions: show(['create']),
		description:
			'Freshdesk needs a requester on every ticket. Responses without the customer’s email or phone are opened for this contact; when empty, they are refused with an error.',
	},
	{
		displayName: 'Group ID',
		name: 'freshdeskGroupId',
		type: 'string',
		default: '',
		displayOptions: show(['create']),
		description: 'ID of the Freshdesk group the ticket goes to (Admin > Groups, the number in the group’s address). Empty: Freshdesk’s own rules decide.',
	},
	{
		displayName: 'Source',
		name: 'freshdeskSource',
		type: 'options',
		// Outbound Email is left out: Freshdesk emails the requester for it, and its subject and description are fixed.
		options: [
			{ name: 'Chat', value: 7 },
			{ name: 'Email', value: 1 },
			{ name: 'Feedback Widget', value: 9 },
			{ name: 'Phone', value: 3 },
			{ name: 'Portal', value: 2 },
		],
		default: 2,
		displayOptions: show(['create']),
		description: 'The channel Freshdesk shows the ticket as coming from',
	},
	{
		displayName: 'Due Dates',
		name: 'freshdeskDueDates',
		type: 'options',
		options: [
			{ name: 'Freshdesk’s SLA Policy', value: 'none', description: 'Send no due date' },
			{ name: 'From the SLA (First Response and Resolution)', value: 'both', description: 'Both due dates are the SLA deadline' },
		],
		default: 'both',
		displayOptions: show(['create']),
	},
	{
		displayName: 'Resume URL Field',
		name: 'freshdeskResumeUrlField',
		type: 'string',
		default: '',
		displayOptions: show(),
		description:
			'API name of a ticket field for the SLA resume link (e.g. cf_closed_loop_resume_url). Empty: the link goes in a private note, read back from the ticket’s conversations.',
	},
	{
		displayName: 'Close Status',
		name: 'freshdeskCloseStatus',
		type: 'options',
		options: [
			{ name: 'Closed', value: 5, description: 'Final' },
			{ name: 'Resolved', value: 4, description: 'Done; the customer’s reply reopens it' },
		],
		default: 4,
		displayOptions: show(['close']),
	},
	{
		displayName: 'Root Cause Field',
		name: 'freshdeskRootCauseField',
		type: 'string',
		default: '',
		displayOptions: show(['close']),
		description: 'API name of a ticket field for the root cause (e.g. cf_root_cause). Empty: the root cause is only in the close note.',
	},
];

export const freshdeskProvider: CaseProvider<FreshdeskSettings> = {
	key: FRESHDESK_PROVIDER_KEY,
	displayName: 'Freshdesk',
	summary: 'A Freshdesk ticket, found again by a custom field that holds the case key',
	credentialType: FRESHDESK_CREDENTIAL_TYPE,
	apiBaseUrl: (credentials: ICredentialDataDecryptedObject) => freshdeskSiteUrl(credentials.domain),
	defaultPriorities: { P1: '4', P2: '3', P3: '2', P4: '1' },
	// Filter Tickets lags by minutes, so a create is followed by a converge on the requester's tickets.
	capabilities: { idempotency: ['searchThenConverge'], storesResumeUrl: true },
	properties,

	settings(parameter: ParameterReader): FreshdeskSettings {
		const group = String(parameter<unknown>('freshdeskGroupId', '') ?? '').trim();
		if (group !== '' && !/^\d+$/.test(group)) throw new FeedbackError(`Group ID "${group}" is not a Freshdesk group id (a number)`, 'freshdeskGroupId');
		const fallback = String(parameter<unknown>('freshdeskFallbackRequesterEmail', '') ?? '').trim();
		if (fallback !== '' && !/^[^@\s]+@[^@\s]+$/.test(fallback)) {
			throw new FeedbackError(`Fallback Requester Email "${fallback}" is not an email address`, 'freshdeskFallbackRequesterEmail');
		}
		const source = Number(parameter<unknown>('freshdeskSource', 2));
		const closeStatus = Number(parameter<unknown>('freshdeskCloseStatus', 4));
		return {
			keyField: fieldName(parameter<unknown>('freshdeskKeyField', 'cf_closed_loop_key'), 'Key Field', 'freshdeskKeyField', true) as string,
			fallbackRequesterEmail: fallback || null,
			groupId: group ? Number(group) : null,
			source: [1, 2, 3, 7, 9].includes(source) ? source : 2,
			closeStatus: closeStatus === 5 ? 5 : 4,
			dueDates: parameter<unknown>('freshdeskDueDates', 'both') === 'none' ? 'none' : 'both',
			resumeUrlField: fieldName(parameter<unknown>('freshdeskResumeUrlField', ''), 'Resume URL Field', 'freshdeskResumeUrlField', false),
			rootCauseField: fieldName(parameter<unknown>('freshdeskRootCauseField', ''), 'Root Cause Field', 'freshdeskRootCauseField', false),
		};
	},

	async find(api, key, settings) {
		const value = freshdeskKeyValue(key);
		const query = `/api/v2/search/tickets?query=${encodeURIComponent(freshdeskKeyQuery(settings.keyField, value))}`;
		const matches: FreshdeskTicket[] = [];
		// Filter Tickets gives 30 a page, pages 1 to 10, and the total; it may match words, so only the exact value is ours.
		for (let page = 1, seen = 0; page <= SEARCH_PAGES; page++) {
			const answer = parsed(searchSchema, await api.request({ method: 'GET', url: page === 1 ? query : `${query}&page=${page}` }), 'GET /api/v2/search/tickets', 'search');
			matches.push(...answer.results.filter((ticket) => ticket.custom_fields?.[settings.keyField] === value && ticket.deleted !== true));
			seen += answer.results.length;
			if (answer.results.length === 0 || seen >= (answer.total ?? 0)) break;
		}
		const [oldest] = oldestFirst(matches, (ticket) => ({ createdAt: ticket.created_at ?? null, order: ticket.id }));
		if (!oldest) return null;
		const ticket = (await fetchTicket(api, String(oldest.id))) ?? oldest;
		return storedCase(api, ticket, settings, { key, resumeUrl: await resumeUrlOf(api, ticket, settings) });
	},

	async get(api, id, settings) {
		const ticket = await fetchTicket(api, id);
		return ticket ? storedCase(api, ticket, settings, { resumeUrl: await resumeUrlOf(api, ticket, settings) }) : null;
	},

	async create(api, draft, settings) {
		const warnings: string[] = [];
		const priority = freshdeskPriority(draft.providerPriority);
		const responder = await responderFor(api, draft);
		if (responder.warning) warnings.push(responder.warning);
		const due = dueFields(draft, settings, new Date());
		if (due.warning) warnings.push(due.warning);
		const customFields: Record<string, string> = { [settings.keyField]: freshdeskKeyValue(draft.key) };
		if (settings.resumeUrlField && draft.resumeUrl) customFields[settings.resumeUrlField] = draft.resumeUrl;
		const body = {
			...requesterFields(draft, settings),
			subject: draft.subject,
			description: draft.descriptionHtml,
			status: 2,
			...(priority !== null ? { priority } : {}),
			source: settings.source,
			...(responder.id !== null ? { responder_id: responder.id } : {}),
			...(settings.groupId !== null ? { group_id: settings.groupId } : {}),
			tags: withRevisionTag(draft.tags, draft.revision),
			custom_fields: customFields,
			...due.fields,
		};
		// A POST without an idempotency key: not repeated on a 5xx, as it may have opened the ticket.
		const ticket = parsed(ticketSchema, await api.request({ method: 'POST', url: '/api/v2/tickets', body }), 'POST /api/v2/tickets', 'ticket');
		if (draft.resumeUrl && !settings.resumeUrlField) {
			await addPrivateNote(api, String(ticket.id), `${FRESHDESK_RESUME_NOTE_LABEL} ${draft.resumeUrl}`);
		}
		return storedCase(api, ticket, settings, { key: draft.key, resumeUrl: draft.resumeUrl, warnings });
	},

	async converge(api, created, key, settings) {
		const value = freshdeskKeyValue(key);
		const ours = await requireTicket(api, created.id);
		if (ours.requester_id === null || ours.requester_id === undefined) return created;
		// Newest first: ours and any concurrent twin are at the top, however many tickets the requester has.
		const listed = parsed(
			z.array(ticketSchema),
			await api.request({ method: 'GET', url: `/api/v2/tickets?requester_id=${ours.requester_id}&order_by=created_at&order_type=desc&per_page=100` }),
			'GET /api/v2/tickets',
			'tickets',
		);
		const twins = listed.filter((ticket) => ticket.custom_fields?.[settings.keyField] === value && ticket.deleted !== true);
		const [oldest] = oldestFirst(twins, (ticket) => ({ createdAt: ticket.created_at ?? null, order: ticket.id }));
		if (!oldest || oldest.id === ours.id) return created;
		const note = (text: string) => ({ body: noteHtml(text), private: true });
		await api.request({
			method: 'PUT',
			url: '/api/v2/tickets/merge',
			body: {
				primary_id: oldest.id,
				ticket_ids: [oldest.id, ours.id],
				convert_recepients_to_cc: false,
				note_in_primary: note(`Closed Loop: ticket #${ours.id} was opened for the same case (${key}) at the same time and is merged into this one.`),
				note_in_secondary: note(`Closed Loop: a duplicate of ticket #${oldest.id}, opened for the same case at the same time; merged into #${oldest.id}.`),
			},
		});
		const standing = (await fetchTicket(api, String(oldest.id))) ?? oldest;
		return storedCase(api, standing, settings, {
			key,
			resumeUrl: await resumeUrlOf(api, standing, settings),
			warnings: [...(created.warnings ?? []), `Another run had opened ticket #${oldest.id} for this case at the same time: #${ours.id} was merged into it`],
		});
	},

	async revise(api, stored, draft, settings) {
		const ticket = await requireTicket(api, stored.id);
		const updated = await updateTicket(api, stored.id, { description: draft.descriptionHtml, tags: withRevisionTag(ticket.tags ?? [], draft.revision) });
		await addPrivateNote(api, stored.id, revisionNote(draft, stored.revision).text);
		return storedCase(api, updated, settings, { key: stored.key ?? draft.key, resumeUrl: stored.resumeUrl });
	},

	async close(api, stored, close, settings) {
		const ticket = await requireTicket(api, stored.id);
		const body: Record<string, unknown> = { status: settings.closeStatus, tags: uniqueTags([...(ticket.tags ?? []), ...close.integrity]) };
		if (settings.rootCauseField && close.rootCauseLabel) body.custom_fields = { [settings.rootCauseField]: close.rootCauseLabel };
		// The status first: when Freshdesk refuses it (a field required for closure), no close note says otherwise.
		const updated = await updateTicket(api, stored.id, body);
		await addPrivateNote(api, stored.id, close.note);
		return storedCase(api, updated, settings, { key: stored.key ?? undefined, resumeUrl: stored.resumeUrl });
	},

	async addNote(api, stored, note) {
		await addPrivateNote(api, stored.id, note.text);
		return stored;
	},
};

