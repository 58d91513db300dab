/**
 * The Survey Trigger as the editor shows it, derived from the list of survey sources: its Source
 * list, credentials, fields and subtitle. Nothing here names a survey tool; each source describes
 * itself (sources/types.ts), so adding one changes nothing in this file. The node's identity
 * (name, icon, credential tests) stays in the node file, where n8n's lint reads it.
 */
import type { INodeCredentialDescription, INodeProperties, IWebhookDescription } from 'n8n-workflow';

import type { AnySurveySource, SenderAuthentication } from './sources/types';


const keysOf = (sources: readonly AnySurveySource[]) => sources.map((source) => source.key);
const byDisplayName = <T extends { displayName: string }>(a: T, b: T) => a.displayName.localeCompare(b.displayName);
/** Groups sources whose fragment would be the same, so the editor gets one field, not one per tool. */
function groupedBy<T>(sources: readonly AnySurveySource[], keyOf: (source: AnySurveySource) => T | undefined): Array<[T, AnySurveySource[]]> {
	const groups = new Map<string, [T, AnySurveySource[]]>();
	for (const source of sources) {
		const value = keyOf(source);
		if (value === undefined) continue;
		const id = JSON.stringify(value);
		const group = groups.get(id) ?? groups.set(id, [value, []]).get(id)!;
		group[1].push(source);
	}
	return [...groups.values()];
}

/** "A", "A and B", "A, B and C". */
const inWords = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join(''));

const DEFAULT_AUTHENTICATION: readonly SenderAuthentication[] = ['basicAuth', 'none', 'secretHeader'];
const authenticationOf = (source: AnySurveySource) => (source.signature === 'none' ? (source.authentication ?? DEFAULT_AUTHENTICATION) : undefined);

const AUTHENTICATION_CHOICES: Record<SenderAuthentication, { name: string; description: string }> = {
	basicAuth: { name: 'Basic Auth', description: 'The sender logs in with a user name and password' },
	hmac: { name: 'HMAC Signature', description: 'The sender signs each body with a shared secret, like most survey tools do' },
	none: { name: 'None', description: 'Anyone who knows the URL can post responses' },
	secretHeader: { name: 'Secret Header', description: 'The sender adds a header carrying a shared secret' },
};

function registrationFields(registering: readonly AnySurveySource[]): INodeProperties[] {
	if (registering.length === 0) return [];
	return [
		{
			displayName: 'Webhook Set-Up',
			name: 'registration',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { source: keysOf(registering) } },
			options: [
				{
					name: 'I Set It Up in the Survey Tool',
					value: 'manual',
					description: 'Paste the production URL into the survey tool, and its signing secret into a Survey Webhook Secret credential',
				},
				{
					name: 'Register It for Me',
					value: 'automatic',
					description:
						'Publishing the workflow creates the webhook in the survey tool with a new signing secret; unpublishing it removes the webhook',
				},
			],
			default: 'automatic',
		},
		...groupedBy(registering, (source) => source.registration?.target).map(
			([target, sources]): INodeProperties => ({
				displayName: target.displayName,
				name: 'formId',
				type: 'string',
				required: true,
				default: '',
				placeholder: target.placeholder,
				displayOptions: { show: { source: keysOf(sources), registration: ['automatic'] } },
				description: target.description,
			}),
		),
	];
}

function authenticationFields(sources: readonly AnySurveySource[]): INodeProperties[] {
	const unsigned = sources.filter((source) => authenticationOf(source));
	const offering = (choice: SenderAuthentication) => unsigned.filter((source) => authenticationOf(source)!.includes(choice));
	return [
		...groupedBy(unsigned, authenticationOf).map(
			([choices, group]): INodeProperties => ({
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { source: keysOf(group) } },
				options: [...choices]
					.map((value) => ({ ...AUTHENTICATION_CHOICES[value], value }))
					.sort((a, b) => a.name.localeCompare(b.name))
					.map(({ name, value, description }) => ({ name, value, description })),
				default: 'none',
				description: 'How the trigger recognises deliveries from your survey tool. Deliveries that fail get HTTP 401.',
			}),
		),
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Webhook-Secret',
			displayOptions: { show: { source: keysOf(offering('secretHeader')), authentication: ['secretHeader'] } },
			description: 'The header whose value must equal the secret in the credential',
		},
	{
		displayName: 'Signature',
		name: 'hmac',
		type: 'collection',
		placeholder: 'Change Setting',
		default: {},
		displayOptions: { show: { source: keysOf(offering('hmac')), authentication: ['hmac'] } },
		description: 'How the sender signs: the HMAC of the raw body, keyed with the secret in the credential',
		options: [
			{
				displayName: 'Algorithm',
				name: 'algorithm',
				type: 'options',
				options: [
					{ name: 'SHA-1', value: 'sha1' },
					{ name: 'SHA-256', value: 'sha256' },
					{ name: 'SHA-512', value: 'sha512' },
				],
				default: 'sha256',
			},
			{
				displayName: 'Encoding',
				name: 'encoding',
				type: 'options',
				options: [
					{ name: 'Base64', value: 'base64' },
					{ name: 'Hex', value: 'hex' },
				],
				default: 'hex',
			},
			{
				displayName: 'Prefix',
				name: 'prefix',
				type: 'string',
				default: '',
				placeholder: 'sha256=',
				description: 'Text the sender puts before the signature in the header, if any',
			},
			{
				displayName: 'Signature Header',
				name: 'header',
				type: 'string',
				default: 'X-Signature',
			},
			{
				displayName: 'Timestamp Header',
				name: 'timestampHeader',
				type: 'string',
				default: '',
				placeholder: 'X-Timestamp',
				description:
					'Header with the time of sending (Unix seconds or ISO 8601). When set, the signed text is the timestamp, a dot, then the body, and old deliveries are refused, so a captured request cannot be replayed.',
			},
			{
				displayName: 'Timestamp Tolerance (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description: 'How far the timestamp may be from now',
			},
		],
	},
	];
}

