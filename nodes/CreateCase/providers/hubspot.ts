/**
 * HubSpot tickets as cases (CRM API v3), with a private app access token.
 *
 * HubSpot references followed (developers.hubspot.com/docs):
 * - Tickets guide and objects API: POST /crm/v3/objects/tickets { properties, associations }, GET and PATCH
 *   /crm/v3/objects/tickets/{ticketId}; "`{objectId}` refers to the internal object ID by default, or optionally any
 *   unique property value as specified by the `idProperty` query param" (api-reference/crm/objects/.../get-object).
 * - Properties guide: a custom property created with "Require unique values" (`hasUniqueValue: true`); HubSpot then
 *   refuses a second record holding the same value.
 * - Notes guide: POST /crm/v3/objects/notes { properties: { hs_timestamp (required), hs_note_body }, associations }.
 * - Default association type ids (HUBSPOT_DEFINED), as HubSpot's own client libraries list them
 *   (HubSpot/hubspot-api-ruby lib/hubspot/helpers/association_type.rb): note → ticket 228, ticket → contact 16.
 * - Pipelines API: the default ticket pipeline is `0`, its stages New `1`, Waiting on contact `2`, Waiting on us `3`,
 *   Closed `4` (stage metadata `ticketState: CLOSED`); portals that edited their pipeline have other ids.
 * - Owners API: GET /crm/v3/owners?email=… ; `id` (not `userId`) is what `hubspot_owner_id` takes.
 * - Contacts: GET /crm/v3/objects/contacts/{email}?idProperty=email.
 * - Account information API: GET /account-info/v3/details gives `portalId` and `uiDomain` for the ticket's link
 *   (scope `oauth`, which every token has).
 * - Error bodies: `{ status: "error", message, correlationId, category: "VALIDATION_ERROR" | "CONFLICT" | … }`;
 *   429 `{ status, message: "You have reached your secondly limit.", errorType: "RATE_LIMIT", policyName, … }`.
 *
 * Idempotency: the case key is written to a unique ticket property, so a second create of the same key is refused
 * by HubSpot itself (409 CONFLICT, or 400 VALIDATION_ERROR on the property) and the standing ticket is read back by
 * that property. Reads go through `GET …?idProperty=` rather than the search endpoint: search is an index that lags
 * behind writes by seconds, the record read does not, and the moment right after a concurrent create is exactly
 * when it matters.
 */
import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { CaseDraft, CaseNote, CasePriorityMap, StoredCase } from '../../core/caseRecord';
import { revisionNote } from '../../core/caseRecord';
import { FeedbackError } from '../../core/feedback';
import type { ApiClient } from '../../shared/apiClient';
import { credentialBaseUrl, requestUnlessNotFound } from '../../shared/apiClient';
import { parseApiAnswer } from '../../shared/errors';
import type { CaseProvider } from './types';

export const HUBSPOT_NOTE_TO_TICKET = 228;
export const HUBSPOT_TICKET_TO_CONTACT = 16;

export interface HubspotSettings {
	pipelineId: string;
	openStageId: string;
	/** Close moves the ticket to the first; any of them counts as closed when a ticket is read. */
	closedStageIds: string[];
	caseKeyProperty: string;
	revisionProperty: string | null;
	resumeUrlProperty: string | null;
	integrityProperty: string | null;
	rootCauseProperty: string | null;
	dueDateProperty: string | null;
	associateRequester: boolean;
	portalId: string | null;
	/** The account's portal and UI domain, read once per item when no Portal ID is set. */
	account?: Promise<HubspotAccount>;
}

interface HubspotAccount {
	portalId: string;
	uiDomain: string;
}

const show = (operation?: string[]) => ({ show: { provider: ['hubspot'], ...(operation ? { operation } : {}) } });

