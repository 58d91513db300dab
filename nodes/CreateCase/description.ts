/**
 * Create Case's editor fields. The Provider list, its credentials and the providers' own fields come from the
 * provider list, so adding a provider touches its file, its credential and one line of `providers/index.ts`.
 */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { INTEGRITY_POLICIES } from '../core/caseClosure';
import { DEFAULT_API_RETRIES, DEFAULT_API_TIMEOUT_SECONDS } from '../shared/apiClient';
import { slaPolicyProperties } from '../shared/businessCalendarFields';
import { messageTemplateFields, responseLinkField } from '../shared/messageTemplateFields';
import type { AnyCaseProvider } from './providers/types';

export const OUTPUT = { case: 0, error: 1 } as const;
export const CREATE_CASE_OUTPUTS = [
	{ type: 'main' as const, displayName: 'Case' },
	{ type: 'main' as const, displayName: 'Error' },
];

export const OPERATIONS = ['addNote', 'close', 'create', 'get'] as const;
export type CaseOperation = (typeof OPERATIONS)[number];

const onlyFor = (...operation: CaseOperation[]) => ({ show: { operation } });

/** One credential per provider, each shown only when its provider is chosen (n8n allows one credential at a time). */
export function providerCredentials(providers: readonly AnyCaseProvider[]): INodeCredentialDescription[] {
	return providers.map((provider) => ({
		name: provider.credentialType,
		required: true,
		displayOptions: { show: { provider: [provider.key] } },
	}));
}

const YES_NO_HINT = 'Yes or no (oui or non); usually an expression over the close form';

const INTEGRITY_POLICY_OPTIONS: Record<(typeof INTEGRITY_POLICIES)[number], { name: string; description: string }> = {
	allow: { name: 'Allow', description: 'Close as answered, and record no integrity flag' },
	block: { name: 'Block', description: 'Refuse the close (it goes to the Error output) while a flag stands' },
	flag: { name: 'Flag', description: 'Close, and record the flag on the item and on the case for the loop’s reports' },
};