const questionFields = (sources: readonly AnySurveySource[]): INodeProperties[] => [
	{
		displayName: 'Questions',
		name: 'questions',
		type: 'collection',
		placeholder: 'Name a Question',
		default: {},
		displayOptions: { show: { source: keysOf(sources) } },
		description:
			'Which question holds which score. Name a question by its ID, reference or wording. Left empty, the trigger finds it: a 0-10 or NPS question is the NPS, a question about satisfaction the CSAT, about effort the CES.',
		options: [
			{ displayName: 'CES Question', name: 'ces', type: 'string', default: '', placeholder: 'effort' },
			{ displayName: 'CES Scale Maximum', name: 'cesScaleMax', type: 'number', default: 7 },
			{ displayName: 'CES Scale Minimum', name: 'cesScaleMin', type: 'number', default: 1 },
			{ displayName: 'Comment Question', name: 'comment', type: 'string', default: '', placeholder: 'why' },
			{ displayName: 'CSAT Question', name: 'csat', type: 'string', default: '', placeholder: 'satisfaction' },
			{ displayName: 'CSAT Scale Maximum', name: 'csatScaleMax', type: 'number', default: 5 },
			{ displayName: 'CSAT Scale Minimum', name: 'csatScaleMin', type: 'number', default: 1 },
			{ displayName: 'NPS Question', name: 'nps', type: 'string', default: '', placeholder: 'nps_delivery' },
			{ displayName: 'Star Rating Question', name: 'rating', type: 'string', default: '', placeholder: 'stars' },
		],
	},
	{
		displayName: 'Customer Fields',
		name: 'respondentFields',
		type: 'collection',
		placeholder: 'Name a Field',
		default: {},
		displayOptions: { show: { source: keysOf(sources) } },
		description:
			'Which answer or hidden field holds each customer detail. Left empty, the trigger looks for email and phone questions and hidden fields such as email, phone, customer_id and consent.',
		options: [
			{ displayName: 'Contact Consent', name: 'consent', type: 'string', default: '', placeholder: 'may_we_contact_you' },
			{ displayName: 'Customer ID', name: 'customerId', type: 'string', default: '', placeholder: 'customer_id' },
			{ displayName: 'Customer Value', name: 'value', type: 'string', default: '', placeholder: 'yearly_revenue' },
			{ displayName: 'Email', name: 'email', type: 'string', default: '', placeholder: 'email' },
			{ displayName: 'Language', name: 'locale', type: 'string', default: '', placeholder: 'lang' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'full_name' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: 'phone' },
			{ displayName: 'Segment', name: 'segment', type: 'string', default: '', placeholder: 'tier' },
			{ displayName: 'Touchpoint', name: 'touchpoint', type: 'string', default: '', placeholder: 'touchpoint' },
		],
	},
];

const apiTimeoutOption = (fetching: readonly AnySurveySource[]): INodeProperties => ({
	displayName: 'API Timeout (Seconds)',
	name: 'apiTimeoutSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 120 },
	default: 15,
	displayOptions: { show: { '/source': keysOf(fetching) } },
	description:
		'How long to wait for the survey tool’s API when fetching a response. A slower answer gets HTTP 503, so the tool sends the delivery again later.',
});