const properties: INodeProperties[] = [
	{
		displayName: 'Case Key Property',
		name: 'hubspotCaseKeyProperty',
		type: 'string',
		default: 'closed_loop_case_key',
		required: true,
		displayOptions: show(),
		description:
			'Internal name of the ticket property that holds the case key. Create it once in HubSpot (Settings > Properties > Ticket properties, single-line text) with "Require unique values for this property" on: HubSpot then refuses a second ticket for the same response, which is what keeps a repeated run from opening two cases.',
	},
	{
		displayName: 'Revision Property',
		name: 'hubspotRevisionProperty',
		type: 'string',
		default: 'closed_loop_revision',
		displayOptions: show(),
		description:
			'Internal name of a ticket property (number) that records which revision of the response the ticket shows, so the same revision arriving twice changes nothing. Leave empty if you do not create it; every revision then updates the ticket again.',
	},
	{
		displayName: 'SLA Resume Link Property',
		name: 'hubspotResumeUrlProperty',
		type: 'string',
		default: 'closed_loop_resume_url',
		displayOptions: show(),
		description:
			'Internal name of a ticket property (single-line text) that keeps the SLA Wait’s resume link, so closing the ticket resumes the wait. Leave empty to put the link in a note on the ticket instead (Close then cannot find it on its own).',
	},
	{
		displayName: 'Integrity Flags Property',
		name: 'hubspotIntegrityProperty',
		type: 'string',
		default: 'closed_loop_integrity',
		displayOptions: show(),
		description:
			'Internal name of a ticket property (single-line text, or multiple checkboxes with the options resolved-without-two-way-contact and closed-while-pending) where Close records its integrity flags. Leave empty to keep them in the close note only.',
	},
	{
		displayName: 'HubSpot Portal ID',
		name: 'hubspotPortalId',
		type: 'string',
		default: '',
		placeholder: '1234567',
		displayOptions: show(),
		description:
			'Your HubSpot account ID, used for the ticket’s link. Leave empty to read it (and your data center’s domain) from HubSpot, at the cost of one more call per item.',
	},
	{
		displayName: 'Pipeline ID',
		name: 'hubspotPipelineId',
		type: 'string',
		default: '0',
		displayOptions: show(['create', 'close']),
		description:
			'The ticket pipeline’s ID (Settings > Objects > Tickets > Pipelines). 0 is HubSpot’s default Support Pipeline.',
	},
	{
		displayName: 'New Ticket Stage ID',
		name: 'hubspotOpenStageId',
		type: 'string',
		default: '1',
		displayOptions: show(['create']),
		description: 'The stage new cases start in. In the default pipeline, 1 is "New".',
	},
	{
		displayName: 'Due Date Property',
		name: 'hubspotDueDateProperty',
		type: 'string',
		default: '',
		placeholder: 'closed_loop_due_date',
		displayOptions: show(['create']),
		description:
			'Internal name of a ticket property (date picker with time) for the SLA due date. HubSpot tickets have no due date of their own; leave empty to state the due date in a note on the ticket.',
	},
	{
		displayName: 'Link the Customer’s Contact',
		name: 'hubspotAssociateRequester',
		type: 'boolean',
		default: true,
		displayOptions: show(['create']),
		description:
			'Whether to associate the ticket with the HubSpot contact that has the respondent’s email. No contact is created: when none matches, the ticket is opened without one and the item carries a warning.',
	},
	{
		displayName: 'Closed Stage ID',
		name: 'hubspotClosedStageId',
		type: 'string',
		default: '4',
		displayOptions: show(),
		description:
			'The stage Close moves the ticket to. In the default pipeline, 4 is "Closed". If your pipeline has several closed stages, list them separated by commas, the one to use first: a ticket in any of them reads as closed.',
	},
	{
		displayName: 'Root Cause Property',
		name: 'hubspotRootCauseProperty',
		type: 'string',
		default: '',
		placeholder: 'closed_loop_root_cause',
		displayOptions: show(['close']),
		description:
			'Internal name of a ticket property that receives the root cause’s ID (billing, delivery, product…) or the free text given. For a dropdown, give its options those IDs as internal values. Leave empty to keep the root cause in the close note only.',
	},
];