export function createCaseProperties(providers: readonly AnyCaseProvider[], defaultProvider: string): INodeProperties[] {
	const sortedProviders = [...providers].sort((a, b) => a.displayName.localeCompare(b.displayName));
	return [
		{
			displayName: 'Provider',
			name: 'provider',
			type: 'options',
			noDataExpression: true,
			options: sortedProviders.map((provider) => ({ name: provider.displayName, value: provider.key, description: provider.summary })),
			default: defaultProvider,
			description: 'Where the cases live',
		},
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Add Note', value: 'addNote', action: 'Add a private note to a case', description: 'Add a private note, such as a contact attempt’s log' },
				{
					name: 'Close',
					value: 'close',
					action: 'Close a case with its closing record',
					description: 'Close the case with the close form’s answers, flag a dishonest close, and resume the SLA wait',
				},
				{
					name: 'Create',
					value: 'create',
					action: 'Open one case per bad experience',
					description: 'Open the case, or find the one already open for this response',
				},
				{ name: 'Get', value: 'get', action: 'Get a case', description: 'Read a case as the provider holds it' },
			],
			default: 'create',
		},
		...providers.flatMap((provider) => provider.properties),

		// Create
		{
			displayName: 'Case Key',
			name: 'caseKey',
			type: 'string',
			default: '={{ $json.feedback.id }}',
			required: true,
			description:
				'What makes two deliveries the same case. A second run, or a revision of the response, finds the case opened for this key instead of opening another.',
			displayOptions: onlyFor('create'),
		},
		{
			displayName: 'Due Date',
			name: 'dueDate',
			type: 'options',
			options: [
				{ name: 'From an SLA Policy', value: 'policy', description: 'Counted with the business-hours clock from the time below' },
				{ name: 'From the Item’s SLA', value: 'itemSla', description: 'The deadline an SLA Wait before this node set (sla.dueAt)' },
				{ name: 'None', value: 'none' },
			],
			default: 'policy',
			displayOptions: onlyFor('create'),
		},
		...slaPolicyProperties({ operation: ['create'], dueDate: ['policy'] }),
		{
			displayName: 'Due Date Counts From',
			name: 'dueFrom',
			type: 'string',
			default: '={{ $json.feedback.submittedAt }}',
			description: 'When the clock starts: the time the customer answered, by default. Empty: now.',
			displayOptions: { show: { operation: ['create'], dueDate: ['policy'] } },
		},
		{
			displayName: 'Assign to the Alert Owner',
			name: 'assignToOwner',
			type: 'boolean',
			default: true,
			description:
				'Whether to assign the case to the owner Alert Rule chose: by their helpdesk user ID when the routing table gives one, else by email',
			displayOptions: onlyFor('create'),
		},

		// Close, Add Note, Get: which case
		{
			displayName: 'Find Case By',
			name: 'findBy',
			type: 'options',
			options: [
				{ name: 'Case ID', value: 'id', description: 'The provider’s own ID, as Create puts it on the item' },
				{ name: 'Case Key', value: 'key', description: 'The key the case was opened with (the response ID by default)' },
			],
			default: 'key',
			displayOptions: onlyFor('addNote', 'close', 'get'),
		},
		{
			displayName: 'Case Key',
			name: 'caseReferenceKey',
			type: 'string',
			default: '={{ $json.case?.key ?? $json.caseKey ?? $json.feedback?.id }}',
			required: true,
			description: 'The key the case was opened with',
			displayOptions: { show: { operation: ['addNote', 'close', 'get'], findBy: ['key'] } },
		},
		{
			displayName: 'Case ID',
			name: 'caseReferenceId',
			type: 'string',
			default: '={{ $json.case?.id }}',
			required: true,
			displayOptions: { show: { operation: ['addNote', 'close', 'get'], findBy: ['id'] } },
		},

		// Close
		{
			displayName: 'Two-Way Contact',
			name: 'twoWayContact',
			type: 'string',
			default: '={{ $json.twoWayContact }}',
			required: true,
			description: `Whether the owner and the customer actually spoke or wrote to each other. An email nobody answered is not two-way. ${YES_NO_HINT}.`,
			displayOptions: onlyFor('close'),
		},
		{
			displayName: 'Resolved',
			name: 'resolved',
			type: 'string',
			default: '={{ $json.resolved }}',
			description: `Whether the customer’s problem was solved. Only means something after two-way contact. ${YES_NO_HINT}.`,
			displayOptions: onlyFor('close'),
		},
		{
			displayName: 'Root Cause',
			name: 'rootCause',
			type: 'string',
			default: '={{ $json.rootCause }}',
			description: 'An ID or label from the root-cause list (English or French), or your own words when free text is allowed',
			displayOptions: onlyFor('close'),
		},
		{
			displayName: 'Action Taken',
			name: 'actionTaken',
			type: 'string',
			default: '={{ $json.actionTaken }}',
			displayOptions: onlyFor('close'),
		},
		{
			displayName: 'Notes',
			name: 'closeNotes',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '={{ $json.notes }}',
			displayOptions: onlyFor('close'),
		},
		{
			displayName: 'Close Integrity',
			name: 'integrityPolicy',
			type: 'options',
			options: INTEGRITY_POLICIES.map((value) => ({ ...INTEGRITY_POLICY_OPTIONS[value], value })),
			default: 'flag',
			description:
				'What to do with a close marked resolved without any two-way contact on record, or whose notes say the work is not finished ("TBC", "en attente du retour client")',
			displayOptions: onlyFor('close'),
		},
		{
			displayName: 'Resume the SLA Wait',
			name: 'resumeSla',
			type: 'boolean',
			default: true,
			description:
				'Whether closing resumes the case’s SLA Wait through the link stored with the case, so the wait ends on Met. The SLA Wait must accept signed links (Resume Check: Signed Link Only).',
			displayOptions: onlyFor('close'),
		},

		// Add Note
		{
			displayName: 'Note',
			name: 'noteText',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '={{ $json.contact?.note }}',
			required: true,
			description: 'A private note for the team; the customer does not see it',
			displayOptions: onlyFor('addNote'),
		},

		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Allow Free-Text Root Causes',
					name: 'freeTextRootCause',
					type: 'boolean',
					default: true,
					description: 'Whether a root cause that is not in the list is kept as written. Off: it is refused, so reports group cleanly.',
					displayOptions: { show: { '/operation': ['close'] } },
				},
				{
					displayName: 'API Retries',
					name: 'apiRetries',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 5 },
					default: DEFAULT_API_RETRIES,
					description: 'How many times a call that may succeed later (rate limit, server error, timeout) is tried again within the node',
				},
				{
					displayName: 'API Timeout (Seconds)',
					name: 'apiTimeoutSeconds',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 120 },
					default: DEFAULT_API_TIMEOUT_SECONDS,
				},
				...messageTemplateFields(
					{
						subject: 'case subject',
						body: 'case description',
						placeholders: '{{customer.name}}, {{score}}, {{category}}, {{comment}}, {{topics}}, {{priority}}, {{link}}',
					},
					{ show: { '/operation': ['create'] } },
				),
				{
					displayName: 'Include the Customer as Requester',
					name: 'includeRequester',
					type: 'boolean',
					default: true,
					description: 'Whether the customer’s name and email go on the case as its requester, so the owner can reply from the helpdesk',
					displayOptions: { show: { '/operation': ['create'] } },
				},
				{
					displayName: 'Link SLA Wait',
					name: 'linkSlaWait',
					type: 'boolean',
					default: true,
					description:
						'Whether to store the resume link of this execution’s SLA Wait with the case (sla.resumeUrl when the item has one), so closing the case resumes the wait',
					displayOptions: { show: { '/operation': ['create'] } },
				},
				responseLinkField({ show: { '/operation': ['create'] } }),
				{
					displayName: 'Mask Personal Data',
					name: 'maskPersonalData',
					type: 'boolean',
					default: false,
					description:
						'Whether the subject and description show the customer as initials, without email or phone (also inside the comment). The requester field still holds the contact, unless Include the Customer as Requester is off.',
					displayOptions: { show: { '/operation': ['create'] } },
				},
				{
					displayName: 'Priority Mapping',
					name: 'priorityMap',
					type: 'fixedCollection',
					default: {},
					description: 'The provider’s value for each priority Score & Classify gives. Empty: the provider’s usual values.',
					displayOptions: { show: { '/operation': ['create'] } },
					options: [
						{
							displayName: 'Priorities',
							name: 'values',
							values: (['P1', 'P2', 'P3', 'P4'] as const).map((priority) => ({
								displayName: priority,
								name: priority,
								type: 'string' as const,
								default: '',
							})),
						},
					],
				},
				{
					displayName: 'Root Causes',
					name: 'rootCauses',
					type: 'string',
					typeOptions: { rows: 6 },
					default: '',
					placeholder: 'delivery | Late or damaged delivery | Livraison en retard ou abîmée',
					description:
						'Your own root-cause list, one per line: ID | English label | French label. Empty: the built-in CX list (billing, communication, delivery, expectation, other, process, product, staff, system, waiting).',
					displayOptions: { show: { '/operation': ['close'] } },
				},
				{
					displayName: 'SLA Resume Event',
					name: 'slaEvent',
					type: 'string',
					default: 'resolved',
					description: 'The event closing sends to the SLA Wait; it must be one the wait accepts (its Resume Events)',
					displayOptions: { show: { '/operation': ['close'] } },
				},
				{
					displayName: 'Time Zone',
					name: 'timeZone',
					type: 'string',
					default: '',
					placeholder: 'Europe/Paris',
					description: 'The zone the description shows the response time in. Empty: the workflow’s.',
					displayOptions: { show: { '/operation': ['create'] } },
				},
			],
		},
	];
}