function optionFields(sources: readonly AnySurveySource[]): INodeProperties[] {
	const fetching = sources.filter((source) => source.api?.fetchesResponses);
	const options: INodeProperties[] = [
		...(fetching.length > 0 ? [apiTimeoutOption(fetching)] : []),
		{
			displayName: 'Channel',
			name: 'channel',
			type: 'string',
			default: '',
			placeholder: 'web',
			description: 'How the survey was answered (web, email, SMS, kiosk, IVR)',
		},
		{
			displayName: 'Default Touchpoint',
			name: 'defaultTouchpoint',
			type: 'string',
			default: '',
			placeholder: 'delivery',
			description:
				'The moment of the customer journey being rated, when the response does not say it (delivery, support call, store visit…)',
		},
		{
			displayName: 'Ignore Repeated Deliveries',
			name: 'deduplicate',
			type: 'boolean',
			default: true,
			description:
				'Whether a delivery the survey tool sends again (a retry) is answered without starting the workflow a second time',
		},
		{
			displayName: 'Maximum Body Size (KB)',
			name: 'maxBodyKb',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1024,
			description: 'Larger deliveries are refused with HTTP 413',
		},
		...sources.flatMap((source) => source.options ?? []),
	];
	return [
		{
			displayName: 'Options',
			name: 'settings',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: options.sort(byDisplayName),
		},
		{
			// n8n reads this before the node runs (webhook-helpers parseRequestBody, node version 1):
			// with it, n8n leaves the body unparsed and the trigger decodes the exact bytes itself, so
			// signatures are checked over what the tool signed and bad bodies get a 400 naming the problem.
			displayName: 'Raw Body',
			name: 'options',
			type: 'hidden',
			default: { binaryData: true },
		},
	];
}

/** Each API credential for its own source only, and only where it is used. */
export function apiCredentials(sources: readonly AnySurveySource[]): INodeCredentialDescription[] {
	return sources.flatMap((source): INodeCredentialDescription[] =>
		source.api
			? [
					{
						name: source.api.credentialType,
						required: true,
						displayOptions: {
							show: { source: [source.key], ...(source.api.fetchesResponses ? {} : { registration: ['automatic'] }) },
						},
					},
				]
			: [],
	);
}

/**
 * Where a pasted signing secret is asked for: a tool set up by hand, an HMAC or a secret header;
 * never for a tool that signs with its API credential, nor when the node registered the webhook.
 */
export function pastedSecretDisplay(sources: readonly AnySurveySource[]): INodeCredentialDescription['displayOptions'] {
	return {
		hide: {
			source: keysOf(sources.filter((source) => source.signature === 'apiCredential')),
			registration: ['automatic'],
			authentication: ['none', 'basicAuth'],
		},
	};
}

/** "Typeform", or "Custom JSON · NPS" where a source names a second part. */
export function surveyTriggerSubtitle(sources: readonly AnySurveySource[]): string {
	const names = Object.fromEntries(sources.map((source) => [source.key, source.displayName]));
	const details = sources
		.filter((source) => source.subtitle)
		.map(
			({ key, subtitle: detail }) =>
				` + ($parameter["source"] === ${JSON.stringify(key)} ? " · " + (${JSON.stringify(detail!.labels)})[$parameter[${JSON.stringify(detail!.parameter)}]] : "")`,
		);
	return `={{ (${JSON.stringify(names)})[$parameter["source"]]${details.join('')} }}`;
}

export const SURVEY_TRIGGER_WEBHOOKS: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		// Empty on purpose: n8n otherwise defaults it to 'firstEntryJson' and sends that text
		// instead of the webhookResponse ({ status, feedbackId }).
		responseData: '',
		path: '={{$parameter["path"]}}',
		isFullPath: true,
	},
	{
		// SurveyMonkey checks the URL with a HEAD request when its webhook is created.
		name: 'setup',
		httpMethod: 'HEAD',
		responseMode: 'onReceived',
		responseData: '',
		path: '={{$parameter["path"]}}',
		isFullPath: true,
	},
];

/** The editor's fields, in the order the editor shows them; each source's own fields are shown for it alone. */
export function surveyTriggerProperties(unsorted: readonly AnySurveySource[], defaultSource: string): INodeProperties[] {
	const sources = [...unsorted].sort(byDisplayName);
	const fetching = sources.filter((source) => source.api?.fetchesResponses);
	return [
		{
			displayName: 'Source',
			name: 'source',
			type: 'options',
			noDataExpression: true,
			options: sources.map((source) => ({ name: source.displayName, value: source.key, description: source.summary })),
			default: defaultSource,
			description: 'The survey tool that sends the responses',
		},
		{
			displayName: 'Webhook Path',
			name: 'path',
			type: 'string',
			default: 'survey-responses',
			required: true,
			placeholder: 'nps-after-delivery',
			description:
				'The last part of the address the survey tool posts to. Use a different path for each workflow.',
		},
		...(fetching.length > 0
			? [
					{
						displayName: `${inWords(fetching.map((source) => source.displayName))} webhooks carry only IDs: the trigger fetches each response with your API credential before the workflow starts`,
						name: 'fetchNotice',
						type: 'notice' as const,
						default: '',
						displayOptions: { show: { source: keysOf(fetching) } },
					},
				]
			: []),
		...registrationFields(sources.filter((source) => source.registration)),
		...authenticationFields(sources),
		...questionFields(sources.filter((source) => source.mapping === 'questions')),
		...sources.flatMap((source) => source.properties ?? []),
		...optionFields(sources),
	];
}