/** HubSpot's internal names: lower-case letters, digits and underscores, starting with a letter. */
const INTERNAL_NAME = /^[a-z][a-z0-9_]*$/;

function propertyName(value: unknown, field: string, label: string, required: boolean): string | null {
	const name = typeof value === 'string' ? value.trim() : '';
	if (name === '') {
		if (required) throw new FeedbackError(`${label} is empty: give the internal name of the HubSpot ticket property`, field);
		return null;
	}
	if (!INTERNAL_NAME.test(name)) {
		throw new FeedbackError(
			`${label} "${name}" is not a HubSpot internal name: use the one shown under the property's details (lower-case letters, digits and underscores, e.g. closed_loop_case_key), not its label`,
			field,
		);
	}
	return name;
}

function requiredId(value: unknown, field: string, label: string): string {
	const id = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (id === '') throw new FeedbackError(`${label} is empty: give the ID HubSpot shows for it under Settings > Objects > Tickets > Pipelines`, field);
	return id;
}

const ticketAnswer = z.object({
	id: z.string().min(1),
	properties: z.record(z.string().nullable().optional()).default({}),
	createdAt: z.string().optional(),
});
type TicketAnswer = z.infer<typeof ticketAnswer>;

const ownersAnswer = z.object({ results: z.array(z.object({ id: z.string(), email: z.string().nullable().optional() })) });
const contactAnswer = z.object({ id: z.string().min(1) });
const accountAnswer = z.object({ portalId: z.number().int().or(z.string().min(1)), uiDomain: z.string().min(1).optional() });

const answer = <T extends z.ZodTypeAny>(schema: T, body: unknown, call: string): z.infer<T> =>
	parseApiAnswer(schema, body, { tool: 'HubSpot', call, prefix: 'answer' });

const blankToNull = (value: string | null | undefined): string | null => (value === undefined || value === null || value.trim() === '' ? null : value);

/** HubSpot gives datetime properties as ISO text, and some as epoch milliseconds. */
function isoDate(value: string | null | undefined): string | null {
	const text = blankToNull(value);
	if (text === null) return null;
	if (/^\d+$/.test(text)) return new Date(Number(text)).toISOString();
	return text;
}

function readProperties(settings: HubspotSettings): string {
	return [
		'subject',
		'hs_pipeline',
		'hs_pipeline_stage',
		'hs_ticket_priority',
		'hubspot_owner_id',
		'createdate',
		'closed_date',
		settings.caseKeyProperty,
		settings.revisionProperty,
		settings.resumeUrlProperty,
		settings.integrityProperty,
		settings.dueDateProperty,
	]
		.filter((name): name is string => name !== null)
		.join(',');
}

async function account(api: ApiClient, settings: HubspotSettings): Promise<HubspotAccount> {
	if (settings.portalId !== null) return { portalId: settings.portalId, uiDomain: 'app.hubspot.com' };
	settings.account ??= api
		.request({ method: 'GET', url: '/account-info/v3/details' })
		.then((body) => {
			const details = answer(accountAnswer, body, 'GET /account-info/v3/details');
			return { portalId: String(details.portalId), uiDomain: details.uiDomain ?? 'app.hubspot.com' };
		});
	return await settings.account;
}

async function storedCase(api: ApiClient, ticket: TicketAnswer, settings: HubspotSettings): Promise<StoredCase> {
	const values = ticket.properties;
	const read = (name: string | null) => (name === null ? null : blankToNull(values[name]));
	const stage = read('hs_pipeline_stage') ?? '';
	const revision = Number(read(settings.revisionProperty));
	const { portalId, uiDomain } = await account(api, settings);
	return {
		id: ticket.id,
		url: `https://${uiDomain}/contacts/${portalId}/record/0-5/${ticket.id}`,
		key: read(settings.caseKeyProperty),
		status: stage,
		closed: settings.closedStageIds.includes(stage),
		providerPriority: read('hs_ticket_priority'),
		dueAt: isoDate(read(settings.dueDateProperty)),
		createdAt: isoDate(read('createdate')) ?? ticket.createdAt ?? null,
		revision: read(settings.revisionProperty) !== null && Number.isFinite(revision) ? revision : null,
		resumeUrl: read(settings.resumeUrlProperty),
		integrity: (read(settings.integrityProperty) ?? '')
			.split(';')
			.map((flag) => flag.trim())
			.filter(Boolean),
	};
}

async function readTicket(api: ApiClient, url: string, settings: HubspotSettings, qs: Record<string, string>): Promise<StoredCase | null> {
	const found = await requestUnlessNotFound(api, { method: 'GET', url, qs: { ...qs, properties: readProperties(settings) } });
	if (!found.found) return null;
	return await storedCase(api, answer(ticketAnswer, found.body, 'GET /crm/v3/objects/tickets/{ticketId}'), settings);
}

async function findTicket(api: ApiClient, key: string, settings: HubspotSettings): Promise<StoredCase | null> {
	return await readTicket(api, `/crm/v3/objects/tickets/${encodeURIComponent(key)}`, settings, { idProperty: settings.caseKeyProperty });
}

/** The owner id for the draft's assignee: the routing table's id, else the HubSpot owner with that email. */
async function ownerId(api: ApiClient, draft: CaseDraft, warnings: string[]): Promise<string | null> {
	const assignee = draft.assignee;
	if (assignee === null) return null;
	if (assignee.helpdeskUserId !== null) {
		if (!/^\d+$/.test(assignee.helpdeskUserId)) {
			throw new FeedbackError(
				`The owner's HubSpot ID "${assignee.helpdeskUserId}" is not a HubSpot owner ID (a number): give the owner ID from GET /crm/v3/owners (not the user ID), or leave it empty to find the owner by email`,
				'alert.owner.helpdeskUserId',
			);
		}
		return assignee.helpdeskUserId;
	}
	if (assignee.email === null) {
		warnings.push(`The owner${assignee.name ? ` ${assignee.name}` : ''} has no email or HubSpot owner ID, so the ticket is unassigned`);
		return null;
	}
	const body = await api.request({ method: 'GET', url: '/crm/v3/owners', qs: { email: assignee.email, limit: 1, archived: false } });
	const [owner] = answer(ownersAnswer, body, 'GET /crm/v3/owners').results;
	if (owner === undefined) {
		warnings.push(`No HubSpot owner has the owner's email (${assignee.email}), so the ticket is unassigned`);
		return null;
	}
	return owner.id;
}

/** The requester's contact, when one has this email; none is created (contacts may count against the portal's tier). */
async function requesterContact(api: ApiClient, draft: CaseDraft, settings: HubspotSettings, warnings: string[]): Promise<string | null> {
	if (!settings.associateRequester || draft.requester.email === null) return null;
	const found = await requestUnlessNotFound(api, {
		method: 'GET',
		url: `/crm/v3/objects/contacts/${encodeURIComponent(draft.requester.email)}`,
		qs: { idProperty: 'email' },
	});
	if (!found.found) {
		warnings.push('No HubSpot contact has the respondent’s email, so the ticket has no contact associated');
		return null;
	}
	return answer(contactAnswer, found.body, 'GET /crm/v3/objects/contacts/{email}').id;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A note on the ticket's timeline: HubSpot renders `hs_note_body` as HTML, so lines become line breaks. */
async function addTicketNote(api: ApiClient, ticketId: string, note: CaseNote): Promise<void> {
	await api.request({
		method: 'POST',
		url: '/crm/v3/objects/notes',
		body: {
			properties: { hs_timestamp: note.at, hs_note_body: escapeHtml(note.text).replace(/\r?\n/g, '<br>') },
			associations: [{ to: { id: ticketId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: HUBSPOT_NOTE_TO_TICKET }] }],
		},
	});
}

/** What a second create of the same key is refused with: 409 CONFLICT, or 400 naming the unique property. */
const mayBeDuplicate = (error: unknown) => ['409', '400'].includes(String((error as { httpCode?: unknown }).httpCode));

function withWarnings(stored: StoredCase, warnings: string[]): StoredCase {
	return warnings.length ? { ...stored, warnings: [...(stored.warnings ?? []), ...warnings] } : stored;
}

export const hubspotProvider: CaseProvider<HubspotSettings> = {
	key: 'hubspot',
	displayName: 'HubSpot',
	summary: 'A HubSpot ticket, in a pipeline stage, found again by a unique ticket property',
	credentialType: 'closedLoopHubspotApi',
	apiBaseUrl: (credentials) => credentialBaseUrl(credentials, 'https://api.hubapi.com'),
	// HubSpot's default options are LOW, MEDIUM and HIGH; URGENT exists only where a portal added it (or a newer
	// help desk did), so P1 defaults to HIGH: override P1 with URGENT where your portal has it.
	defaultPriorities: { P1: 'HIGH', P2: 'HIGH', P3: 'MEDIUM', P4: 'LOW' } satisfies CasePriorityMap,
	capabilities: { idempotency: ['uniqueField', 'searchFirst'], storesResumeUrl: true },
	properties,

	settings(parameter) {
		const closedStageIds = requiredId(parameter('hubspotClosedStageId', '4'), 'hubspotClosedStageId', 'Closed Stage ID')
			.split(',')
			.map((id) => id.trim())
			.filter(Boolean);
		const portalId = String(parameter<unknown>('hubspotPortalId', '') ?? '').trim();
		if (portalId !== '' && !/^\d+$/.test(portalId)) {
			throw new FeedbackError(`HubSpot Portal ID "${portalId}" is not a number: it is the account ID shown in your account menu, or leave it empty`, 'hubspotPortalId');
		}
		const optional = (name: string, fallback: string, label: string) => propertyName(parameter<unknown>(name, fallback), name, label, false);
		return {
			pipelineId: requiredId(parameter('hubspotPipelineId', '0'), 'hubspotPipelineId', 'Pipeline ID'),
			openStageId: requiredId(parameter('hubspotOpenStageId', '1'), 'hubspotOpenStageId', 'New Ticket Stage ID'),
			closedStageIds,
			caseKeyProperty: propertyName(parameter<unknown>('hubspotCaseKeyProperty', 'closed_loop_case_key'), 'hubspotCaseKeyProperty', 'Case Key Property', true) as string,
			revisionProperty: optional('hubspotRevisionProperty', 'closed_loop_revision', 'Revision Property'),
			resumeUrlProperty: optional('hubspotResumeUrlProperty', 'closed_loop_resume_url', 'SLA Resume Link Property'),
			integrityProperty: optional('hubspotIntegrityProperty', 'closed_loop_integrity', 'Integrity Flags Property'),
			rootCauseProperty: optional('hubspotRootCauseProperty', '', 'Root Cause Property'),
			dueDateProperty: optional('hubspotDueDateProperty', '', 'Due Date Property'),
			associateRequester: parameter<unknown>('hubspotAssociateRequester', true) !== false,
			portalId: portalId === '' ? null : portalId,
		};
	},

	async find(api, key, settings) {
		return await findTicket(api, key, settings);
	},

	async get(api, id, settings) {
		return await readTicket(api, `/crm/v3/objects/tickets/${encodeURIComponent(id)}`, settings, {});
	},

	async create(api, draft, settings) {
		const warnings: string[] = [];
		const owner = await ownerId(api, draft, warnings);
		const contact = await requesterContact(api, draft, settings, warnings);
		const values: Record<string, string> = {
			subject: draft.subject,
			content: draft.description,
			hs_pipeline: settings.pipelineId,
			hs_pipeline_stage: settings.openStageId,
			[settings.caseKeyProperty]: draft.key,
		};
		if (draft.providerPriority !== null) values.hs_ticket_priority = draft.providerPriority;
		if (owner !== null) values.hubspot_owner_id = owner;
		if (settings.revisionProperty !== null) values[settings.revisionProperty] = String(draft.revision);
		if (settings.resumeUrlProperty !== null && draft.resumeUrl !== null) values[settings.resumeUrlProperty] = draft.resumeUrl;
		if (settings.dueDateProperty !== null && draft.dueAt !== null) values[settings.dueDateProperty] = draft.dueAt;
		const body = {
			properties: values,
			associations:
				contact === null
					? []
					: [{ to: { id: contact }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: HUBSPOT_TICKET_TO_CONTACT }] }],
		};

		const outcome = await api.request({ method: 'POST', url: '/crm/v3/objects/tickets', body }).then(
			(created) => ({ created: answer(ticketAnswer, created, 'POST /crm/v3/objects/tickets') }),
			async (error: unknown) => {
				if (!mayBeDuplicate(error)) throw error;
				// A concurrent or earlier run holds the key, so the unique property refused ours; any other refusal stays the error.
				const standing = await findTicket(api, draft.key, settings).catch(() => null);
				if (standing === null) throw error;
				return { standing };
			},
		);
		if ('standing' in outcome) {
			return withWarnings(outcome.standing, [...warnings, 'HubSpot already had a ticket with this case key (opened by another run at the same time), so that ticket is returned']);
		}
		const { created } = outcome;

		// What HubSpot has no property for here goes in a note on the ticket, so the owner still sees it.
		const noteLines = [
			settings.dueDateProperty === null && draft.dueAt !== null ? `${draft.language === 'fr' ? 'Échéance' : 'Due'}: ${draft.dueAt}` : null,
			settings.resumeUrlProperty === null && draft.resumeUrl !== null
				? `${draft.language === 'fr' ? 'Lien de reprise du SLA' : 'SLA resume link'}: ${draft.resumeUrl}`
				: null,
		].filter((line): line is string => line !== null);
		if (noteLines.length) await addTicketNote(api, created.id, { text: noteLines.join('\n'), at: new Date().toISOString() });
		// HubSpot echoes the properties it set; ours fill in for any it leaves out of the answer.
		return withWarnings(await storedCase(api, { ...created, properties: { ...values, ...created.properties } }, settings), warnings);
	},

	async revise(api, stored, draft, settings) {
		const values: Record<string, string> = { subject: draft.subject, content: draft.description };
		// A revised score may change the priority; the revision is the newer word on the customer's experience.
		if (draft.providerPriority !== null) values.hs_ticket_priority = draft.providerPriority;
		if (settings.revisionProperty !== null) values[settings.revisionProperty] = String(draft.revision);
		await api.request({ method: 'PATCH', url: `/crm/v3/objects/tickets/${encodeURIComponent(stored.id)}`, body: { properties: values } });
		// The description is replaced; the note keeps the revision on the ticket's timeline for whoever works it.
		await addTicketNote(api, stored.id, revisionNote(draft, stored.revision));
		return {
			...stored,
			providerPriority: draft.providerPriority ?? stored.providerPriority,
			revision: settings.revisionProperty === null ? stored.revision : draft.revision,
		};
	},

	async close(api, stored, close, settings) {
		const [closedStage] = settings.closedStageIds;
		const values: Record<string, string> = { hs_pipeline: settings.pipelineId, hs_pipeline_stage: closedStage };
		if (settings.integrityProperty !== null) values[settings.integrityProperty] = close.integrity.join(';');
		if (settings.rootCauseProperty !== null) values[settings.rootCauseProperty] = close.closure.rootCause ?? '';
		await api.request({ method: 'PATCH', url: `/crm/v3/objects/tickets/${encodeURIComponent(stored.id)}`, body: { properties: values } });
		await addTicketNote(api, stored.id, { text: close.note, at: close.closedAt });
		return {
			...stored,
			status: closedStage,
			closed: true,
			integrity: settings.integrityProperty === null ? stored.integrity : [...close.integrity],
		};
	},

	async addNote(api, stored, note) {
		await addTicketNote(api, stored.id, note);
		return stored;
	},
};
